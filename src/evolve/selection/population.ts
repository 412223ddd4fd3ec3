// Owns the in-memory population: which successfully evaluated programs live on which island, ranked
// by the one rule in records/ranking.ts. Failed programs never enter it, so they are never parents
// or inspirations; holdout results never enter it, so they never steer selection.
import { compareWithNoise, type NoiseRule } from "../../evaluate/noise.ts";
import type { Evaluation } from "../../evaluate/types.ts";
import type { CodeFeature } from "../source/analyze.ts";
import { ranksAbove } from "../records/mod.ts";

/** A program that passed every gating stage, as selection sees it. */
export interface Member {
  readonly id: number;
  readonly source: string;
  /** Train score; -Infinity when the spec yields none. */
  readonly score: number;
  readonly metrics: Readonly<Record<string, number>>;
  readonly codeFeatures: Readonly<Record<CodeFeature, number>>;
  readonly iteration: number;
  /** Its own evaluation with the holdout stage removed (what a proposer may see). */
  readonly evaluation: Evaluation;
}

/**
 * The rule for bests under noise: `a` replaces `b` only when its score beats b's by more than the
 * band (or, within it, the untimed metrics say so); a tie keeps the older program. Band 0 is
 * `ranksAbove` itself.
 */
export function noiseAwareRanking(rule: NoiseRule): (a: Member, b: Member) => boolean {
  if (rule.band === 0) return ranksAbove;
  const scored = (m: Member) => ({
    score: m.score,
    metrics: m.metrics,
    scoreSpread: m.evaluation.train?.scoreSpread,
  });
  return (a, b) => {
    const verdict = compareWithNoise(scored(a), scored(b), rule);
    return verdict === "tie" ? a.id < b.id : verdict === "better";
  };
}

/** Islands of members; a member may live on several islands (seeding and migration copy it). */
export class Population {
  readonly islandCount: number;
  readonly #members = new Map<number, Member>();
  readonly #islands: Member[][];
  #best: Member | undefined;
  /** Whether a member replaces a best (the run's, an island's). */
  readonly #beats: (a: Member, b: Member) => boolean;

  constructor(islandCount: number, beats: (a: Member, b: Member) => boolean = ranksAbove) {
    if (!Number.isInteger(islandCount) || islandCount < 1) {
      throw new RangeError(`Population: islands must be a positive integer, got ${islandCount}`);
    }
    this.islandCount = islandCount;
    this.#beats = beats;
    this.#islands = Array.from({ length: islandCount }, () => []);
  }

  /** Adds `member` to `island` (its birth island, or a copy); adding twice is a no-op. */
  add(member: Member, island: number): void {
    const list = this.#islands[this.#island(island)];
    if (list.some((m) => m.id === member.id)) return;
    this.#members.set(member.id, member);
    // Id order, not arrival order: a resumed run replays arrivals differently but must draw alike.
    const at = list.findIndex((m) => m.id > member.id);
    list.splice(at === -1 ? list.length : at, 0, member);
    if (!this.#best || this.#beats(member, this.#best)) this.#best = member;
  }

  /** Members of `island` in id order. */
  island(island: number): readonly Member[] {
    return this.#islands[this.#island(island)];
  }

  /** Every member, once, in id order. */
  all(): Member[] {
    return [...this.#members.values()].sort((a, b) => a.id - b.id);
  }

  /** The member with this program id, on whichever island. */
  get(id: number): Member | undefined {
    return this.#members.get(id);
  }

  get size(): number {
    return this.#members.size;
  }

  /** The best member over all islands. */
  best(): Member | undefined {
    return this.#best;
  }

  /** The best member of `island`. */
  bestOf(island: number): Member | undefined {
    return this.island(island).reduce<Member | undefined>(
      (best, m) => (!best || this.#beats(m, best) ? m : best),
      undefined,
    );
  }

  /** Island index in range: a run resumed with fewer islands folds the extra ones in. */
  #island(island: number): number {
    return ((island % this.islandCount) + this.islandCount) % this.islandCount;
  }
}

// Owns OfflineMutator: the keyless Proposer that turns a parent program into a candidate by seeded
// AST mutations inside its EVOLVE-BLOCKs, retrying mutations that do not parse or type-check.
import { createPatch } from "diff";
import { SpecEvolveError } from "../../errors/mod.ts";
import { editsOnlyInsideBlocks } from "../source/blocks.ts";
import type {
  ProposalOutcome,
  ProposalRequest,
  ProposalResult,
  Proposer,
} from "../records/proposal.ts";
import { applyEdit, type Mutation, type MutationContext, type OperatorName } from "./_context.ts";
import { ProgramCache } from "./_programs.ts";
import { breaksGuard, guardedRanges } from "./_guard.ts";
import { type BanditArmStats, Rng, ThompsonBandit } from "../../random/mod.ts";
import { OPERATORS } from "./operators.ts";

/** One diagnostic of the optional type-check hook. */
export interface TypecheckDiagnostic {
  readonly message: string;
}

/** How the offline mutator searches. */
export interface OfflineMutatorOptions {
  /** Relative weight per operator; 0 disables one. @default each operator's `defaultWeight` */
  readonly weights?: Partial<Readonly<Record<OperatorName, number>>>;
  /** Fewest mutations stacked into one proposal. @default 1 */
  readonly minMutations?: number;
  /** Most mutations stacked into one proposal (drawn uniformly in [min, max]). @default 2 */
  readonly maxMutations?: number;
  /** Candidates built per proposal before giving up with `ok: false`. @default 10 */
  readonly maxAttempts?: number;
  /** Refuse a parent without EVOLVE-BLOCK markers instead of evolving the whole file. @default false */
  readonly requireBlocks?: boolean;
  /**
   * Learn which operators pay: each proposal scales the weights by a Thompson draw of each
   * operator's rate of children that beat their parent (told through `observe`). @default true
   */
  readonly operatorBandit?: boolean;
  /**
   * Leave alone the sites whose edits mostly crash or hang a program: for-loop headers, sentinel
   * checks (`best < 0`), their `||`/`&&`, the `-1` sentinel and array indices. @default true
   */
  readonly guardSites?: boolean;
  /**
   * Type-checks a candidate before it is proposed; any diagnostic discards it (counted in
   * `stats.typecheckRejected`) so it never reaches the sandbox. The evolve CLI passes the
   * evaluator's bounded type-check child, so no ts-morph project lives in the main process.
   * @default undefined (no check)
   */
  readonly typecheck?: CandidateTypecheck;
}

/** OfflineMutatorOptions with every default filled in. */
export interface ResolvedOfflineMutatorOptions {
  readonly weights: Readonly<Record<OperatorName, number>>;
  readonly minMutations: number;
  readonly maxMutations: number;
  readonly maxAttempts: number;
  readonly requireBlocks: boolean;
  readonly operatorBandit: boolean;
  readonly guardSites: boolean;
  readonly typecheck?: CandidateTypecheck;
}

/** A candidate's type diagnostics, now or later (an out-of-process checker answers later). */
export type CandidateTypecheck = (
  source: string,
) => readonly TypecheckDiagnostic[] | Promise<readonly TypecheckDiagnostic[]>;

/** Counters since the mutator was made; `attempts` counts candidates built. */
export interface OfflineMutatorStats {
  readonly proposals: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly attempts: number;
  readonly syntaxRejected: number;
  readonly typecheckRejected: number;
  readonly unchangedRejected: number;
  /** Candidates that changed code outside the blocks; a bug guard that should stay 0. */
  readonly outsideRejected: number;
  /** Mutations redrawn because they edited inside a guarded site (`guardSites`). */
  readonly guardRejected: number;
  /** The operator bandit's outcomes per operator (empty with `operatorBandit: false`). */
  readonly operators: readonly BanditArmStats[];
}

function invalid(field: string, message: string): never {
  throw new SpecEvolveError(`OfflineMutatorOptions.${field}: ${message}`);
}

/** Fills defaults into `options` and checks them; throws SpecEvolveError naming the bad field. */
export function resolveOfflineMutatorOptions(
  options: OfflineMutatorOptions = {},
): ResolvedOfflineMutatorOptions {
  const weights = Object.fromEntries(OPERATORS.map((op) => {
    const w = options.weights?.[op.name] ?? op.defaultWeight;
    if (!(Number.isFinite(w) && w >= 0)) invalid(`weights.${op.name}`, `${w} is not a weight >= 0`);
    return [op.name, w];
  })) as Record<OperatorName, number>;
  for (const name of Object.keys(options.weights ?? {})) {
    if (!(name in weights)) {
      invalid("weights", `unknown operator "${name}"; known: ${Object.keys(weights).join(", ")}`);
    }
  }
  if (Object.values(weights).every((w) => w === 0)) invalid("weights", "all weights are 0");
  const minMutations = options.minMutations ?? 1;
  const maxMutations = options.maxMutations ?? Math.max(2, minMutations);
  const maxAttempts = options.maxAttempts ?? 10;
  for (const [field, value] of Object.entries({ minMutations, maxMutations, maxAttempts })) {
    if (!Number.isInteger(value) || value < 1) invalid(field, `${value} is not an integer >= 1`);
  }
  if (maxMutations < minMutations) {
    invalid("maxMutations", `${maxMutations} is below minMutations ${minMutations}`);
  }
  return {
    weights,
    minMutations,
    maxMutations,
    maxAttempts,
    requireBlocks: options.requireBlocks ?? false,
    operatorBandit: options.operatorBandit ?? true,
    guardSites: options.guardSites ?? true,
    ...(options.typecheck ? { typecheck: options.typecheck } : {}),
  };
}

const NAME = "offline";
/** Mixed into a proposal's seed for the bandit's draws (any odd constant would do). */
const BANDIT_STREAM = 0x5bd1e995;
/** Draws per operator before a guarded one is dropped for this mutation. */
const GUARD_TRIES = 4;

/** Keyless Proposer: seeded AST mutations and crossover inside EVOLVE-BLOCKs, no LLM, no network. */
export class OfflineMutator implements Proposer {
  readonly name = NAME;
  readonly options: ResolvedOfflineMutatorOptions;
  readonly #programs: ProgramCache;
  readonly #bandit: ThompsonBandit | undefined;
  #stats = {
    proposals: 0,
    succeeded: 0,
    failed: 0,
    attempts: 0,
    syntaxRejected: 0,
    typecheckRejected: 0,
    unchangedRejected: 0,
    outsideRejected: 0,
    guardRejected: 0,
  };

  constructor(options: OfflineMutatorOptions = {}) {
    this.options = resolveOfflineMutatorOptions(options);
    this.#programs = new ProgramCache(this.options.requireBlocks);
    this.#bandit = this.options.operatorBandit
      ? new ThompsonBandit(OPERATORS.map((op) => op.name))
      : undefined;
  }

  /** A snapshot of the counters. */
  get stats(): OfflineMutatorStats {
    return { ...this.#stats, operators: this.#bandit?.stats() ?? [] };
  }

  /** Credits every operator of an evaluated proposal: a win when the child beat its parent. */
  observe(outcome: ProposalOutcome): void {
    const [name, ops] = outcome.proposal.proposer.split(":");
    if (!this.#bandit || name !== NAME || !ops) return;
    const { parentScore, childScore } = outcome;
    const won = childScore !== undefined && parentScore !== undefined && childScore > parentScore;
    for (const op of ops.split("+")) this.#bandit.reward(op, won);
  }

  /** Proposes a mutated copy of the parent; never throws, bad input gives `ok: false`. */
  async propose(request: ProposalRequest): Promise<ProposalResult> {
    this.#stats.proposals++;
    let result: ProposalResult;
    try {
      result = await this.#propose(request);
    } catch (e) {
      // A bug here must not end a long run; the reason carries it to the run log.
      result = this.#fail(`internal error (please report): ${e instanceof Error ? e.stack : e}`);
    }
    if (result.ok) this.#stats.succeeded++;
    else this.#stats.failed++;
    return result;
  }

  async #propose(request: ProposalRequest): Promise<ProposalResult> {
    const { parent } = request;
    const program = this.#programs.load(parent.source);
    if (typeof program === "string") {
      return this.#fail(`parent ${parent.id}: ${program}`);
    }
    const donors = request.inspirations.flatMap((p) => {
      const d = this.#programs.load(p.source);
      return typeof d === "string" ? [] : [{ ...d, id: p.id }];
    });
    const start: MutationContext = { ...program, id: parent.id, donors };
    const rng = new Rng(request.seed);
    const weights = this.#weights(request.seed);
    const rejected: { kind: string; message: string }[] = [];
    for (let attempt = 0; attempt < this.options.maxAttempts; attempt++) {
      this.#stats.attempts++;
      const count = rng.between(this.options.minMutations, this.options.maxMutations);
      const steps: { operator: OperatorName; mutation: Mutation }[] = [];
      let ctx = start;
      let source = parent.source;
      let broken: string | undefined;
      for (let i = 0; i < count && broken === undefined; i++) {
        const step = this.#mutateOnce(ctx, rng, weights);
        if (!step) break;
        steps.push(step);
        source = applyEdit(ctx.source, step.mutation.edit);
        const edited = this.#programs.parseEdit(source, i + 1 < count);
        if (typeof edited === "string") broken = `${step.mutation.description}: ${edited}`;
        else ctx = { ...edited, id: parent.id, donors };
      }
      if (steps.length === 0 && attempt === 0) {
        return this.#fail(noSiteReason(start, this.options));
      }
      if (broken !== undefined) this.#stats.syntaxRejected++;
      const rejection = steps.length === 0
        ? { kind: "found no site", message: "a perturbation gave the same value" }
        : broken === undefined
        ? await this.#vet(parent.source, source)
        : { kind: "did not parse", message: broken };
      if (rejection) {
        rejected.push(rejection);
        continue;
      }
      return {
        ok: true,
        proposal: {
          source,
          description: steps.map((s) => s.mutation.description).join("; "),
          diff: createPatch(`${parent.id}.ts`, parent.source, source, parent.id, "proposal", {
            context: 2,
          }),
          proposer: `${NAME}:${[...new Set(steps.map((s) => s.operator))].join("+")}`,
        },
      };
    }
    return this.#fail(exhaustedReason(parent.id, rejected));
  }

  /**
   * This proposal's operator weights: the configured ones, scaled by one Thompson draw per
   * operator. Until the first outcome the configured weights stand (a draw from flat priors
   * only adds noise). The draw has a stream of its own, so the mutations a seed makes stay
   * comparable with the bandit on and off.
   */
  #weights(seed: number): Readonly<Record<OperatorName, number>> {
    if (!this.#bandit?.stats().some((arm) => arm.pulls > 0)) return this.options.weights;
    const names = OPERATORS.map((op) => op.name);
    const draw = this.#bandit.sample(names, new Rng(seed ^ BANDIT_STREAM));
    return Object.fromEntries(
      names.map((n) => [n, this.options.weights[n] * draw.get(n)!]),
    ) as Record<OperatorName, number>;
  }

  /** One mutation by a weighted operator; operators without a site are dropped and redrawn. */
  #mutateOnce(
    ctx: MutationContext,
    rng: Rng,
    weights: Readonly<Record<OperatorName, number>>,
  ): { operator: OperatorName; mutation: Mutation } | undefined {
    const left = OPERATORS.filter((op) => weights[op.name] > 0);
    const guarded = this.options.guardSites ? guardedRanges(ctx) : [];
    while (left.length > 0) {
      const op = rng.weighted(left, (o) => weights[o.name])!;
      // An operator whose draws keep landing on guarded sites is dropped like one without sites.
      for (let tries = 0; tries < GUARD_TRIES; tries++) {
        const mutation = op.mutate(ctx, rng);
        if (!mutation) break;
        if (!breaksGuard(guarded, mutation.edit)) return { operator: op.name, mutation };
        this.#stats.guardRejected++;
      }
      left.splice(left.indexOf(op), 1);
    }
    return undefined;
  }

  /** Why a syntactically valid candidate is unusable, or undefined when it is fine. */
  async #vet(
    parent: string,
    source: string,
  ): Promise<{ kind: string; message: string } | undefined> {
    if (source === parent) {
      this.#stats.unchangedRejected++;
      return { kind: "left the program unchanged", message: "the mutations cancelled out" };
    }
    const inside = editsOnlyInsideBlocks(parent, source);
    if (!inside.ok) {
      this.#stats.outsideRejected++;
      return { kind: "edited outside the blocks", message: inside.reason };
    }
    const diagnostics = await this.options.typecheck?.(source) ?? [];
    if (diagnostics.length > 0) {
      this.#stats.typecheckRejected++;
      return { kind: "failed the type check", message: diagnostics[0].message };
    }
    return undefined;
  }

  #fail(reason: string): ProposalResult {
    return { ok: false, reason: `${NAME} mutator: ${reason}`, proposer: NAME };
  }
}

function noSiteReason(ctx: MutationContext, options: ResolvedOfflineMutatorOptions) {
  const enabled = OPERATORS.filter((op) => options.weights[op.name] > 0).map((op) => op.name);
  const empty = ctx.blocks.every((b) => b.content.trim() === "");
  const where = ctx.marked
    ? `the ${ctx.blocks.length} EVOLVE-BLOCK(s) of parent ${ctx.id}${empty ? " (all empty)" : ""}`
    : `parent ${ctx.id} (no markers: the whole file)`;
  return `no mutation site in ${where} for the enabled operators (${enabled.join(", ")}); ` +
    `put code with constants, operators or statements between the markers, or enable more operators`;
}

function exhaustedReason(id: string, rejected: readonly { kind: string; message: string }[]) {
  const byKind = new Map<string, { count: number; first: string }>();
  for (const r of rejected) {
    const entry = byKind.get(r.kind) ?? { count: 0, first: r.message };
    entry.count++;
    byKind.set(r.kind, entry);
  }
  const parts = [...byKind].map(([kind, { count, first }]) => `${count} ${kind} (first: ${first})`);
  return `all ${rejected.length} candidates from parent ${id} were rejected: ${
    parts.join("; ")
  }; ` +
    `try another seed or parent`;
}

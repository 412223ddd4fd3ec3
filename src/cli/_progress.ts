// Owns the evolve progress display: one status line redrawn in place on a terminal, or plain log
// lines (new bests, every tenth iteration, the end) when output is piped, in CI, or --quiet.
// Hand-written because the line is a handful of run figures, not a bar: a bar library would add
// a dependency and still need this formatting.
import type { ProgressSnapshot } from "../evolve/mod.ts";

/** Where progress goes and how. */
export interface ProgressDisplayOptions {
  /** Redraw one line in place (a terminal) instead of logging lines. */
  readonly live: boolean;
  /** Log only new bests and the end. */
  readonly quiet: boolean;
  readonly write: (text: string) => void;
  /** Milliseconds between redraws of the live line. @default 200 */
  readonly throttleMs?: number;
}

/** Formats seconds as `1h02m`, `3m05s` or `42s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) {
    return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  }
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${s}s`;
}

/** The one-line summary of a snapshot. */
export function formatProgress(p: ProgressSnapshot): string {
  const score = (x: number | undefined) => x === undefined ? "—" : x.toFixed(4);
  const failures = Object.entries(p.failures).filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(", ");
  const parts = [
    `iter ${Math.max(0, p.finishedIterations - 1)}/${p.totalIterations}`,
    `${p.evaluationsPerMinute.toFixed(1)} eval/min`,
    `best ${score(p.bestTrain)} (holdout ${score(p.bestHoldout)})`,
    `failed: ${failures || "none"}`,
    `dup ${p.duplicates}`,
  ];
  if (p.spentUsd > 0) parts.push(`$${p.spentUsd.toFixed(4)}`);
  if (p.paused) parts.push("PAUSED");
  if (p.etaSeconds !== undefined && !p.stopReason) {
    parts.push(`ETA ${formatDuration(p.etaSeconds)}`);
  }
  return parts.join(" │ ");
}

/** A display fed with every snapshot the engine reports. */
export class ProgressDisplay {
  readonly #options: ProgressDisplayOptions;
  #lastDraw = 0;
  #lastBest: number | undefined;
  #lastLogged = 0;

  constructor(options: ProgressDisplayOptions) {
    this.#options = options;
  }

  /** Shows `p` if due: live redraw, or a log line for a new best / every tenth iteration. */
  update(p: ProgressSnapshot): void {
    const newBest = p.bestTrain !== undefined && p.bestTrain !== this.#lastBest;
    if (this.#options.live) {
      const now = performance.now();
      if (!newBest && now - this.#lastDraw < (this.#options.throttleMs ?? 200)) return;
      this.#lastDraw = now;
      this.#options.write(`\r\x1b[2K${formatProgress(p)}`);
    } else if (newBest) {
      this.#options.write(
        `new best ${p.bestTrain!.toFixed(4)} (program ${p.bestProgramId}) │ ${formatProgress(p)}\n`,
      );
    } else if (!this.#options.quiet && p.finishedIterations >= this.#lastLogged + 10) {
      this.#lastLogged = p.finishedIterations - (p.finishedIterations % 10);
      this.#options.write(`${formatProgress(p)}\n`);
    }
    if (newBest) this.#lastBest = p.bestTrain;
  }

  /** Writes the final line. */
  finish(p: ProgressSnapshot): void {
    this.#options.write(`${this.#options.live ? "\r\x1b[2K" : ""}${formatProgress(p)}\n`);
  }
}

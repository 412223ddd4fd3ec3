// Owns noise-aware measurement and comparison: the median and median absolute deviation of timed
// trials, how far a score can move while its metrics move within their spreads, and whether one
// scored result beats another by more than the noise of the two (ties broken by untimed metrics).
// Hand-written: a dozen lines of order statistics, and the comparison is specevolve's own rule.

/** The median of `values` (NaN when empty). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The median absolute deviation from the median: a spread one outlier trial cannot inflate. */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const m = median(values);
  return median(values.map((v) => Math.abs(v - m)));
}

/** A timed metric over repeated trials: its median and its spread (MAD), both in its unit. */
export interface TimingSummary {
  readonly median: number;
  readonly spread: number;
}

/**
 * Summarises per-case trial times: the mean over cases of each case's median, and the mean over
 * cases of each case's MAD. Spreads are averaged, not divided by the square root of the cases:
 * on a shared machine the noise of one evaluation's cases is correlated (load comes and goes for
 * all of them), so averaging cases does not cancel it.
 */
export function summarizeTimes(times: readonly (readonly number[])[]): TimingSummary {
  if (times.length === 0) return { median: NaN, spread: NaN };
  let sum = 0;
  let spread = 0;
  for (const trials of times) {
    sum += median(trials);
    spread += medianAbsoluteDeviation(trials);
  }
  return { median: sum / times.length, spread: spread / times.length };
}

/**
 * How far `score` can move while each metric moves by up to its spread: the sum over metrics of
 * the larger change of one step up or down, each metric taken alone. Zero when no metric has a
 * spread (one trial, or no timed metric).
 */
export function scoreSpreadOf(
  score: (metrics: Record<string, number>) => number,
  metrics: Readonly<Record<string, number>>,
  spread: Readonly<Record<string, number>>,
): number {
  const at = score({ ...metrics });
  let total = 0;
  for (const [name, s] of Object.entries(spread)) {
    if (!(s > 0)) continue;
    const up = score({ ...metrics, [name]: metrics[name] + s });
    const down = score({ ...metrics, [name]: Math.max(0, metrics[name] - s) });
    const moved = Math.max(Math.abs(up - at), Math.abs(down - at));
    if (Number.isFinite(moved)) total += moved;
  }
  return total;
}

/** What a noise-aware comparison reads of a scored result. */
export interface Scored {
  readonly score: number;
  readonly metrics: Readonly<Record<string, number>>;
  /** How far the score can move within its metrics' noise; absent or 0: exact. */
  readonly scoreSpread?: number;
}

/** How results are compared: the band's width and the metrics that break ties within it. */
export interface NoiseRule {
  /** A result beats another only by more than `band` x (the two score spreads added); 0: plain order. */
  readonly band: number;
  /** Untimed metrics, in spec order, that decide between results within the band. */
  readonly tieBreak: readonly { readonly name: string; readonly goal: "max" | "min" }[];
}

/**
 * Whether `a` beats `b`: "better" or "worse" when the scores differ by more than the band, else
 * the first tie-break metric that differs decides, else "tie". With band 0 (or no spread) the
 * scores alone decide and equal scores are a tie.
 */
export function compareWithNoise(
  a: Scored,
  b: Scored,
  rule: NoiseRule,
): "better" | "worse" | "tie" {
  const margin = rule.band * ((a.scoreSpread ?? 0) + (b.scoreSpread ?? 0));
  const diff = a.score - b.score;
  if (diff > margin) return "better";
  if (-diff > margin) return "worse";
  if (margin > 0) {
    for (const { name, goal } of rule.tieBreak) {
      const x = a.metrics[name];
      const y = b.metrics[name];
      if (x === y || x === undefined || y === undefined) continue;
      return (goal === "max" ? x > y : x < y) ? "better" : "worse";
    }
  }
  return "tie";
}

/** The rule for a spec: its band, and its untimed metrics (those with a goal) as tie-breakers. */
export function noiseRuleOf(
  band: number,
  metrics: readonly {
    readonly name: string;
    readonly goal?: "max" | "min";
    readonly measure?: string;
  }[],
): NoiseRule {
  const tieBreak = metrics.flatMap((m) =>
    m.measure === undefined && m.goal !== undefined ? [{ name: m.name, goal: m.goal }] : []
  );
  return { band, tieBreak };
}

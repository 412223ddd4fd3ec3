// Owns token and dollar use per model, from the LLM calls of a run (or, for a run that logged none,
// from its proposals' own accounting): the report's and the UI's usage tables.

/** One model's share of a run's LLM use. */
export interface ModelUsage {
  readonly model: string;
  readonly calls: number;
  /** Calls that ended in an error. */
  readonly failed: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
}

/** A call or a proposal's usage, as this module counts it. */
export interface UsagePoint {
  readonly model: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly error?: string;
}

/** Use per model, most expensive first. */
export function usageByModel(points: readonly UsagePoint[]): ModelUsage[] {
  const models = new Map<string, ModelUsage>();
  for (const p of points) {
    const m = models.get(p.model) ??
      { model: p.model, calls: 0, failed: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
    models.set(p.model, {
      model: p.model,
      calls: m.calls + 1,
      failed: m.failed + (p.error === undefined ? 0 : 1),
      inputTokens: m.inputTokens + p.inputTokens,
      outputTokens: m.outputTokens + p.outputTokens,
      costUsd: m.costUsd + p.costUsd,
    });
  }
  return [...models.values()].sort((a, b) => b.costUsd - a.costUsd);
}

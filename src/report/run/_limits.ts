// Owns the run's effective limits as the report shows them: read from the stored engine config of
// the latest session (the start's limits, with any resume override applied), never from the spec.
import type { EventRecord } from "../../evolve/records/mod.ts";
import type { RunLimits } from "./model.ts";

/** The part of the stored engine config read here (the report layer sits beside the engine's). */
interface StoredConfig {
  readonly evolve?: Partial<Omit<RunLimits, "concurrency" | "overrides">>;
  readonly concurrency?: number;
}

/** The limits the run stops by, from its stored `config`; `overrides` counts the resumes that changed any. */
export function runLimits(config: unknown, events: readonly EventRecord[]): RunLimits {
  const c = (config ?? {}) as StoredConfig;
  return {
    iterations: c.evolve?.iterations,
    maxSeconds: c.evolve?.maxSeconds,
    targetScore: c.evolve?.targetScore,
    plateau: c.evolve?.plateau,
    budgetUsd: c.evolve?.budgetUsd,
    concurrency: c.concurrency,
    overrides: events.filter((e) => e.kind === "override").length,
  };
}

/** One line for the summary, e.g. "iterations 20, max seconds none, … (1 override at resume)". */
export function limitsText(l: RunLimits): string {
  // 0 disables wall time, plateau and budget (see stopping.ts): say so rather than print 0.
  const off = (x: number | undefined) => x === undefined ? "—" : x === 0 ? "none" : String(x);
  const parts = [
    `iterations ${l.iterations ?? "—"}`,
    `max seconds ${off(l.maxSeconds)}`,
    `target ${l.targetScore ?? "none"}`,
    `plateau ${off(l.plateau)}`,
    `budget USD ${l.budgetUsd ?? "—"}`,
    `concurrency ${l.concurrency ?? "—"}`,
  ];
  const note = l.overrides === 0
    ? ""
    : ` (${l.overrides} resume${l.overrides === 1 ? "" : "s"} overrode limits or settings)`;
  return parts.join(", ") + note;
}

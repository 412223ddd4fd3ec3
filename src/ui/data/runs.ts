// Owns finding runs under a folder and the one-line summary of each (runs list, run page header),
// read through the RunReader's summaries (no sources, no per-workload results).
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { runDbPath } from "../../evolve/database/run_dir.ts";
import type { RunReader } from "../../evolve/database/store.ts";
import type { ProgramSummary } from "../../evolve/records/mod.ts";
import { byRank } from "../../evolve/records/mod.ts";
import { sum } from "../../runview/mod.ts";

/** A run found on disk; `name` is its folder name, the only form a URL may name it by. */
export interface RunEntry {
  readonly name: string;
  readonly dir: string;
  readonly dbPath: string;
}

/**
 * The runs under `root`: `root` itself when it holds a `run.db`, else each direct sub-folder that
 * does, newest first by the timestamp their names end in.
 */
export function discoverRuns(root: string): RunEntry[] {
  const entry = (dir: string): RunEntry => ({
    name: basename(dir),
    dir,
    dbPath: runDbPath(dir),
  });
  if (existsSync(runDbPath(root))) return [entry(root)];
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  return names
    .filter((n) => {
      try {
        return statSync(runDbPath(join(root, n))).isFile();
      } catch {
        return false;
      }
    })
    .sort((a, b) => stamp(b).localeCompare(stamp(a)) || a.localeCompare(b))
    .map((n) => entry(join(root, n)));
}

/** The start time `createRunDir` puts at the end of a run folder's name ("" for other names). */
function stamp(name: string): string {
  return /\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d(?:-\d+)?$/.exec(name)?.[0] ?? "";
}

/** True when `root` is one run's folder rather than a folder of runs. */
export function isSingleRun(root: string): boolean {
  return existsSync(runDbPath(root));
}

/** A program by id with its scores and one-line description. */
export interface ScoredRef {
  readonly id: number;
  readonly description: string;
  readonly train?: number;
  readonly holdout?: number;
}

/** What the runs list and the run page header show about a run. */
export interface RunSummary {
  readonly name: string;
  readonly spec: string;
  /** As stored: running (also a crashed run), finished, stopped or failed. */
  readonly status: string;
  /** A running engine that took a pause command and no resume since. */
  readonly paused: boolean;
  readonly stopReason?: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** Newest write of any kind (program, evaluation, event), ISO 8601. */
  readonly lastActivity?: string;
  readonly seed?: number;
  readonly islands?: number;
  readonly iterations: number;
  /** The iteration budget the run was started with (`evolve.iterations`), when stored. */
  readonly targetIterations?: number;
  readonly programs: number;
  readonly evaluated: number;
  readonly ok: number;
  readonly failed: number;
  readonly best?: ScoredRef;
  readonly initial?: ScoredRef;
  readonly llmCalls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  /** Steer commands written but not yet taken by the engine. */
  readonly pendingSteer: number;
}

/** Summarizes the run `reader` reads; throws when it holds no run row. */
export function runSummary(reader: RunReader, name: string): RunSummary {
  const run = reader.getRun();
  if (!run) throw new Error(`ui: ${reader.location} holds no run yet (the engine may be starting)`);
  const programs = reader.listProgramSummaries();
  const evaluated = programs.filter((p) => p.evaluation);
  const newest = reader.listEvents(undefined, { newestFirst: true, limit: 1 })[0];
  const lastActivity = [
    ...programs.map((p) => p.createdAt),
    ...evaluated.flatMap((p) => [p.evaluation!.createdAt, p.evaluation!.holdoutAt ?? ""]),
    newest?.time ?? "",
  ].reduce((a, b) => (b > a ? b : a), "");
  const calls = reader.listLlmUsage();
  // Without call records (an older run, or a proposer that logs none) the proposals' own
  // accounting is the best figure there is.
  const usage = calls.length > 0 ? calls : programs.flatMap((p) => p.usage ? [p.usage] : []);
  const lifecycle = reader.listEvents(["started", "resumed", "pause", "resume", "stopped"], {
    newestFirst: true,
    limit: 1,
  })[0];
  const best = ranked(programs)[0];
  const initial = programs.find((p) => p.iteration === 0);
  const config = run.config as { evolve?: { islands?: number; iterations?: number } } | undefined;
  return {
    name,
    spec: run.specName,
    status: run.status,
    paused: run.status === "running" && lifecycle?.kind === "pause",
    stopReason: run.stopReason,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    lastActivity: lastActivity || undefined,
    seed: run.rngState?.seed,
    islands: config?.evolve?.islands,
    iterations: programs.reduce((m, p) => Math.max(m, p.iteration), 0),
    targetIterations: config?.evolve?.iterations,
    programs: programs.length,
    evaluated: evaluated.length,
    ok: evaluated.filter((p) => p.evaluation!.ok).length,
    failed: evaluated.filter((p) => !p.evaluation!.ok).length,
    best: best?.evaluation?.trainScore === undefined ? undefined : scored(best),
    initial: initial && scored(initial),
    llmCalls: calls.length,
    inputTokens: sum(usage.map((u) => u.inputTokens)),
    outputTokens: sum(usage.map((u) => u.outputTokens)),
    costUsd: sum(usage.map((u) => u.costUsd)),
    pendingSteer: reader.listEvents(["steer"], { unprocessed: true }).length,
  };
}

/** Passed programs best first, by the one ranking rule. */
function ranked(programs: readonly ProgramSummary[]): ProgramSummary[] {
  return programs.filter((p) => p.evaluation?.ok).sort((a, b) =>
    byRank(
      { id: a.id, score: a.evaluation!.trainScore },
      { id: b.id, score: b.evaluation!.trainScore },
    )
  );
}

function scored(p: ProgramSummary): ScoredRef {
  return {
    id: p.id,
    description: p.description,
    train: p.evaluation?.trainScore,
    holdout: p.evaluation?.holdoutScore,
  };
}

/**
 * The best program's gain over the initial one on train and holdout (undefined where either score
 * is missing), and whether the run found nothing better than where it started.
 */
export function gainOverInitial(
  s: RunSummary,
): { train?: number; holdout?: number; none: boolean } {
  const diff = (a?: number, b?: number) => a === undefined || b === undefined ? undefined : a - b;
  const train = diff(s.best?.train, s.initial?.train);
  return {
    train,
    holdout: diff(s.best?.holdout, s.initial?.holdout),
    none: s.best !== undefined && (s.best.id === s.initial?.id || (train ?? 0) <= 0),
  };
}

export interface TopProgram {
  readonly id: number;
  readonly iteration: number;
  readonly generation: number;
  readonly island: number;
  readonly proposer: string;
  readonly description: string;
  readonly train?: number;
  readonly holdout?: number;
}

/** The `limit` best programs by train score (the one ranking rule, as selection ranks them). */
export function topPrograms(reader: RunReader, limit = 10): TopProgram[] {
  return ranked(reader.listProgramSummaries()).slice(0, limit).map((p) => ({
    id: p.id,
    iteration: p.iteration,
    generation: p.generation,
    island: p.island,
    proposer: p.proposer,
    description: p.description,
    train: p.evaluation?.trainScore,
    holdout: p.evaluation?.holdoutScore,
  }));
}

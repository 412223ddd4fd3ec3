// Owns finding runs under a folder and the one-line summary of each (runs list, run page header),
// read with lean SQL against the documented tables so the list stays fast for big runs.
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { RUN_DB_FILE } from "../../evolve/database/run_dir.ts";
import { json, num, type ReadonlyRunDb, str } from "./_db.ts";

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
    dbPath: join(dir, RUN_DB_FILE),
  });
  if (existsSync(join(root, RUN_DB_FILE))) return [entry(root)];
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  return names
    .filter((n) => {
      try {
        return statSync(join(root, n, RUN_DB_FILE)).isFile();
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
  return existsSync(join(root, RUN_DB_FILE));
}

export interface ScoredRef {
  readonly id: number;
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

/** Summarizes the run in `db`; throws when the file holds no run row. */
export function runSummary(db: ReadonlyRunDb, name: string): RunSummary {
  const run = db.get("SELECT * FROM run WHERE id = 1");
  if (!run) throw new Error(`ui: ${db.path} holds no run yet (the engine may be starting)`);
  const counts = db.get(
    `SELECT (SELECT COUNT(*) FROM programs) AS programs,
       (SELECT COALESCE(MAX(iteration), 0) FROM programs) AS iterations,
       (SELECT COUNT(*) FROM evaluations) AS evaluated,
       (SELECT COUNT(*) FROM evaluations WHERE ok = 1) AS ok,
       (SELECT COUNT(*) FROM events WHERE kind = 'steer' AND processed_at IS NULL) AS pending_steer,
       (SELECT MAX(t) FROM (SELECT MAX(created_at) AS t FROM programs
          UNION ALL SELECT MAX(created_at) FROM evaluations
          UNION ALL SELECT MAX(holdout_at) FROM evaluations
          UNION ALL SELECT MAX(time) FROM events)) AS last_activity`,
  )!;
  const calls = db.get(
    `SELECT COUNT(*) AS n, COALESCE(SUM(input_tokens), 0) AS input,
       COALESCE(SUM(output_tokens), 0) AS output, COALESCE(SUM(cost_usd), 0) AS cost FROM llm_calls`,
  )!;
  // Without call records (an older run, or a proposer that logs none) the proposals' own
  // accounting is the best figure there is.
  const usage = Number(calls.n) > 0 ? calls : db.get(
    `SELECT 0 AS n, COALESCE(SUM(input_tokens), 0) AS input,
       COALESCE(SUM(output_tokens), 0) AS output, COALESCE(SUM(cost_usd), 0) AS cost FROM programs`,
  )!;
  const lifecycle = db.get(
    `SELECT kind FROM events WHERE kind IN ('started', 'resumed', 'pause', 'resume', 'stopped')
     ORDER BY id DESC LIMIT 1`,
  );
  const best = db.get(
    "SELECT id, train_score, holdout_score FROM best_programs WHERE train_score IS NOT NULL LIMIT 1",
  );
  const initial = db.get(
    `SELECT p.id, e.train_score, e.holdout_score FROM programs p
     LEFT JOIN evaluations e ON e.program_id = p.id WHERE p.iteration = 0 ORDER BY p.id LIMIT 1`,
  );
  const config = json<{ evolve?: { islands?: number } }>(run.config_json);
  const status = String(run.status);
  return {
    name,
    spec: String(run.spec_name),
    status,
    paused: status === "running" && lifecycle?.kind === "pause",
    stopReason: str(run.stop_reason),
    startedAt: String(run.started_at),
    finishedAt: str(run.finished_at),
    lastActivity: str(counts.last_activity),
    seed: json<{ seed?: number }>(run.rng_state_json)?.seed,
    islands: config?.evolve?.islands,
    iterations: Number(counts.iterations),
    programs: Number(counts.programs),
    evaluated: Number(counts.evaluated),
    ok: Number(counts.ok),
    failed: Number(counts.evaluated) - Number(counts.ok),
    best: best && scored(best),
    initial: initial && scored(initial),
    llmCalls: Number(usage.n),
    inputTokens: Number(usage.input),
    outputTokens: Number(usage.output),
    costUsd: Number(usage.cost),
    pendingSteer: Number(counts.pending_steer),
  };
}

function scored(row: Record<string, unknown>): ScoredRef {
  return { id: Number(row.id), train: num(row.train_score), holdout: num(row.holdout_score) };
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

/** The `limit` best programs by train score (the engine's ranking, from `best_programs`). */
export function topPrograms(db: ReadonlyRunDb, limit = 10): TopProgram[] {
  return db.all(
    `SELECT id, iteration, generation, island, proposer, description, train_score, holdout_score
     FROM best_programs LIMIT ?`,
    limit,
  ).map((r) => ({
    id: Number(r.id),
    iteration: Number(r.iteration),
    generation: Number(r.generation),
    island: Number(r.island),
    proposer: String(r.proposer),
    description: String(r.description),
    train: num(r.train_score),
    holdout: num(r.holdout_score),
  }));
}

// Owns the evaluation queue's shape on PostgreSQL: the pg-boss instance both sides use, the queue
// a job goes to (one per spec hash, evaluator build and gate settings, so a worker only ever takes
// jobs it can run exactly as the coordinator would), the job record, and the results table a
// worker writes in the same transaction as the job's completion.
import { createHash } from "node:crypto";
import { PgBoss } from "pg-boss";
import pg from "pg";

/** Prefix of every specevolve evaluation queue. */
export const QUEUE_PREFIX = "specevolve-eval-";

/** Schema of the results table, beside pg-boss's own `pgboss` schema. */
export const RESULTS_SCHEMA = "specevolve_remote";

/** What a worker must match to take a job. */
export interface JobTarget {
  /** sha256 of the spec and the files it names (`Spec.hash`). */
  readonly specHash: string;
  /** The evaluator build: a hash of the code that evaluates (see `evaluatorBuild`). */
  readonly build: string;
  /** Property-gate cases and seed the evaluation uses. */
  readonly runs: number;
  readonly seed: number;
}

/** One evaluation job: the candidate, the stages to run, where its result goes. */
export interface EvaluationJob extends JobTarget {
  /** The result's key in the results table (the same candidate, run and stages share it). */
  readonly key: string;
  readonly source: string;
  /** Also run the holdout stage. */
  readonly holdout: boolean;
}

/** How long a job may stay taken, how often it is retried: the fault behaviour's knobs. */
export interface QueueOptions {
  /** A taken job whose worker went silent this long goes back to the queue, s. @default 900 */
  readonly leaseSeconds?: number;
  /** Retries after the first attempt before a job fails as `crash`. @default 2 */
  readonly retryLimit?: number;
  /** How often pg-boss looks for expired leases, s (at least 1). @default 5 */
  readonly superviseSeconds?: number;
}

/** The queue `target`'s jobs go to: the hash of everything a worker must match. */
export function queueName(target: JobTarget): string {
  const h = createHash("sha256")
    .update(JSON.stringify([target.specHash, target.build, target.runs, target.seed]))
    .digest("hex");
  return `${QUEUE_PREFIX}${h.slice(0, 32)}`;
}

/** The key of a result: the run (schema), the target, the stages and the source. */
export function resultKey(run: string, target: JobTarget, holdout: boolean, source: string) {
  return createHash("sha256")
    .update(JSON.stringify([run, queueName(target), holdout, source]))
    .digest("hex");
}

/** The job id derived from a result key, so asking twice for one evaluation queues it once. */
export function jobId(key: string): string {
  const h = key.slice(0, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${
    h.slice(20, 32)
  }`;
}

/** Starts pg-boss on `url` (installing or migrating its schema); errors go to `onError`. */
export async function startBoss(
  url: string,
  options: QueueOptions,
  onError: (e: Error) => void,
): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    // Expired leases are found by the monitor pass, which pg-boss runs per queue at most once per
    // monitor interval: both intervals set how soon a dead worker's job is retried.
    superviseIntervalSeconds: options.superviseSeconds ?? 5,
    monitorIntervalSeconds: options.superviseSeconds ?? 5,
    // A restarted server drops every pooled connection; pg-boss reports each, the caller decides.
    max: 4,
  });
  boss.on("error", onError);
  await boss.start();
  return boss;
}

/** Creates the queue `name` unless it exists, with the lease and retry settings. */
export async function ensureQueue(boss: PgBoss, name: string, options: QueueOptions) {
  if (await boss.getQueue(name)) return;
  await boss.createQueue(name, {
    expireInSeconds: options.leaseSeconds ?? 900,
    retryLimit: options.retryLimit ?? 2,
    retryDelay: 0,
  }).catch(async (e) => {
    // Another process created it between the look and the create.
    if (!(await boss.getQueue(name))) throw e;
  });
}

/** Opens a pool on `url` and creates the results table when missing. */
export async function openResults(url: string, onError: (e: Error) => void): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on("error", onError);
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${RESULTS_SCHEMA}`).catch(() => {});
  await pool.query(
    `CREATE TABLE IF NOT EXISTS ${RESULTS_SCHEMA}.results (
       key TEXT PRIMARY KEY,
       evaluation_json TEXT NOT NULL,
       worker TEXT NOT NULL,
       attempt INTEGER NOT NULL,
       created_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
  ).catch(async (e: unknown) => {
    // Two processes racing to create it: one wins, the other finds it.
    await pool.query(`SELECT 1 FROM ${RESULTS_SCHEMA}.results LIMIT 0`).catch(() => {
      throw e;
    });
  });
  return pool;
}

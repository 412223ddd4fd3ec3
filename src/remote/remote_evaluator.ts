// Owns evaluating on remote workers: an Evaluator that queues each candidate as a job and waits for
// its result, so the engine keeps selection, proposals and the budget and only this part changes.
// A result already stored (a coordinator killed and resumed) is taken as it is; a job every worker
// died on fails as `crash` after the queue's retries.
import type { PgBoss } from "pg-boss";
import type pg from "pg";
import type { EvaluateOptions, Evaluation, Evaluator } from "../evaluate/types.ts";
import { EvolveError } from "../errors/mod.ts";
import {
  ensureQueue,
  type EvaluationJob,
  jobId,
  type JobTarget,
  openResults,
  queueName,
  type QueueOptions,
  resultKey,
  RESULTS_SCHEMA,
  startBoss,
} from "./queue.ts";

/** Options of `RemoteEvaluator.open`. */
export interface RemoteEvaluatorOptions extends QueueOptions {
  /** The database holding the queue (credentials from the environment, never printed). */
  readonly url: string;
  /** The run the results belong to (its store schema). */
  readonly run: string;
  readonly target: JobTarget;
  /** How often a waiting evaluation looks for its result, ms. @default 25 */
  readonly pollMs?: number;
  /** How long a lost database may stay unreachable before the run fails, ms. @default 60000 */
  readonly reconnectMs?: number;
}

/** A failed job's output when the worker's evaluator (not the candidate) failed. */
export interface WorkerFault {
  readonly fault: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Evaluates candidates on whatever workers serve the target's queue. */
export class RemoteEvaluator implements Evaluator {
  readonly queue: string;
  readonly #boss: PgBoss;
  readonly #pool: pg.Pool;
  readonly #options: RemoteEvaluatorOptions;
  #closed = false;

  private constructor(boss: PgBoss, pool: pg.Pool, options: RemoteEvaluatorOptions) {
    this.#boss = boss;
    this.#pool = pool;
    this.#options = options;
    this.queue = queueName(options.target);
  }

  /** Connects to the queue and creates the target's queue when missing. */
  static async open(options: RemoteEvaluatorOptions): Promise<RemoteEvaluator> {
    // Connection errors surface in the calls that meet them (and are retried there).
    const ignore = () => {};
    const boss = await startBoss(options.url, options, ignore);
    const pool = await openResults(options.url, ignore);
    const evaluator = new RemoteEvaluator(boss, pool, options);
    await ensureQueue(boss, evaluator.queue, options);
    return evaluator;
  }

  async evaluate(source: string, options: EvaluateOptions = {}): Promise<Evaluation> {
    const holdout = options.holdout ?? false;
    const key = resultKey(this.#options.run, this.#options.target, holdout, source);
    const id = jobId(key);
    const job: EvaluationJob = { ...this.#options.target, key, source, holdout };
    // A second send of the same id is a no-op: a resumed coordinator re-attaches to its job.
    await this.#retrying(() => this.#boss.send(this.queue, { ...job }, { id }));
    const poll = this.#options.pollMs ?? 25;
    for (let n = 0;; n++) {
      const done = await this.#retrying(() => this.#result(key));
      if (done) return done;
      // The job's state only matters once it has failed; look now and then, not every poll.
      if (n % Math.max(1, Math.round(1000 / poll)) === 0 && n > 0) {
        const state = await this.#retrying(() => this.#boss.getJobById(this.queue, id));
        if (state?.state === "failed" || state?.state === "cancelled") {
          const again = await this.#retrying(() => this.#result(key));
          if (again) return again;
          return failedJob(state.output as WorkerFault | null, state.retryCount + 1, this.queue);
        }
        if (!state) await this.#retrying(() => this.#boss.send(this.queue, { ...job }, { id }));
      }
      await sleep(poll);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#boss.stop({ graceful: false, close: true }).catch(() => {});
    await this.#pool.end().catch(() => {});
  }

  async #result(key: string): Promise<Evaluation | undefined> {
    const r = await this.#pool.query(
      `SELECT evaluation_json FROM ${RESULTS_SCHEMA}.results WHERE key = $1`,
      [key],
    );
    return r.rows[0] ? JSON.parse(r.rows[0].evaluation_json) as Evaluation : undefined;
  }

  /** Runs `fn`, retrying while the database is unreachable (a restart), up to `reconnectMs`. */
  async #retrying<T>(fn: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + (this.#options.reconnectMs ?? 60000);
    for (let wait = 100;; wait = Math.min(wait * 2, 2000)) {
      if (this.#closed) throw new EvolveError("remote evaluation: closed while waiting for a job");
      try {
        return await fn();
      } catch (e) {
        if (Date.now() > deadline) {
          throw new EvolveError(
            `remote evaluation: the queue database is unreachable: ${(e as Error).message}`,
            { cause: e },
          );
        }
        await sleep(wait);
      }
    }
  }
}

/** The evaluation of a job that failed: a worker fault ends the run, dead workers are `crash`. */
function failedJob(output: WorkerFault | null, attempts: number, queue: string): Evaluation {
  if (output && typeof output.fault === "string") {
    throw new EvolveError(`remote evaluation: a worker on ${queue} failed: ${output.fault}`);
  }
  return {
    ok: false,
    stages: [],
    failure: {
      category: "crash",
      message: `crash: every worker that took this candidate died (${attempts} attempts); ` +
        "it is not retried again",
    },
  };
}

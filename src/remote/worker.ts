// Owns the evaluation worker: takes jobs from the queue of the spec it loaded, evaluates each in its
// own local sandbox, and commits the result and the job's completion in one transaction (a lease
// that lapsed meanwhile rolls the result back: the job belongs to a later attempt). Jobs for
// another spec or build sit in other queues; the worker names them and leaves them.
import type { PgBoss } from "pg-boss";
import type pg from "pg";
import type { Evaluator } from "../evaluate/types.ts";
import {
  ensureQueue,
  type EvaluationJob,
  type JobTarget,
  openResults,
  QUEUE_PREFIX,
  queueName,
  type QueueOptions,
  RESULTS_SCHEMA,
  startBoss,
} from "./queue.ts";

/** Options of `EvaluationWorker.start`. */
export interface EvaluationWorkerOptions extends QueueOptions {
  readonly url: string;
  /** What this worker loaded: only jobs of this target are taken. */
  readonly target: JobTarget;
  /** Evaluates the sources: the worker's own cascade over its own sandbox pool. */
  readonly evaluator: Evaluator;
  /** Jobs evaluated at once. @default 1 */
  readonly concurrency?: number;
  /** How long an idle slot waits before asking again, ms. @default 25 */
  readonly pollMs?: number;
  /** A name for this worker in the results table. @default host:pid */
  readonly name?: string;
  /** Where the worker says what it does (one line each). @default console.error */
  readonly log?: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A running worker; `stop()` lets the jobs in hand finish. */
export class EvaluationWorker {
  readonly queue: string;
  /** Jobs completed by this worker. */
  completed = 0;
  readonly #boss: PgBoss;
  readonly #pool: pg.Pool;
  readonly #options: EvaluationWorkerOptions;
  readonly #log: (line: string) => void;
  readonly #refused = new Set<string>();
  #stopping = false;
  #loops: Promise<void>[] = [];

  private constructor(boss: PgBoss, pool: pg.Pool, options: EvaluationWorkerOptions) {
    this.#boss = boss;
    this.#pool = pool;
    this.#options = options;
    this.#log = options.log ?? ((line) => console.error(line));
    this.queue = queueName(options.target);
  }

  /** Connects, creates its queue when missing, and starts taking jobs. */
  static async start(options: EvaluationWorkerOptions): Promise<EvaluationWorker> {
    const log = options.log ?? ((line: string) => console.error(line));
    // pg-boss and the pool report lost connections here; the loops retry on their own.
    const onError = (e: Error) => log(`worker: database: ${e.message} (retrying)`);
    const boss = await startBoss(options.url, options, onError);
    const pool = await openResults(options.url, onError);
    const worker = new EvaluationWorker(boss, pool, options);
    await ensureQueue(boss, worker.queue, options);
    const slots = Math.max(1, options.concurrency ?? 1);
    worker.#loops = Array.from({ length: slots }, (_, i) => worker.#loop(i));
    return worker;
  }

  /** Stops taking jobs, waits for those in hand, and disconnects. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.all(this.#loops);
    await this.#boss.stop({ graceful: false, close: true }).catch(() => {});
    await this.#pool.end().catch(() => {});
  }

  async #loop(slot: number): Promise<void> {
    let idle = 0;
    while (!this.#stopping) {
      try {
        const [job] = await this.#boss.fetch<EvaluationJob>(this.queue, { batchSize: 1 });
        if (!job) {
          // Slot 0 looks for jobs it must refuse now and then, so a mismatch is said, not silent.
          if (slot === 0 && idle++ % 80 === 0) await this.#reportForeignJobs();
          await sleep(this.#options.pollMs ?? 25);
          continue;
        }
        idle = 0;
        await this.#run(job.id, job.retryCount, job.data);
      } catch (e) {
        this.#log(`worker: ${(e as Error).message} (retrying in 1 s)`);
        await sleep(1000);
      }
    }
  }

  async #run(id: string, retryCount: number, job: EvaluationJob): Promise<void> {
    const attempt = { id, retryCount };
    const mismatch = describeMismatch(job, this.#options.target);
    if (mismatch) {
      // Same queue name, different contents: only a hash collision gets here. Leave it.
      this.#log(`worker: refusing job ${id}: ${mismatch}; left for its lease to lapse`);
      return;
    }
    let evaluation;
    try {
      evaluation = await this.#options.evaluator.evaluate(job.source, { holdout: job.holdout });
    } catch (e) {
      // Not the candidate's doing (a trusted module failed, the sandbox cannot start): say so.
      const fault = (e as Error).message;
      this.#log(`worker: job ${id} failed in the evaluator: ${fault}`);
      await this.#boss.fail(this.queue, attempt, { fault });
      return;
    }
    const client = await this.#pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(
        `INSERT INTO ${RESULTS_SCHEMA}.results (key, evaluation_json, worker, attempt)
         VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING`,
        [job.key, JSON.stringify(evaluation), this.#name(), retryCount + 1],
      );
      const done = await this.#boss.complete(this.queue, attempt, null, {
        db: { executeSql: (text, values) => client.query(text, values as unknown[]) },
      }) as { affected?: number };
      if (done.affected === 0) {
        await client.query("ROLLBACK");
        this.#log(`worker: job ${id}: its lease lapsed while evaluating; result dropped`);
        return;
      }
      await client.query("COMMIT");
      this.completed++;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  #name(): string {
    return this.#options.name ?? `${Deno.hostname()}:${Deno.pid}`;
  }

  /** Logs, once per queue, the waiting jobs of other specs or builds this worker will not take. */
  async #reportForeignJobs(): Promise<void> {
    const queues = await this.#boss.getQueues();
    for (const q of queues) {
      if (!q.name.startsWith(QUEUE_PREFIX) || q.name === this.queue || this.#refused.has(q.name)) {
        continue;
      }
      const [waiting] = await this.#boss.findJobs<EvaluationJob>(q.name, {
        queued: true,
        limit: 1,
      });
      if (!waiting) continue;
      this.#refused.add(q.name);
      this.#log(
        `worker: not taking the jobs waiting on ${q.name}: ${
          describeMismatch(waiting.data, this.#options.target)
        }; they are left for a worker started with that spec and specevolve build`,
      );
    }
  }
}

/** What differs between a job and this worker, or undefined when they match. */
export function describeMismatch(job: JobTarget, mine: JobTarget): string | undefined {
  const diffs: string[] = [];
  if (job.specHash !== mine.specHash) {
    diffs.push(
      `spec hash ${job.specHash.slice(0, 12)}… differs from this worker's ` +
        `${mine.specHash.slice(0, 12)}… (load the same spec and files)`,
    );
  }
  if (job.build !== mine.build) {
    diffs.push(
      `specevolve build ${job.build} differs from this worker's ${mine.build} ` +
        "(run the same specevolve version)",
    );
  }
  if (job.runs !== mine.runs || job.seed !== mine.seed) {
    diffs.push(
      `property gate ${job.runs} runs, seed ${job.seed} differs from ${mine.runs} runs, ` +
        `seed ${mine.seed} (pass the same --runs)`,
    );
  }
  return diffs.length ? diffs.join("; ") : undefined;
}

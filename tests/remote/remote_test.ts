// Tests remote evaluation against a real throwaway PostgreSQL (one cluster for the file): results
// through the queue, refusal of foreign jobs, leases of dead workers, poison jobs, a coordinator
// that re-attaches, a database restart, and a worker process killed with SIGKILL.
import assert from "node:assert/strict";
import pg from "pg";
import { PgBoss } from "pg-boss";
import type { EvaluateOptions, Evaluation, Evaluator } from "../../src/evaluate/types.ts";
import {
  EvaluationWorker,
  evaluatorBuild,
  type JobTarget,
  queueName,
  RemoteEvaluator,
  RESULTS_SCHEMA,
} from "../../src/remote/mod.ts";
import { loadSpec } from "../../src/spec/mod.ts";
import { fakeEvaluation, program } from "../evolve/_fakes.ts";
import { skipWithoutPostgres, startTestCluster, type TestCluster } from "../_helpers/postgres.ts";

const ignore = skipWithoutPostgres();
const FAST = { leaseSeconds: 1, superviseSeconds: 1, retryLimit: 1, pollMs: 10 };

/** A fake evaluator counting its calls; `gate` holds every evaluation until it resolves. */
function countingEvaluator(gate?: Promise<void>): Evaluator & { calls: number } {
  return {
    calls: 0,
    async evaluate(source: string, options?: EvaluateOptions): Promise<Evaluation> {
      this.calls++;
      await gate;
      return fakeEvaluation(source, options?.holdout ?? false);
    },
    close: () => Promise.resolve(),
  };
}

let n = 0;
/** A target of its own per test, so the tests' queues never mix. */
function target(specHash = `spec-${++n}`): JobTarget {
  return { specHash, build: "b1", runs: 5, seed: 3 };
}

interface ResultRow {
  readonly key: string;
  readonly worker: string;
  readonly attempt: number;
}

async function resultRows(url: string, key?: string): Promise<ResultRow[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(
      `SELECT key, worker, attempt FROM ${RESULTS_SCHEMA}.results ${key ? "WHERE key = $1" : ""}`,
      key ? [key] : [],
    );
    return r.rows as ResultRow[];
  } finally {
    await c.end();
  }
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 20000) {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

Deno.test({
  name: "remote evaluation",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async (t) => {
    const cluster: TestCluster = await startTestCluster();
    const url = cluster.url;
    try {
      await t.step(
        "RemoteEvaluator returns what a worker evaluated; asking again reuses it",
        async () => {
          const tg = target();
          const fake = countingEvaluator();
          const worker = await EvaluationWorker.start({
            url,
            target: tg,
            evaluator: fake,
            ...FAST,
          });
          const coordinator = await RemoteEvaluator.open({ url, run: "r1", target: tg, ...FAST });
          const got = await coordinator.evaluate(program(1.5));
          assert.deepEqual(got, JSON.parse(JSON.stringify(fakeEvaluation(program(1.5), false))));
          const holdout = await coordinator.evaluate(program(1.5), { holdout: true });
          assert.equal(holdout.holdout?.score, 1.4);
          // A resumed coordinator asks for the same evaluation: it is read back, not redone.
          await coordinator.evaluate(program(1.5));
          assert.equal(fake.calls, 2);
          await coordinator.close();
          await worker.stop();
        },
      );

      await t.step(
        "a worker with another spec hash names the jobs it leaves; the right one takes them",
        async () => {
          const mine = target("hash-of-the-coordinator");
          const coordinator = await RemoteEvaluator.open({ url, run: "r2", target: mine, ...FAST });
          const pending = coordinator.evaluate(program(2));
          const lines: string[] = [];
          const other = countingEvaluator();
          const wrong = await EvaluationWorker.start({
            url,
            target: { ...mine, specHash: "hash-of-another-spec" },
            evaluator: other,
            log: (l) => lines.push(l),
            ...FAST,
          });
          await until("the refusal", () => lines.some((l) => l.includes("not taking")));
          const line = lines.find((l) => l.includes("not taking"))!;
          assert.match(line, /spec hash hash-of-the-… differs from this worker's hash-of-anot…/);
          assert.match(line, /left for a worker started with that spec/);
          assert.equal(other.calls, 0);
          const right = await EvaluationWorker.start({
            url,
            target: mine,
            evaluator: countingEvaluator(),
            ...FAST,
          });
          assert.equal((await pending).train?.score, 2);
          await Promise.all([wrong.stop(), right.stop(), coordinator.close()]);
        },
      );

      await t.step(
        "a worker whose evaluator fails fails the job, and the coordinator says why",
        async () => {
          const tg = target();
          const broken: Evaluator = {
            evaluate: () => Promise.reject(new Error("trusted simulator crashed")),
            close: () => Promise.resolve(),
          };
          const worker = await EvaluationWorker.start({
            url,
            target: tg,
            evaluator: broken,
            log: () => {},
            ...FAST,
          });
          const coordinator = await RemoteEvaluator.open({ url, run: "r3", target: tg, ...FAST });
          await assert.rejects(
            coordinator.evaluate(program(3)),
            /a worker on .* failed: trusted simulator crashed/,
          );
          await Promise.all([worker.stop(), coordinator.close()]);
        },
      );

      await t.step(
        "a job whose worker died is retried after its lease and stored once",
        async () => {
          const tg = target();
          const coordinator = await RemoteEvaluator.open({ url, run: "r4", target: tg, ...FAST });
          const pending = coordinator.evaluate(program(4));
          // The first worker takes the job and stalls past its lease (as a killed one would).
          const stalled = Promise.withResolvers<void>();
          const slow = countingEvaluator(stalled.promise);
          const lines: string[] = [];
          const first = await EvaluationWorker.start({
            url,
            target: tg,
            evaluator: slow,
            name: "first",
            log: (l) => lines.push(l),
            ...FAST,
          });
          await until("the first worker to take it", () => slow.calls === 1);
          const second = await EvaluationWorker.start({
            url,
            target: tg,
            evaluator: countingEvaluator(),
            name: "second",
            ...FAST,
          });
          assert.equal((await pending).train?.score, 4);
          // The stalled worker finishes late: its lease lapsed, so its result is rolled back.
          stalled.resolve();
          await until(
            "the late worker to give up",
            () => lines.some((l) => l.includes("lease lapsed")),
          );
          const rows = (await resultRows(url)).filter((r) =>
            r.worker === "first" || r.worker === "second"
          );
          assert.deepEqual(rows.map((r) => [r.worker, r.attempt]), [["second", 2]]);
          await Promise.all([first.stop(), second.stop(), coordinator.close()]);
        },
      );

      await t.step(
        "a poison job that every worker dies on fails as crash after its retries",
        async () => {
          const tg = target();
          const coordinator = await RemoteEvaluator.open({ url, run: "r5", target: tg, ...FAST });
          const pending = coordinator.evaluate(program(5));
          // Each "worker" takes the job and dies: it never completes it.
          const boss = new PgBoss({ connectionString: url });
          boss.on("error", () => {});
          await boss.start();
          let taken = 0;
          const taker = (async () => {
            while (taken < 2) {
              const [job] = await boss.fetch(queueName(tg));
              if (job) taken++;
              else await new Promise((r) => setTimeout(r, 50));
            }
          })();
          const evaluation = await pending;
          await taker;
          assert.equal(evaluation.ok, false);
          assert.equal(evaluation.failure?.category, "crash");
          assert.match(
            evaluation.failure!.message,
            /every worker that took this candidate died \(2 attempts\)/,
          );
          await boss.stop({ graceful: false });
          await coordinator.close();
        },
      );

      await t.step(
        "a coordinator stopped while its job runs re-attaches to it when started again",
        async () => {
          const tg = target();
          const first = await RemoteEvaluator.open({ url, run: "r6", target: tg, ...FAST });
          const lost = first.evaluate(program(6)).catch((e) => e);
          await new Promise((r) => setTimeout(r, 100));
          await first.close(); // killed before the result came
          assert.match(String(await lost), /closed while waiting/);
          const fake = countingEvaluator();
          const worker = await EvaluationWorker.start({
            url,
            target: tg,
            evaluator: fake,
            ...FAST,
          });
          const again = await RemoteEvaluator.open({ url, run: "r6", target: tg, ...FAST });
          assert.equal((await again.evaluate(program(6))).train?.score, 6);
          assert.equal(fake.calls, 1, "the queued job ran once, for both coordinators");
          await Promise.all([worker.stop(), again.close()]);
        },
      );

      await t.step(
        "a PostgreSQL restart mid-evaluation: worker and coordinator reconnect",
        async () => {
          const tg = target();
          const gate = Promise.withResolvers<void>();
          const fake = countingEvaluator(gate.promise);
          const worker = await EvaluationWorker.start({
            url,
            target: tg,
            evaluator: fake,
            log: () => {},
            ...FAST,
            leaseSeconds: 60,
          });
          const coordinator = await RemoteEvaluator.open({ url, run: "r7", target: tg, ...FAST });
          const pending = coordinator.evaluate(program(7));
          await until("the worker to take it", () => fake.calls === 1);
          await cluster.restart();
          gate.resolve();
          assert.equal((await pending).train?.score, 7);
          await Promise.all([worker.stop(), coordinator.close()]);
        },
      );

      await t.step(
        "a worker process killed with SIGKILL mid-evaluation: another finishes the job",
        async () => {
          const specPath = new URL("../fixtures/specs/sleepy.yaml", import.meta.url).pathname;
          const spec = await loadSpec(specPath);
          const tg = {
            specHash: spec.hash,
            build: evaluatorBuild(),
            runs: 5,
            seed: spec.properties.seed,
          };
          const coordinator = await RemoteEvaluator.open({
            url,
            run: "r8",
            target: tg,
            ...FAST,
            // Long enough for the rescuer (a fresh process: start-up, spec, one evaluation) to
            // finish inside its own lease on a loaded machine; the victim's lapses all the same.
            leaseSeconds: 10,
          });
          const source = await Deno.readTextFile(spec.program);
          const pending = coordinator.evaluate(source);
          const spawn = () =>
            new Deno.Command(Deno.execPath(), {
              args: ["run", "-A", "main.ts", "worker", url, specPath],
              cwd: new URL("../..", import.meta.url).pathname,
              env: { SLEEPY_MS: "1500" },
              stdout: "null",
              stderr: "piped",
            }).spawn();
          const boss = new PgBoss({ connectionString: url });
          boss.on("error", () => {});
          await boss.start();
          const victim = spawn();
          const active = async () => {
            const [job] = await boss.findJobs(queueName(tg), { limit: 1 });
            return job?.state === "active";
          };
          await until("the first worker to take the job", active, 60000);
          victim.kill("SIGKILL");
          await victim.status;
          await victim.stderr.cancel();
          const rescuer = spawn();
          const evaluation = await pending;
          assert.equal(evaluation.ok, true, JSON.stringify(evaluation.failure));
          const rows = await resultRows(url);
          assert.equal(rows.filter((r) => /:\d+$/.test(r.worker) && r.attempt === 2).length, 1);
          rescuer.kill("SIGTERM");
          await rescuer.status;
          await rescuer.stderr.cancel();
          await boss.stop({ graceful: false });
          await coordinator.close();
        },
      );
    } finally {
      await cluster.stop();
    }
  },
});

// Owns the distributed benchmark: a spec whose evaluation is dominated by waiting (the sleepy
// fixture, SLEEPY_MS per evaluation, standing for a remote GPU benchmark) evaluated on one machine
// with SQLite (the baseline, one evaluation at a time as one blocking simulator allows), then
// through the PostgreSQL queue with 1, 2, 4 and 8 worker processes on this machine. Reports
// evaluations per minute as a ratio to the baseline, and the queue's own overhead per job
// (time per job with one remote worker minus time per job locally).
// Run: `deno run -A bench/distributed_bench.ts [--jobs N] [--sleep-ms MS] [--workers 1,2,4,8]`.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openSpecEvaluator } from "../src/evaluate/mod.ts";
import { SqliteStore } from "../src/evolve/database/mod.ts";
import { analyzeSource } from "../src/evolve/source/analyze.ts";
import { evaluatorBuild, RemoteEvaluator } from "../src/remote/mod.ts";
import { loadSpec } from "../src/spec/mod.ts";
import { startTestCluster } from "../src/testing/postgres.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const SPEC = join(ROOT, "tests/fixtures/specs/sleepy.yaml");

const { values } = parseArgs({
  args: Deno.args,
  options: {
    jobs: { type: "string", default: "16" },
    "sleep-ms": { type: "string", default: "1000" },
    workers: { type: "string", default: "1,2,4,8" },
  },
});
const jobs = Number(values.jobs);
const sleepMs = Number(values["sleep-ms"]);
const workerCounts = values.workers!.split(",").map(Number);
Deno.env.set("SLEEPY_MS", String(sleepMs));

const spec = await loadSpec(SPEC);
const initial = await Deno.readTextFile(spec.program);
/** `jobs` distinct candidates (another constant each), so no result is reused. */
const sources = (tag: number) =>
  Array.from({ length: jobs }, (_, i) => initial.replace("0.5", `0.5${tag}${i + 1}`));

/** Baseline: evaluate and commit each candidate here, one at a time, into SQLite. */
async function local(): Promise<number> {
  const { evaluator } = await openSpecEvaluator({ spec, sandbox: { size: 1 } });
  const store = SqliteStore.open(":memory:");
  store.createRun({ specName: spec.name, specHash: spec.hash, config: {}, rngState: {} as never });
  try {
    await evaluator.evaluate(initial); // warm: type checker, sandbox, workload cache
    const started = performance.now();
    for (const source of sources(0)) {
      const a = analyzeSource(source);
      const p = store.addProgram({
        source,
        hash: a.hash,
        island: 0,
        generation: 0,
        iteration: 0,
        proposer: "bench",
        description: "",
        features: a.features,
      });
      const t = performance.now();
      const evaluation = await evaluator.evaluate(source);
      store.recordEvaluation(p.id, evaluation, performance.now() - t);
    }
    return performance.now() - started;
  } finally {
    store.close();
    await evaluator.close();
  }
}

/** `workers` worker processes, every job in flight at once; returns the wall ms of all jobs. */
async function remote(url: string, workers: number): Promise<number> {
  const target = {
    specHash: spec.hash,
    build: evaluatorBuild(),
    runs: spec.properties.runs,
    seed: spec.properties.seed,
  };
  const coordinator = await RemoteEvaluator.open({ url, run: `bench_${workers}`, target });
  const procs = Array.from({ length: workers }, () =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", join(ROOT, "main.ts"), "worker", url, SPEC],
      env: { SLEEPY_MS: String(sleepMs) },
      stdout: "null",
      stderr: "null",
    }).spawn());
  try {
    // Warm every worker (a start costs seconds: spec, type checker, sandbox) before timing.
    await Promise.all(
      Array.from(
        { length: workers },
        (_, i) => coordinator.evaluate(initial.replace("0.5", `0.49${workers}${i}`)),
      ),
    );
    const started = performance.now();
    await Promise.all(sources(workers).map((s) => coordinator.evaluate(s)));
    return performance.now() - started;
  } finally {
    for (const p of procs) p.kill("SIGTERM");
    await Promise.all(procs.map((p) => p.status));
    await coordinator.close();
  }
}

const perMin = (ms: number) => jobs / (ms / 60000);
const cluster = await startTestCluster();
try {
  const baseMs = await local();
  console.log(
    `${jobs} evaluations of ~${sleepMs} ms (sleepy spec), this machine (${navigator.hardwareConcurrency} cores)`,
  );
  console.log(
    `local SQLite, 1 at a time: ${perMin(baseMs).toFixed(1)} eval/min (${
      (baseMs / jobs).toFixed(0)
    } ms/job)`,
  );
  for (const w of workerCounts) {
    const ms = await remote(cluster.url, w);
    const line = `remote, ${w} worker(s): ${perMin(ms).toFixed(1)} eval/min, ` +
      `${(perMin(ms) / perMin(baseMs)).toFixed(2)}x local (ideal ${w}x)`;
    if (w === 1) {
      const overhead = ms / jobs - baseMs / jobs;
      console.log(
        `${line}; queue overhead ${overhead.toFixed(0)} ms/job = ` +
          `${(100 * overhead / (baseMs / jobs)).toFixed(1)}% of a local evaluation`,
      );
    } else console.log(line);
  }
} finally {
  await cluster.stop();
}

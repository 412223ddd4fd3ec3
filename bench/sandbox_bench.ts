// Owns the sandbox benchmark: warm-call overhead against a direct in-process call (for a ~1 ms
// function and a trivial one), the cold start of a pool slot, and throughput on two slots.
// Run directly: `deno run -A bench/sandbox_bench.ts [--reps N] [--calls N]`.
import { parseArgs } from "node:util";
import { prepareCandidate } from "../src/sandbox/_candidate.ts";
import { SandboxPool } from "../src/sandbox/mod.ts";

/** A CPU-bound function whose cost scales with `n`; calibrated to ~1 ms. */
const WORK = `export function work(n: number): number {
  let x = 0;
  for (let i = 0; i < n; i++) x = (x + Math.sqrt(i) * 1.000001) % 1e9;
  return x;
}
`;
const TRIVIAL = "export function same(x: number): number {\n  return x;\n}\n";
/** Calls per run in the batched measurement. */
const BATCH = 20;

export interface SandboxBenchOptions {
  /** Timed repetitions of each measurement (after warm-up); medians are reported. @default 40 */
  readonly reps?: number;
  /** Calls of the ~1 ms function in the throughput measurement. @default 200 */
  readonly throughputCalls?: number;
}

/** One warm-call comparison: medians in ms, and sandbox / direct. */
export interface OverheadFigures {
  readonly directMs: number;
  /** A whole `pool.run()` holding one call. */
  readonly runMs: number;
  readonly runRatio: number;
  /** One call of a `pool.run()` holding BATCH calls. */
  readonly batchedCallMs: number;
  readonly batchedRatio: number;
  /** The sandbox's own trusted time of the call (what an evaluator scores). */
  readonly trustedMs: number;
}

export interface SandboxBenchFigures {
  /** The `n` that makes `work(n)` take ~1 ms here. */
  readonly workN: number;
  readonly oneMs: OverheadFigures;
  readonly trivial: OverheadFigures;
  /** Starting a one-slot pool (spawn to ready), and the first load of a new candidate, ms. */
  readonly coldStartMs: number;
  readonly firstLoadMs: number;
  /** Calls per second of the ~1 ms function: one call per run, all submitted at once. */
  readonly throughput: {
    readonly calls: number;
    readonly oneSlotPerS: number;
    readonly twoSlotsPerS: number;
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function timeSyncMs(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** Loads `source` in this process, the way a candidate would be loaded without a sandbox. */
async function loadDirect(source: string, entry: string): Promise<(x: number) => number> {
  const prepared = prepareCandidate(source);
  if (!prepared.ok) throw new Error(prepared.failure.message);
  const url = `data:text/javascript;base64,${btoa(prepared.candidate.js)}`;
  return (await import(url))[entry];
}

/** Finds the `n` for which `work(n)` takes about 1 ms. */
function calibrate(work: (n: number) => number): number {
  let n = 100_000;
  for (let round = 0; round < 4; round++) {
    const ms = median(Array.from({ length: 15 }, () => timeSyncMs(() => work(n))));
    n = Math.max(1000, Math.round(n / ms));
  }
  return n;
}

async function overhead(
  pool: SandboxPool,
  source: string,
  entry: string,
  arg: number,
  reps: number,
): Promise<OverheadFigures> {
  const direct = await loadDirect(source, entry);
  const request = { source, entry, calls: [[arg]] };
  const batch = { source, entry, calls: Array.from({ length: BATCH }, () => [arg]) };
  for (let i = 0; i < 5; i++) {
    direct(arg);
    await pool.run(request);
    await pool.run(batch);
  }
  const directTimes: number[] = [], runTimes: number[] = [], batchTimes: number[] = [];
  const trusted: number[] = [];
  for (let i = 0; i < reps; i++) {
    directTimes.push(timeSyncMs(() => direct(arg)));
    runTimes.push(
      await timeMs(async () => {
        const result = await pool.run(request);
        if (!result.ok) throw new Error(result.failure.message);
        trusted.push(result.calls[0].timesMs[0]);
      }),
    );
    batchTimes.push((await timeMs(() => pool.run(batch))) / BATCH);
  }
  const directMs = median(directTimes);
  return {
    directMs,
    runMs: median(runTimes),
    runRatio: median(runTimes) / directMs,
    batchedCallMs: median(batchTimes),
    batchedRatio: median(batchTimes) / directMs,
    trustedMs: median(trusted),
  };
}

async function throughput(slots: number, n: number, calls: number): Promise<number> {
  const pool = await SandboxPool.start({ size: slots, timeoutMs: 30_000 });
  try {
    await Promise.all(
      Array.from(
        { length: slots * 2 },
        () => pool.run({ source: WORK, entry: "work", calls: [[n]] }),
      ),
    );
    const ms = await timeMs(() =>
      Promise.all(
        Array.from(
          { length: calls },
          () => pool.run({ source: WORK, entry: "work", calls: [[n]] }),
        ),
      )
    );
    return calls / (ms / 1000);
  } finally {
    await pool.close();
  }
}

/** Runs the sandbox benchmark and returns its figures. */
export async function runSandboxBench(
  options: SandboxBenchOptions = {},
): Promise<SandboxBenchFigures> {
  const reps = options.reps ?? 40;
  const calls = options.throughputCalls ?? 200;
  const workN = calibrate(await loadDirect(WORK, "work"));
  const started = performance.now();
  const pool = await SandboxPool.start({ size: 1, timeoutMs: 30_000 });
  const coldStartMs = performance.now() - started;
  let warm: Pick<SandboxBenchFigures, "firstLoadMs" | "oneMs" | "trivial">;
  try {
    warm = {
      firstLoadMs: await timeMs(() => pool.run({ source: WORK, entry: "work", calls: [] })),
      oneMs: await overhead(pool, WORK, "work", workN, reps),
      trivial: await overhead(pool, TRIVIAL, "same", 1, reps),
    };
  } finally {
    await pool.close();
  }
  return {
    workN,
    ...warm,
    coldStartMs,
    throughput: {
      calls,
      oneSlotPerS: await throughput(1, workN, calls),
      twoSlotsPerS: await throughput(2, workN, calls),
    },
  };
}

function printFigures(f: SandboxBenchFigures): void {
  const row = (label: string, o: OverheadFigures) =>
    `| ${label} | ${o.directMs.toFixed(4)} | ${o.runMs.toFixed(3)} (${o.runRatio.toFixed(2)}x) | ` +
    `${o.batchedCallMs.toFixed(3)} (${o.batchedRatio.toFixed(2)}x) | ${o.trustedMs.toFixed(4)} |`;
  console.log(`Sandbox benchmark (work(n) with n = ${f.workN}; medians; ms)\n`);
  console.log(
    "| function | direct call | warm run, 1 call | per call, runs of 20 | trusted time in sandbox |",
  );
  console.log("|---|---|---|---|---|");
  console.log(row("~1 ms work()", f.oneMs));
  console.log(row("trivial same()", f.trivial));
  console.log(
    `\ncold start of a one-slot pool: ${f.coldStartMs.toFixed(0)} ms; first load of a candidate: ` +
      `${f.firstLoadMs.toFixed(0)} ms`,
  );
  console.log(
    `throughput, ${f.throughput.calls} single-call runs of work(): 1 slot ${
      f.throughput.oneSlotPerS.toFixed(0)
    }/s, ` +
      `2 slots ${f.throughput.twoSlotsPerS.toFixed(0)}/s ` +
      `(${(f.throughput.twoSlotsPerS / f.throughput.oneSlotPerS).toFixed(2)}x)`,
  );
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { reps: { type: "string" }, calls: { type: "string" } },
  });
  printFigures(
    await runSandboxBench({
      reps: values.reps === undefined ? undefined : Number(values.reps),
      throughputCalls: values.calls === undefined ? undefined : Number(values.calls),
    }),
  );
}

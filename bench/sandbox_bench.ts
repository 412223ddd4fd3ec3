// Owns the sandbox benchmark: warm-call overhead against a direct in-process call (for a ~1 ms
// function and a trivial one), the cold start of a pool slot, and throughput on two slots.
// Run directly: `deno run -A bench/sandbox_bench.ts [--reps N] [--calls N]`.
import { parseArgs } from "node:util";
import { prepareCandidate } from "../src/sandbox/_candidate.ts";
import { sesSource } from "../src/sandbox/_ses.ts";
import {
  ALLOWED_GLOBALS,
  evaluateInFreshRealm,
  LOCKDOWN_OPTIONS,
  lockDownRealm,
  makeEndowments,
} from "../src/sandbox/_worker_realm.ts";
import { type RunRequest, SandboxPool } from "../src/sandbox/mod.ts";

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
  /** CPU time (parent + child, user + system) per single-call run beyond the direct call, ms;
   * unlike wall time it does not grow with other load on the machine. Linux only. */
  readonly cpuOverheadMs?: number;
  /** (direct + CPU overhead) / direct: the ratio on an otherwise idle machine, latency aside. */
  readonly cpuRatio?: number;
}

/** What hardening (SES) costs, measured in a bare permission-less worker: ms, and a ratio. */
export interface HardeningFigures {
  /** Evaluating ses.umd.min.js, then lockdown(): once per child. */
  readonly sesLoadMs: number;
  readonly lockdownMs: number;
  /** A fresh compartment with the allowlist, evaluating the candidate's module: once per run
   * (and per trial with freshRealmPerTrial). */
  readonly freshRealmMs: number;
  /** work() called inside a compartment vs the same function in the same worker before lockdown. */
  readonly compartmentCallRatio: number;
  /** Extra wall time per trial of freshRealmPerTrial, through the pool (10 trials per run). */
  readonly freshTrialMs: number;
}

export interface SandboxBenchFigures {
  /** The `n` that makes `work(n)` take ~1 ms here. */
  readonly workN: number;
  /** Round trip of 64 bytes through a child process that echoes its stdin: the floor of any
   * process-isolated call on this machine (scheduling included), ms. */
  readonly pipeRoundTripMs: number;
  readonly oneMs: OverheadFigures;
  readonly trivial: OverheadFigures;
  /** Starting a one-slot pool (spawn to ready), and the first load of a new candidate, ms. */
  readonly coldStartMs: number;
  readonly firstLoadMs: number;
  /** One run whose argument is a full-shape EPLB input (58 x 256 numbers) to a trivial function,
   * as plain data (packed fast path) and with a Map beside it (node:v8 / structured clone path), ms. */
  readonly fullShape: { readonly packedMs: number; readonly structuredCloneMs: number };
  /** Median ms per run when two sources alternate run by run (a candidate and its reference, as
   * the property gate does): on one slot every run reloads; on two, each slot keeps its source. */
  readonly alternating: { readonly oneSlotMs: number; readonly twoSlotsMs: number };
  readonly hardening: HardeningFigures;
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
function loadDirect(source: string, entry: string): (x: number) => number {
  const prepared = prepareCandidate(source);
  if (!prepared.ok) throw new Error(prepared.failure.message);
  const define = (0, eval)(prepared.candidate.script) as (exports: object) => void;
  const exports: Record<string, (x: number) => number> = {};
  define(exports);
  return exports[entry];
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
  const direct = loadDirect(source, entry);
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
  const cpuOverheadMs = await cpuPerRun(pool, request, reps * 10) - directMs;
  return {
    cpuOverheadMs,
    cpuRatio: (directMs + cpuOverheadMs) / directMs,
    directMs,
    runMs: median(runTimes),
    runRatio: median(runTimes) / directMs,
    batchedCallMs: median(batchTimes),
    batchedRatio: median(batchTimes) / directMs,
    trustedMs: median(trusted),
  };
}

/** CPU time in ms used by this process and `pids` so far (Linux /proc; 100 ticks a second). */
function cpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of [Deno.pid, ...pids]) {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * 10;
}

/** CPU ms per run of `request`, over `runs` runs; NaN where /proc is not available. */
async function cpuPerRun(pool: SandboxPool, request: RunRequest, runs: number): Promise<number> {
  try {
    const before = cpuMs(pool.pids);
    for (let i = 0; i < runs; i++) await pool.run(request);
    return (cpuMs(pool.pids) - before) / runs;
  } catch {
    return NaN;
  }
}

/** Median round trip of a small message through an echoing child process. */
async function pipeRoundTrip(reps: number): Promise<number> {
  const echo =
    "data:text/javascript,for await (const c of Deno.stdin.readable) Deno.stdout.writeSync(c);";
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-config", echo],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  const reader = child.stdout.getReader();
  const message = new Uint8Array(64);
  const once = async () => {
    await writer.write(message);
    for (let got = 0; got < message.length;) got += (await reader.read()).value!.length;
  };
  const times: number[] = [];
  for (let i = 0; i < reps * 3; i++) {
    const ms = await timeMs(once);
    if (i >= reps) times.push(ms);
  }
  await writer.close();
  await reader.cancel();
  await child.status;
  return median(times);
}

/** Median ms of a run passing a full-shape EPLB input, packed and through structured clone. */
async function fullShape(
  pool: SandboxPool,
  reps: number,
): Promise<SandboxBenchFigures["fullShape"]> {
  const weight = Array.from(
    { length: 58 },
    (_, l) => Array.from({ length: 256 }, (_, e) => (l * 31 + e * 17) % 97 + 0.5),
  );
  const input = { weight, numReplicas: 288, numGroups: 8, numNodes: 4, numGpus: 32 };
  const source =
    "export function replicas(input: { numReplicas: number }): number {\n  return input.numReplicas;\n}\n";
  const packed = { source, entry: "replicas", calls: [[input]] };
  const cloned = { source, entry: "replicas", calls: [[input, new Map()]] };
  const packedTimes: number[] = [], clonedTimes: number[] = [];
  for (let i = 0; i < reps + 5; i++) {
    const a = await timeMs(() => pool.run(packed));
    const b = await timeMs(() => pool.run(cloned));
    if (i >= 5) {
      packedTimes.push(a);
      clonedTimes.push(b);
    }
  }
  return { packedMs: median(packedTimes), structuredCloneMs: median(clonedTimes) };
}

/** SES's costs inside a bare worker, the way the sandbox uses it (see _worker_realm.ts). */
async function hardening(
  pool: SandboxPool,
  workN: number,
  reps: number,
): Promise<HardeningFigures> {
  const prepared = prepareCandidate(WORK);
  if (!prepared.ok) throw new Error(prepared.failure.message);
  // Runs in the worker as source text, beside the realm functions it calls.
  const probe = (ses: string, script: string, n: number, reps: number) => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const time = (fn: () => unknown) => {
      const t = performance.now();
      fn();
      return performance.now() - t;
    };
    const load = (define: unknown) => {
      const exports: Record<string, (n: number) => number> = {};
      (define as (e: object) => void)(exports);
      return exports.work;
    };
    const direct = load((0, eval)(script));
    for (let i = 0; i < 5; i++) direct(n);
    const directMs = median(Array.from({ length: reps }, () => time(() => direct(n))));
    const sesLoadMs = time(() => (0, eval)(ses));
    const lockdownMs = time(() => lockDownRealm(LOCKDOWN_OPTIONS));
    const endowments = makeEndowments(Math.random, {});
    const fresh = () => evaluateInFreshRealm(script, ALLOWED_GLOBALS, endowments);
    const freshRealmMs = median(Array.from({ length: reps }, () => time(fresh)));
    const inside = load(fresh());
    for (let i = 0; i < 5; i++) inside(n);
    const insideMs = median(Array.from({ length: reps }, () => time(() => inside(n))));
    return { sesLoadMs, lockdownMs, freshRealmMs, compartmentCallRatio: insideMs / directMs };
  };
  const source = [lockDownRealm, makeEndowments, evaluateInFreshRealm, probe]
    .map((fn) => `const ${fn.name} = ${fn};`).join("\n") +
    `\nconst LOCKDOWN_OPTIONS = ${JSON.stringify(LOCKDOWN_OPTIONS)};` +
    `\nconst ALLOWED_GLOBALS = ${JSON.stringify(ALLOWED_GLOBALS)};` +
    "\nonmessage = (e) => postMessage(probe(...e.data));";
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const worker = new Worker(url, { type: "module", deno: { permissions: "none" } });
  URL.revokeObjectURL(url);
  const ses = await sesSource();
  const measured = await new Promise<Omit<HardeningFigures, "freshTrialMs">>((resolve, reject) => {
    worker.onmessage = (e) => resolve(e.data);
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage([ses, prepared.candidate.script, workN, reps]);
  }).finally(() => worker.terminate());
  const perRun = async (fresh: boolean) => {
    const request = { source: WORK, entry: "work", calls: [[workN]], trials: 10 };
    const times: number[] = [];
    for (let i = 0; i < reps; i++) {
      times.push(await timeMs(() => pool.run({ ...request, freshRealmPerTrial: fresh })));
    }
    return median(times);
  };
  const freshTrialMs = ((await perRun(true)) - (await perRun(false))) / 9;
  return { ...measured, freshTrialMs };
}

/** Median ms per run of two sources alternating on a pool of `slots`. */
async function alternating(slots: number, reps: number): Promise<number> {
  const pool = await SandboxPool.start({ size: slots, timeoutMs: 30_000 });
  try {
    const requests = [TRIVIAL, TRIVIAL + "// the reference\n"].map((source) => ({
      source,
      entry: "same",
      calls: [[1]],
    }));
    const times: number[] = [];
    for (let i = 0; i < reps + 4; i++) {
      const ms = await timeMs(() => pool.run(requests[i % 2]));
      if (i >= 4) times.push(ms);
    }
    return median(times);
  } finally {
    await pool.close();
  }
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
  const workN = calibrate(loadDirect(WORK, "work"));
  const started = performance.now();
  const pool = await SandboxPool.start({ size: 1, timeoutMs: 30_000 });
  const coldStartMs = performance.now() - started;
  let warm: Pick<
    SandboxBenchFigures,
    "firstLoadMs" | "oneMs" | "trivial" | "fullShape" | "hardening"
  >;
  try {
    warm = {
      firstLoadMs: await timeMs(() => pool.run({ source: WORK, entry: "work", calls: [] })),
      oneMs: await overhead(pool, WORK, "work", workN, reps),
      trivial: await overhead(pool, TRIVIAL, "same", 1, reps),
      fullShape: await fullShape(pool, reps),
      hardening: await hardening(pool, workN, reps),
    };
  } finally {
    await pool.close();
  }
  return {
    workN,
    pipeRoundTripMs: await pipeRoundTrip(reps * 5),
    ...warm,
    coldStartMs,
    alternating: { oneSlotMs: await alternating(1, reps), twoSlotsMs: await alternating(2, reps) },
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
    `${o.batchedCallMs.toFixed(3)} (${o.batchedRatio.toFixed(2)}x) | ${o.trustedMs.toFixed(4)} | ` +
    `${o.cpuOverheadMs?.toFixed(3)} (${o.cpuRatio?.toFixed(2)}x) |`;
  console.log(`Sandbox benchmark (work(n) with n = ${f.workN}; medians; ms)\n`);
  console.log(
    "| function | direct call | warm run, 1 call | per call, runs of 20 | trusted time in sandbox " +
      "| CPU beyond the call, per run |",
  );
  console.log("|---|---|---|---|---|---|");
  console.log(row("~1 ms work()", f.oneMs));
  console.log(row("trivial same()", f.trivial));
  console.log(
    `\nfull-shape EPLB input (58 x 256 numbers) to a trivial function: ${
      f.fullShape.packedMs.toFixed(2)
    } ms ` +
      `per run packed, ${f.fullShape.structuredCloneMs.toFixed(2)} ms through structured clone`,
  );
  console.log(
    `two sources alternating run by run: ${
      f.alternating.oneSlotMs.toFixed(2)
    } ms per run on one slot ` +
      `(each run reloads), ${f.alternating.twoSlotsMs.toFixed(2)} ms on two`,
  );
  console.log(
    `floor: a 64-byte round trip through an echoing child process: ${
      f.pipeRoundTripMs.toFixed(3)
    } ms`,
  );
  console.log(
    `cold start of a one-slot pool: ${f.coldStartMs.toFixed(0)} ms; first load of a candidate: ` +
      `${f.firstLoadMs.toFixed(0)} ms`,
  );
  const h = f.hardening;
  console.log(
    `hardening (SES): loading ses ${h.sesLoadMs.toFixed(1)} ms + lockdown() ` +
      `${h.lockdownMs.toFixed(1)} ms once per child; a compartment ` +
      `${h.freshRealmMs.toFixed(3)} ms per candidate loaded; work() in a compartment ` +
      `${h.compartmentCallRatio.toFixed(2)}x its time outside; freshRealmPerTrial ` +
      `+${h.freshTrialMs.toFixed(3)} ms per trial`,
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

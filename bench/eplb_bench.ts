// Owns the EPLB benchmark: rebalance runtime at full shape (initial, greedy, and the optional
// Python + torch version of greedy) and balancedness of the programs on the shipped workloads.
// Run directly: `deno run -A bench/eplb_bench.ts [--runs N]`.
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { MetricFn, WorkloadCase } from "../src/evaluate/types.ts";
import { loadSpec } from "../src/spec/mod.ts";
import { type LoadedWorkload, loadSpecWorkloads } from "../src/workloads/mod.ts";
import { balancedness, nodeBalancedness } from "../evaluators/eplb/mod.ts";
import { rebalance as greedy } from "../specs/eplb/baselines/greedy.ts";
import { rebalance as initial } from "../specs/eplb/initial.ts";

type Rebalance = typeof greedy;
const PROGRAMS: Readonly<Record<string, Rebalance>> = { initial, greedy };
const SPEC_DIR = new URL("../specs/eplb/", import.meta.url).pathname;
const PYTHON_SCRIPT = new URL("./python/eplb_greedy.py", import.meta.url).pathname;

export interface EplbBenchOptions {
  /** Timed calls per program (after warm-up); the median is reported. @default 30 */
  readonly runs?: number;
  /** Python interpreters to try for the torch version, first with torch wins. @default EPLB_PYTHON, /usr/bin/python3, python3 */
  readonly pythons?: readonly string[];
}

/** Balance metrics of one program on one workload set (mean over files, as the cascade does). */
export interface SetFigures {
  readonly balancedness: number;
  readonly nodeBalancedness: number;
}

export interface EplbBenchFigures {
  /** Median ms per full-shape rebalance call, by program. */
  readonly runtimeMs: Readonly<Record<string, number>>;
  readonly train: Readonly<Record<string, SetFigures>>;
  readonly holdout: Readonly<Record<string, SetFigures>>;
  /** The Python + torch greedy, when an interpreter with torch was found. */
  readonly python?: PythonGreedyFigures & {
    /** Python median / TypeScript greedy median, same machine, same run. */
    readonly slowdownVsGreedy: number;
    /** The TypeScript greedy's balancedness on train-0, next to the Python one's (same policy). */
    readonly greedyBalancedness: number;
  };
  readonly pythonSkipped?: string;
}

/** Runs the EPLB benchmark and returns its figures. */
export async function runEplbBench(options: EplbBenchOptions = {}): Promise<EplbBenchFigures> {
  const runs = options.runs ?? 30;
  const spec = await loadSpec(join(SPEC_DIR, "..", "eplb.yaml"));
  const train = await loadSpecWorkloads(spec, "train");
  const holdout = await loadSpecWorkloads(spec, "holdout");
  const timingCases = train[0].cases;
  const runtimeMs = timePrograms(timingCases, runs);
  const figures = {
    runtimeMs,
    train: scoreSet(train),
    holdout: scoreSet(holdout),
  };
  const python = await runPythonGreedy(options.pythons ?? defaultPythons(), train[0].cases, runs);
  if (typeof python === "string") return { ...figures, pythonSkipped: python };
  return {
    ...figures,
    python: {
      ...python,
      slowdownVsGreedy: python.medianMs / runtimeMs.greedy,
      greedyBalancedness: balancedness(train[0].cases, runAll(greedy, train[0].cases)),
    },
  };
}

function argsOf(c: WorkloadCase): Parameters<Rebalance> {
  const i = c.input as Record<string, unknown>;
  return [i.weight, i.numReplicas, i.numGroups, i.numNodes, i.numGpus] as Parameters<Rebalance>;
}

function runAll(fn: Rebalance, set: readonly WorkloadCase[]): unknown[] {
  return set.map((c) => fn(...argsOf(c)));
}

/**
 * Median ms per call of each program; calls alternate between programs so load spikes on a
 * shared machine hit all of them alike and their ratio stays meaningful.
 */
function timePrograms(set: readonly WorkloadCase[], runs: number): Record<string, number> {
  const programs = Object.entries(PROGRAMS);
  for (let i = 0; i < 5; i++) for (const [, fn] of programs) fn(...argsOf(set[i % set.length]));
  const times = programs.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    const args = argsOf(set[i % set.length]);
    programs.forEach(([, fn], k) => {
      const start = performance.now();
      fn(...args);
      times[k].push(performance.now() - start);
    });
  }
  return Object.fromEntries(programs.map(([name], k) => [name, median(times[k])]));
}

function scoreSet(set: readonly LoadedWorkload[]): Record<string, SetFigures> {
  const out: Record<string, SetFigures> = {};
  const meanOf = (metric: MetricFn, outputs: unknown[][]) =>
    set.reduce((s, w, i) => s + metric(w.cases, outputs[i]), 0) / set.length;
  for (const [name, fn] of Object.entries(PROGRAMS)) {
    const outputs = set.map((w) => runAll(fn, w.cases));
    out[name] = {
      balancedness: meanOf(balancedness, outputs),
      nodeBalancedness: meanOf(nodeBalancedness, outputs),
    };
  }
  return out;
}

function defaultPythons(): string[] {
  const fromEnv = Deno.env.get("EPLB_PYTHON");
  return [...(fromEnv ? [fromEnv] : []), "/usr/bin/python3", "python3"];
}

/** What one run of bench/python/eplb_greedy.py measured. */
export interface PythonGreedyFigures {
  readonly interpreter: string;
  readonly torch: string;
  readonly medianMs: number;
  /** `balancedness` of its placements on `set`. */
  readonly balancedness: number;
}

/** Times the Python + torch greedy on `set` (max(runs, cases) calls), or says why it was skipped. */
export async function runPythonGreedy(
  pythons: readonly string[],
  set: readonly WorkloadCase[],
  runs: number,
): Promise<PythonGreedyFigures | string> {
  const first = set[0].input as Record<string, unknown>;
  const job = new TextEncoder().encode(JSON.stringify({
    windows: set.map((c) => (c.input as Record<string, unknown>).weight),
    numReplicas: first.numReplicas,
    numGroups: first.numGroups,
    numNodes: first.numNodes,
    numGpus: first.numGpus,
    repeats: Math.max(runs, set.length),
  }));
  // Each interpreter is tried on the job itself: importing torch takes seconds, so no probe run.
  for (const interpreter of pythons) {
    let child: Deno.ChildProcess;
    try {
      child = new Deno.Command(interpreter, {
        args: [PYTHON_SCRIPT],
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
    } catch {
      continue; // not installed at this path
    }
    const writer = child.stdin.getWriter();
    await writer.write(job).catch(() => {}); // an early exit closes stdin; its stderr says why
    await writer.close().catch(() => {});
    const { code, stdout, stderr } = await child.output();
    const errors = new TextDecoder().decode(stderr);
    if (code !== 0 && /No module named '?torch/.test(errors)) continue;
    if (code !== 0) {
      return `bench/python/eplb_greedy.py failed (exit ${code}): ${errors.slice(-500)}`;
    }
    const result = JSON.parse(new TextDecoder().decode(stdout)) as {
      times_ms: number[];
      phy2log: number[][][];
      torch: string;
    };
    return {
      interpreter,
      torch: result.torch,
      medianMs: median(result.times_ms),
      balancedness: balancedness(set, result.phy2log.map((phy2log) => ({ phy2log }))),
    };
  }
  return `no Python with torch among ${pythons.join(", ")} (apt-get install python3-torch)`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function printFigures(f: EplbBenchFigures): void {
  const fmt = (x: number) => x.toFixed(3);
  console.log("EPLB benchmark (58 layers x 256 experts, 288 replicas, 8 groups, 4 nodes, 32 GPUs)");
  for (const [name, ms] of Object.entries(f.runtimeMs)) {
    console.log(
      `  ${name.padEnd(8)} ${fmt(ms)} ms/call` +
        `  train ${fmt(f.train[name].balancedness)} (node ${fmt(f.train[name].nodeBalancedness)})` +
        `  holdout ${fmt(f.holdout[name].balancedness)} (node ${
          fmt(f.holdout[name].nodeBalancedness)
        })`,
    );
  }
  console.log(
    `  greedy is ${(f.runtimeMs.initial / f.runtimeMs.greedy).toFixed(2)}x the speed of initial`,
  );
  if (f.python) {
    const p = f.python;
    console.log(
      `  python+torch ${p.torch} greedy: ${fmt(p.medianMs)} ms/call = ${
        p.slowdownVsGreedy.toFixed(1)
      }x ` +
        `the TypeScript greedy; train-0 balancedness ${fmt(p.balancedness)} vs ${
          fmt(p.greedyBalancedness)
        }`,
    );
  } else console.log(`  python+torch: skipped (${f.pythonSkipped})`);
}

if (import.meta.main) {
  const { values } = parseArgs({ args: Deno.args, options: { runs: { type: "string" } } });
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  if (runs !== undefined && !(Number.isInteger(runs) && runs > 0)) {
    console.error("eplb_bench: --runs must be a positive integer");
    Deno.exit(2);
  }
  const figures = await runEplbBench({ runs });
  printFigures(figures);
  console.log(JSON.stringify(figures));
}

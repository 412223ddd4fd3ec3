// Owns the full-evaluation benchmark: one EPLB evaluation (200-case gate, train, holdout) of the
// spec's program, here and — with --baseline <git ref> — in a worktree of that commit, the two
// alternating process by process so that load drift on a shared machine hits both alike. Reports
// medians, the after/before ratio, each stage, and the framework's share: everything but the
// candidate's own trusted call time (the EPLB metrics, the trusted simulator, take < 1%).
// --trials N runs both trees with that sandbox.trials (the spec's own otherwise), so a change of
// the spec's default does not pass for a change of the evaluation path.
// Run: deno run -A bench/evaluation_bench.ts [--baseline REF] [--rounds N] [--spec S] [--program P]
// [--trials N]
import { join } from "node:path";
import { parseArgs } from "node:util";
import { median } from "../src/evaluate/noise.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const CHILD = "bench/_evaluation_child.ts";

/** One timed evaluation as the child reports it. */
export interface EvaluationRun {
  readonly totalMs: number;
  readonly candidateMs: number;
  readonly stageMs: Readonly<Record<string, number>>;
  readonly score: number;
}

/** Runs one evaluation in the source tree at `root` (a fresh process: its own JIT and pool). */
export async function evaluateIn(
  root: string,
  spec: string,
  program = "",
  trials = "",
): Promise<EvaluationRun> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(root, CHILD), spec, program, "1", trials],
    cwd: root,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`evaluation in ${root} exited with ${out.code}`);
  const text = new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!;
  return (JSON.parse(text) as { runs: EvaluationRun[] }).runs[0];
}

/** A worktree of `ref` sharing this tree's node_modules, with the child script copied in. */
export async function baselineTree(
  ref: string,
): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await Deno.makeTempDir({ prefix: "specevolve-baseline-" });
  await Deno.remove(root);
  await git(["worktree", "add", "--detach", root, ref]);
  await Deno.symlink(join(ROOT, "node_modules"), join(root, "node_modules"));
  await Deno.copyFile(join(ROOT, CHILD), join(root, CHILD));
  return { root, remove: () => git(["worktree", "remove", "--force", root]) };
}

async function git(args: string[]): Promise<void> {
  const out = await new Deno.Command("git", { args, cwd: ROOT, stdout: "null" }).output();
  if (!out.success) throw new Error(`git ${args.join(" ")} failed`);
}

/** Medians of runs: total, candidate, framework (total - candidate), and per stage. */
export function summarize(runs: readonly EvaluationRun[]) {
  const stages = Object.keys(runs[0].stageMs);
  return {
    totalMs: median(runs.map((r) => r.totalMs)),
    candidateMs: median(runs.map((r) => r.candidateMs)),
    frameworkShare: median(runs.map((r) => (r.totalMs - r.candidateMs) / r.totalMs)),
    stageMs: Object.fromEntries(stages.map((s) => [s, median(runs.map((r) => r.stageMs[s]))])),
  };
}

function line(name: string, s: ReturnType<typeof summarize>): string {
  const stages = Object.entries(s.stageMs).map(([k, ms]) => `${k} ${ms.toFixed(0)}`).join(", ");
  return `  ${name.padEnd(9)} total ${s.totalMs.toFixed(0)} ms; candidate ${
    s.candidateMs.toFixed(0)
  } ms; framework ${(100 * s.frameworkShare).toFixed(0)}% (${stages})`;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      baseline: { type: "string" },
      rounds: { type: "string", default: "3" },
      spec: { type: "string", default: "specs/eplb.yaml" },
      program: { type: "string", default: "" },
      trials: { type: "string", default: "" },
    },
  });
  const rounds = Number(values.rounds);
  const load = () => Deno.loadavg()[0].toFixed(1);
  console.log(
    `full evaluation of ${values.program || "the initial program"} (${values.spec}), ` +
      `${rounds} rounds, load ${load()}:`,
  );
  const base = values.baseline ? await baselineTree(values.baseline) : undefined;
  const after: EvaluationRun[] = [];
  const before: EvaluationRun[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      if (base) {
        before.push(await evaluateIn(base.root, values.spec, values.program, values.trials));
      }
      after.push(await evaluateIn(ROOT, values.spec, values.program, values.trials));
    }
  } finally {
    await base?.remove();
  }
  const now = summarize(after);
  if (before.length > 0) {
    const then = summarize(before);
    console.log(line(`before`, then) + ` [${values.baseline}]`);
    console.log(line("after", now));
    console.log(
      `  after / before: ${(now.totalMs / then.totalMs).toFixed(2)}x total, ` +
        `${(now.candidateMs / then.candidateMs).toFixed(2)}x candidate; load ${load()}`,
    );
  } else console.log(line("this tree", now) + `; load ${load()}`);
  console.log(JSON.stringify({ after: now, before: before.length ? summarize(before) : null }));
}

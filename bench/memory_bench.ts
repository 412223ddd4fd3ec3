// Owns the memory benchmark: peak resident memory (RSS) of the whole process tree and of the main
// process for a 20-iteration offline EPLB `evolve` (two sandbox slots), here and — with
// --baseline <git ref> — in a worktree of that commit, alternating run by run. RSS is sampled from
// /proc every 50 ms (tree: the sum over the main process and every descendant; main: its own
// VmHWM, the kernel's exact peak). Linux only. The goal: tree < 500 MB, main < 300 MB.
// Run: deno run -A bench/memory_bench.ts [--baseline REF] [--rounds N] [--iterations N]
import { parseArgs } from "node:util";
import { baselineTree } from "./evaluation_bench.ts";

const ROOT = new URL("../", import.meta.url).pathname;

/** Peaks of one run, MB. */
interface MemoryPeaks {
  readonly treeMb: number;
  readonly mainMb: number;
  /** The largest single descendant (a sandbox or type-check child). */
  readonly childMb: number;
}

/** Field `name` of /proc/<pid>/status in MB, or 0 when the process is gone. */
function statusMb(pid: number, name: string): number {
  try {
    const m = Deno.readTextFileSync(`/proc/${pid}/status`).match(
      new RegExp(`^${name}:\\s+(\\d+)`, "m"),
    );
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Every live descendant of `pid` (children of children included). */
function descendants(pid: number): number[] {
  const out: number[] = [];
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop()!;
    let children: number[] = [];
    try {
      const tasks = [...Deno.readDirSync(`/proc/${p}/task`)].map((t) => t.name);
      children = tasks.flatMap((t) => {
        try {
          return Deno.readTextFileSync(`/proc/${p}/task/${t}/children`).trim().split(/\s+/)
            .filter(Boolean).map(Number);
        } catch {
          return [];
        }
      });
    } catch {
      // Gone between two reads.
    }
    out.push(...children);
    stack.push(...children);
  }
  return out;
}

/** Runs the evolve in the tree at `root` and samples its memory until it exits. */
async function measureIn(root: string, iterations: number): Promise<MemoryPeaks> {
  const runsDir = await Deno.makeTempDir({ prefix: "specevolve-memory-" });
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "main.ts",
      "evolve",
      "specs/eplb.yaml",
      "--iterations",
      String(iterations),
      "--concurrency",
      "2",
      "--runs-dir",
      runsDir,
      "--quiet",
    ],
    cwd: root,
    env: { CI: "true" },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  let done = false;
  const status = child.status.finally(() => (done = true));
  let treeMb = 0, mainMb = 0, childMb = 0;
  while (!done) {
    const kids = descendants(child.pid).map((p) => statusMb(p, "VmRSS"));
    const main = statusMb(child.pid, "VmRSS");
    treeMb = Math.max(treeMb, main + kids.reduce((a, b) => a + b, 0));
    mainMb = Math.max(mainMb, statusMb(child.pid, "VmHWM"));
    childMb = Math.max(childMb, ...kids);
    await new Promise((r) => setTimeout(r, 50));
  }
  const { code } = await status;
  await Deno.remove(runsDir, { recursive: true });
  if (code !== 0) throw new Error(`evolve in ${root} exited with ${code}:\n${await stderr}`);
  return { treeMb, mainMb, childMb };
}

function line(label: string, p: MemoryPeaks): string {
  const f = (x: number) => `${x.toFixed(0).padStart(5)} MB`;
  return `${label.padEnd(10)} tree ${f(p.treeMb)}   main ${f(p.mainMb)}   largest child ${
    f(p.childMb)
  }`;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      baseline: { type: "string" },
      rounds: { type: "string", default: "1" },
      iterations: { type: "string", default: "20" },
    },
  });
  const rounds = Number(values.rounds);
  const iterations = Number(values.iterations);
  const base = values.baseline === undefined ? undefined : await baselineTree(values.baseline);
  try {
    console.log(
      `offline evolve specs/eplb.yaml --iterations ${iterations} --concurrency 2; peak RSS` +
        (base ? `; before = ${values.baseline} (git worktree), after = this tree` : ""),
    );
    const after: MemoryPeaks[] = [];
    const before: MemoryPeaks[] = [];
    for (let r = 0; r < rounds; r++) {
      // Each figure as it comes: a long run cut short still leaves what it measured.
      if (base) {
        before.push(await measureIn(base.root, iterations));
        console.log(line(`before #${r + 1}`, before.at(-1)!));
      }
      after.push(await measureIn(ROOT, iterations));
      console.log(line(`after #${r + 1}`, after.at(-1)!));
    }
    // Peaks vary little run to run (the same seed, the same work): the largest of the rounds.
    const worst = (runs: MemoryPeaks[]): MemoryPeaks => ({
      treeMb: Math.max(...runs.map((p) => p.treeMb)),
      mainMb: Math.max(...runs.map((p) => p.mainMb)),
      childMb: Math.max(...runs.map((p) => p.childMb)),
    });
    const a = worst(after);
    if (before.length > 0) {
      const b = worst(before);
      console.log(line("before", b));
      console.log(line("after", a));
      console.log(
        `after/before: tree ${(a.treeMb / b.treeMb).toFixed(2)}x, main ${
          (a.mainMb / b.mainMb).toFixed(2)
        }x`,
      );
    } else console.log(line("this tree", a));
    const ok = a.treeMb < 500 && a.mainMb < 300;
    console.log(`goal (tree < 500 MB, main < 300 MB): ${ok ? "met" : "not met"}`);
  } finally {
    await base?.remove();
  }
}

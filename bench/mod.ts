// Owns `deno task bench`: runs the named benchmarks (default: all) one after another, each as its
// own process so one bench's JIT state and memory cannot skew the next. Figures are ratios against
// a baseline measured in the same run (see each bench's header).
const BENCHES: Readonly<Record<string, { readonly file: string; readonly about: string }>> = {
  sandbox: {
    file: "sandbox_bench.ts",
    about: "sandbox call overhead vs a direct call, cold start, throughput",
  },
  mutate: { file: "offline_mutate_bench.ts", about: "offline AST mutations per second" },
  eplb: {
    file: "eplb_bench.ts",
    about: "EPLB rebalance runtime and balancedness (initial vs greedy, optional Python)",
  },
  evolve: {
    file: "evolve_bench.ts",
    about: "one full EPLB evaluation; 100 offline evolve iterations (--proposer mock: LLM path)",
  },
  trials: {
    file: "trials_bench.ts",
    about: "EPLB trials trade-off: evaluation time vs rank stability per trial count",
  },
  evaluation: {
    file: "evaluation_bench.ts",
    about: "full EPLB evaluation, after vs a baseline commit (--baseline REF), framework share",
  },
  ui: {
    file: "ui_bench.ts",
    about: "run explorer page weight and time to first render, 1000 programs",
  },
  memory: {
    file: "memory_bench.ts",
    about:
      "peak RSS, process tree and main, of a 20-iteration offline EPLB evolve (--baseline REF)",
  },
  distributed: {
    file: "distributed_bench.ts",
    about: "PostgreSQL queue: eval/min at 1/2/4/8 workers vs local SQLite, overhead per job",
  },
  problems: {
    file: "problems_bench.ts",
    about: "offline evolve holdout gain on the other shipped problems",
  },
};

if (import.meta.main) {
  // Names come first; everything from the first flag on goes to each named bench, e.g.
  // `deno task bench evolve --proposer mock`.
  const firstFlag = Deno.args.findIndex((a) => a.startsWith("-") && a !== "--help");
  const named = firstFlag === -1 ? Deno.args : Deno.args.slice(0, firstFlag);
  const flags = firstFlag === -1 ? [] : Deno.args.slice(firstFlag);
  const names = named.length > 0 ? named : Object.keys(BENCHES);
  if (names.includes("--help") || names.some((n) => !BENCHES[n])) {
    console.log("Usage: deno task bench [name ...]\n\nBenchmarks:");
    for (const [name, b] of Object.entries(BENCHES)) console.log(`  ${name.padEnd(10)} ${b.about}`);
    Deno.exit(names.includes("--help") ? 0 : 64);
  }
  let failed = 0;
  for (const name of names) {
    console.log(`\n=== ${name}: ${BENCHES[name].about}`);
    const status = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL(BENCHES[name].file, import.meta.url).pathname, ...flags],
      stdout: "inherit",
      stderr: "inherit",
    }).spawn().status;
    if (!status.success) failed++;
  }
  Deno.exit(failed === 0 ? 0 : 1);
}

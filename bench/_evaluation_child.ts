// Owns one timed full evaluation for bench/evaluation_bench.ts, run as its own process in a source
// tree (this one, or a baseline commit's worktree it is copied into): the spec's program through
// gate, train and holdout, with the candidate's trusted call time and the trusted metrics' time
// summed apart, so the framework's own share can be told. Uses only APIs every tree has had.
// Prints one JSON line. Run: deno run -A bench/_evaluation_child.ts <spec> [program] [reps]
// [trials] (a trials count overrides the spec's sandbox.trials, so two trees compare alike).
import { createSpecEvaluator } from "../src/evaluate/mod.ts";
import { SandboxPool } from "../src/sandbox/mod.ts";
import type { RunRequest, RunResult, Sandbox } from "../src/sandbox/types.ts";
import { compileSpec, loadSpec } from "../src/spec/mod.ts";

/** Sums the trusted time of every trial the candidate (not the reference) ran. */
class Recording implements Sandbox {
  candidateMs = 0;
  constructor(readonly inner: Sandbox, readonly source: string) {}
  async run(request: RunRequest): Promise<RunResult> {
    const result = await this.inner.run(request);
    if (request.source === this.source) {
      for (const call of result.calls) for (const t of call.timesMs) this.candidateMs += t;
    }
    return result;
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

const [specPath, programPath, repsText, trialsText] = Deno.args;
const loaded = await loadSpec(specPath);
const spec = trialsText
  ? { ...loaded, sandbox: { ...loaded.sandbox, trials: Number(trialsText) } }
  : loaded;
const compiled = await compileSpec(spec);
const source = await Deno.readTextFile(programPath || spec.program);
const pool = await SandboxPool.start({
  timeoutMs: spec.sandbox.timeoutMs,
  memoryMb: spec.sandbox.memoryMb,
});
const sandbox = new Recording(pool, source);
const evaluator = await createSpecEvaluator({ spec, compiled, sandbox, ownsSandbox: true });
// Warm: workload files, the reference cache, the sandbox's worker and JIT.
const warm = await evaluator.evaluate(source);
if (!warm.ok) throw new Error(`the program failed: ${warm.failure?.message}`);
const runs = [];
for (let i = 0; i < Number(repsText || 1); i++) {
  sandbox.candidateMs = 0;
  const started = performance.now();
  const evaluation = await evaluator.evaluate(source, { holdout: true });
  const totalMs = performance.now() - started;
  if (!evaluation.ok) throw new Error(`the program failed: ${evaluation.failure?.message}`);
  runs.push({
    totalMs,
    candidateMs: sandbox.candidateMs,
    stageMs: Object.fromEntries(evaluation.stages.map((s) => [s.stage, s.ms])),
    score: evaluation.train?.score,
  });
}
await evaluator.close();
console.log(JSON.stringify({ runs }));

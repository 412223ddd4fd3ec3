// Owns `deno task bench evolve --proposer mock`: the LLM path of `evolve` (prompt building, the
// real openai client, diff application, evaluation, the SQLite store) against a loopback
// OpenAI-compatible server that answers at once with a valid, distinct edit of the initial program.
// Reports iterations per minute and each iteration's time split into proposal, evaluation and
// store, at each concurrency; the engine runs in process so each part can be timed where it runs.
import { type Evaluator, openSpecEvaluator } from "../src/evaluate/mod.ts";
import { evolve, openRunStore, type Proposer, type Store } from "../src/evolve/mod.ts";
import { createLlmProposer, LlmClient, resolveLlmOptions } from "../src/evolve/llm/mod.ts";
import { startMockOpenAI } from "../src/testing/mod.ts";

/** The line of the EPLB initial program the mock's edits hang a distinct, harmless variant on. */
const ANCHOR = "  const slotsPerGpu = numReplicas / numGpus;";

/** A SEARCH/REPLACE answer that differs for every request `i` and keeps the program valid. */
function answer(i: number): string {
  return [
    `Variant ${i}: an early exit that never fires.`,
    "<<<<<<< SEARCH",
    ANCHOR,
    "=======",
    ANCHOR,
    `  if (slotsPerGpu < -${i + 1}) return new Array<number>(${i}).fill(0);`,
    ">>>>>>> REPLACE",
  ].join("\n");
}

/** Milliseconds spent in each part of the loop, summed over the run. */
export interface LoopSplit {
  proposalMs: number;
  evaluationMs: number;
  storeMs: number;
}

/** Figures of one mock-LLM run. */
export interface MockEvolveFigures {
  readonly concurrency: number;
  readonly iterations: number;
  readonly wallSeconds: number;
  readonly iterationsPerMinute: number;
  /** Per iteration, ms (summed over concurrent iterations, so they can exceed wall / iterations). */
  readonly perIteration: LoopSplit;
  readonly evaluated: number;
  /** Proposals rejected before evaluation (diff did not apply, duplicate): should be none. */
  readonly rejected: number;
}

/** Wraps every method of `target` so the time spent in it (sync or async) adds to `add`. */
function timed<T extends object>(target: T, add: (ms: number) => void): T {
  return new Proxy(target, {
    get(t, key) {
      const value = Reflect.get(t, key, t);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const started = performance.now();
        const result = value.apply(t, args);
        if (result instanceof Promise) {
          return result.finally(() => add(performance.now() - started));
        }
        add(performance.now() - started);
        return result;
      };
    },
  });
}

/** Runs `iterations` LLM-path iterations of `specPath` at `concurrency` against the mock server. */
export async function benchMockEvolve(
  specPath: string,
  iterations: number,
  concurrency: number,
): Promise<MockEvolveFigures> {
  let served = 0;
  await using server = startMockOpenAI(() => ({ content: answer(served++) }));
  const { spec, compiled, evaluator } = await openSpecEvaluator({
    spec: specPath,
    sandbox: { size: concurrency },
  });
  const runDir = await Deno.makeTempDir({ prefix: "specevolve-bench-mock-" });
  const split: LoopSplit = { proposalMs: 0, evaluationMs: 0, storeMs: 0 };
  const store = openRunStore(runDir);
  const llm = resolveLlmOptions(spec.evolve, { OPENAI_API_KEY: "sk-mock" }, {
    models: ["mock-model"],
    baseUrl: server.url,
  });
  if (!llm.configured) throw new Error(`bench: the mock LLM was not configured (${llm.reason})`);
  const timedStore = timed<Store>(store, (ms) => split.storeMs += ms);
  const proposer = await createLlmProposer({
    client: new LlmClient(llm.options),
    spec,
    types: compiled.types,
    onCall: (log) => void timedStore.addLlmCall(log),
  });
  const started = performance.now();
  try {
    const result = await evolve({
      store: timedStore,
      evaluator: timed<Evaluator>(evaluator, (ms) => split.evaluationMs += ms),
      proposer: timed<Proposer>(proposer, (ms) => split.proposalMs += ms),
      spec,
      initialSource: await Deno.readTextFile(spec.program),
      concurrency,
      iterations,
      finalHoldout: 0,
    });
    const wallSeconds = (performance.now() - started) / 1000;
    const done = result.progress.finishedIterations;
    const per = (ms: number) => ms / Math.max(1, done);
    return {
      concurrency,
      iterations: done,
      wallSeconds,
      iterationsPerMinute: done / (wallSeconds / 60),
      perIteration: {
        proposalMs: per(split.proposalMs),
        evaluationMs: per(split.evaluationMs),
        storeMs: per(split.storeMs),
      },
      evaluated: result.progress.evaluated,
      rejected: result.progress.duplicates + result.progress.proposalFailures,
    };
  } finally {
    await evaluator.close();
    store.close();
    await Deno.remove(runDir, { recursive: true });
  }
}

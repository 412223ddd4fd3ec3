// Run databases for report tests: an ordinary fake evolution, and one whose sources, descriptions
// and failure messages are hostile markup.
import { SqliteStore } from "../../../src/evolve/database/sqlite_store.ts";
import { createRunDir, runDbPath } from "../../../src/evolve/database/run_dir.ts";
import { analyzeSource } from "../../../src/evolve/source/analyze.ts";
import { runEngine } from "../../evolve/engine/_engine.ts";
import { fakeEvaluation, FakeProposer, program } from "../../evolve/_fakes.ts";

export const XSS = "</script><script>alert(1)</script>";

/** A finished fake run of `iterations` with one failing and one duplicate proposal, in a run dir. */
export async function fakeRunDir(iterations = 12): Promise<string> {
  const dir = createRunDir(Deno.makeTempDirSync(), "fake");
  const store = SqliteStore.open(runDbPath(dir));
  const proposer = new FakeProposer({
    script: (r) => {
      if (r.iteration === 3) {
        return {
          ok: true,
          proposal: {
            source: program(50, "// FAIL:invariant"),
            description: "breaks a rule",
            proposer: "fake:bad",
          },
        };
      }
      if (r.iteration === 5) {
        return {
          ok: true,
          proposal: {
            source: `${program(1)}\n// same again`,
            description: "dup",
            proposer: "fake:dup",
          },
        };
      }
      return undefined;
    },
  });
  await runEngine({
    store,
    proposer,
    evolveConfig: { iterations, islands: 2, migrationInterval: 4 },
  });
  store.addLlmCall({
    model: "m-1",
    prompt: "p",
    response: "r",
    inputTokens: 10,
    outputTokens: 20,
    costUsd: 0.002,
    ms: 9,
  });
  store.close();
  return dir;
}

/** A run whose every piece of run text carries markup and Markdown-breaking characters. */
export function hostileRunDir(): string {
  const dir = createRunDir(Deno.makeTempDirSync(), `evil${XSS}`);
  const store = SqliteStore.open(runDbPath(dir));
  store.createRun({
    specName: `evil${XSS}`,
    specHash: "h",
    config: {},
    rngState: { algorithm: "a", seed: 1 },
  });
  const add = (
    source: string,
    fields: { parentId?: number; iteration: number; description: string },
  ) => {
    const a = analyzeSource(source);
    return store.addProgram({
      source,
      hash: a.hash,
      island: 0,
      generation: fields.parentId === undefined ? 0 : 1,
      proposer: `llm:${XSS}`,
      features: a.features,
      ...fields,
    });
  };
  const root = add(program(1), { iteration: 0, description: "initial" });
  store.recordEvaluation(root.id, fakeEvaluation(program(1), true), 5);
  const bestSource = program(2, `// ${XSS}\n// \`\`\`\` fence breaker\n`);
  const best = add(bestSource, {
    parentId: root.id,
    iteration: 1,
    description: `<img src=x onerror=alert(1)> | pipe ${XSS}`,
  });
  store.recordEvaluation(best.id, fakeEvaluation(bestSource, true), 5);
  const bad = add(program(3), { parentId: root.id, iteration: 2, description: "bad" });
  store.recordEvaluation(bad.id, {
    ok: false,
    stages: [{ stage: "typecheck", ok: false, ms: 2 }],
    failure: { category: "type", message: `type: ${XSS} | **bold** [link](javascript:alert(1))` },
  }, 2);
  store.close();
  return dir;
}

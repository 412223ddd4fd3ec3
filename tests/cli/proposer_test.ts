import assert from "node:assert/strict";
import { chooseProposer } from "../../src/cli/_proposer.ts";
import { SqliteStore } from "../../src/evolve/database/sqlite_store.ts";
import { resolveLlmOptions } from "../../src/evolve/llm/mod.ts";
import {
  compileSpec,
  type Diagnostic,
  hasSharedProject,
  loadSpec,
  releaseSharedProject,
} from "../../src/spec/mod.ts";

Deno.test("chooseProposer() gives the offline mutator the evaluator's type check, so no in-process project is built", async () => {
  const spec = await loadSpec("specs/eplb.yaml");
  const compiled = await compileSpec(spec);
  releaseSharedProject();
  const checked: string[] = [];
  const typecheck = (source: string): Promise<Diagnostic[]> => {
    checked.push(source);
    return Promise.resolve([]);
  };
  const store = SqliteStore.open(":memory:");
  const llm = resolveLlmOptions({ ...spec.evolve, models: [] }, {}, { offline: true });
  const proposer = await chooseProposer({
    spec,
    compiled,
    llm,
    store,
    typecheck,
    prompt: { hints: {} },
  });
  const parent = { id: "0", source: await Deno.readTextFile(spec.program) };
  for (let seed = 1; seed <= 5; seed++) {
    const result = await proposer.propose({
      parent,
      inspirations: [],
      iteration: seed,
      seed,
      feedback: [],
    });
    if (result.ok) assert.ok(checked.includes(result.proposal.source));
  }
  assert.ok(checked.length >= 5, `the evaluator checked ${checked.length} candidates`);
  assert.equal(hasSharedProject(), false, "no ts-morph project in this process");
  store.close();
});

// Tests of loadSpec(): defaults, path resolution, hashing, and problems found across phases.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadSpec } from "../../src/spec/mod.ts";
import { issuesOf, loadText, MINIMAL, tempSpecDir } from "./_helpers.ts";

const examples = join(import.meta.dirname!, "..", "..", "specs", "examples");

Deno.test("loadSpec() fills every documented default", async () => {
  const spec = await loadText(MINIMAL);
  assert.equal(spec.description, "");
  assert.equal(spec.args, null);
  assert.deepEqual(spec.baselines, {});
  assert.deepEqual([spec.derive, spec.assume, spec.invariants, spec.metrics], [[], [], [], []]);
  assert.equal(spec.equivalent, undefined);
  assert.deepEqual(spec.properties, { runs: 100, seed: 42, maxArrayLength: 32, examples: [] });
  assert.deepEqual(spec.cascade, {
    stages: ["typecheck", "properties"],
    quickWorkloads: 1,
    quickMinScore: -Infinity,
  });
  assert.deepEqual(spec.sandbox, {
    timeoutMs: 2000,
    memoryMb: 512,
    trials: 3,
    freshRealmPerTrial: false,
    // The output schema is one integer: no element can be valid, and the cap is the floor of 1.
    maxOutputElements: 1,
    episodeMs: 60_000,
    evaluationMs: 600_000,
    maxStateBytes: 1024 * 1024,
  });
  assert.deepEqual(spec.prompt, { system: "", hints: [] });
  assert.deepEqual(spec.evolve, {
    iterations: 100,
    islands: 4,
    migrationInterval: 10,
    top: 2,
    diverse: 5,
    plateau: 0,
    stagnation: 40,
    noiseBand: 1,
    maxSeconds: 0,
    budgetUsd: 1,
    features: [],
    models: [],
  });
});

Deno.test("loadSpec() fills nested defaults of models, hints, metrics and equivalent", async () => {
  const spec = await loadText(
    `${MINIMAL}reference: program.ts
equivalent: true
metrics:
  t: { measure: time }
  q: { evaluator: "ev.ts#quality" }
prompt: { hints: [{ id: h, text: be quick }] }
evolve: { models: [{ model: m1 }] }
`,
    { "ev.ts": "export const quality = () => 1;\n" },
  );
  assert.deepEqual(spec.equivalent, { tolerance: 1e-9 });
  assert.deepEqual(spec.metrics.map((m) => [m.name, m.goal]), [["t", "min"], ["q", "max"]]);
  assert.deepEqual(spec.prompt.hints, [{ id: "h", text: "be quick", enabled: true }]);
  assert.deepEqual(spec.evolve.models, [{
    model: "m1",
    apiKeyEnv: "OPENAI_API_KEY",
    weight: 1,
    temperature: 0.7,
    maxTokens: 8192,
    priceInPerM: 0,
    priceOutPerM: 0,
  }]);
});

Deno.test("loadSpec() resolves paths against the spec file and module refs to path + export", async () => {
  const dir = await tempSpecDir({
    "spec.yaml": `${MINIMAL}baselines: { other: program.ts }
workloads: { cases: "ev.ts#cases", train: tr, holdout: ho, generate: "ev.ts#gen" }
metrics: { q: { evaluator: "ev.ts#cases", goal: min } }
`,
    "program.ts": "export const solve = (x: number) => x;\n",
    "ev.ts": "export function cases() { return []; }\nexport { cases as gen };\n",
  });
  // Workload directories may be missing while a generator can create them.
  const spec = await loadSpec(join(dir, "spec.yaml"));
  assert.equal(spec.file, join(dir, "spec.yaml"));
  assert.equal(spec.dir, dir);
  assert.equal(spec.program, join(dir, "program.ts"));
  assert.deepEqual(spec.baselines, { other: join(dir, "program.ts") });
  assert.equal(spec.workloads?.train, join(dir, "tr"));
  assert.equal(spec.workloads?.cases?.path, join(dir, "ev.ts"));
  const generate = spec.workloads?.generate;
  assert.equal(generate && "name" in generate ? generate.name : undefined, "gen");
  assert.deepEqual(spec.cascade.stages, ["typecheck", "properties", "quick", "train", "holdout"]);
  const metric = spec.metrics[0];
  assert.ok("evaluator" in metric && metric.evaluator.at.line === 8);
});

Deno.test("loadSpec() hash covers the YAML and every referenced file, nothing else", async () => {
  const dir = await tempSpecDir({
    "spec.yaml": `${MINIMAL}workloads: { cases: "ev.ts#cases", train: tr, holdout: tr }\n`,
    "program.ts": "export const solve = (x: number) => x;\n",
    "ev.ts": "export const cases = () => [];\n",
    "unrelated.txt": "a",
  });
  await Deno.mkdir(join(dir, "tr"));
  await writeFile(join(dir, "tr", "w1.json"), "[1]");
  const path = join(dir, "spec.yaml");
  const first = (await loadSpec(path)).hash;
  assert.match(first, /^[0-9a-f]{64}$/);
  assert.equal((await loadSpec(path)).hash, first);
  await writeFile(join(dir, "unrelated.txt"), "b");
  assert.equal((await loadSpec(path)).hash, first);
  const seen = new Set([first]);
  for (
    const [file, text] of [["program.ts", "// edit\n"], ["ev.ts", "// edit\n"], [
      "tr/w1.json",
      "[2]",
    ]]
  ) {
    await writeFile(join(dir, file), text, { flag: "a" });
    const hash = (await loadSpec(path)).hash;
    assert.ok(!seen.has(hash), `editing ${file} must change the hash`);
    seen.add(hash);
  }
});

Deno.test("loadSpec() accepts the cascade as a plain list of stages", async () => {
  const spec = await loadText(`${MINIMAL}cascade: [typecheck]\n`);
  assert.deepEqual(spec.cascade.stages, ["typecheck"]);
});

Deno.test("loadSpec() rejects stages out of order or needing workloads and metrics", async () => {
  const issues = await issuesOf(loadText(`${MINIMAL}cascade: [properties, typecheck, train]\n`));
  const messages = issues.map((i) => i.message).join("\n");
  assert.match(messages, /stages must keep the order typecheck -> properties/);
  assert.match(messages, /stage `train` runs workloads; add `workloads`/);
  assert.match(messages, /stage `train` scores workloads; add `metrics`/);
  assert.ok(issues.every((i) => i.line === 6 && i.pointer === "/cascade"));
});

Deno.test("loadSpec() checks examples against the input schema, located at the example", async () => {
  const issues = await issuesOf(loadText(`${MINIMAL}properties:\n  examples: [3, 12]\n`));
  assert.equal(issues.length, 1);
  assert.equal(issues[0].pointer, "/properties/examples/1");
  assert.deepEqual([issues[0].line, issues[0].column], [7, 17]);
  assert.match(issues[0].message, /example 1 does not match `input`: \/ must be <= 9/);
});

Deno.test("loadSpec() reports a file that cannot be read, naming it", async () => {
  const issues = await issuesOf(loadSpec(join(examples, "no-such-spec.yaml")));
  assert.equal(issues.length, 1);
  assert.match(issues[0].message, /cannot read the spec file/);
  assert.equal(issues[0].file, join(examples, "no-such-spec.yaml"));
});

Deno.test("loadSpec() reports missing files beside expression errors in one SpecError", async () => {
  const issues = await issuesOf(
    loadText(
      MINIMAL.replace("program.ts", "gone.ts") + "invariants: [{ id: a, check: outpt > 0 }]\n",
    ),
  );
  assert.deepEqual(issues.map((i) => i.pointer).sort(), ["/invariants/0/check", "/program"]);
});

Deno.test("loadSpec() loads the example specs and the EPLB spec", async () => {
  for (const file of ["topk.yaml", "intervals.yaml", "../eplb.yaml"]) {
    const spec = await loadSpec(join(examples, file));
    assert.ok(spec.invariants.length > 0, file);
    assert.ok(spec.invariants.every((r) => r.check.pointer?.startsWith("/invariants/")));
  }
});

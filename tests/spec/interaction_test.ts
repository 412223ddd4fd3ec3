// Tests of closed-loop specs (`interaction`) in the spec layer: the loader's located errors for a
// malformed interaction, the generated step types and entry signature, and the candidate checker.
import assert from "node:assert/strict";
import { join } from "node:path";
import { compileSpec, generateTypes, loadSpec } from "../../src/spec/mod.ts";
import { issuesOf, loadText } from "./_helpers.ts";

const FIXTURE = join(import.meta.dirname!, "..", "fixtures", "specs", "running_sum.yaml");

const SIMULATE =
  `export async function simulate(input: { xs: number[] }, step: (s: unknown) => Promise<unknown>) {
  for (const x of input.xs) await step({ x });
  return { n: input.xs.length };
}
`;

/** A closed-loop spec whose `interaction` block is `interaction` (indented YAML). */
function closedLoop(interaction: string, extra = ""): string {
  return `name: loop
entry: act
program: program.ts
${extra}input:
  type: object
  required: [xs]
  properties:
    xs: { type: array, maxItems: 4, items: { type: integer, minimum: 0, maximum: 9 } }
output: { type: object, required: [n], properties: { n: { type: integer } } }
interaction:
${interaction}`;
}

const STEP = `    input: { type: object, required: [x], properties: { x: { type: integer } } }
    output: { type: object, required: [y], properties: { y: { type: integer } } }
`;

const files = { "sim.ts": SIMULATE };

Deno.test("loadSpec() resolves interaction: simulator module ref, step schemas and step args", async () => {
  const spec = await loadSpec(FIXTURE);
  const interaction = spec.interaction!;
  assert.equal(interaction.simulate.name, "simulate");
  assert.ok(interaction.simulate.path.endsWith("running_sum/simulate.ts"));
  assert.deepEqual(interaction.step.args, ["x", "state"]);
  assert.deepEqual((interaction.step.output as { required: string[] }).required, ["sum", "state"]);
  const plain = await loadText(closedLoop(`  simulate: sim.ts#simulate\n  step:\n${STEP}`), files);
  assert.equal(plain.interaction!.step.args, null);
});

Deno.test("loadSpec() reports a malformed interaction at its key with what is expected", async () => {
  const noOutput = await issuesOf(loadText(
    closedLoop(`  simulate: sim.ts#simulate\n  step:\n    input: { type: object }\n`),
    files,
  ));
  assert.equal(noOutput.length, 1, JSON.stringify(noOutput));
  assert.equal(noOutput[0].pointer, "/interaction/step");
  assert.match(noOutput[0].message, /missing required key `output`/);

  const badRef = await issuesOf(
    loadText(closedLoop(`  simulate: sim.ts\n  step:\n${STEP}`), files),
  );
  assert.equal(badRef[0].pointer, "/interaction/simulate");
  assert.match(badRef[0].message, /path#export/);

  const unknownKey = await issuesOf(
    loadText(closedLoop(`  simulate: sim.ts#simulate\n  steps:\n${STEP}`), files),
  );
  assert.ok(unknownKey.some((i) => /unknown key `steps`; did you mean `step`/.test(i.message)));
});

Deno.test("loadSpec() checks step args against the step input and rejects top-level args", async () => {
  const issues = await issuesOf(loadText(
    closedLoop(`  simulate: sim.ts#simulate\n  step:\n${STEP}    args: [z]\n`, "args: [xs]\n"),
    files,
  ));
  const byPointer = Object.fromEntries(issues.map((i) => [i.pointer, i.message]));
  assert.match(byPointer["/interaction/step/args/0"], /arg `z` is not a property of/);
  assert.match(
    byPointer["/interaction/step/input/properties/x"],
    /property `x` is not in `interaction.step.args`/,
  );
  assert.match(byPointer["/args"], /move the list to `interaction.step.args`/);
  // Each issue is located in the file.
  assert.ok(issues.every((i) => typeof i.line === "number" && i.line > 1));
});

Deno.test("loadSpec() reports a simulator export that does not exist, and step schemas outside the subset", async () => {
  const missing = await issuesOf(
    loadText(closedLoop(`  simulate: sim.ts#play\n  step:\n${STEP}`), files),
  );
  assert.ok(missing.some((i) => i.pointer === "/interaction/simulate" && /play/.test(i.message)));
  const subset = await issuesOf(loadText(
    closedLoop(
      `  simulate: sim.ts#simulate\n  step:\n    input: { type: string, format: email }\n` +
        `    output: { type: integer }\n`,
    ),
    files,
  ));
  assert.ok(
    subset.some((i) => i.pointer.startsWith("/interaction/step/input") && /format/.test(i.message)),
    JSON.stringify(subset),
  );
});

Deno.test("generateTypes() gives a closed-loop entry the step signature, with StepInput and StepOutput", async () => {
  const spec = await loadSpec(FIXTURE);
  const types = generateTypes(spec);
  assert.equal(types.signature, "(x: number, state: unknown) => StepOutput");
  assert.match(types.named.get("StepOutput")!, /sum: number;/);
  assert.match(types.named.get("StepInput")!, /x: number;/);
  // Rules still see the episode: Input and Output are the episode and its result.
  assert.match(types.named.get("Input")!, /xs: number\[\]/);
  assert.match(types.named.get("Output")!, /sums: number\[\]/);
  assert.deepEqual(types.step, {
    input: types.named.get("StepInput")!.replace(/^type StepInput = |;$/g, ""),
    output: types.named.get("StepOutput")!.replace(/^type StepOutput = |;$/g, ""),
  });
  const whole = generateTypes({
    ...spec,
    interaction: { ...spec.interaction!, step: { ...spec.interaction!.step, args: null } },
  });
  assert.equal(whole.signature, "(input: StepInput) => StepOutput");
});

Deno.test("typecheck() holds a closed-loop candidate to the step signature, not the episode's", async () => {
  const compiled = await compileSpec(await loadSpec(FIXTURE));
  const good = await Deno.readTextFile(FIXTURE.replace(".yaml", "/initial.ts"));
  assert.deepEqual(compiled.typecheck(good), []);
  const episodeShaped =
    "export function add(input: { xs: number[] }) { return { sums: input.xs }; }\n";
  const problems = compiled.typecheck(episodeShaped);
  assert.equal(problems.length, 1);
  assert.match(
    problems[0].message,
    /does not match the signature \(x: number, state: unknown\) => StepOutput/,
  );
});

Deno.test("compileSpec() maps a step input to the entry's arguments and validates step outputs", async () => {
  const compiled = await compileSpec(await loadSpec(FIXTURE));
  const step = compiled.step!;
  assert.deepEqual(step.toArgs({ x: 3, state: { s: 1 } }), [3, { s: 1 }]);
  assert.deepEqual(step.validateOutput({ sum: 1, state: null }), []);
  assert.match(step.validateOutput({ sum: "1", state: null }).join(), /\/sum must be integer/);
  assert.match(step.validateInput({ x: 99, state: null }).join(), /\/x must be <= 9/);
  // Episodes are still generated from `input`.
  assert.deepEqual(compiled.validateInput({ xs: [1, 2] }), []);
});

// Tests the deterministic draft on the shipped problems' programs: the drafted input schema accepts
// every shipped workload input and example, the draft loads as a spec, and the generic rules come
// from the types; then draftSpec() keeps only the rules the researcher's function passes.
import assert from "node:assert/strict";
import fc from "fast-check";
import { join, relative } from "node:path";
import { pathToFileURL as toFileUrl } from "node:url";
import {
  draftDocument,
  draftSpec,
  genericRules,
  readEntrySignature,
  renderDraft,
} from "../../src/draft/mod.ts";
import { importTrusted, type WorkloadCase } from "../../src/evaluate/mod.ts";
import { loadSpecWorkloads } from "../../src/workloads/mod.ts";
import type { SimulateFn } from "../../src/evaluate/types.ts";
import { compileSpec, loadSpec } from "../../src/spec/mod.ts";
import { inDraftDir, ROOT } from "./_setup.ts";

const SHIPPED = ["eplb", "txn", "speedup", "examples/topk", "examples/intervals"];

/** The drafted spec for a shipped spec's initial program, loaded from a temporary file. */
async function draftFor(specName: string) {
  const shipped = await loadSpec(join(ROOT, `specs/${specName}.yaml`));
  const signature = readEntrySignature(shipped.program, shipped.entry);
  const dir = await Deno.makeTempDir();
  const out = join(dir, "draft.yaml");
  const doc = draftDocument(
    signature,
    shipped.program,
    out,
    genericRules(signature.params, signature.output),
  );
  await Deno.writeTextFile(out, renderDraft(doc, ["test draft"]));
  const draft = await loadSpec(out);
  await Deno.remove(dir, { recursive: true });
  return { shipped, signature, draft };
}

async function shippedInputs(specName: string): Promise<unknown[]> {
  const shipped = await loadSpec(join(ROOT, `specs/${specName}.yaml`));
  // Examples, a seeded sample of the shipped spec's generated inputs, and every workload case.
  const generated = fc.sample((await compileSpec(shipped)).inputArbitrary, {
    numRuns: 30,
    seed: 1,
  });
  const inputs: unknown[] = [...shipped.properties.examples, ...generated];
  if (shipped.workloads) {
    for (const split of ["train", "holdout"] as const) {
      for (const w of await loadSpecWorkloads(shipped, split)) {
        inputs.push(...w.cases.map((c: WorkloadCase) => c.input));
      }
    }
  }
  return inputs;
}

for (const name of SHIPPED) {
  Deno.test(`draftDocument() for specs/${name}.yaml's program accepts every shipped workload and generated input`, async () => {
    const { shipped, signature, draft } = await draftFor(name);
    const shippedCompiled = await compileSpec(shipped);
    const compiled = await compileSpec(draft);
    const inputs = await shippedInputs(name);
    assert.ok(inputs.length > 0);
    for (const input of inputs) {
      // The shipped spec maps its input to arguments; the draft names them after the parameters.
      const args = shippedCompiled.toArgs(input);
      const drafted = Object.fromEntries(signature.params.map((p, i) => [p.name, args[i]]));
      assert.deepEqual(
        compiled.validateInput(drafted),
        [],
        `${name}: ${JSON.stringify(drafted).slice(0, 200)}`,
      );
    }
    assert.equal(draft.entry, shipped.entry);
    assert.equal(relative(ROOT, draft.program), relative(ROOT, shipped.program));
  });
}

// Closed-loop problems: the entry is one step, so the drafted schema must accept every step input
// the trusted simulator builds while playing the shipped workloads (with the initial program).
for (const name of ["cache", "spot"]) {
  Deno.test(`draftDocument() for specs/${name}.yaml's step function accepts every step input of the shipped workloads`, async () => {
    const { shipped, signature, draft } = await draftFor(name);
    const compiled = await compileSpec(draft);
    const simulate = await importTrusted<SimulateFn>(shipped.interaction!.simulate, "simulate");
    const program = await import(toFileUrl(shipped.program).href);
    const stepArgs = shipped.interaction!.step.args;
    let steps = 0;
    for (const split of ["train", "holdout"] as const) {
      for (const w of await loadSpecWorkloads(shipped, split)) {
        for (const c of w.cases) {
          await simulate(structuredClone(c.input), (stepInput) => {
            steps++;
            const args = stepArgs === null ? [stepInput] : stepArgs.map((a) => stepInput[a]);
            const drafted = Object.fromEntries(signature.params.map((p, i) => [p.name, args[i]]));
            const problems = compiled.validateInput(drafted);
            if (problems.length > 0) {
              assert.fail(`${name} step ${steps}: ${problems.join("; ")}`);
            }
            return Promise.resolve(program[shipped.entry](...args));
          }, c.context);
        }
      }
    }
    assert.ok(steps > 0);
  });
}

Deno.test("readEntrySignature() turns interfaces, arrays and literal unions into schemas", () => {
  const sig = readEntrySignature(join(ROOT, "specs/spot/initial.ts"), "schedule");
  const s = sig.params[0].schema as { properties: Record<string, unknown>; required: string[] };
  assert.deepEqual(s.properties.running, { enum: ["spot", "ondemand", "none"] });
  assert.deepEqual(s.properties.spotAvailable, { type: "boolean" });
  assert.ok(s.required.includes("deadline"));
  assert.ok(sig.loose.some((l) => l.includes("state")), "unknown state is reported as loose");
});

Deno.test("readEntrySignature() names the module and its exports when the entry is missing", () => {
  assert.throws(
    () => readEntrySignature(join(ROOT, "specs/examples/topk/program.ts"), "topk"),
    /exports no function "topk" \(it exports: topK\)/,
  );
});

Deno.test("genericRules() proposes finite numbers and lengths tied to array and number inputs", () => {
  const sig = readEntrySignature(join(ROOT, "specs/eplb/initial.ts"), "rebalance");
  const ids = genericRules(sig.params, sig.output).map((r) => r.id);
  assert.ok(ids.includes("finite-numbers"));
  assert.ok(ids.includes("phy2log-length-weight"));
  assert.ok(ids.includes("logcnt-length-numGpus"));
});

Deno.test("draftSpec() without an LLM keeps the rules the function passes and drops the ones it breaks", async () => {
  await inDraftDir(
    "specs/examples/topk/program.ts",
    "topk.ts",
    async ({ dir, modulePath, sandbox }) => {
      const asked: string[] = [];
      const result = await draftSpec({
        modulePath,
        entry: "topK",
        out: join(dir, "topk.yaml"),
        sandbox,
        auditMutants: 2,
        ask: (rule) => {
          asked.push(rule.id);
          assert.ok(rule.counterexample !== undefined, "each broken rule comes with its input");
          return Promise.resolve("drop");
        },
      });
      // topK(xs, k) returns min(k, xs.length) values: neither length rule holds for every input.
      assert.deepEqual(asked.sort(), ["output-length-k", "output-length-xs"]);
      assert.deepEqual(result.rules, ["finite-numbers"]);
      const spec = await loadSpec(result.path);
      assert.deepEqual(spec.invariants.map((r) => r.id), ["finite-numbers"]);
      assert.equal(typeof result.score, "number");
    },
  );
});

Deno.test("draftSpec() without an LLM warns in the spec when the function fails on a generated input", async () => {
  await inDraftDir(
    "tests/audit/fixtures/shares/program.ts",
    "shares.ts",
    async ({ dir, modulePath, sandbox }) => {
      const result = await draftSpec({
        modulePath,
        entry: "split",
        out: join(dir, "shares.yaml"),
        sandbox,
        auditMutants: 1,
        ask: () => Promise.resolve("drop"),
      });
      // parts: 0 is a number the signature allows and the function cannot split over.
      assert.ok(result.failure, "the failure is reported");
      assert.match(
        await Deno.readTextFile(result.path),
        /# WARNING: split fails on a generated input/,
      );
      await loadSpec(result.path);
    },
  );
});

Deno.test("readEntrySignature() maps tuples, records, optional members, unions and Promise", () => {
  const sig = readEntrySignature(join(ROOT, "tests/draft/fixtures/shapes.ts"), "plan");
  const by = Object.fromEntries(sig.params.map((p) => [p.name, p]));
  assert.deepEqual(by.jobs.schema, {
    type: "array",
    items: {
      type: "object",
      properties: {
        id: { type: "string" },
        weight: { type: "number" },
        tags: { type: "object", additionalProperties: { type: "boolean" } },
      },
      required: ["id", "tags"],
    },
  });
  assert.deepEqual(by.pair.schema, {
    type: "array",
    prefixItems: [{ type: "number" }, { type: "string" }],
    items: false,
    minItems: 2,
  });
  assert.deepEqual(by.mode.schema, { enum: ["fast", "slow"] });
  assert.deepEqual(by.limit.schema, { anyOf: [{ type: "null" }, { type: "number" }] });
  assert.deepEqual(by.cb.schema, {});
  assert.equal(by.extra.optional, true);
  assert.deepEqual(sig.output, {
    type: "object",
    properties: { order: { type: "array", items: { type: "number" } }, note: { type: "string" } },
    required: ["order"],
  });
  assert.deepEqual(sig.loose, [
    "parameter cb: unknown (no JSON Schema for this type; any value accepted)",
  ]);
});

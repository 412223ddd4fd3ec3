// Tests specs/eplb.yaml through the real spec loader: generated inputs are well-formed, both
// programs satisfy every rule, and each reward hack the rules name is caught by its rule.
import assert from "node:assert/strict";
import fc from "fast-check";
import { join } from "node:path";
import { judgeOutput } from "../../../src/evaluate/outputs.ts";
import { loadSpecWorkloads } from "../../../src/workloads/mod.ts";
import { compileSpec, loadSpec } from "../../../src/spec/mod.ts";
import { rebalance as greedy } from "../../../specs/eplb/baselines/greedy.ts";
import { rebalance as global } from "../../../specs/eplb/baselines/global.ts";
import { rebalance as initial } from "../../../specs/eplb/initial.ts";

const SPECS = new URL("../../../specs/", import.meta.url).pathname;
const spec = await loadSpec(join(SPECS, "eplb.yaml"));
const compiled = await compileSpec(spec);

interface Input {
  weight: number[][];
  numReplicas: number;
  numGroups: number;
  numNodes: number;
  numGpus: number;
}

const PROGRAMS = { greedy, global, initial };

function call(fn: typeof greedy, input: Input) {
  return fn(
    structuredClone(input.weight),
    input.numReplicas,
    input.numGroups,
    input.numNodes,
    input.numGpus,
  );
}

/** The rule a judged output breaks ("schema" for an output-schema failure), or "ok". */
function verdict(input: unknown, output: unknown): string {
  const failure = judgeOutput(compiled, input, output);
  if (!failure) return "ok";
  return failure.category === "invalid-output" ? "schema" : failure.rule ?? failure.message;
}

/** A consistent output for `phy2log` (counts and inverse built from it), independent of the programs. */
function placement(phy2log: number[][], experts: number) {
  const logcnt = phy2log.map((row) => {
    const c = new Array<number>(experts).fill(0);
    for (const e of row) c[e]++;
    return c;
  });
  const width = Math.max(...logcnt.flat());
  const log2phy = phy2log.map((row) =>
    Array.from({ length: experts }, (_, e) => {
      const slots = row.flatMap((x, p) => (x === e ? [p] : []));
      return [...slots, ...new Array<number>(width - slots.length).fill(-1)];
    })
  );
  return { phy2log, log2phy, logcnt };
}

Deno.test("specs/eplb.yaml loads with its nine rules, five derive steps and three metrics", () => {
  assert.deepEqual(spec.invariants.map((r) => r.id), [
    "layer-count",
    "gpu-slots",
    "expert-ids",
    "logcnt-shape",
    "every-expert-served",
    "replica-total",
    "logcnt-matches-placement",
    "log2phy-width",
    "log2phy-inverse",
  ]);
  assert.ok(spec.invariants.every((r) => r.doc.length > 20), "every rule has a doc line");
  assert.deepEqual(spec.derive.map((d) => d.field), [
    "numGroups",
    "numNodes",
    "numGpus",
    "numReplicas",
    "weight",
  ]);
  assert.deepEqual(spec.metrics.map((m) => m.name), [
    "balancedness",
    "node_balancedness",
    "runtime_ms",
  ]);
  assert.deepEqual(spec.args, ["weight", "numReplicas", "numGroups", "numNodes", "numGpus"]);
});

Deno.test("generated inputs are well-formed and cover both the hierarchical and the global policy", () => {
  const inputs = fc.sample(compiled.inputArbitrary, { numRuns: 60, seed: 5 }) as Input[];
  let hierarchical = 0, global = 0;
  for (const input of inputs) {
    assert.deepEqual(compiled.validateInput(input), []);
    const experts = input.weight[0].length;
    assert.ok(input.weight.every((row) => row.length === experts));
    assert.equal(experts % input.numGroups, 0);
    assert.equal(input.numGpus % input.numNodes, 0);
    assert.equal(input.numReplicas % input.numGpus, 0);
    assert.ok(input.numReplicas >= experts);
    if (input.numGroups % input.numNodes === 0) hierarchical++;
    else global++;
  }
  assert.ok(hierarchical > 0 && global > 0, `hierarchical ${hierarchical}, global ${global}`);
});

Deno.test("greedy, global and initial rebalance() satisfy every rule on the examples and generated inputs", () => {
  const generated = fc.sample(compiled.inputArbitrary, { numRuns: 60, seed: 11 }) as Input[];
  const examples = compiled.propertyParameters.examples.map(([e]) => e as Input);
  for (const input of [...examples, ...generated]) {
    for (const [name, fn] of Object.entries(PROGRAMS)) {
      assert.equal(
        verdict(input, call(fn, input)),
        "ok",
        `${name} on ${JSON.stringify(input).slice(0, 200)}`,
      );
    }
  }
});

Deno.test("greedy, global and initial rebalance() satisfy every rule on every shipped workload case", async () => {
  const spec = await loadSpec(join(SPECS, "eplb.yaml"));
  for (const set of ["train", "holdout"] as const) {
    for (const file of await loadSpecWorkloads(spec, set)) {
      // Two cases per file keep this quick; every case has the full 58 x 256 / 288 / 32 shape.
      for (const c of [file.cases[0], file.cases[file.cases.length - 1]]) {
        assert.deepEqual(compiled.validateInput(c.input), []);
        for (const [name, fn] of Object.entries(PROGRAMS)) {
          assert.equal(
            verdict(c.input, call(fn, c.input as unknown as Input)),
            "ok",
            `${name} on ${file.name}`,
          );
        }
      }
    }
  }
});

/** 2 layers x 4 experts, 2 nodes x 2 GPUs, 8 slots (2 per GPU), 2 groups. */
const input: Input = {
  weight: [[9, 5, 1, 1], [1, 1, 1, 9]],
  numReplicas: 8,
  numGroups: 2,
  numNodes: 2,
  numGpus: 4,
};
const goodRows = [[0, 0, 0, 1, 1, 2, 3, 1], [3, 3, 3, 0, 1, 2, 3, 3]];

Deno.test("the rules accept a hand-made valid placement", () => {
  assert.equal(verdict(input, placement(goodRows, 4)), "ok");
});

Deno.test("a request-dropping output (an expert with no replica) breaks every-expert-served", () => {
  // Expert 2 is left out of layer 0; its slot goes to hot expert 0, which would look better balanced.
  const dropped = [[0, 0, 0, 1, 1, 0, 3, 1], goodRows[1]];
  assert.equal(verdict(input, placement(dropped, 4)), "every-expert-served");
});

Deno.test("an output with the wrong number of slots per GPU breaks gpu-slots", () => {
  // A ninth slot would put 3 replicas on the last GPU; seven would leave it one short.
  assert.equal(verdict(input, placement([[...goodRows[0], 0], goodRows[1]], 4)), "gpu-slots");
  assert.equal(verdict(input, placement([goodRows[0].slice(0, 7), goodRows[1]], 4)), "gpu-slots");
});

Deno.test("each broken output is caught by the rule made for it", () => {
  const good = placement(goodRows, 4);
  const edit = (f: (o: typeof good) => void) => {
    const o = structuredClone(good);
    f(o);
    return o;
  };
  const broken: [string, unknown][] = [
    ["layer-count", edit((o) => o.phy2log.pop())],
    ["layer-count", edit((o) => o.log2phy.pop())],
    ["expert-ids", edit((o) => (o.phy2log[0][7] = 4))],
    ["logcnt-shape", edit((o) => o.logcnt[1].pop())],
    ["replica-total", edit((o) => o.logcnt[0][3]++)],
    ["logcnt-matches-placement", edit((o) => (o.logcnt[0][0]--, o.logcnt[0][1]++))],
    ["log2phy-width", edit((o) => o.log2phy[0].forEach((slots) => slots.push(-1)))],
    ["log2phy-width", edit((o) => o.log2phy[1].pop())],
    ["log2phy-inverse", edit((o) => (o.log2phy[0][0][0] = 3))], // slot 3 holds expert 1
    ["log2phy-inverse", edit((o) => (o.log2phy[0][0][1] = o.log2phy[0][0][0]))], // listed twice
    ["log2phy-inverse", edit((o) => (o.log2phy[0][2][1] = 0))], // padding that is not -1
    ["log2phy-inverse", edit((o) => o.log2phy[0].reverse())], // lists swapped between experts
    ["schema", edit((o) => (o.phy2log[0][0] = 0.5))],
    ["schema", edit((o) => (o.logcnt[0][0] = -1))],
    ["schema", { phy2log: good.phy2log, logcnt: good.logcnt }],
    ["schema", null],
  ];
  for (const [rule, output] of broken) {
    assert.equal(verdict(input, output), rule, JSON.stringify(output));
  }
});

Deno.test("score rewards balance first and speed on a log scale, capped between 1 ms and 100 ms", () => {
  const score = compiled.score!;
  const at = (balancedness: number, runtime_ms: number) =>
    score({ balancedness, node_balancedness: 0.9, runtime_ms });
  assert.ok(Math.abs(at(0.7, 100) - 0.63) < 1e-12);
  assert.ok(Math.abs(at(0.7, 1000) - 0.63) < 1e-12);
  assert.ok(Math.abs(at(0.7, 10) - 0.68) < 1e-12);
  assert.ok(Math.abs(at(0.7, 1) - 0.73) < 1e-12);
  assert.ok(Math.abs(at(0.7, 0.01) - 0.73) < 1e-12);
  // A 10x speed-up (+0.05) does not pay for 0.06 less balancedness.
  assert.ok(at(0.76, 20) > at(0.70, 2));
});

Deno.test("the initial and baseline programs type-check against the spec's entry signature", async () => {
  for (const file of [spec.program, spec.baselines.greedy, spec.baselines.global]) {
    const source = await Deno.readTextFile(file);
    assert.deepEqual(compiled.typecheck(source), [], file);
    assert.doesNotMatch(source, /^\s*import\s/m, `${file}: candidates are self-contained`);
  }
  const initialSource = await Deno.readTextFile(spec.program);
  const start = initialSource.indexOf("// EVOLVE-BLOCK-START");
  const end = initialSource.indexOf("// EVOLVE-BLOCK-END");
  assert.ok(start > 0 && end > start, "initial.ts marks its algorithm with EVOLVE-BLOCK markers");
  assert.ok(
    initialSource.indexOf("export function rebalance") > end,
    "the entry stays outside the block",
  );
});

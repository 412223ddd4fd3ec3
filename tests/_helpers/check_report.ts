// Shared fixtures: a check report with one passing and one hostile failing program.
import type { Evaluation } from "../../src/evaluate/types.ts";
import { buildCheckReport, type CheckReport } from "../../src/report/check/mod.ts";
import type { Spec } from "../../src/spec/types.ts";

/** Text a hostile candidate could put in a message: markup, XML breakers, control characters. */
export const HOSTILE_TEXT =
  "</failure></testcase>]]><script>alert(1)</script>\u0000\u0007 & | ``` end";

const passing: Evaluation = {
  ok: true,
  stages: [
    { stage: "typecheck", ok: true, ms: 12 },
    { stage: "properties", ok: true, ms: 340, cases: 200 },
    {
      stage: "train",
      ok: true,
      ms: 90,
      result: {
        metrics: { balancedness: 0.61 },
        score: 0.61,
        perWorkload: { w0: { balancedness: 0.61 } },
      },
    },
  ],
  train: {
    metrics: { balancedness: 0.61 },
    score: 0.61,
    perWorkload: { w0: { balancedness: 0.61 } },
  },
};

const failing: Evaluation = {
  ok: false,
  stages: [
    { stage: "typecheck", ok: true, ms: 10 },
    {
      stage: "properties",
      ok: false,
      ms: 55,
      cases: 14,
      failure: {
        category: "invariant",
        rule: "every-expert-served",
        doc: "each logical expert keeps at least one replica",
        message: `invariant every-expert-served violated: ${HOSTILE_TEXT}`,
        counterexample: { weight: [[0, 1]], numReplicas: 2 },
        output: JSON.stringify({ logcnt: [[0, 2]] }),
        seed: 42,
        path: "3:1:0",
      },
    },
  ],
  failure: {
    category: "invariant",
    rule: "every-expert-served",
    doc: "each logical expert keeps at least one replica",
    message: `invariant every-expert-served violated: ${HOSTILE_TEXT}`,
    counterexample: { weight: [[0, 1]], numReplicas: 2 },
    output: JSON.stringify({ logcnt: [[0, 2]] }),
    seed: 42,
    path: "3:1:0",
  },
};

/** A report over a minimal spec with two rules: `greedy` passes, `dropper` fails the first rule. */
export function sampleCheckReport(): CheckReport {
  const spec = {
    name: "eplb",
    file: "specs/eplb.yaml",
    hash: "abc",
    cascade: { stages: ["typecheck", "properties", "train"] },
    invariants: [
      { id: "every-expert-served", doc: "each logical expert keeps at least one replica" },
      { id: "replica-count", doc: "logcnt sums to numReplicas" },
    ],
  } as unknown as Spec;
  return buildCheckReport(spec, { runs: 200, seed: 42, holdout: true }, [
    { label: "baseline greedy", path: "specs/eplb/baselines/greedy.ts", evaluation: passing },
    { label: "dropper", path: "tests/fixtures/dropper.ts", evaluation: failing },
  ]);
}

import assert from "node:assert/strict";
import type { StoredProgram } from "../../../src/evolve/records/mod.ts";
import { operatorStats } from "../../../src/report/run/_operators.ts";
import { buildRunReport, renderRunHtml, renderRunMarkdown } from "../../../src/report/run/mod.ts";
import { SqliteStore } from "../../../src/evolve/database/sqlite_store.ts";
import { runDbPath } from "../../../src/evolve/database/run_dir.ts";
import { fakeRunDir } from "./_runs.ts";

/** A stored program by `proposer` with train `score` (undefined: it failed a stage). */
function stored(id: number, proposer: string, score?: number, parentId = 1): StoredProgram {
  return {
    id,
    source: `// ${id}`,
    hash: String(id),
    parentId: id === 1 ? undefined : parentId,
    island: 0,
    generation: id === 1 ? 0 : 1,
    iteration: id - 1,
    proposer,
    description: "",
    features: { code_length: 1, loops: 0, branches: 0, functions: 0, calls: 0 },
    createdAt: "",
    evaluation: {
      programId: id,
      ok: score !== undefined,
      stages: [],
      train: score === undefined ? undefined : { metrics: {}, score, perWorkload: {} },
      evalMs: 1,
      wallMs: 1,
      createdAt: "",
    },
  };
}

Deno.test("operatorStats() counts, per operator, the children that beat their parent, with a Wilson interval", () => {
  const programs = [
    stored(1, "initial", 0.5),
    stored(2, "offline:compare", 0.6),
    stored(3, "offline:compare+constant", 0.7),
    stored(4, "offline:constant", 0.4),
    stored(5, "offline:constant"), // failed a stage: a loss
    stored(6, "llm:gpt", 0.9), // not an offline operator
    stored(7, "offline:compare", 0.65, 3), // worse than its parent (0.7)
  ];
  const stats = operatorStats(programs);
  assert.deepEqual(stats.map((s) => [s.operator, s.children, s.improved]), [
    ["compare", 3, 2],
    ["constant", 3, 1],
  ]);
  for (const s of stats) {
    assert.ok(s.low <= s.rate && s.rate <= s.high && s.low >= 0 && s.high <= 1, JSON.stringify(s));
  }
  // Wilson interval of 2 in 3: about 0.208 to 0.939.
  assert.ok(Math.abs(stats[0].low - 0.208) < 0.002 && Math.abs(stats[0].high - 0.939) < 0.002);
  assert.deepEqual(operatorStats([stored(1, "initial", 0.5), stored(2, "llm:x", 0.6)]), []);
});

Deno.test("the run report shows the operator table only when a run has offline proposals", async () => {
  const store = SqliteStore.open(runDbPath(await fakeRunDir(4)));
  try {
    const report = buildRunReport(store);
    assert.deepEqual(report.operators, []);
    assert.doesNotMatch(renderRunMarkdown(report), /Offline operators/);
    const operators = operatorStats([stored(1, "initial", 0.5), stored(2, "offline:math", 0.6)]);
    const md = renderRunMarkdown({ ...report, operators });
    assert.match(md, /## Offline operators/);
    assert.match(md, /\| math \| 1 \| 1 \| 1 \| 0\.207 – 1 \|/);
    assert.match(renderRunHtml({ ...report, operators }), /Offline operators/);
  } finally {
    store.close();
  }
});

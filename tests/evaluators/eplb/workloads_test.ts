// Tests the EPLB workloads: deterministic generation, the shipped files, `cases`, rejection of
// broken files, and the structure the generator promises (heavy tails, drift, regime shift).
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  cases,
  decodeWorkload,
  encodeWorkload,
  EPLB_SHAPE,
  type EplbCaseContext,
  type EplbWorkload,
  generate,
  generateWorkloads,
  WORKLOAD_FORMAT,
} from "../../../evaluators/eplb/mod.ts";
import { isSpecError } from "../../../src/errors/mod.ts";
import { loadSpec } from "../../../src/spec/mod.ts";
import { loadSpecWorkloads } from "../../../src/workloads/mod.ts";

const SHIPPED = new URL("../../../specs/eplb/workloads/", import.meta.url).pathname;
/** The seed `deno task workloads` uses by default; the shipped files were written with it. */
const SHIPPED_SEED = 1;

async function readDir(dir: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for await (const entry of Deno.readDir(dir)) {
    files.set(entry.name, await Deno.readFile(join(dir, entry.name)));
  }
  return files;
}

async function generateInto(
  seed: number,
): Promise<{ root: string; train: string; holdout: string }> {
  const root = await Deno.makeTempDir({ prefix: "eplb-gen-" });
  const dirs = { root, train: join(root, "train"), holdout: join(root, "holdout") };
  await generate({ trainDir: dirs.train, holdoutDir: dirs.holdout, seed });
  return dirs;
}

Deno.test("generate() writes byte-identical files for the same seed and different ones for another", async () => {
  const a = await generateInto(7);
  const b = await generateInto(7);
  const c = await generateInto(8);
  try {
    for (const set of ["train", "holdout"] as const) {
      const [fa, fb, fc] = await Promise.all([readDir(a[set]), readDir(b[set]), readDir(c[set])]);
      assert.deepEqual([...fa.keys()].sort(), [...fb.keys()].sort());
      assert.ok(fa.size >= 3, `${set}: expected several files, got ${fa.size}`);
      for (const [name, bytes] of fa) {
        assert.deepEqual(
          bytes,
          fb.get(name),
          `${set}/${name} differs between two runs with one seed`,
        );
        assert.notDeepEqual(bytes, fc.get(name), `${set}/${name} ignores the seed`);
      }
    }
  } finally {
    for (const d of [a, b, c]) await Deno.remove(d.root, { recursive: true });
  }
});

Deno.test("generate() replaces its own stale files and leaves other files alone", async () => {
  const root = await Deno.makeTempDir({ prefix: "eplb-gen-" });
  try {
    const train = join(root, "train");
    await Deno.mkdir(train);
    await Deno.writeTextFile(join(train, "train-99.json.gz"), "stale");
    await Deno.writeTextFile(join(train, "README.txt"), "mine");
    await generate({ trainDir: train, holdoutDir: join(root, "holdout"), seed: 3 });
    const names = [...(await readDir(train)).keys()].sort();
    assert.ok(!names.includes("train-99.json.gz"));
    assert.ok(names.includes("README.txt"));
    assert.ok(names.includes("train-0.json.gz"));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("shipped workloads hold exactly what generateWorkloads(1) builds", async () => {
  const expected = generateWorkloads(SHIPPED_SEED);
  for (const set of ["train", "holdout"] as const) {
    const files = await readDir(join(SHIPPED, set));
    assert.equal(files.size, expected[set].length);
    for (const [i, want] of expected[set].entries()) {
      const bytes = files.get(`${set}-${i}.json.gz`);
      assert.ok(bytes, `${set}-${i}.json.gz is missing; run deno task workloads specs/eplb.yaml`);
      assert.deepEqual(await decodeWorkload(bytes, `${set}-${i}`), want);
    }
  }
});

Deno.test("cases() makes one case per window pair: input window t, context window t+1", async () => {
  const path = join(SHIPPED, "train", "train-0.json.gz");
  const bytes = await Deno.readFile(path);
  const w = await decodeWorkload(bytes, path);
  const got = await cases({ path, name: "train-0.json.gz", bytes });
  assert.equal(got.length, w.loads.length - 1);
  for (const [t, c] of got.entries()) {
    const { numReplicas, numGroups, numNodes, numGpus } = EPLB_SHAPE;
    assert.deepEqual(c.input, { weight: w.loads[t], numReplicas, numGroups, numNodes, numGpus });
    assert.deepEqual((c.context as EplbCaseContext).next, w.loads[t + 1]);
    assert.equal(w.loads[t].length, EPLB_SHAPE.layers);
    assert.equal(w.loads[t][0].length, EPLB_SHAPE.experts);
  }
});

function tiny(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    format: WORKLOAD_FORMAT,
    note: "",
    numReplicas: 4,
    numGroups: 2,
    numNodes: 1,
    numGpus: 2,
    loads: [[[1, 2, 3, 4]], [[4, 3, 2, 1]]],
    ...overrides,
  };
}

async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

Deno.test("decodeWorkload() round-trips what encodeWorkload() writes", async () => {
  const w = tiny({}) as unknown as EplbWorkload;
  assert.deepEqual(await decodeWorkload(await encodeWorkload(w), "tiny"), w);
});

Deno.test("decodeWorkload() rejects a broken container saying how to regenerate", async () => {
  const bad: [string, Uint8Array | Promise<Uint8Array>, RegExp][] = [
    ["not gzip", new TextEncoder().encode("{}"), /not gzipped JSON/],
    ["not json", gzip("{oops"), /not gzipped JSON/],
    ["array", gzip("[1]"), /format is undefined/],
    ["format", gzip(JSON.stringify(tiny({ format: "other/9" }))), /format is other\/9/],
  ];
  for (const [what, bytes, pattern] of bad) {
    await assert.rejects(decodeWorkload(await bytes, "w.json.gz"), (e: Error) => {
      assert.match(e.message, /^evaluators\/eplb: workload w\.json\.gz: /, what);
      assert.match(e.message, pattern, what);
      assert.match(e.message, /deno task workloads/, what);
      return true;
    });
  }
});

Deno.test("a trace whose cases break the spec is a spec error naming the file, case and rule", async () => {
  const spec = await loadSpec(new URL("../../../specs/eplb.yaml", import.meta.url).pathname);
  const dir = await Deno.makeTempDir();
  try {
    const traces: [string, Record<string, unknown>, RegExp][] = [
      [
        "groups",
        tiny({ numGroups: 3 }),
        /case 0 .*breaks assume\[1\] `input\.weight\[0\]\.length % input\.numGroups/,
      ],
      [
        "negative",
        tiny({ loads: [[[1, -2, 3, 4]], [[1, 2, 3, 4]]] }),
        /\/weight\/0\/1 must be >= 0/,
      ],
      [
        "ragged",
        tiny({ loads: [[[1, 2, 3, 4], [1, 2]], [[1, 2, 3, 4], [1, 2]]] }),
        /breaks assume\[0\]/,
      ],
      ["one window", tiny({ loads: [[[1, 2, 3, 4]]] }), /holds no cases/],
    ];
    for (const [what, trace, pattern] of traces) {
      await Deno.writeFile(join(dir, "t.json.gz"), await gzip(JSON.stringify(trace)));
      const moved = { ...spec, workloads: { ...spec.workloads!, train: dir } };
      await assert.rejects(loadSpecWorkloads(moved, "train"), (e: unknown) => {
        assert.ok(isSpecError(e), what);
        assert.match(e.issues[0].file, /t\.json\.gz$/, what);
        assert.match(e.issues[0].message, pattern, what);
        return true;
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Mean over windows of each expert's share of its layer's load, per layer: [layer][expert]. */
function popularity(w: EplbWorkload): number[][] {
  return w.loads[0].map((_, l) =>
    w.loads[0][l].map((_, e) => {
      let share = 0;
      for (const window of w.loads) share += window[l][e] / window[l].reduce((a, b) => a + b, 0);
      return share / w.loads.length;
    })
  );
}

function correlation(a: readonly number[], b: readonly number[]): number {
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const ma = mean(a), mb = mean(b);
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

/** Mean over layers of the correlation of log popularity between two workloads. */
function similarity(a: number[][], b: number[][]): number {
  const log = (row: number[]) => row.map((x) => Math.log(x + 1e-6));
  return a.reduce((s, row, l) => s + correlation(log(row), log(b[l])), 0) / a.length;
}

Deno.test("generateWorkloads() gives heavy-tailed, drifting loads and a train/holdout regime shift", () => {
  const { train, holdout } = generateWorkloads(SHIPPED_SEED);
  const { layers, experts } = EPLB_SHAPE;
  for (const w of [...train, ...holdout]) {
    assert.equal(w.loads.length, 10);
    const first = w.loads[0];
    // Heavy tail: the hottest 8 of 256 experts (3%) carry far more than 3% of a layer's load.
    const topShare = first.map((row) => {
      const sorted = [...row].sort((x, y) => y - x);
      return sorted.slice(0, 8).reduce((a, b) => a + b, 0) / row.reduce((a, b) => a + b, 0);
    });
    assert.ok(Math.min(...topShare) > 0.1, `${w.note}: top-8 share ${Math.min(...topShare)}`);
    // Layers differ: their skew is not one number.
    assert.ok(Math.max(...topShare) - Math.min(...topShare) > 0.1, `${w.note}: layers look alike`);
    // Drift: consecutive windows are alike but not equal.
    const r = correlation(w.loads[0][0], w.loads[1][0]);
    assert.ok(r > 0.3 && r < 0.999, `${w.note}: window-to-window correlation ${r}`);
    assert.equal(first.length, layers);
    assert.ok(first.every((row) => row.length === experts));
  }
  // Regime shift: every holdout trace is further from the pooled train popularity than any train
  // trace is (holdout traffic comes partly from a domain train never shows).
  const pt = train.map(popularity);
  const pooled = pt[0].map((row, l) =>
    row.map((_, e) => pt.reduce((s, p) => s + p[l][e], 0) / pt.length)
  );
  const trainSim = Math.min(...pt.map((p) => similarity(p, pooled)));
  for (const [i, w] of holdout.entries()) {
    const s = similarity(popularity(w), pooled);
    assert.ok(s < trainSim, `holdout-${i} similarity ${s} vs train ${trainSim}`);
  }
});

/** Mean over layers of the hottest expert's share of the layer's load in one window. */
function hottestShare(window: readonly (readonly number[])[]): number {
  const shares = window.map((row) => Math.max(...row) / row.reduce((a, b) => a + b, 0));
  return shares.reduce((a, b) => a + b, 0) / shares.length;
}

Deno.test("generateWorkloads() adds skewed families: a hottest expert near 18% of a layer, in train and holdout", () => {
  const { train, holdout } = generateWorkloads(SHIPPED_SEED);
  for (const set of [train, holdout]) {
    const skewed = set.filter((w) => w.note.startsWith("skewed"));
    assert.ok(skewed.length >= 2, "expected at least two skewed traces per set");
    const peak = Math.max(...skewed.map((w) => hottestShare(w.loads[0])));
    assert.ok(peak > 0.15 && peak < 0.25, `hottest expert share ${peak}`);
    // The mild families stay under top-8's cap of 1/8.
    for (const w of set.filter((w) => !w.note.startsWith("skewed"))) {
      assert.ok(hottestShare(w.loads[0]) < 0.125, `${w.note}: ${hottestShare(w.loads[0])}`);
    }
  }
});

Deno.test("generateWorkloads() swaps the hottest experts mid-trace in the swap family", () => {
  const swap = generateWorkloads(SHIPPED_SEED).holdout.find((w) => w.note.includes("swap"));
  assert.ok(swap, "no swap trace in holdout");
  const hottest = (t: number) => swap.loads[t].map((row) => row.indexOf(Math.max(...row)));
  const same = (a: number[], b: number[]) => a.filter((e, l) => e === b[l]).length / a.length;
  // Before the swap the hot set persists; across it the hottest expert of most layers changes.
  assert.ok(same(hottest(0), hottest(4)) > 0.6, `before: ${same(hottest(0), hottest(4))}`);
  assert.ok(same(hottest(4), hottest(5)) < 0.2, `across: ${same(hottest(4), hottest(5))}`);
});

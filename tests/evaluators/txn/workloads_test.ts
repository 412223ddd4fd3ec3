// Tests the transaction workloads: deterministic generation, the shipped files, `cases`, rejection
// of broken files, and the traffic the generator promises (Zipf hot keys, read/write mixes, and
// holdout patterns that train never shows).
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  cases,
  decodeWorkload,
  encodeWorkload,
  generate,
  generateWorkloads,
  lowerBound,
  makespan,
  type TxnCaseContext,
  type TxnWorkload,
  WORKLOAD_FORMAT,
} from "../../../evaluators/txn/mod.ts";
import { gzip, SHIPPED_SEED, testWorkloadGenerator } from "../../_helpers/workload_generators.ts";

const SHIPPED = new URL("../../../specs/txn/workloads/", import.meta.url).pathname;
const built = generateWorkloads(SHIPPED_SEED);

testWorkloadGenerator("txn", { generate, decodeWorkload, built, shipped: SHIPPED });

Deno.test("cases() makes one case per batch with its arrival makespan and lower bound", async () => {
  const path = join(SHIPPED, "train", "train-2.json.gz");
  const bytes = await Deno.readFile(path);
  const w = await decodeWorkload(bytes, path);
  const got = await cases({ path, name: "train-2.json.gz", bytes });
  assert.equal(got.length, w.batches.length);
  for (const [b, c] of got.entries()) {
    assert.deepEqual(c.input, { txns: w.batches[b], workers: w.workers });
    const context = c.context as TxnCaseContext;
    const arrival = w.batches[b].map((_, i) => i);
    assert.equal(context.arrivalMakespan, makespan(w.batches[b], w.workers, arrival));
    assert.equal(context.lowerBound, lowerBound(w.batches[b], w.workers));
    assert.ok(context.lowerBound <= context.arrivalMakespan);
  }
});

function tiny(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    format: WORKLOAD_FORMAT,
    note: "",
    workers: 2,
    batches: [[{ duration: 3, reads: [1], writes: [2] }]],
    ...overrides,
  };
}

Deno.test("decodeWorkload() round-trips what encodeWorkload() writes", async () => {
  const w = tiny({}) as unknown as TxnWorkload;
  assert.deepEqual(await decodeWorkload(await encodeWorkload(w), "tiny"), w);
});

Deno.test("decodeWorkload() rejects broken files with a located message that says what to do", async () => {
  const txn = (t: Record<string, unknown>) => ({ duration: 1, reads: [], writes: [], ...t });
  const bad: [string, Uint8Array | Promise<Uint8Array>, RegExp][] = [
    ["not gzip", new TextEncoder().encode("{}"), /not a gzip file/],
    ["not json", gzip("{oops"), /not JSON/],
    ["format", gzip(JSON.stringify(tiny({ format: "other/9" }))), /format is other\/9/],
    ["workers", gzip(JSON.stringify(tiny({ workers: 0 }))), /workers must be an integer/],
    ["no batches", gzip(JSON.stringify(tiny({ batches: [] }))), /batches must be a non-empty/],
    ["batch", gzip(JSON.stringify(tiny({ batches: [{}] }))), /batches\[0\] is not a list/],
    [
      "duration",
      gzip(JSON.stringify(tiny({ batches: [[txn({}), txn({ duration: 0 })]] }))),
      /batches\[0\]\[1\]: duration must be an integer/,
    ],
    [
      "key",
      gzip(JSON.stringify(tiny({ batches: [[txn({ writes: [-1] })]] }))),
      /writes must be a list of integer keys/,
    ],
    [
      "reads",
      gzip(JSON.stringify(tiny({ batches: [[txn({ reads: "1" })]] }))),
      /reads must be a list/,
    ],
  ];
  for (const [what, bytes, pattern] of bad) {
    await assert.rejects(decodeWorkload(await bytes, "w.json.gz"), (e: Error) => {
      assert.match(e.message, /^evaluators\/txn: workload w\.json\.gz: /, what);
      assert.match(e.message, pattern, what);
      assert.match(e.message, /deno task workloads specs\/txn\.yaml/, what);
      return true;
    });
  }
});

/** Traffic figures of one workload: read share, hottest key's share of accesses, scans. */
function traffic(w: TxnWorkload) {
  let reads = 0, writes = 0, scans = 0, txns = 0, hottest = 0;
  for (const batch of w.batches) {
    const hits = new Map<number, number>();
    for (const t of batch) {
      txns++;
      reads += t.reads.length;
      writes += t.writes.length;
      if (t.reads.length >= 20) scans++;
      for (const k of [...t.reads, ...t.writes]) hits.set(k, (hits.get(k) ?? 0) + 1);
    }
    let total = 0;
    for (const h of hits.values()) total += h;
    hottest += Math.max(...hits.values()) / total;
  }
  return {
    readShare: reads / (reads + writes),
    hottestShare: hottest / w.batches.length,
    scanShare: scans / txns,
  };
}

Deno.test("generated traffic has hot keys, read/write mixes, and holdout patterns train lacks", () => {
  const train = built.train.map(traffic);
  const [veryHot, scans, writeOnly] = built.holdout.map(traffic);
  // Zipf: the hottest key takes far more than a uniform 1/keys share of accesses.
  for (const t of train) assert.ok(t.hottestShare > 0.03, JSON.stringify(t));
  // Read-heavy and write-heavy mixes both occur in train.
  assert.ok(Math.max(...train.map((t) => t.readShare)) > 0.85);
  assert.ok(Math.min(...train.map((t) => t.readShare)) < 0.55);
  // Holdout: a higher skew than any train file, scans and write-only traffic train never has.
  assert.ok(veryHot.hottestShare > Math.max(...train.map((t) => t.hottestShare)));
  assert.ok(scans.scanShare > 0.05 && train.every((t) => t.scanShare === 0));
  assert.equal(writeOnly.readShare, 0);
  assert.ok(train.every((t) => t.readShare > 0));
  for (const w of [...built.train, ...built.holdout]) {
    for (const batch of w.batches) assert.ok(batch.length >= 100 && batch.length <= 200);
  }
});

Deno.test("key ids say nothing about popularity: the hottest keys are not the smallest ids", () => {
  for (const w of [...built.train, ...built.holdout]) {
    const hits = new Map<number, number>();
    for (const t of w.batches.flat()) {
      for (const k of [...t.reads, ...t.writes]) hits.set(k, (hits.get(k) ?? 0) + 1);
    }
    const [hottest] = [...hits].sort((a, b) => b[1] - a[1])[0];
    assert.ok(hottest > 10, `${w.note}: hottest key has id ${hottest}`);
  }
});

// Tests the transaction workloads: deterministic generation, the shipped files, `cases`, rejection
// of broken files, and the traffic the generator promises (Zipf hot keys, read/write mixes, and
// holdout patterns that train never shows).
import assert from "node:assert/strict";
import {
  generate,
  generateWorkloads,
  lowerBound,
  makespan,
  type Txn,
  type TxnCaseContext,
} from "../../../evaluators/txn/mod.ts";
import type { CaseFile } from "../../../src/author/mod.ts";
import { loadSpec } from "../../../src/spec/mod.ts";
import { loadSpecWorkloads } from "../../../src/workloads/mod.ts";
import { SHIPPED_SEED, testWorkloadGenerator } from "../../_helpers/workload_generators.ts";

const SHIPPED = new URL("../../../specs/txn/workloads/", import.meta.url).pathname;
const SPEC = new URL("../../../specs/txn.yaml", import.meta.url).pathname;
const built = generateWorkloads(SHIPPED_SEED);

testWorkloadGenerator("txn", { generate, built, shipped: SHIPPED });

Deno.test("every shipped case holds its batch's arrival makespan and lower bound as context", async () => {
  const train = await loadSpecWorkloads(await loadSpec(SPEC), "train");
  for (const file of train) {
    for (const c of file.cases) {
      const { txns, workers } = c.input as { txns: Txn[]; workers: number };
      const context = c.context as TxnCaseContext;
      assert.equal(context.arrivalMakespan, makespan(txns, workers, txns.map((_, i) => i)));
      assert.equal(context.lowerBound, lowerBound(txns, workers));
      assert.ok(context.lowerBound <= context.arrivalMakespan);
    }
  }
});

/** The batches of a file, one per case. */
function batchesOf(w: CaseFile): Txn[][] {
  return w.cases.map((c) => (c.input as { txns: Txn[] }).txns);
}

/** Traffic figures of one workload: read share, hottest key's share of accesses, scans. */
function traffic(w: CaseFile) {
  let reads = 0, writes = 0, scans = 0, txns = 0, hottest = 0;
  for (const batch of batchesOf(w)) {
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
    hottestShare: hottest / w.cases.length,
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
    for (const batch of batchesOf(w)) assert.ok(batch.length >= 100 && batch.length <= 200);
  }
});

Deno.test("key ids say nothing about popularity: the hottest keys are not the smallest ids", () => {
  for (const w of [...built.train, ...built.holdout]) {
    const hits = new Map<number, number>();
    for (const t of batchesOf(w).flat()) {
      for (const k of [...t.reads, ...t.writes]) hits.set(k, (hits.get(k) ?? 0) + 1);
    }
    const [hottest] = [...hits].sort((a, b) => b[1] - a[1])[0];
    assert.ok(hottest > 10, `${w.note}: hottest key has id ${hottest}`);
  }
});

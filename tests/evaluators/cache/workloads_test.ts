// Tests the cache workloads: deterministic generation, the shipped files held to the spec, a bad
// episode rejected, and the access patterns the generator promises (train and holdout differ).
import assert from "node:assert/strict";
import {
  type CacheCaseContext,
  type CacheEpisode,
  generate,
  generateWorkloads,
  lruMisses,
} from "../../../evaluators/cache/mod.ts";
import type { CaseFile } from "../../../src/author/mod.ts";
import { isSpecError } from "../../../src/errors/mod.ts";
import { loadSpec } from "../../../src/spec/mod.ts";
import { loadSpecWorkloads, writeCaseSet } from "../../../src/workloads/mod.ts";
import { SHIPPED_SEED, testWorkloadGenerator } from "../../_helpers/workload_generators.ts";

const SHIPPED = new URL("../../../specs/cache/workloads/", import.meta.url).pathname;
const SPEC = new URL("../../../specs/cache.yaml", import.meta.url).pathname;
const built = generateWorkloads(SHIPPED_SEED);

testWorkloadGenerator("cache", { generate, built, shipped: SHIPPED });

Deno.test("shipped cache episodes load held to the spec, each with LRU's misses as context", async () => {
  const train = await loadSpecWorkloads(await loadSpec(SPEC), "train");
  for (const file of train) {
    for (const c of file.cases) {
      const { capacity, accesses } = c.input as unknown as CacheEpisode;
      assert.equal((c.context as CacheCaseContext).lruMisses, lruMisses(capacity, accesses));
    }
  }
});

Deno.test("an episode outside the spec's input schema is a spec error naming file and case", async () => {
  const spec = await loadSpec(SPEC);
  const dir = await Deno.makeTempDir();
  try {
    const bad = { input: { capacity: 0, accesses: [1, 2] }, context: { lruMisses: 2 } };
    await writeCaseSet(dir, "train", [["0", { cases: [bad] }]]);
    const moved = { ...spec, workloads: { ...spec.workloads!, train: dir } };
    await assert.rejects(loadSpecWorkloads(moved, "train"), (e: unknown) => {
      assert.ok(isSpecError(e));
      assert.match(e.issues[0].file, /train-0\.json\.gz$/);
      assert.equal(e.issues[0].pointer, "/0/input/capacity");
      assert.match(e.issues[0].message, /^case 0 does not match `input`: \/capacity must be >= 1/);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Keys used exactly once in a trace, as a share of its accesses. */
function oneTimeShare(accesses: readonly number[]): number {
  const count = new Map<number, number>();
  for (const k of accesses) count.set(k, (count.get(k) ?? 0) + 1);
  return [...count.values()].filter((c) => c === 1).length / accesses.length;
}

Deno.test("generated traces show their patterns: loops defeat LRU, scans are one-time keys", () => {
  const episode = (w: CaseFile) => w.cases[0].input as unknown as CacheEpisode;
  // The 50-key loop in a 40-key cache: LRU misses nearly everything.
  const loop = episode(built.train[2]);
  assert.ok(lruMisses(loop.capacity, loop.accesses) > 0.9 * loop.accesses.length);
  // Scans bring keys used once; plain drifting Zipf hardly any.
  assert.ok(oneTimeShare(episode(built.train[1]).accesses) > 0.2);
  assert.ok(oneTimeShare(episode(built.holdout[1]).accesses) > 0.2);
  // The hot-set shift: the two halves share no keys.
  const shift = episode(built.holdout[0]).accesses;
  const first = new Set(shift.slice(0, shift.length / 2));
  assert.ok(shift.slice(shift.length / 2).every((k) => !first.has(k)));
  // Holdout notes name patterns train does not have.
  const trainNotes = built.train.map((w) => w.note ?? "").join("\n");
  for (const w of built.holdout) {
    const note = w.note ?? "";
    assert.ok(!trainNotes.includes(note.split(":")[0]), note);
  }
});

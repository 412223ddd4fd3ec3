// Tests the cache workloads: deterministic generation, the shipped files, `cases`, rejection of
// broken files, and the access patterns the generator promises (train and holdout differ).
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  type CacheCaseContext,
  type CacheWorkload,
  cases,
  decodeWorkload,
  encodeWorkload,
  generate,
  generateWorkloads,
  lruMisses,
  WORKLOAD_FORMAT,
} from "../../../evaluators/cache/mod.ts";
import { gzip, SHIPPED_SEED, testWorkloadGenerator } from "../../_helpers/workload_generators.ts";

const SHIPPED = new URL("../../../specs/cache/workloads/", import.meta.url).pathname;
const built = generateWorkloads(SHIPPED_SEED);

testWorkloadGenerator("cache", { generate, decodeWorkload, built, shipped: SHIPPED });

Deno.test("cases() makes one episode per trace with LRU's misses as context", async () => {
  const path = join(SHIPPED, "train", "train-1.json.gz");
  const bytes = await Deno.readFile(path);
  const w = await decodeWorkload(bytes, path);
  const got = await cases({ path, name: "train-1.json.gz", bytes });
  assert.equal(got.length, w.episodes.length);
  for (const [i, c] of got.entries()) {
    assert.deepEqual(c.input, w.episodes[i]);
    const { capacity, accesses } = w.episodes[i];
    assert.equal((c.context as CacheCaseContext).lruMisses, lruMisses(capacity, accesses));
  }
});

Deno.test("decodeWorkload() round-trips and rejects broken files saying how to regenerate", async () => {
  const tiny = { format: WORKLOAD_FORMAT, note: "", episodes: [{ capacity: 2, accesses: [1, 2] }] };
  assert.deepEqual(await decodeWorkload(await encodeWorkload(tiny as CacheWorkload), "t"), tiny);
  const bad: [unknown, RegExp][] = [
    [{ ...tiny, format: "x/1" }, /format is x\/1/],
    [{ ...tiny, episodes: [] }, /episodes must be a non-empty list/],
    [{ ...tiny, episodes: [{ capacity: 0, accesses: [] }] }, /episodes\[0\]\.capacity/],
    [{ ...tiny, episodes: [{ capacity: 2, accesses: [-1] }] }, /episodes\[0\]\.accesses/],
  ];
  for (const [data, pattern] of bad) {
    await assert.rejects(decodeWorkload(await gzip(JSON.stringify(data)), "w"), (e: Error) => {
      assert.match(e.message, pattern);
      assert.match(
        e.message,
        /^evaluators\/cache: workload w: .*deno task workloads specs\/cache\.yaml/,
      );
      return true;
    });
  }
  await assert.rejects(decodeWorkload(new Uint8Array([1, 2]), "w"), /not a gzip file/);
});

/** Keys used exactly once in a trace, as a share of its accesses. */
function oneTimeShare(accesses: readonly number[]): number {
  const count = new Map<number, number>();
  for (const k of accesses) count.set(k, (count.get(k) ?? 0) + 1);
  return [...count.values()].filter((c) => c === 1).length / accesses.length;
}

Deno.test("generated traces show their patterns: loops defeat LRU, scans are one-time keys", () => {
  const episode = (w: CacheWorkload) => w.episodes[0];
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
  const trainNotes = built.train.map((w) => w.note).join("\n");
  for (const w of built.holdout) assert.ok(!trainNotes.includes(w.note.split(":")[0]), w.note);
});

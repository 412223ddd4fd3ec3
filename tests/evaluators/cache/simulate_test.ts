// Tests the cache model: hand-computed episodes for the simulator, LRU and Belady; the step inputs
// hold only the past; a victim outside the cache stops the episode; the spec's rules and metrics.
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  beladyMisses,
  type CacheResult,
  type CacheStep,
  hitRatio,
  lruMisses,
  missReduction,
  simulate,
} from "../../../evaluators/cache/mod.ts";
import type { WorkloadCase } from "../../../src/evaluate/types.ts";
import { compileSpec, loadSpec } from "../../../src/spec/mod.ts";
import * as initial from "../../../specs/cache/initial.ts";
import * as lru from "../../../specs/cache/baselines/lru.ts";
import * as s3fifo from "../../../specs/cache/baselines/s3fifo.ts";

type Policy = typeof lru.evict;

/** Plays `accesses` with `policy` in process (cloning as the sandbox does); records step inputs. */
async function play(policy: Policy, capacity: number, accesses: number[]) {
  const steps: CacheStep[] = [];
  const result = await simulate({ capacity, accesses }, (input) => {
    const s = structuredClone(input) as unknown as CacheStep;
    steps.push(structuredClone(s));
    return Promise.resolve(
      structuredClone(policy(s.key, s.clock, s.capacity, s.cache, s.recent, s.state)),
    );
  }) as CacheResult;
  return { result, steps };
}

// Capacity 2. LRU: 1m 2m 3m(-1) 1m(-2) 2m(-3) 4m(-1) 1m(-2) 2m(-4): 8 misses.
// Belady: 1m 2m 3m(-2) 1h 2m(-3) 4m(-2) 1h 2m(-4): 6 misses.
const TRACE = [1, 2, 3, 1, 2, 4, 1, 2];

Deno.test("lruMisses() and beladyMisses() match hand-computed counts", () => {
  assert.equal(lruMisses(2, TRACE), 8);
  assert.equal(beladyMisses(2, TRACE), 6);
  assert.equal(lruMisses(2, [1, 2, 1, 3, 1, 2]), 4);
  assert.equal(lruMisses(3, []), 0);
  assert.equal(beladyMisses(1, [5, 5, 5]), 1);
});

Deno.test("simulate() asks for a victim only on a miss with the cache full, showing only the past", async () => {
  const { result, steps } = await play(lru.evict, 2, TRACE);
  assert.deepEqual(result, { hits: 0, misses: 8, evictions: 6, maxOccupancy: 2, badVictim: null });
  assert.deepEqual(steps.map((s) => s.clock), [2, 3, 4, 5, 6, 7]);
  assert.deepEqual(steps[0], {
    key: 3,
    clock: 2,
    capacity: 2,
    cache: [1, 2],
    recent: [1, 2],
    state: null,
  });
  // After evicting 1 for 3 the cache is [2, 3]; nothing happened between the two misses.
  assert.deepEqual([steps[1].key, steps[1].cache, steps[1].recent], [1, [2, 3], []]);
});

Deno.test("simulate() hands each step exactly the accesses since the last one and the policy's own state", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 4 }),
      fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 40 }),
      async (capacity, accesses) => {
        const { steps } = await play(initial.evict, capacity, accesses);
        let since = 0;
        let lastState: unknown = null;
        for (const s of steps) {
          assert.equal(s.key, accesses[s.clock]);
          assert.deepEqual(s.recent, accesses.slice(since, s.clock));
          // Everything cached was accessed before now; nothing of the future is in the input.
          assert.ok(s.cache.every((k) => accesses.slice(0, s.clock).includes(k)));
          assert.equal(s.cache.length, capacity);
          assert.deepEqual(s.state, lastState);
          lastState = initial.evict(
            s.key,
            s.clock,
            s.capacity,
            [...s.cache],
            [...s.recent],
            structuredClone(s.state),
          ).state;
          since = s.clock + 1;
        }
      },
    ),
    { numRuns: 60, seed: 1 },
  );
});

Deno.test("simulate() stops at a victim that is not cached and reports it", async () => {
  const { result } = await play(
    (key, _c, _n, _cache, _r, state) => ({ victim: key + 100, state }),
    2,
    TRACE,
  );
  assert.deepEqual(result, {
    hits: 0,
    misses: 3,
    evictions: 0,
    maxOccupancy: 2,
    badVictim: { clock: 2, victim: 103 },
  });
});

Deno.test("baselines: the LRU program matches lruMisses and S3-FIFO beats it on a scan", async () => {
  const hot = [1, 2, 3, 1, 2, 3, 1, 2, 3];
  const scan = [...hot, 10, 11, 12, 13, 14, ...hot];
  for (const [capacity, trace] of [[2, TRACE], [4, scan], [3, [1, 2, 1, 3, 1, 2]]] as const) {
    const { result } = await play(lru.evict, capacity, [...trace]);
    assert.equal(result.misses, lruMisses(capacity, trace));
  }
  const s3 = (await play(s3fifo.evict, 4, scan)).result;
  assert.equal(s3.badVictim, null);
  assert.ok(s3.misses < lruMisses(4, scan), `S3-FIFO ${s3.misses}, LRU ${lruMisses(4, scan)}`);
  // FIFO (the initial weights) ignores the hit on 1: 1m 2m 1h 3m(-1) 1m(-2) 2m(-3), 5 misses.
  assert.equal((await play(initial.evict, 2, [1, 2, 1, 3, 1, 2])).result.misses, 5);
});

Deno.test("hitRatio() and missReduction() average hand-computed episodes", () => {
  const cases: WorkloadCase[] = [
    { input: { capacity: 2, accesses: TRACE }, context: { lruMisses: 8 } },
    { input: { capacity: 2, accesses: [1, 1, 1, 1] }, context: { lruMisses: 1 } },
  ];
  const result = (hits: number, misses: number) => ({
    hits,
    misses,
    evictions: 0,
    maxOccupancy: 2,
    badVictim: null,
  });
  const outputs = [result(2, 6), result(3, 1)];
  assert.equal(hitRatio(cases, outputs), (2 / 8 + 3 / 4) / 2);
  assert.equal(missReduction(cases, outputs), ((8 - 6) / 8 + 0) / 2);
});

Deno.test("the spec's rules reject a bad victim, an over-full cache and a short episode", async () => {
  const compiled = await compileSpec(
    await loadSpec(new URL("../../../specs/cache.yaml", import.meta.url).pathname, { samples: 0 }),
  );
  const input = { capacity: 2, accesses: TRACE };
  const ok = { hits: 0, misses: 8, evictions: 6, maxOccupancy: 2, badVictim: null };
  const broken = (output: Record<string, unknown>) =>
    compiled.rules.filter((r) => !r.check(input, output)).map((r) => r.id);
  assert.deepEqual(broken(ok), []);
  assert.deepEqual(broken({ ...ok, misses: 3, badVictim: { clock: 2, victim: 9 } }), [
    "victim-in-cache",
    "every-access-served",
  ]);
  assert.deepEqual(broken({ ...ok, maxOccupancy: 3 }), ["within-capacity"]);
});

// Tests the noise-aware measurement and comparison: robust medians and spreads of timed trials,
// how far a score moves within its metrics' spreads, and comparisons that treat a difference
// within the combined noise as a tie broken by the untimed metrics.
import assert from "node:assert/strict";
import {
  compareWithNoise,
  median,
  medianAbsoluteDeviation,
  noiseRuleOf,
  scoreSpreadOf,
  summarizeTimes,
} from "../../src/evaluate/noise.ts";

Deno.test("median() and medianAbsoluteDeviation() ignore one wild trial", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
  // A trial slowed 100x by a context switch moves neither the median nor the MAD much.
  assert.equal(median([10, 11, 1000, 10, 12]), 11);
  assert.equal(medianAbsoluteDeviation([10, 11, 1000, 10, 12]), 1);
  assert.equal(medianAbsoluteDeviation([5]), 0);
});

Deno.test("summarizeTimes() averages the per-case medians and the per-case spreads", () => {
  const summary = summarizeTimes([[10, 12, 11], [20, 20, 26]]);
  assert.equal(summary.median, (11 + 20) / 2);
  assert.equal(summary.spread, (1 + 0) / 2);
  assert.deepEqual(summarizeTimes([[7], [9]]), { median: 8, spread: 0 });
});

Deno.test("scoreSpreadOf() is how far the score moves within each metric's spread", () => {
  const score = (m: Record<string, number>) => m.quality - 0.01 * m.runtime_ms;
  const linear = scoreSpreadOf(score, { quality: 0.8, runtime_ms: 30 }, { runtime_ms: 5 });
  assert.ok(Math.abs(linear - 0.05) < 1e-12, `moved ${linear}`);
  assert.equal(scoreSpreadOf(score, { quality: 0.8, runtime_ms: 30 }, {}), 0);
  // Nonlinear in runtime: the larger of the two one-sided moves counts.
  const log = (m: Record<string, number>) => -Math.log10(m.runtime_ms);
  const moved = scoreSpreadOf(log, { runtime_ms: 10 }, { runtime_ms: 5 });
  assert.ok(Math.abs(moved - Math.log10(2)) < 1e-12, `moved ${moved}`);
});

const rule = noiseRuleOf(1, [
  { name: "balance", goal: "max" },
  { name: "runtime_ms", goal: "min", measure: "time" },
]);

Deno.test("noiseRuleOf() breaks ties on the untimed metrics only, in spec order", () => {
  assert.deepEqual(rule, { band: 1, tieBreak: [{ name: "balance", goal: "max" }] });
});

Deno.test("compareWithNoise() calls a score gain within the combined spread a tie", () => {
  const best = { score: 0.80, scoreSpread: 0.01, metrics: { balance: 0.9, runtime_ms: 41 } };
  // Same placement, timed faster by noise: 0.015 ahead, within 0.01 + 0.01.
  const lucky = { score: 0.815, scoreSpread: 0.01, metrics: { balance: 0.9, runtime_ms: 33 } };
  assert.equal(compareWithNoise(lucky, best, rule), "tie");
  assert.equal(compareWithNoise(best, lucky, rule), "tie");
  // Beyond the band the score decides.
  const faster = { ...lucky, score: 0.83 };
  assert.equal(compareWithNoise(faster, best, rule), "better");
  assert.equal(compareWithNoise(best, faster, rule), "worse");
});

Deno.test("compareWithNoise() lets the untimed metrics decide within the band", () => {
  const best = { score: 0.80, scoreSpread: 0.01, metrics: { balance: 0.90, runtime_ms: 41 } };
  const balanced = { score: 0.795, scoreSpread: 0.01, metrics: { balance: 0.91, runtime_ms: 45 } };
  assert.equal(compareWithNoise(balanced, best, rule), "better");
  assert.equal(compareWithNoise(best, balanced, rule), "worse");
});

Deno.test("compareWithNoise() with band 0 or no spread is plain score order", () => {
  const a = { score: 0.801, scoreSpread: 0.01, metrics: { balance: 0.1 } };
  const b = { score: 0.8, scoreSpread: 0.01, metrics: { balance: 0.9 } };
  const off = { ...rule, band: 0 };
  assert.equal(compareWithNoise(a, b, off), "better");
  assert.equal(compareWithNoise(b, a, off), "worse");
  assert.equal(compareWithNoise(a, a, off), "tie");
  const exact = (x: typeof a) => ({ score: x.score, metrics: x.metrics });
  assert.equal(compareWithNoise(exact(a), exact(b), rule), "better");
});

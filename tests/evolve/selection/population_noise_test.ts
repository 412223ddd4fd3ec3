// Tests the noise-aware best rule of the population: a candidate whose train score is ahead by
// less than the combined noise does not become the run's or the island's best; beyond the band,
// or ahead on the untimed metrics within it, it does; band 0 is plain score order.
import assert from "node:assert/strict";
import { noiseRuleOf } from "../../../src/evaluate/noise.ts";
import { ranksAbove } from "../../../src/evolve/records/mod.ts";
import { type Member, noiseAwareRanking, Population } from "../../../src/evolve/selection/mod.ts";
import { member } from "./_members.ts";

const METRICS = [
  { name: "balance", goal: "max" as const },
  { name: "runtime_ms", goal: "min" as const, measure: "time" },
];

/** A member whose train set carries a score spread, as the evaluator reports with trials > 1. */
function timed(id: number, score: number, balance: number, spread: number): Member {
  const base = member(id, score, { metrics: { balance, runtime_ms: 30 } });
  const train = { score, metrics: base.metrics, perWorkload: {}, scoreSpread: spread };
  return { ...base, evaluation: { ok: true, stages: [], train } };
}

function population(band: number): Population {
  return new Population(2, noiseAwareRanking(noiseRuleOf(band, METRICS)));
}

Deno.test("Population: a candidate within the noise band does not become best", () => {
  const pop = population(1);
  const incumbent = timed(1, 0.80, 0.9, 0.01);
  pop.add(incumbent, 0);
  // Same placement, 0.015 ahead on a noisy timing: within 0.01 + 0.01.
  pop.add(timed(2, 0.815, 0.9, 0.01), 0);
  assert.equal(pop.best()?.id, 1);
  assert.equal(pop.bestOf(0)?.id, 1);
});

Deno.test("Population: a candidate beyond the noise band becomes best", () => {
  const pop = population(1);
  pop.add(timed(1, 0.80, 0.9, 0.01), 0);
  pop.add(timed(2, 0.83, 0.9, 0.01), 0);
  assert.equal(pop.best()?.id, 2);
  assert.equal(pop.bestOf(0)?.id, 2);
});

Deno.test("Population: within the band a better untimed metric wins the tie", () => {
  const pop = population(1);
  pop.add(timed(1, 0.80, 0.90, 0.01), 1);
  pop.add(timed(2, 0.795, 0.91, 0.01), 1);
  assert.equal(pop.best()?.id, 2);
  assert.equal(pop.bestOf(1)?.id, 2);
});

Deno.test("Population: noise band 0 keeps today's plain score order", () => {
  assert.equal(noiseAwareRanking(noiseRuleOf(0, METRICS)), ranksAbove);
  const pop = population(0);
  pop.add(timed(1, 0.80, 0.9, 0.01), 0);
  pop.add(timed(2, 0.815, 0.9, 0.01), 0);
  assert.equal(pop.best()?.id, 2);
});

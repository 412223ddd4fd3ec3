import assert from "node:assert/strict";
import { ModelSelector } from "../../../src/evolve/llm/ensemble.ts";
import { Rng } from "../../../src/random/rng.ts";

const arms = [
  { label: "big", weight: 3 },
  { label: "small", weight: 1 },
];

Deno.test("ModelSelector.choose() in weighted mode picks models in proportion to their weights", () => {
  const s = new ModelSelector(arms);
  const rng = new Rng(123);
  const counts = [0, 0];
  for (let i = 0; i < 4000; i++) counts[s.choose(() => rng.float())]++;
  // 3:1 weights: expect ~3000 vs ~1000; a uniform pick would give ~2000 each.
  assert.ok(counts[0] > 2800 && counts[0] < 3200, `counts ${counts}`);
  assert.deepEqual(s.stats().map((a) => a.pulls), counts);
});

Deno.test("ModelSelector.choose() in weighted mode is reproducible from the seed", () => {
  const pick = (seed: number) => {
    const s = new ModelSelector(arms);
    const rng = new Rng(seed);
    return Array.from({ length: 50 }, () => s.choose(() => rng.float()));
  };
  assert.deepEqual(pick(9), pick(9));
  assert.notDeepEqual(pick(9), pick(10));
});

Deno.test("ModelSelector in bandit mode tries every model once, heaviest first", () => {
  const s = new ModelSelector(
    [{ label: "a", weight: 1 }, { label: "b", weight: 5 }, { label: "c", weight: 2 }],
    { mode: "bandit" },
  );
  const never = () => assert.fail("bandit mode must not draw random numbers");
  assert.deepEqual([s.choose(never), s.choose(never), s.choose(never)], [1, 2, 0]);
});

Deno.test("ModelSelector in bandit mode favours the model with more score gain per dollar", () => {
  const s = new ModelSelector(
    [{ label: "pricey", weight: 1 }, { label: "cheap", weight: 1 }],
    { mode: "bandit", exploration: 0.5 },
  );
  const picks = [0, 0];
  for (let i = 0; i < 200; i++) {
    const arm = s.choose(Math.random);
    picks[arm]++;
    // Both improve the score equally; the cheap one costs a tenth.
    s.reward(arm === 0 ? "pricey" : "cheap", 0.01, arm === 0 ? 0.01 : 0.001);
  }
  assert.ok(picks[1] > 3 * picks[0], `picks ${picks}`);
  assert.ok(picks[0] >= 1, "the other model is still explored");
  const [pricey, cheap] = s.stats();
  assert.ok(cheap.meanReward > pricey.meanReward);
  assert.ok(cheap.ucb !== null && pricey.ucb !== null);
  assert.equal(cheap.rewards, cheap.pulls);
  assert.ok(Math.abs(cheap.totalCostUsd - cheap.pulls * 0.001) < 1e-9);
});

Deno.test("ModelSelector in bandit mode moves away from a model whose proposals never gain", () => {
  const s = new ModelSelector(
    [{ label: "dud", weight: 10 }, { label: "good", weight: 1 }],
    { mode: "bandit" },
  );
  const picks = [0, 0];
  for (let i = 0; i < 100; i++) {
    const arm = s.choose(Math.random);
    picks[arm]++;
    s.reward(arm === 0 ? "dud" : "good", arm === 0 ? -0.5 : 0.02, 0.002);
  }
  assert.ok(picks[1] > picks[0], `picks ${picks}`);
  assert.equal(s.stats()[0].meanReward, 0, "a loss counts as no gain");
});

Deno.test("ModelSelector.reward() ignores labels it does not know and rejects no models", () => {
  const s = new ModelSelector(arms, { mode: "bandit" });
  s.reward("nobody", 1, 1);
  assert.deepEqual(s.stats().map((a) => a.rewards), [0, 0]);
  assert.throws(() => new ModelSelector([]), RangeError);
  assert.throws(() => new ModelSelector([{ label: "x", weight: 0 }]), RangeError);
});

Deno.test("ModelSelector.stats() gives no bandit index in weighted mode", () => {
  const s = new ModelSelector(arms);
  s.choose(() => 0);
  assert.deepEqual(s.stats().map((a) => a.ucb), [null, null]);
});

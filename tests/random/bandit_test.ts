import assert from "node:assert/strict";
import { Rng, ThompsonBandit } from "../../src/random/mod.ts";

Deno.test("ThompsonBandit.sample() draws higher rates for the arm that wins more", () => {
  const bandit = new ThompsonBandit(["good", "bad"]);
  for (let i = 0; i < 30; i++) {
    bandit.reward("good", i % 3 === 0);
    bandit.reward("bad", false);
  }
  const rng = new Rng(1);
  let goodFirst = 0;
  for (let i = 0; i < 200; i++) {
    const draw = bandit.sample(["good", "bad"], rng);
    if (draw.get("good")! > draw.get("bad")!) goodFirst++;
  }
  assert.ok(goodFirst > 180, `good drew higher ${goodFirst} of 200 times`);
  assert.deepEqual(bandit.stats().map((a) => [a.name, a.pulls, a.wins]), [
    ["good", 30, 10],
    ["bad", 30, 0],
  ]);
});

Deno.test("ThompsonBandit.sample() is reproducible from the seed and stays inside (0, 1)", () => {
  const bandit = new ThompsonBandit();
  bandit.reward("a", true);
  const draws = (seed: number) => [...bandit.sample(["a", "b"], new Rng(seed)).values()];
  assert.deepEqual(draws(4), draws(4));
  assert.notDeepEqual(draws(4), draws(5));
  for (let s = 0; s < 50; s++) for (const x of draws(s)) assert.ok(x > 0 && x < 1, `${x}`);
  // An arm first named by sample() starts with no outcomes.
  assert.deepEqual(bandit.stats().find((a) => a.name === "b"), {
    name: "b",
    pulls: 0,
    wins: 0,
    mean: 0.5,
  });
});

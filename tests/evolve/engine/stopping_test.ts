import assert from "node:assert/strict";
import { budgetSpent, stopNow } from "../../../src/evolve/engine/stopping.ts";
import { paceFigures } from "../../../src/evolve/engine/progress.ts";
import { FakeEvaluator, FakeProposer, program, sleep } from "../_fakes.ts";
import { runEngine } from "./_engine.ts";

const view = { aborted: false, elapsedMs: 0, bestScore: 1, bestIteration: 0, lastFinished: 0 };
const limits = { maxSeconds: 0, plateau: 0, budgetUsd: 0, targetScore: undefined };
const improving = (values: (i: number) => number) =>
  new FakeProposer({
    script: (r) => ({
      ok: true,
      proposal: { source: program(values(r.iteration)), description: "d", proposer: "script" },
    }),
  });

Deno.test("stopNow() checks abort, target, time and plateau; zero limits never fire", () => {
  assert.equal(stopNow(limits, { ...view, elapsedMs: 1e12, lastFinished: 1e6 }), undefined);
  assert.equal(stopNow(limits, { ...view, aborted: true }), "aborted");
  assert.equal(stopNow({ ...limits, targetScore: 1 }, view), "target");
  assert.equal(stopNow({ ...limits, targetScore: 1.5 }, view), undefined);
  assert.equal(stopNow({ ...limits, maxSeconds: 2 }, { ...view, elapsedMs: 2000 }), "time");
  assert.equal(
    stopNow({ ...limits, plateau: 3 }, { ...view, bestIteration: 4, lastFinished: 7 }),
    "plateau",
  );
  assert.equal(
    stopNow({ ...limits, plateau: 3 }, { ...view, bestIteration: 5, lastFinished: 7 }),
    undefined,
  );
  assert.equal(budgetSpent({ budgetUsd: 0 }, 100), false);
  assert.equal(budgetSpent({ budgetUsd: 1 }, 1), true);
});

Deno.test("paceFigures() gives evaluations per minute and an ETA bounded by the time limit", () => {
  const pace = {
    elapsedMs: 60_000,
    sessionEvaluations: 30,
    sessionIterations: 30,
    remainingIterations: 60,
    maxSeconds: 0,
  };
  assert.deepEqual(paceFigures(pace), { perMinute: 30, etaSeconds: 120 });
  assert.equal(paceFigures({ ...pace, maxSeconds: 100 }).etaSeconds, 40);
  assert.equal(paceFigures({ ...pace, sessionIterations: 0 }).etaSeconds, undefined);
});

Deno.test("evolve() stops after exactly `iterations` iterations with candidates in flight", async () => {
  const { store, result } = await runEngine({
    evaluator: new FakeEvaluator({ delayMs: 5 }),
    concurrency: 2,
    evolveConfig: { iterations: 7 },
  });
  assert.equal(result.stopReason, "iterations");
  assert.deepEqual(store.listPrograms().map((p) => p.iteration).sort((a, b) => a - b), [
    0,
    1,
    2,
    3,
    4,
    5,
    6,
    7,
  ]);
  store.close();
});

Deno.test("evolve() stops on wall time (maxSeconds) by the clock it is given", async () => {
  let clock = 0;
  const proposer = new FakeProposer({
    script: (r) => {
      clock += 10_000; // each proposal "takes" 10 s
      return {
        ok: true,
        proposal: { source: program(r.iteration), description: "d", proposer: "s" },
      };
    },
  });
  const { store, result } = await runEngine({
    proposer,
    now: () => clock,
    evolveConfig: { iterations: 100, maxSeconds: 25 },
  });
  assert.equal(result.stopReason, "time");
  assert.equal(proposer.requests.length, 3);
  assert.equal(store.getRun()?.stopReason, "time");
  store.close();
});

Deno.test("evolve() stops when the best train score reaches targetScore", async () => {
  const { result, proposer, store } = await runEngine({
    proposer: improving((i) => 1 + i),
    evolveConfig: { iterations: 100, targetScore: 4.5 },
  });
  assert.equal(result.stopReason, "target");
  assert.equal(result.best?.trainScore, 5);
  assert.equal(proposer.requests.length, 4);
  store.close();
});

Deno.test("evolve() stops on a plateau of `plateau` iterations without gain", async () => {
  // Iterations 1-2 improve, then every candidate is worse.
  const { result, proposer, store } = await runEngine({
    proposer: improving((i) => i <= 2 ? 1 + i : -i),
    evolveConfig: { iterations: 100, plateau: 4 },
  });
  assert.equal(result.stopReason, "plateau");
  assert.equal(proposer.requests.length, 6, "best at 2, no gain over 3..6");
  store.close();
});

Deno.test("evolve() stops proposing once the summed proposal cost reaches the budget", async () => {
  const proposer = new FakeProposer({
    script: (r) => ({
      ok: true,
      proposal: {
        source: program(r.iteration),
        description: "d",
        proposer: "llm:fake",
        usage: { model: "fake", inputTokens: 100, outputTokens: 50, costUsd: 0.3 },
      },
    }),
  });
  const { result, store } = await runEngine({
    proposer,
    evolveConfig: { iterations: 100, budgetUsd: 1 },
  });
  assert.equal(result.stopReason, "budget");
  assert.equal(proposer.requests.length, 4, "0.9 < 1 after three, 1.2 >= 1 after four");
  assert.deepEqual(
    proposer.requests.map((r) => Math.round(r.budgetLeftUsd! * 10) / 10),
    [1, 0.7, 0.4, 0.1],
  );
  assert.ok(Math.abs(result.progress.spentUsd - 1.2) < 1e-9);
  store.close();
});

Deno.test("evolve() counts the cost of rejected and failed proposals against the budget", async () => {
  const usage = { model: "fake", inputTokens: 1, outputTokens: 1, costUsd: 0.5 };
  const proposer = new FakeProposer({
    script: (r) =>
      r.iteration === 1 ? { ok: false, reason: "no diff", proposer: "llm", usage } : {
        ok: true,
        proposal: { source: program(1), description: "dup", proposer: "llm", usage },
      },
  });
  const { result, store } = await runEngine({
    proposer,
    evolveConfig: { iterations: 100, budgetUsd: 1 },
  });
  assert.equal(result.stopReason, "budget");
  assert.equal(proposer.requests.length, 2);
  assert.equal(store.listEvents(["duplicate-rejected"]).length, 1);
  store.close();
});

Deno.test("evolve() on abort finishes the evaluation in flight, keeps the proposal, and stops cleanly", async () => {
  const controller = new AbortController();
  const proposer = new FakeProposer({
    script: (r) => {
      if (r.iteration === 3) controller.abort();
      return undefined;
    },
  });
  const evaluator = new FakeEvaluator({ delayMs: 5 });
  const { result, store } = await runEngine({
    proposer,
    evaluator,
    signal: controller.signal,
    concurrency: 2,
    evolveConfig: { iterations: 100 },
  });
  assert.equal(result.stopReason, "aborted");
  assert.equal(store.getRun()?.status, "stopped");
  const programs = store.listPrograms();
  const third = programs.find((p) => p.iteration === 3)!;
  assert.equal(third.evaluation, undefined, "proposed after abort: stored, left for resume");
  assert.ok(
    programs.filter((p) => p.iteration < 3).every((p) => p.evaluation),
    "in-flight finished",
  );
  assert.ok(proposer.requests.every((r) => r.iteration <= 4));
  await sleep(20);
  assert.equal(
    store.listPrograms().filter((p) => p.evaluation).length,
    programs.filter((p) => p.evaluation).length,
    "nothing runs after return",
  );
  store.close();
});

Deno.test("evolve() with an already aborted signal evaluates nothing new", async () => {
  const controller = new AbortController();
  controller.abort();
  const { result, store, evaluator } = await runEngine({ signal: controller.signal });
  assert.equal(result.stopReason, "aborted");
  assert.equal(evaluator.calls.length, 0);
  assert.equal(store.listPrograms().length, 1, "the initial program waits, pending, for resume");
  store.close();
});

Deno.test("evolve() ends with reason budget, not failed, when the proposer says it is exhausted", async () => {
  const proposer = new FakeProposer({
    script: (r) => {
      if (r.iteration >= 3) {
        throw Object.assign(new Error("llm budget: dollar budget spent"), {
          proposerExhausted: true,
        });
      }
      return undefined;
    },
  });
  const { result, store } = await runEngine({ proposer, evolveConfig: { iterations: 100 } });
  assert.equal(result.stopReason, "budget");
  assert.equal(store.getRun()?.status, "finished");
  assert.equal(proposer.requests.length, 3, "no proposal is started after the exhausted one");
  store.close();
});

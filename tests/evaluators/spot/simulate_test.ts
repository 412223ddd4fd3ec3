// Tests the spot model: hand-computed episodes (restart overhead, preemption, spot while
// unavailable, a missed deadline), step inputs showing only the present, the saving metric, the
// infeasible-episode guard, the spec's rule, and that the shipped programs never miss a deadline.
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  type Choice,
  onDemandCost,
  saving,
  simulate,
  type SpotEpisode,
  type SpotResult,
  spotShare,
  type SpotStep,
} from "../../../evaluators/spot/mod.ts";
import { compileSpec, loadSpec } from "../../../src/spec/mod.ts";
import * as initial from "../../../specs/spot/initial.ts";
import * as greedy from "../../../specs/spot/baselines/greedy.ts";
import * as uniform from "../../../specs/spot/baselines/uniform_progress.ts";

type Policy = (s: SpotStep) => { choice: Choice; state: unknown };

async function play(policy: Policy, e: SpotEpisode) {
  const steps: SpotStep[] = [];
  const result = await simulate(e as never, (input) => {
    const s = structuredClone(input) as unknown as SpotStep;
    steps.push(s);
    return Promise.resolve(structuredClone(policy(structuredClone(s))));
  }) as SpotResult;
  return { result, steps };
}

/** A policy that plays a fixed list of choices (idle after it runs out). */
const script = (choices: Choice[]): Policy => (s) => ({
  choice: choices[s.t] ?? "idle",
  state: s.t,
});

const E: SpotEpisode = {
  work: 3,
  deadline: 8,
  restart: 1,
  spotPrice: 0.25,
  spot: [true, true, false, true, true, true, true, true],
};

Deno.test("simulate() charges restarts, loses spot on preemption and finishes at the last work step", async () => {
  // t0 spot (setup), t1 spot (work 1), t2 preempted: spot unavailable -> idle, t3 spot (setup
  // again), t4 spot (work 2), t5 on demand (switch: setup), t6 on demand (work 3): done at 7.
  const { result, steps } = await play(
    script(["spot", "spot", "spot", "spot", "spot", "ondemand", "ondemand"]),
    E,
  );
  assert.deepEqual(result, {
    finish: 7,
    progress: 3,
    cost: 4 * 0.25 + 2,
    spotSteps: 4,
    onDemandSteps: 2,
    idleSteps: 1,
    preemptions: 1,
  });
  assert.deepEqual(steps.map((s) => [s.running, s.setupLeft, s.progress]), [
    ["none", 0, 0],
    ["spot", 0, 0],
    ["none", 0, 1], // preempted at the start of t2
    ["none", 0, 1],
    ["spot", 0, 1],
    ["spot", 0, 2],
    ["ondemand", 0, 2],
  ]);
  // The state returned at step t comes back at step t + 1.
  assert.deepEqual(steps.map((s) => s.state), [null, 0, 1, 2, 3, 4, 5]);
});

Deno.test("simulate() reports a missed deadline as finish null", async () => {
  const { result } = await play(script([]), E);
  assert.equal(result.finish, null);
  assert.equal(result.idleSteps, E.deadline);
  assert.equal(result.cost, 0);
});

Deno.test("simulate() shows each step the present only, never later availability", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), async (spot) => {
      const e = { ...E, work: 4, deadline: 12, spot };
      const { steps } = await play(greedy.schedule as Policy, e);
      for (const s of steps) {
        assert.equal(s.spotAvailable, spot[s.t]);
        // No field of the step input carries the trace.
        assert.ok(Object.values(s).every((v) => !Array.isArray(v)), JSON.stringify(s));
      }
    }),
    { numRuns: 40, seed: 2 },
  );
});

Deno.test("simulate() refuses an infeasible episode as the generator's fault", async () => {
  await assert.rejects(
    simulate(
      { ...E, deadline: 3 } as never,
      () => Promise.resolve({ choice: "idle", state: null }),
    ),
    /infeasible episode .* fix the generator/,
  );
});

Deno.test("saving() and spotShare() average hand-computed episodes", () => {
  const cases = [{ input: { ...E } }, { input: { ...E, work: 7 } }];
  const r = (cost: number, spotSteps: number, onDemandSteps: number): SpotResult => ({
    finish: 5,
    progress: 3,
    cost,
    spotSteps,
    onDemandSteps,
    idleSteps: 0,
    preemptions: 0,
  });
  assert.equal(onDemandCost(E), 4);
  // 1 - 2/4 and 1 - 8/8.
  assert.equal(saving(cases, [r(2, 4, 1), r(8, 0, 8)]), (0.5 + 0) / 2);
  assert.equal(spotShare(cases, [r(2, 4, 1), r(8, 0, 8)]), (0.8 + 0) / 2);
});

Deno.test("the meets-deadline rule rejects a late or unfinished job", async () => {
  const spec = await loadSpec(new URL("../../../specs/spot.yaml", import.meta.url).pathname, {
    samples: 0,
  });
  const [rule] = (await compileSpec(spec)).rules;
  const ok = {
    finish: 8,
    progress: 3,
    cost: 4,
    spotSteps: 0,
    onDemandSteps: 4,
    idleSteps: 0,
    preemptions: 0,
  };
  assert.equal(rule.check(E, ok), true);
  assert.equal(rule.check(E, { ...ok, finish: null }), false);
  assert.equal(rule.check(E, { ...ok, finish: 9 }), false);
  assert.equal(rule.check(E, { ...ok, progress: 2 }), false);
});

Deno.test("the shipped programs finish every feasible episode in time (safety net)", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        work: fc.integer({ min: 1, max: 30 }),
        restart: fc.integer({ min: 0, max: 4 }),
        slack: fc.integer({ min: 0, max: 30 }),
        spotPrice: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
      }).chain((p) =>
        fc.array(fc.boolean(), {
          minLength: p.work + p.restart + p.slack,
          maxLength: p.work + p.restart + p.slack,
        }).map((spot): SpotEpisode => ({
          work: p.work,
          restart: p.restart,
          deadline: p.work + p.restart + p.slack,
          spotPrice: p.spotPrice,
          spot,
        }))
      ),
      async (e) => {
        for (const policy of [initial.schedule, greedy.schedule, uniform.schedule]) {
          const { result } = await play(policy as Policy, e);
          assert.ok(result.finish !== null && result.finish <= e.deadline, JSON.stringify(e));
        }
      },
    ),
    { numRuns: 80, seed: 3 },
  );
});

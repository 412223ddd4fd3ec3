// Owns the spot-instance scheduling model (after "Can't Be Late", NSDI'24): a job needs `work`
// steps of compute before `deadline`; each step the policy runs it on a spot instance (cheap, lost
// when the availability trace says so), on demand (price 1, always there) or not at all; every
// (re)start spends `restart` paid steps before progress resumes. The trusted simulator asks the
// policy one step at a time, showing only the present and past. Metric: cost saved against
// running on demand from the start.
import type { MetricFn, SimulateFn, WorkloadCase } from "specevolve/author";

/** One episode. Feasible by construction: `deadline >= work + restart`. */
export interface SpotEpisode {
  readonly work: number;
  readonly deadline: number;
  readonly restart: number;
  /** Price of a spot step; an on-demand step costs 1. */
  readonly spotPrice: number;
  /** Spot availability of each step 0..deadline-1 (the future; never shown to the policy). */
  readonly spot: readonly boolean[];
}

export type Choice = "spot" | "ondemand" | "idle";
export type Running = "spot" | "ondemand" | "none";

/** What the policy sees at step `t`: the present and its own state, never the trace. */
export interface SpotStep {
  readonly t: number;
  readonly work: number;
  /** Steps of work done so far. */
  readonly progress: number;
  readonly deadline: number;
  readonly restart: number;
  readonly spotPrice: number;
  /** Whether a spot instance can be had in this step. */
  readonly spotAvailable: boolean;
  /** What runs now, after any preemption at the start of this step. */
  readonly running: Running;
  /** Restart steps still to pay on the running instance before progress resumes. */
  readonly setupLeft: number;
  readonly state: unknown;
}

/** The episode result that invariants and metrics judge. */
export interface SpotResult {
  /** The step count at which the work was done, or null when the deadline passed first. */
  readonly finish: number | null;
  readonly progress: number;
  readonly cost: number;
  readonly spotSteps: number;
  readonly onDemandSteps: number;
  readonly idleSteps: number;
  readonly preemptions: number;
}

/**
 * Plays one episode (trusted `interaction.simulate`). Choosing spot while none is available
 * counts as idle. Switching instance kind, or starting after idling or a preemption, starts a new
 * instance whose first `restart` steps are paid but make no progress.
 */
export const simulate: SimulateFn = async (input, step) => {
  const e = input as unknown as SpotEpisode;
  if (e.deadline < e.work + e.restart || e.spot.length < e.deadline) {
    throw new Error(
      "evaluators/spot: infeasible episode (deadline < work + restart, or a trace shorter " +
        "than the deadline); fix the generator or the spec's derive",
    );
  }
  let running: Running = "none";
  let setupLeft = 0, progress = 0, cost = 0;
  let spotSteps = 0, onDemandSteps = 0, idleSteps = 0, preemptions = 0;
  let state: unknown = null;
  const result = (finish: number | null): SpotResult => ({
    finish,
    progress,
    cost,
    spotSteps,
    onDemandSteps,
    idleSteps,
    preemptions,
  });
  for (let t = 0; t < e.deadline; t++) {
    if (running === "spot" && !e.spot[t]) {
      running = "none";
      preemptions++;
    }
    const stepInput: SpotStep = {
      t,
      work: e.work,
      progress,
      deadline: e.deadline,
      restart: e.restart,
      spotPrice: e.spotPrice,
      spotAvailable: e.spot[t],
      running,
      setupLeft: running === "none" ? 0 : setupLeft,
      state,
    };
    const out = await step(stepInput as unknown as Record<string, unknown>) as {
      choice: Choice;
      state: unknown;
    };
    state = out.state;
    const choice = out.choice === "spot" && !e.spot[t] ? "idle" : out.choice;
    if (choice === "idle") {
      running = "none";
      idleSteps++;
      continue;
    }
    if (running !== choice) {
      running = choice;
      setupLeft = e.restart;
    }
    if (choice === "spot") {
      cost += e.spotPrice;
      spotSteps++;
    } else {
      cost += 1;
      onDemandSteps++;
    }
    if (setupLeft > 0) setupLeft--;
    else progress++;
    if (progress >= e.work) return result(t + 1);
  }
  return result(null);
};

/** Cost of running on demand from the start: the restart, then the work, at price 1. */
export function onDemandCost(e: Pick<SpotEpisode, "work" | "restart">): number {
  return e.work + e.restart;
}

/**
 * Mean over episodes of the share of cost saved against on demand from the start:
 * 1 - cost / (work + restart). 0 = always on demand; a job that missed its deadline counts 0
 * (the invariant rejects it before any metric runs).
 */
export const saving: MetricFn = (cases, outputs) =>
  mean(cases, outputs, (e, r) => (r.finish === null ? 0 : 1 - r.cost / onDemandCost(e)));

/** Mean over episodes of the share of busy steps spent on spot instances. */
export const spotShare: MetricFn = (cases, outputs) =>
  mean(cases, outputs, (_, r) => {
    const busy = r.spotSteps + r.onDemandSteps;
    return busy === 0 ? 0 : r.spotSteps / busy;
  });

function mean(
  cases: readonly WorkloadCase[],
  outputs: readonly unknown[],
  value: (e: SpotEpisode, r: SpotResult) => number,
): number {
  let sum = 0;
  for (let c = 0; c < cases.length; c++) {
    sum += value(cases[c].input as unknown as SpotEpisode, outputs[c] as SpotResult);
  }
  return cases.length === 0 ? NaN : sum / cases.length;
}

// Spot scheduling initial program: deliberately weak but safe. It keeps the job on demand unless
// its slack is a large share of the whole window, which in practice means always on demand (no
// saving). The safety rule below always leaves time to finish on demand; evolution can lower the
// spot threshold, use idle steps, or learn from the availability it has seen.

/** What `schedule` sees each step (the spec's `StepInput`). */
interface StepInput {
  t: number;
  work: number;
  progress: number;
  deadline: number;
  restart: number;
  spotPrice: number;
  spotAvailable: boolean;
  running: "spot" | "ondemand" | "none";
  setupLeft: number;
  state: unknown;
}

/** What `schedule` returns each step (the spec's `StepOutput`). */
interface StepOutput {
  choice: "spot" | "ondemand" | "idle";
  state: unknown;
}

/** Slack: steps to spare if the job went (or stayed) on demand now and ran to the end. */
function slack(s: StepInput): number {
  const overhead = s.running === "ondemand" ? s.setupLeft : s.restart;
  return s.deadline - s.t - (s.work - s.progress) - overhead;
}

// EVOLVE-BLOCK-START
const SAFETY = 1;
const SPOT_SLACK_SHARE = 0.9;

function decide(s: StepInput): "spot" | "ondemand" | "idle" {
  // Below one step of slack only on demand is sure to finish in time.
  if (slack(s) < SAFETY) return "ondemand";
  if (s.spotAvailable && slack(s) > SPOT_SLACK_SHARE * s.deadline) return "spot";
  return "ondemand";
}
// EVOLVE-BLOCK-END

/** Entry point, called every step until the job is done: what to run this step. */
export function schedule(s: StepInput): StepOutput {
  return { choice: decide(s), state: null };
}

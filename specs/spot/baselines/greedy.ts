// Spot scheduling baseline: greedy with a safety net. Spot whenever available, otherwise wait;
// on demand only once the slack is gone. Cheap on good traces, but it waits out every outage
// and pays for a late switch.

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

function slack(s: StepInput): number {
  const overhead = s.running === "ondemand" ? s.setupLeft : s.restart;
  return s.deadline - s.t - (s.work - s.progress) - overhead;
}

export function schedule(s: StepInput): StepOutput {
  if (slack(s) < 1) return { choice: "ondemand", state: null };
  return { choice: s.spotAvailable ? "spot" : "idle", state: null };
}

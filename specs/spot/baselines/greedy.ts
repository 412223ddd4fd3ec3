// Spot scheduling baseline: greedy with a safety net. Spot whenever available, otherwise wait;
// on demand only once the slack is gone. Cheap on good traces, but it waits out every outage
// and pays for a late switch.

function slack(s: StepInput): number {
  const overhead = s.running === "ondemand" ? s.setupLeft : s.restart;
  return s.deadline - s.t - (s.work - s.progress) - overhead;
}

export function schedule(s: StepInput): StepOutput {
  if (slack(s) < 1) return { choice: "ondemand", state: null };
  return { choice: s.spotAvailable ? "spot" : "idle", state: null };
}

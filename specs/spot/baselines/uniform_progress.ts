// Spot scheduling baseline: the "uniform progress" rule of Can't Be Late (NSDI'24). Progress should
// keep up with a straight line from 0 to the work at the deadline (less one restart). Spot is
// used whenever it is available; when it is not, the job waits while ahead of the line and goes
// on demand while behind it; once on demand it stays until a restart's worth ahead, so it does
// not flap between kinds. A safety net forces on demand when the slack is gone.

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
  const choice = (): "spot" | "ondemand" | "idle" => {
    if (slack(s) < 1) return "ondemand";
    const expected = (s.work * (s.t + 1)) / Math.max(1, s.deadline - s.restart);
    if (s.running === "ondemand" && s.progress < expected + s.restart) return "ondemand";
    if (s.spotAvailable) return "spot";
    return s.progress < expected ? "ondemand" : "idle";
  };
  return { choice: choice(), state: null };
}

// Owns applying steer commands between iterations: pause and resume, hints (kept for every later
// prompt), and injected programs (stored as the next iteration, queued for evaluation).
import type { ProgramRecord } from "../records/mod.ts";
import { islandFor } from "../selection/select.ts";
import { type CandidateContext, injectCandidate } from "./_candidate.ts";
import type { ControlMessage } from "./control.ts";

/** The parts of the scheduler a steer command changes. */
export interface SteerTarget {
  readonly ctx: CandidateContext;
  readonly islands: number;
  setPaused(paused: boolean): void;
  /** Claims the next iteration number (an injected program takes one). */
  takeIteration(): number;
  /** Queues a stored program for evaluation. */
  enqueue(program: ProgramRecord): void;
}

/** Applies one steer command and records what the engine did with it. */
export function applySteer(target: SteerTarget, message: ControlMessage): void {
  const { store, state } = target.ctx;
  const payload = { steerEventId: message.steerEventId };
  switch (message.kind) {
    case "pause":
    case "resume":
      target.setPaused(message.kind === "pause");
      store.addEvent({ kind: message.kind, payload });
      break;
    case "hint":
      state.applyEvent(
        store.addEvent({ kind: "hint", payload: { ...payload, text: message.text } }),
      );
      break;
    case "inject": {
      const iteration = target.takeIteration();
      const island = islandFor(iteration, target.islands);
      const injected = injectCandidate(target.ctx, { iteration, island, ...message });
      if (injected) target.enqueue(injected);
    }
  }
  target.ctx.changed();
}

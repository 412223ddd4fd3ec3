// Owns steering a running evolution: the commands (pause, resume, hint, inject), the ControlSource
// the engine polls between iterations, and the store-backed source that reads `steer` events which
// `deno task steer` or the UI write into the run database.
import type { Store } from "../database/store.ts";
import type { EventRecord } from "../records/mod.ts";
import { EvolveError } from "../../errors/mod.ts";

export type ControlCommand =
  | { readonly kind: "pause" }
  | { readonly kind: "resume" }
  /** Shown to the proposer from now on (ProposalRequest.hints). */
  | { readonly kind: "hint"; readonly text: string }
  /** A hand-written candidate, evaluated and added like a proposal by proposer "human". */
  | { readonly kind: "inject"; readonly source: string; readonly description?: string };

/** A command with the id of the steer event it came from, when it came from a store. */
export type ControlMessage = ControlCommand & { readonly steerEventId?: number };

/** Where steering commands come from; the engine polls between iterations. */
export interface ControlSource {
  /** Commands that arrived since the last poll, oldest first. */
  poll(): Promise<ControlMessage[]>;
}

/** Returns the command in `value`, or a reason it is not one. */
export function parseControlCommand(value: unknown): ControlCommand | string {
  if (typeof value !== "object" || value === null) return "a command must be an object";
  const v = value as Record<string, unknown>;
  switch (v.kind) {
    case "pause":
    case "resume":
      return { kind: v.kind };
    case "hint":
      return typeof v.text === "string" && v.text.trim() !== ""
        ? { kind: "hint", text: v.text }
        : "hint needs a non-empty text";
    case "inject":
      if (typeof v.source !== "string" || v.source.trim() === "") {
        return "inject needs a non-empty source";
      }
      if (v.description !== undefined && typeof v.description !== "string") {
        return "inject description must be a string";
      }
      return { kind: "inject", source: v.source, description: v.description as string | undefined };
    default:
      return `unknown command kind ${JSON.stringify(v.kind)} (use pause, resume, hint or inject)`;
  }
}

/** Writes a steer command into a run's database for the engine to pick up; returns the event. */
export function sendControl(store: Store, command: ControlCommand): EventRecord {
  const parsed = parseControlCommand(command);
  if (typeof parsed === "string") {
    throw new EvolveError(`steer: ${parsed}`, { kind: "usage" });
  }
  return store.addEvent({ kind: "steer", payload: parsed });
}

/**
 * Reads unprocessed `steer` events from the store, marking them processed. Events whose payload
 * is not a command (a hand-edited database, a newer UI) are skipped; `rejected` keeps why.
 */
export class StoreControlSource implements ControlSource {
  readonly #store: Store;
  /** Steer events that held no valid command, with the reason. */
  readonly rejected: { readonly event: EventRecord; readonly reason: string }[] = [];

  constructor(store: Store) {
    this.#store = store;
  }

  poll(): Promise<ControlMessage[]> {
    const messages: ControlMessage[] = [];
    for (const event of this.#store.takeSteerEvents()) {
      const parsed = parseControlCommand(event.payload);
      if (typeof parsed === "string") this.rejected.push({ event, reason: parsed });
      else messages.push({ ...parsed, steerEventId: event.id });
    }
    return Promise.resolve(messages);
  }
}

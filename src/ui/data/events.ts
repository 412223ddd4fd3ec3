// Owns the run page's event views: the recent event log, steer commands not yet taken by the
// engine, and the hints in effect.
import type { RunReader } from "../../evolve/database/store.ts";
import type { EventRecord } from "../../evolve/records/mod.ts";
import { score } from "../pages/_format.ts";

export interface EventView {
  readonly id: number;
  readonly time: string;
  readonly kind: string;
  readonly iteration?: number;
  readonly programId?: number;
  /** The payload as text, cut to a line (the payload is untrusted run data). */
  readonly detail: string;
}

export interface RunEvents {
  /** Newest first. */
  readonly recent: readonly EventView[];
  /** Steer commands written (by `steer` or this UI) that the engine has not taken yet. */
  readonly pendingSteer: readonly EventView[];
  /** Hints the engine took, oldest first. */
  readonly hints: readonly string[];
}

const DETAIL_CHARS = 160;

/** Reads the newest `limit` events, pending steer commands and hints of the run `reader` reads. */
export function runEvents(reader: RunReader, limit = 50): RunEvents {
  const view = (e: EventRecord): EventView => ({
    id: e.id,
    time: e.time,
    kind: e.kind,
    iteration: e.iteration,
    programId: e.programId,
    detail: detail(e.kind, e.payload),
  });
  return {
    recent: reader.listEvents(undefined, { newestFirst: true, limit }).map(view),
    pendingSteer: reader.listEvents(["steer"], { unprocessed: true }).map(view),
    hints: reader.listEvents(["hint"]).map((e) =>
      String((e.payload as { text?: unknown } | null)?.text ?? "")
    ),
  };
}

function detail(kind: string, payload: unknown): string {
  const p = (payload ?? {}) as Record<string, unknown>;
  let text: string;
  switch (kind) {
    case "new-best":
      text = `train ${fmt(p.trainScore)}${
        p.previous === undefined ? "" : ` (was ${fmt(p.previous)})`
      }`;
      break;
    case "duplicate-rejected":
    case "proposal-failed":
      text = [
        p.duplicateOf === undefined ? "" : `repeats #${String(p.duplicateOf)}`,
        p.reason === undefined ? "" : String(p.reason),
        p.parentId === undefined ? "" : `parent #${String(p.parentId)}`,
        p.proposer === undefined ? "" : `by ${String(p.proposer)}`,
      ].filter(Boolean).join(" · ");
      break;
    case "started":
      text = `seed ${String(p.seed)}`;
      break;
    case "resumed":
      text = `was ${String(p.previousStatus)}${p.forced ? ", spec changed (forced)" : ""}`;
      break;
    case "stopped":
      text = `reason: ${String(p.reason)}`;
      break;
    case "steer":
      text = steerText(p);
      break;
    case "hint":
      text = String(p.text ?? "");
      break;
    case "migration":
      text = Array.isArray(p.migrants)
        ? (p.migrants as { programId?: unknown; from?: unknown; to?: unknown }[]).map((m) =>
          `#${String(m.programId)} island ${String(m.from)}→${String(m.to)}`
        ).join(", ")
        : JSON.stringify(payload);
      break;
    case "pause":
    case "resume":
    case "inject":
      text = p.steerEventId === undefined ? "" : `command #${String(p.steerEventId)}`;
      break;
    default:
      text = payload === null || payload === undefined ? "" : JSON.stringify(payload);
  }
  return text.length > DETAIL_CHARS ? text.slice(0, DETAIL_CHARS - 1) + "…" : text;
}

function steerText(p: Record<string, unknown>): string {
  switch (p.kind) {
    case "hint":
      return `hint: ${String(p.text)}`;
    case "inject":
      return `inject ${String(p.source ?? "").split("\n").length} lines${
        p.description ? `: ${String(p.description)}` : ""
      }`;
    default:
      return String(p.kind);
  }
}

function fmt(x: unknown): string {
  return typeof x === "number" ? score(x) : String(x);
}

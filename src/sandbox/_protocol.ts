// Owns the message shapes exchanged by the parent, the child host and the candidate worker.

/** Plain data packed by _codec.ts: a JSON shape and, in order, every number it holds. */
export interface Packed {
  readonly shape: string;
  readonly numbers: Float64Array;
  readonly count: number;
}

/** How a value crosses a frame: with a `shape`, the frame's attachment holds its packed numbers
 * (Float64); with none, the node:v8 serialization of a value that is not plain data. */
export interface Carried {
  readonly shape: string | null;
}

/** A value between host and worker: packed plain data, or the value itself (structured clone). */
export interface Handed {
  readonly packed: Packed | null;
  readonly value: unknown;
}

/** Categories the child side can report; the parent adds `syntax`, `timeout`, `memory`, `crash`. */
export type ChildFailureCategory = "load" | "exception" | "invalid-output" | "tamper" | "timeout";

/** First frame to a child: the secret token for its replies, its limits, and the SES source. */
export interface InitCommand {
  readonly op: "init";
  readonly token: Uint8Array;
  readonly maxLogChars: number;
  /** ses.umd.min.js, evaluated at the top of the worker's bootstrap. */
  readonly ses: string;
}

/** Load a candidate: evaluate its script in a fresh compartment and find `entry`. */
export interface LoadCommand {
  readonly op: "load";
  readonly script: string;
  readonly entry: string;
  readonly seed: number;
}

/** Call the loaded entry `trials` times on copies of `args`. */
export interface CallCommand {
  readonly op: "call";
  readonly args: Carried;
  readonly trials: number;
  readonly seed: number;
  /** Evaluate the module afresh for every trial, so module state cannot carry between trials. */
  readonly fresh: boolean;
  /** The first call of a run: evaluate the module afresh unless nothing has used it yet. */
  readonly reset: boolean;
  /** Largest number of array elements and object properties the output may hold. */
  readonly maxOutputElements: number;
  /** Largest serialized output, bytes. */
  readonly maxOutputBytes: number;
}

export type ParentCommand = InitCommand | LoadCommand | CallCommand;

/** A failure as the child side saw it; the parent adds the call index and maps the stack. */
export interface FailReply {
  readonly op: "fail";
  readonly category: ChildFailureCategory;
  readonly message: string;
  readonly stack: string;
  readonly timesMs: readonly number[];
  readonly logs: readonly string[];
}

/** Host replies, framed with the child's token. */
export type HostReply =
  | { readonly op: "ready" }
  | { readonly op: "loaded"; readonly logs: readonly string[] }
  /** One trial of several finished; lets the parent restart its per-trial timer. */
  | { readonly op: "tick"; readonly logs: readonly string[] }
  /** `output` is the first trial's return value. */
  | {
    readonly op: "done";
    readonly timesMs: readonly number[];
    readonly output: Carried;
    readonly logs: readonly string[];
  }
  /** `discarded`: the loaded candidate is gone and must be loaded again. */
  | FailReply & { readonly discarded: boolean }
  /** The worker is gone: the parent must replace this child and retry. */
  | { readonly op: "recycle"; readonly reason: string };

/** First message to a worker, on its own channel; `port` is the private channel to the host. */
export interface WorkerInit {
  readonly port: MessagePort;
  readonly maxLogChars: number;
}

/** Host -> worker, over the private port. */
export type WorkerCommand =
  | LoadCommand
  | Omit<CallCommand, "args"> & { readonly args: Handed };

/** Worker -> host, over the private port. */
export type WorkerReply =
  | { readonly op: "ready" }
  | { readonly op: "loaded"; readonly logs: readonly string[] }
  | { readonly op: "tick"; readonly timeMs: number; readonly logs: readonly string[] }
  | {
    readonly op: "done";
    readonly timesMs: readonly number[];
    readonly output: Packed;
    readonly logs: readonly string[];
  }
  | FailReply;

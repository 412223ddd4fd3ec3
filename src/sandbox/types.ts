// Owns the sandbox contract: what a caller asks of a sandbox and what it gets back.
// Every untrusted program runs behind this interface; tests pass fakes, production a SandboxPool.

/**
 * Why a candidate failed. The sandbox reports syntax, load, exception, timeout, memory, crash,
 * tamper and invalid-output (uncloneable or oversized); the evaluator adds `type`, `invariant` and
 * `threshold` (quick score below the cascade's bar).
 */
export type FailureCategory =
  | "syntax"
  | "type"
  | "load"
  | "exception"
  | "timeout"
  | "memory"
  | "invalid-output"
  | "invariant"
  | "crash"
  | "tamper"
  | "threshold";

/** A candidate's failure, with positions in the candidate's own source when known. */
export interface CandidateFailure {
  readonly category: FailureCategory;
  /** Human-readable; starts with what happened, e.g. "timeout: call 3 ran past 2000 ms". */
  readonly message: string;
  /** 1-based line/column in the candidate source (syntax errors, exceptions). */
  readonly line?: number;
  readonly column?: number;
  /** Stack trimmed to the candidate's own frames. */
  readonly stack?: string;
  /** Index of the call (in `RunRequest.calls`) that failed, when one did. */
  readonly callIndex?: number;
  /** Trusted times of the failing call's trials when it ran to completion (e.g. `tamper`), ms. */
  readonly timesMs?: readonly number[];
}

/** One request: load `source`, then call its export `entry` once per element of `calls`. */
export interface RunRequest {
  /** TypeScript source of the candidate module. */
  readonly source: string;
  /** Name of the exported function to call. */
  readonly entry: string;
  /** Positional argument lists, one per call. Each trial receives a fresh deep copy. */
  readonly calls: readonly (readonly unknown[])[];
  /** Timed repetitions of each call; the output of the first is returned. @default 1 */
  readonly trials?: number;
  /** Seed of the candidate realm's `Math.random`. @default 0 */
  readonly seed?: number;
  /** Wall-clock limit of each single call (and of loading). @default pool's timeoutMs */
  readonly timeoutMs?: number;
  /**
   * Evaluate the candidate's module afresh (a new compartment) for every trial, so module state
   * cannot carry from one trial to the next. Every run starts with a fresh one regardless.
   * @default false
   */
  readonly freshRealmPerTrial?: boolean;
  /** Most array elements plus object properties one output may hold. @default pool's maxOutputElements */
  readonly maxOutputElements?: number;
  /** Largest serialized output of one call, bytes. @default pool's maxOutputBytes */
  readonly maxOutputBytes?: number;
  /**
   * Wall-clock budget of the whole run (every call, its load and its trials), ms, and what the
   * failure calls it: a run past it fails as `timeout` "… ran out of its budget (<name>)".
   * @default none
   */
  readonly budget?: { readonly ms: number; readonly name: string };
}

/** What one call produced. */
export interface CallOutcome {
  /** Plain-data copy of the return value (of the first trial), read once inside its timed window. */
  readonly output: unknown;
  /** Trusted wall time of the entry call alone, one per trial, milliseconds. */
  readonly timesMs: readonly number[];
}

/** Result of a run: every call succeeded, or the first failure with the calls done before it. */
export type RunResult =
  | { readonly ok: true; readonly calls: readonly CallOutcome[]; readonly logs: readonly string[] }
  | {
    readonly ok: false;
    readonly failure: CandidateFailure;
    readonly calls: readonly CallOutcome[];
    readonly logs: readonly string[];
  };

/** Anything that can run untrusted candidates. */
export interface Sandbox {
  run(request: RunRequest): Promise<RunResult>;
  close(): Promise<void>;
}

// Owns the audit's records: one mutant's fate, one audited program, and the whole audit report that
// the terminal, JSON and Markdown renderers read.

/** Where a mutant came from: the offline AST mutator, or one of the hack-shaped mutations. */
export type MutantKind = "offline" | "hack";

/** A program made from a parent by one mutation. */
export interface Mutant {
  /** e.g. "m3" (offline) or "hack:drop-element". */
  readonly id: string;
  readonly kind: MutantKind;
  /** What changed, in words. */
  readonly description: string;
  readonly source: string;
  /** Unified diff against the parent. */
  readonly diff: string;
}

/**
 * What the spec did with a mutant: `killed` (a stage rejected it), `survived` (it passed every
 * stage and behaves differently), `equivalent` (no generated input and no workload metric tells it
 * from its parent: not counted), `invalid` (it does not type-check: not counted).
 */
export type MutantFate = "killed" | "survived" | "equivalent" | "invalid";

/** How a surviving mutant's behaviour differs from its parent's. */
export interface Difference {
  /** The shrunk generated input on which the outputs differ; absent when only workloads differ. */
  readonly input?: unknown;
  /** The first differing place, e.g. "/logcnt/0/3: 2 vs 1", or the workload that moved. */
  readonly where: string;
}

/** A metric's value for the parent and the mutant on the train workloads. */
export interface MetricMove {
  readonly parent: number;
  readonly mutant: number;
  readonly delta: number;
}

/** One mutant and what the spec did with it. */
export interface MutantResult {
  readonly id: string;
  readonly kind: MutantKind;
  readonly description: string;
  readonly fate: MutantFate;
  /** For `killed`: the stage and the rule or failure category that stopped it. */
  readonly killedBy?: { readonly stage: string; readonly reason: string };
  /** For `survived`. */
  readonly difference?: Difference;
  /** For `survived`: train metrics and score of parent and mutant. */
  readonly metrics?: Readonly<Record<string, MetricMove>>;
  readonly score?: MetricMove;
  /** For `survived`: the score with time metrics held at the parent's values. */
  readonly behaviourScore?: MetricMove;
  /**
   * For `survived`: the train score rises with time metrics held at the parent's values — a
   * behaviour change the rules allow and the score rewards, i.e. a likely reward hack.
   */
  readonly likelyHack?: boolean;
  /** Unified diff against the parent (kept for survivors only, to keep reports small). */
  readonly diff?: string;
}

/** One audited program (initial, reference, a baseline or a `--program`). */
export interface AuditedProgram {
  readonly label: string;
  readonly path: string;
  /** Why the program was not audited (its own evaluation failed). */
  readonly skipped?: string;
  readonly mutants: readonly MutantResult[];
}

/** Counts over every audited program. */
export interface AuditTotals {
  readonly mutants: number;
  readonly killed: number;
  readonly survived: number;
  readonly equivalent: number;
  readonly invalid: number;
  readonly likelyHacks: number;
  /** Killed by a timeout: a fate that can change with the machine's load. */
  readonly timeouts: number;
  /** killed / (killed + survived); null when no mutant changed behaviour. */
  readonly score: number | null;
}

/** The audit of one spec. */
export interface AuditReport {
  readonly spec: string;
  readonly file: string;
  readonly seed: number;
  readonly runs: number;
  readonly mutantsPerProgram: number;
  readonly programs: readonly AuditedProgram[];
  readonly totals: AuditTotals;
  /** Wall time of the audit, ms. */
  readonly ms: number;
}

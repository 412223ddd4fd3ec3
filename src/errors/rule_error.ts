// Owns RuleError: a spec expression (invariant, derive, assume, score) threw or returned the wrong
// kind of value while running — the spec is at fault, not the candidate under test.
import { SpecEvolveError } from "./base.ts";

/** Where a spec expression is (the structure of the spec's SourceLocation). */
interface ExpressionLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A spec expression failed at run time; `what` names it (e.g. "invariant `replica-count`"). */
export class RuleError extends SpecEvolveError {
  override readonly kind = "spec";
  readonly what: string;
  readonly at: ExpressionLocation;
  /** What went wrong, without the location prefix of `message`. */
  readonly problem: string;
  constructor(what: string, at: ExpressionLocation, problem: string, options?: ErrorOptions) {
    super(
      `spec: ${at.file}:${at.line}:${at.column}: ${what} ${problem}; ` +
        "this is a bug in the spec's expression, not in the candidate: fix the expression",
      options,
    );
    this.name = "RuleError";
    this.what = what;
    this.at = at;
    this.problem = `${what} ${problem}`;
  }
}

/** True when `e` is a RuleError. */
export function isRuleError(e: unknown): e is RuleError {
  return e instanceof RuleError;
}

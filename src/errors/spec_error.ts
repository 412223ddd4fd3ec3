// Owns SpecError: a problem spec that cannot be loaded, with every located issue found in it.
import { SpecEvolveError } from "./base.ts";

/** One problem in a spec file, located as precisely as the loader can. */
export interface SpecIssue {
  /** Absolute or cwd-relative path of the file the issue is in. */
  readonly file: string;
  /** 1-based line, when known. */
  readonly line?: number;
  /** 1-based column, when known. */
  readonly column?: number;
  /** JSON pointer of the field, e.g. `/invariants/2/check`. */
  readonly pointer: string;
  /** What is wrong and, when possible, what to do. */
  readonly message: string;
}

/** Formats an issue as `file:line:col: /pointer: message`. */
export function formatSpecIssue(issue: SpecIssue): string {
  const where = issue.line === undefined
    ? issue.file
    : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  return `${where}: ${issue.pointer || "/"}: ${issue.message}`;
}

/** The spec is invalid; carries every issue found, not only the first. Kind "spec". */
export class SpecError extends SpecEvolveError {
  override readonly kind = "spec";
  readonly issues: readonly SpecIssue[];
  constructor(issues: readonly SpecIssue[], options?: ErrorOptions) {
    super(
      `spec: ${issues.length} problem${issues.length === 1 ? "" : "s"}\n` +
        issues.map((i) => "  " + formatSpecIssue(i)).join("\n"),
      options,
    );
    this.name = "SpecError";
    this.issues = issues;
  }
}

/** True when `e` is a SpecError. */
export function isSpecError(e: unknown): e is SpecError {
  return e instanceof SpecError;
}

// Owns the one table from error kinds to process exit codes; only the CLI applies it.

/** What went wrong, as far as the caller of a command cares; each maps to one exit code. */
export type ErrorKind =
  /** A candidate (or the initial program of a run) failed its evaluation. */
  | "candidate"
  /** The spec, or a trusted module or reference program it names, is at fault. */
  | "spec"
  /** A bug or a broken environment: nobody's input is at fault. */
  | "internal"
  /** The command line (or a steer command) cannot be run as given. */
  | "usage"
  /** The user stopped the command (Ctrl-C, SIGTERM). */
  | "interrupted"
  /** A dollar or token budget ran out: the run ends normally with what it has. */
  | "budget";

/** Exit codes, documented in README: one table for every command. */
export const EXIT_CODES: Readonly<Record<ErrorKind | "ok", number>> = {
  ok: 0,
  budget: 0,
  candidate: 1,
  spec: 2,
  internal: 3,
  usage: 64,
  interrupted: 130,
};

/** The exit code for `kind`. */
export function exitCodeOf(kind: ErrorKind | "ok"): number {
  return EXIT_CODES[kind];
}

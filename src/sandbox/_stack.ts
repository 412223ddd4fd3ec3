// Owns trimming a candidate's stack trace to its own frames, named after its TypeScript file and
// put back at TypeScript lines through the source map of its transpiled script.
import { CANDIDATE_FILE, type PreparedCandidate, SCRIPT_FILE } from "./_candidate.ts";

/** A stack cut down to the candidate's frames, and the position of the innermost one. */
export interface TrimmedStack {
  readonly stack?: string;
  readonly line?: number;
  readonly column?: number;
}

const FRAME = /^\s+at /;
/**
 * A position in the candidate's script: "file:line:column", or "file:line" in SES's messages; V8
 * writes eval'd code as "file, <anonymous>:line:column" at times.
 */
const SCRIPT_POSITION = new RegExp(
  `${SCRIPT_FILE.replaceAll(".", "\\.")}(?:, <anonymous>)?:(\\d+)(?::(\\d+))?`,
  "g",
);

/** Rewrites every script position in `text` as a position in the candidate's TypeScript. */
export function mapPositions(text: string, candidate: PreparedCandidate): string {
  return text.replace(SCRIPT_POSITION, (_, l: string, c: string | undefined) => {
    const at = candidate.original(Number(l), c === undefined ? undefined : Number(c));
    if (at === null) return CANDIDATE_FILE;
    return c === undefined
      ? `${CANDIDATE_FILE}:${at.line}`
      : `${CANDIDATE_FILE}:${at.line}:${at.column}`;
  });
}

/** Keeps the message lines and the candidate's frames, at positions in its TypeScript source. */
export function trimStack(stack: string, candidate: PreparedCandidate): TrimmedStack {
  if (stack === "") return {};
  const kept: string[] = [];
  let position: { line: number; column: number } | undefined;
  for (const line of stack.split("\n")) {
    const frame = FRAME.test(line);
    if (frame && !line.includes(SCRIPT_FILE)) continue;
    if (frame && position === undefined) {
      const match = new RegExp(SCRIPT_POSITION.source).exec(line);
      const at = match?.[2] === undefined
        ? null
        : candidate.original(Number(match[1]), Number(match[2]));
      if (at !== null) position = at;
    }
    const mapped = mapPositions(line, candidate);
    kept.push(frame ? "    " + mapped.trimStart() : mapped);
  }
  return { stack: kept.join("\n"), ...position };
}

// Owns trimming a candidate's stack trace to its own frames, named after its TypeScript file.
// Deno already maps positions through the module's inline source map, so lines are the source's.
import { CANDIDATE_FILE } from "./_candidate.ts";

/** A stack cut down to the candidate's frames, and the position of the innermost one. */
export interface TrimmedStack {
  readonly stack?: string;
  readonly line?: number;
  readonly column?: number;
}

const FRAME = /^\s+at /;

/** Keeps the message lines and the frames in `candidateUrl`, renamed to `candidate.ts`. */
export function trimStack(stack: string, candidateUrl: string): TrimmedStack {
  if (stack === "" || candidateUrl === "") return {};
  const lines = stack.split("\n");
  const kept: string[] = [];
  let position: { line: number; column: number } | undefined;
  for (const line of lines) {
    if (FRAME.test(line) && !line.includes(candidateUrl)) continue;
    const renamed = line.replaceAll(candidateUrl, CANDIDATE_FILE);
    kept.push(renamed);
    if (position === undefined && FRAME.test(line)) {
      const match = /candidate\.ts:(\d+):(\d+)\)?$/.exec(renamed);
      if (match !== null) position = { line: Number(match[1]), column: Number(match[2]) };
    }
  }
  return { stack: kept.join("\n"), ...position };
}

// Owns parsing for the offline mutator: a program's TypeScript syntax tree and its syntax errors,
// from the compiler that ts-morph bundles.
//
// Why not a ts-morph Project: one reused in-memory Project (createSourceFile with overwrite, then
// getProgram().getSyntacticDiagnostics()) measured ~3x the cost of the parser alone (2.7 vs
// 0.8 ms for the 48-line EPLB initial program on a loaded 2-core machine), and the mutator parses
// every candidate it builds. ts-morph's node wrappers cost 4-8x more again for a full walk, so the
// operators walk the raw tree with the compiler API.
import { ts } from "ts-morph";

/** A parsed program: the raw compiler tree and its syntax errors. */
export interface Parsed {
  readonly file: ts.SourceFile;
  /** Syntax errors as "line L: message"; empty when the program parses. */
  readonly errors: readonly string[];
}

/** The parser's own diagnostics, which the compiler keeps on the tree (not in its public types). */
interface WithParseDiagnostics {
  readonly parseDiagnostics?: readonly ts.DiagnosticWithLocation[];
}

/** Parses `source`; its syntax errors come back as data, never thrown. */
export function parseProgram(source: string): Parsed {
  // setParentNodes: the operators look at a node's parent to judge its context.
  const file = ts.createSourceFile("/candidate.ts", source, ts.ScriptTarget.ES2022, true);
  const diagnostics = (file as WithParseDiagnostics).parseDiagnostics;
  if (diagnostics === undefined) {
    throw new Error(
      "offline mutator: this TypeScript version no longer keeps parseDiagnostics on a SourceFile; " +
        "src/evolve/mutate/_parse.ts must get syntax errors another way",
    );
  }
  const errors = diagnostics.map((d) => {
    const line = file.getLineAndCharacterOfPosition(d.start).line + 1;
    return `line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
  });
  return { file, errors };
}

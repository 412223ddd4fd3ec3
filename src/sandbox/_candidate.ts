// Owns turning a candidate's TypeScript into the module a worker loads: ts.transpileModule with an
// inline source map (so stack positions come back in TypeScript lines), cached by source hash, and
// syntax errors reported at the candidate's own line and column.
import { createHash } from "node:crypto";
import { ts } from "ts-morph";
import type { CandidateFailure } from "./types.ts";

/** The name a candidate's module goes by in messages and stacks. */
export const CANDIDATE_FILE = "candidate.ts";
const CACHE_LIMIT = 256;

/** A candidate ready to load: `key` identifies its source. */
export interface PreparedCandidate {
  readonly key: string;
  readonly js: string;
}

/** The transpiled candidate, or why it has no valid syntax. */
export type Preparation =
  | { readonly ok: true; readonly candidate: PreparedCandidate }
  | { readonly ok: false; readonly failure: CandidateFailure };

const cache = new Map<string, Preparation>();

/** Transpiles `source` (or returns the cached result for the same source). */
export function prepareCandidate(source: string): Preparation {
  const key = createHash("sha256").update(source).digest("hex");
  const hit = cache.get(key);
  if (hit !== undefined) {
    // Re-insert so the Map's order doubles as least-recently-used order.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const prepared = transpile(source, key);
  cache.set(key, prepared);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return prepared;
}

function transpile(source: string, key: string): Preparation {
  const output = ts.transpileModule(source, {
    fileName: CANDIDATE_FILE,
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ESNext,
      module: ts.ModuleKind.ESNext,
      inlineSourceMap: true,
    },
  });
  const errors = (output.diagnostics ?? []).filter((d) =>
    d.category === ts.DiagnosticCategory.Error
  );
  if (errors.length === 0) {
    return importFailure(source) ?? { ok: true, candidate: { key, js: output.outputText } };
  }
  const first = errors[0];
  const text = ts.flattenDiagnosticMessageText(first.messageText, "\n");
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
  if (first.file === undefined || first.start === undefined) {
    return { ok: false, failure: { category: "syntax", message: `syntax: ${text}${more}` } };
  }
  const position = first.file.getLineAndCharacterOfPosition(first.start);
  const line = position.line + 1;
  const column = position.character + 1;
  return {
    ok: false,
    failure: {
      category: "syntax",
      message: `syntax: ${CANDIDATE_FILE}:${line}:${column}: ${text}${more}`,
      line,
      column,
    },
  };
}

/** A `load` failure for the first module the candidate imports (type-only imports aside). */
function importFailure(source: string): Preparation | undefined {
  const file = ts.createSourceFile(CANDIDATE_FILE, source, ts.ScriptTarget.ESNext, true);
  for (const statement of file.statements) {
    const specifier = ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly
      ? statement.moduleSpecifier
      : ts.isExportDeclaration(statement) && !statement.isTypeOnly
      ? statement.moduleSpecifier
      : undefined;
    if (specifier === undefined || !ts.isStringLiteral(specifier)) continue;
    const position = file.getLineAndCharacterOfPosition(specifier.getStart(file));
    const line = position.line + 1;
    const column = position.character + 1;
    const message =
      `load: ${CANDIDATE_FILE}:${line}:${column}: the candidate imports '${specifier.text}'; ` +
      "a candidate must be one self-contained module";
    return { ok: false, failure: { category: "load", message, line, column } };
  }
  return undefined;
}

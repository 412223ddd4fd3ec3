// Owns turning a candidate's TypeScript into the script its compartment evaluates: ts.transpileModule
// to CommonJS (a Compartment evaluates scripts, and `exports` is then the one object the module can
// export through), with a source map kept here to put stack positions back at TypeScript lines;
// cached by source hash; syntax errors and anything that would load other code (static or dynamic
// import, import.meta) reported at the candidate's own line and column.
import { createHash } from "node:crypto";
import { ts } from "ts-morph";
import {
  GREATEST_LOWER_BOUND,
  LEAST_UPPER_BOUND,
  originalPositionFor,
  TraceMap,
} from "@jridgewell/trace-mapping";
import type { CandidateFailure } from "./types.ts";

/** The name a candidate's module goes by in messages and stacks. */
export const CANDIDATE_FILE = "candidate.ts";
/** The name its script carries in the sandbox (`//# sourceURL`), in script coordinates. */
export const SCRIPT_FILE = "candidate.script.js";
/** Lines the script wrapper puts before the transpiled module. */
const WRAPPER_LINES = 1;
const CACHE_LIMIT = 256;

/** A candidate ready to load: `key` identifies its source, `script` is what the worker evaluates. */
export interface PreparedCandidate {
  readonly key: string;
  /** A function expression `(function (exports) { … })` whose call runs the module's top level. */
  readonly script: string;
  /** Maps a 1-based script position (or a line alone) to the candidate's TypeScript position. */
  readonly original: (line: number, column?: number) => { line: number; column: number } | null;
}

/** The transpiled candidate, or why it has no valid syntax or is not self-contained. */
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
  const prepared = prepareSafely(source, key);
  cache.set(key, prepared);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return prepared;
}

function transpile(source: string, key: string): Preparation {
  const output = ts.transpileModule(source, {
    fileName: CANDIDATE_FILE,
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      sourceMap: true,
      // Comments go: SES refuses scripts whose text looks like an import or an HTML comment.
      removeComments: true,
    },
  });
  const errors = (output.diagnostics ?? []).filter((d) =>
    d.category === ts.DiagnosticCategory.Error
  );
  if (errors.length > 0) return syntaxFailure(errors);
  const outside = loadsOtherCode(source);
  if (outside !== undefined) return outside;
  const js = withoutSourceMapComment(output.outputText);
  const map = new TraceMap(output.sourceMapText!);
  const original = (line: number, column?: number) => {
    // Positions come from candidate text (a message can name any "line:column"): only those
    // inside the script's own lines are mapped.
    const scriptLine = line - WRAPPER_LINES;
    if (!Number.isSafeInteger(scriptLine) || scriptLine < 1) return null;
    if (column !== undefined && (!Number.isSafeInteger(column) || column < 1)) return null;
    // A line alone (SES's messages) means the line's first mapped position.
    const found = originalPositionFor(map, {
      line: scriptLine,
      column: column === undefined ? 0 : column - 1,
      bias: column === undefined ? LEAST_UPPER_BOUND : GREATEST_LOWER_BOUND,
    });
    return found.line === null ? null : { line: found.line, column: found.column + 1 };
  };
  const script = `(function (exports) {\n${js}\n})\n//# sourceURL=${SCRIPT_FILE}\n`;
  return { ok: true, candidate: { key, script, original } };
}

/**
 * Prepares `source`, turning anything the compiler throws on it (a stack overflow on deeply nested
 * code, say) into the candidate's own syntax failure: the text is the candidate's, not ours.
 */
function prepareSafely(source: string, key: string): Preparation {
  try {
    return transpile(source, key);
  } catch (error) {
    const message = `syntax: the candidate could not be compiled (${
      error instanceof Error ? error.message : String(error)
    })`;
    return { ok: false, failure: { category: "syntax", message } };
  }
}

/**
 * Drops the compiler's trailing source-map comment. Cut at its last line, not with a regex: a
 * pattern like /sourceMappingURL=.*\s*$/ backtracks quadratically on candidate text that
 * starts a line with the same words followed by a long run of spaces.
 */
function withoutSourceMapComment(js: string): string {
  const marker = "\n//# sourceMappingURL=";
  const at = js.lastIndexOf(marker);
  return at >= 0 && !js.slice(at + marker.length).trimEnd().includes("\n")
    ? js.slice(0, at) + "\n"
    : js;
}

function syntaxFailure(errors: readonly ts.Diagnostic[]): Preparation {
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

/**
 * A `load` failure for the first place the candidate reaches for other code: a value import or
 * re-export, a dynamic `import()` or `import.meta`. None of these could work
 * in the compartment anyway (it has no module loader); refusing them here says why, and where.
 */
function loadsOtherCode(source: string): Preparation | undefined {
  const file = ts.createSourceFile(CANDIDATE_FILE, source, ts.ScriptTarget.ESNext, true);
  let found: { node: ts.Node; what: string } | undefined;
  const visit = (node: ts.Node): void => {
    if (found !== undefined) return;
    found = describeLoad(node);
    if (found === undefined) ts.forEachChild(node, visit);
  };
  visit(file);
  if (found === undefined) return undefined;
  const position = file.getLineAndCharacterOfPosition(found.node.getStart(file));
  const line = position.line + 1;
  const column = position.character + 1;
  const message = `load: ${CANDIDATE_FILE}:${line}:${column}: the candidate ${found.what}; ` +
    "a candidate must be one self-contained module";
  return { ok: false, failure: { category: "load", message, line, column } };
}

/** What `node` does to load other code, if it does, and the node to point at. */
function describeLoad(node: ts.Node): { node: ts.Node; what: string } | undefined {
  const specifier = ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly
    ? node.moduleSpecifier
    : ts.isExportDeclaration(node) && !node.isTypeOnly
    ? node.moduleSpecifier
    : ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)
    ? node.moduleReference.expression
    : undefined;
  if (specifier !== undefined) {
    const name = ts.isStringLiteral(specifier) ? specifier.text : specifier.getText();
    return { node: specifier, what: `imports '${name}'` };
  }
  if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
    return { node, what: "calls import()" };
  }
  if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword) {
    return { node, what: "reads import.meta" };
  }
  return undefined;
}

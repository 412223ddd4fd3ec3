// Owns type-checking every spec expression at load time against the generated types, and mapping
// each TypeScript diagnostic back to the file:line:col of the YAML text it came from.
import type { SpecIssue } from "../errors/mod.ts";
import { diagnosticsOf, freshDir, messageOf, putFile } from "./_tsproject.ts";
import { PRELUDE_DECLARATIONS } from "./prelude.ts";
import { expressionCode, type ExpressionSlot, syntaxProblems } from "./rules.ts";
import type { GeneratedTypes } from "./types_gen.ts";
import type { SourceLocation, SpecExpression } from "./types.ts";

/** Maps an offset inside an expression's code to its place in the spec file. */
export type LocateInExpression = (expr: SpecExpression, offset: number) => SourceLocation;

/** Fallback locator: same line as the expression's start (right for one-line plain scalars). */
export const locateOnSameLine: LocateInExpression = (expr, offset) => ({
  ...expr.at,
  column: expr.at.column + offset,
});

// One file per spec file, replaced on every reload, so a long-lived process does not pile them up.
const fileOf = new Map<string, string>();

/** Syntax and type problems of every slot, located in the spec file; empty when all check. */
export function checkExpressions(
  slots: readonly ExpressionSlot[],
  types: GeneratedTypes,
  locate: LocateInExpression = locateOnSameLine,
): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const issue = (slot: ExpressionSlot, offset: number, message: string) =>
    issues.push({
      ...locate(slot.expr, offset),
      pointer: slot.expr.pointer ?? "",
      message: `${slot.what}: ${message}`,
    });
  const valid: ExpressionSlot[] = [];
  for (const slot of slots) {
    const problems = syntaxProblems(expressionCode(slot.expr));
    problems.forEach(([offset, message]) => issue(slot, offset, message));
    if (problems.length === 0) valid.push(slot);
  }
  if (valid.length === 0) return issues;

  // `export {}` keeps each spec's declarations module-scoped in the shared Project.
  let text = `export {};\n${types.declarations}${PRELUDE_DECLARATIONS}`;
  const fnStarts: number[] = [];
  const codeStarts: number[] = [];
  valid.forEach((slot, i) => {
    const params = slot.params.map(([n, t]) => `${n}: ${t}`).join(", ");
    fnStarts.push(text.length);
    text += `function __expr${i}(${params}): ${slot.returns} {\n  return (\n`;
    codeStarts.push(text.length);
    text += `${expressionCode(slot.expr)}\n  );\n}\n`;
  });
  const key = valid[0].expr.at.file;
  const path = fileOf.get(key) ?? `${freshDir()}/expressions.ts`;
  fileOf.set(key, path);
  for (const d of diagnosticsOf(putFile(path, text))) {
    const start = d.getStart() ?? 0;
    const i = fnStarts.findLastIndex((s) => s <= start);
    if (i < 0) {
      issues.push({
        file: valid[0].expr.at.file,
        pointer: "",
        message: `internal: generated declarations do not type-check: ${messageOf(d)}`,
      });
      continue;
    }
    // Problems in the wrapper (e.g. the result type) are reported at the expression's start.
    const last = Math.max(0, expressionCode(valid[i].expr).length - 1);
    issue(valid[i], Math.min(Math.max(0, start - codeStarts[i]), last), messageOf(d));
  }
  return issues;
}

// Owns what the engine learns from a program's text without running it: the normalized form and
// its hash (duplicate detection) and the code features MAP-Elites can use as dimensions.
import { createHash } from "node:crypto";
import { ts } from "ts-morph";

/** Code features computed from source; any other feature name is read from the train metrics. */
export const CODE_FEATURES = ["code_length", "loops", "branches", "functions", "calls"] as const;
export type CodeFeature = typeof CODE_FEATURES[number];

/** What `analyzeSource()` returns. */
export interface SourceAnalysis {
  /** Tokens without comments or layout, one space apart (see `normalizeSource`). */
  readonly normalized: string;
  /** sha256 (hex) of `normalized`: equal hashes are treated as the same program. */
  readonly hash: string;
  readonly features: Readonly<Record<CodeFeature, number>>;
}

// Nodes whose statement-ending `;` is optional (ASI); each gets one `;` whether written or not.
const TERMINATED: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.VariableStatement,
  ts.SyntaxKind.ExpressionStatement,
  ts.SyntaxKind.ReturnStatement,
  ts.SyntaxKind.BreakStatement,
  ts.SyntaxKind.ContinueStatement,
  ts.SyntaxKind.ThrowStatement,
  ts.SyntaxKind.DoStatement,
  ts.SyntaxKind.DebuggerStatement,
  ts.SyntaxKind.ImportDeclaration,
  ts.SyntaxKind.ExportDeclaration,
  ts.SyntaxKind.ExportAssignment,
  ts.SyntaxKind.TypeAliasDeclaration,
  ts.SyntaxKind.PropertyDeclaration,
]);

const LOOPS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.ForStatement,
  ts.SyntaxKind.ForInStatement,
  ts.SyntaxKind.ForOfStatement,
  ts.SyntaxKind.WhileStatement,
  ts.SyntaxKind.DoStatement,
]);
/** Array methods that are loops in all but syntax. */
const ITERATING_METHODS: ReadonlySet<string> = new Set([
  "forEach",
  "map",
  "filter",
  "reduce",
  "reduceRight",
  "some",
  "every",
  "find",
  "findIndex",
  "flatMap",
  "sort",
]);
const BRANCHES: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.IfStatement,
  ts.SyntaxKind.ConditionalExpression,
  ts.SyntaxKind.CaseClause,
]);
const FUNCTIONS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
]);

function isJsDoc(node: ts.Node): boolean {
  return node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode;
}

function isTrailingComma(node: ts.Node, siblings: readonly ts.Node[], index: number): boolean {
  return node.kind === ts.SyntaxKind.CommaToken && index === siblings.length - 1 &&
    siblings.length > 1;
}

/**
 * Normalizes and measures a source. Normal form: the parser's tokens with comments and layout
 * dropped, optional statement semicolons made explicit, trailing commas dropped and string
 * literals requoted, so formatting-only edits hash alike while any token change does not.
 * Sources with syntax errors are still analyzed (the cascade reports the error).
 */
export function analyzeSource(source: string): SourceAnalysis {
  const file = ts.createSourceFile("candidate.ts", source, ts.ScriptTarget.Latest, true);
  const tokens: string[] = [];
  const features = { code_length: 0, loops: 0, branches: 0, functions: 0, calls: 0 };
  const visit = (node: ts.Node): void => {
    if (isJsDoc(node)) return;
    count(node, features);
    const children = node.getChildren(file);
    if (children.length === 0) {
      tokens.push(leafText(node, file));
      return;
    }
    const terminated = TERMINATED.has(node.kind);
    children.forEach((child, i) => {
      const last = i === children.length - 1;
      if (terminated && last && child.kind === ts.SyntaxKind.SemicolonToken) return;
      if (node.kind === ts.SyntaxKind.SyntaxList && isTrailingComma(child, children, i)) return;
      visit(child);
    });
    if (terminated) tokens.push(";");
  };
  visit(file);
  const normalized = tokens.filter((t) => t !== "").join(" ");
  features.code_length = normalized.length;
  return { normalized, hash: sha256(normalized), features };
}

/** The normalized form alone (see `analyzeSource`). */
export function normalizeSource(source: string): string {
  return analyzeSource(source).normalized;
}

function leafText(node: ts.Node, file: ts.SourceFile): string {
  // 'a' and "a" are the same program; the cooked text requoted once makes them hash alike.
  if (ts.isStringLiteral(node)) return JSON.stringify(node.text);
  return node.getText(file);
}

function count(node: ts.Node, features: Record<CodeFeature, number>): void {
  if (LOOPS.has(node.kind)) features.loops++;
  if (BRANCHES.has(node.kind)) features.branches++;
  if (FUNCTIONS.has(node.kind)) features.functions++;
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    features.calls++;
    const callee = node.expression;
    if (ts.isPropertyAccessExpression(callee) && ITERATING_METHODS.has(callee.name.text)) {
      features.loops++;
    }
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

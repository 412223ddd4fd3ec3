// Owns the control-flow operators: negating a condition (or swapping && with ||) and reordering,
// deleting or duplicating statements within a block.
import { ts } from "ts-morph";
import {
  type Edit,
  isEditable,
  lineAt,
  type Mutation,
  type MutationContext,
  type MutationOperator,
  replaceNode,
  snippet,
  textOf,
} from "./_context.ts";
import { isInsideBlock } from "../source/blocks.ts";
import type { Rng } from "../../random/rng.ts";

const K = ts.SyntaxKind;

/** The condition expression a statement or ternary branches on, if any. */
function conditionOf(node: ts.Node): ts.Expression | undefined {
  if (ts.isIfStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)) {
    return node.expression;
  }
  if (ts.isForStatement(node)) return node.condition;
  if (ts.isConditionalExpression(node)) return node.condition;
  return undefined;
}

/** Expressions that `!` binds to without parentheses. */
function isTight(node: ts.Expression): boolean {
  return ts.isIdentifier(node) || ts.isCallExpression(node) ||
    ts.isPropertyAccessExpression(node) ||
    ts.isElementAccessExpression(node) || ts.isParenthesizedExpression(node) ||
    node.kind === K.TrueKeyword || node.kind === K.FalseKeyword;
}

function negation(ctx: MutationContext, cond: ts.Expression): string {
  if (ts.isPrefixUnaryExpression(cond) && cond.operator === K.ExclamationToken) {
    const inner = ts.isParenthesizedExpression(cond.operand)
      ? cond.operand.expression
      : cond.operand;
    return textOf(ctx, inner);
  }
  return isTight(cond) ? `!${textOf(ctx, cond)}` : `!(${textOf(ctx, cond)})`;
}

const negate: MutationOperator = {
  name: "negate",
  description: "negate the condition of an if/while/for/ternary (or remove a leading !), " +
    "or swap && with ||",
  defaultWeight: 1,
  mutate(ctx, rng) {
    const conditions = ctx.nodes.map(conditionOf).filter((c): c is ts.Expression =>
      c !== undefined
    );
    const logical = ctx.nodes.filter((n): n is ts.BinaryExpression =>
      ts.isBinaryExpression(n) &&
      (n.operatorToken.kind === K.AmpersandAmpersandToken || n.operatorToken.kind === K.BarBarToken)
    );
    const sites = [
      ...conditions.map((node) => ({ node, logical: false })),
      ...logical.map((node) => ({ node, logical: true })),
    ];
    if (sites.length === 0) return undefined;
    const site = rng.pick(sites);
    const where = lineAt(ctx, site.node.getStart(ctx.file));
    if (site.logical) {
      const token = (site.node as ts.BinaryExpression).operatorToken;
      const to = token.kind === K.BarBarToken ? "&&" : "||";
      return {
        edit: replaceNode(ctx, token, to),
        description: `negate: "${token.getText(ctx.file)}" -> "${to}" at ${where}`,
      };
    }
    const text = negation(ctx, site.node);
    return {
      edit: replaceNode(ctx, site.node, text),
      description: `negate condition ${snippet(ctx, site.node)} -> ${
        text.slice(0, 40)
      } at ${where}`,
    };
  },
};

/** Declarations other than variables, and jumps: moving them is a no-op or makes dead code. */
function isStructural(s: ts.Statement): boolean {
  return ts.isReturnStatement(s) || ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) ||
    ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isEnumDeclaration(s) ||
    ts.isModuleDeclaration(s) || ts.isImportDeclaration(s) || ts.isExportDeclaration(s) ||
    ts.isExportAssignment(s) || ts.isBreakStatement(s) || ts.isContinueStatement(s) ||
    ts.isThrowStatement(s);
}

/** Statements not to delete or duplicate: a variable's removal or redeclaration fails to compile. */
function isFixed(s: ts.Statement): boolean {
  return isStructural(s) || ts.isVariableStatement(s);
}

function declaredNames(s: ts.Statement): Set<string> {
  const names = new Set<string>();
  if (ts.isVariableStatement(s)) {
    for (const d of s.declarationList.declarations) {
      if (ts.isIdentifier(d.name)) names.add(d.name.text);
    }
  }
  return names;
}

function mentions(node: ts.Node, names: Set<string>): boolean {
  if (names.size === 0) return false;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n) && names.has(n.text)) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** Every statement list (file, block, case clause) with at least one statement inside a block. */
function statementLists(ctx: MutationContext): (readonly ts.Statement[])[] {
  const lists = new Set<readonly ts.Statement[]>();
  for (const node of ctx.nodes) {
    const parent = node.parent;
    if (
      ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isModuleBlock(parent) ||
      ts.isCaseClause(parent) || ts.isDefaultClause(parent)
    ) lists.add(parent.statements);
  }
  return [...lists];
}

/** The editable statements of the lists. */
function editable(ctx: MutationContext, lists: (readonly ts.Statement[])[]): ts.Statement[] {
  return lists.flat().filter((s) => isEditable(ctx, s));
}

/** The statement's range widened to whole lines when nothing else shares them. */
function lineRange(ctx: MutationContext, s: ts.Statement): Edit {
  let start = s.getStart(ctx.file);
  let end = s.end;
  const lineStart = ctx.source.lastIndexOf("\n", start - 1) + 1;
  if (ctx.source.slice(lineStart, start).trim() === "") start = lineStart;
  const newline = ctx.source.indexOf("\n", end);
  const lineEnd = newline === -1 ? ctx.source.length : newline + 1;
  if (ctx.source.slice(end, lineEnd).trim() === "") end = lineEnd;
  return { start, end, text: "" };
}

type StatementAction = (ctx: MutationContext, rng: Rng, lists: (readonly ts.Statement[])[]) =>
  | Mutation
  | undefined;

const swapAdjacent: StatementAction = (ctx, rng, lists) => {
  const pairs = lists.flatMap((list) =>
    list.slice(1).map((second, i) => [list[i], second] as const).filter(([a, b]) =>
      isInsideBlock(ctx.blocks, a.getStart(ctx.file), b.end) && !isStructural(a) &&
      !isStructural(b) && !mentions(b, declaredNames(a))
    )
  );
  if (pairs.length === 0) return undefined;
  const [a, b] = rng.pick(pairs);
  const between = ctx.source.slice(a.end, b.getStart(ctx.file));
  return {
    edit: {
      start: a.getStart(ctx.file),
      end: b.end,
      text: textOf(ctx, b) + between + textOf(ctx, a),
    },
    description: `statement: move ${snippet(ctx, b)} above ${snippet(ctx, a)} at ` +
      lineAt(ctx, a.getStart(ctx.file)),
  };
};

const deleteOne: StatementAction = (ctx, rng, lists) => {
  const sites = editable(ctx, lists).filter((s) => !isFixed(s));
  if (sites.length === 0) return undefined;
  const s = rng.pick(sites);
  return {
    edit: lineRange(ctx, s),
    description: `statement: delete ${snippet(ctx, s)} at ${lineAt(ctx, s.getStart(ctx.file))}`,
  };
};

const duplicateOne: StatementAction = (ctx, rng, lists) => {
  const sites = editable(ctx, lists).filter((s) => !isFixed(s));
  if (sites.length === 0) return undefined;
  const s = rng.pick(sites);
  const start = s.getStart(ctx.file);
  const lineStart = ctx.source.lastIndexOf("\n", start - 1) + 1;
  const indent = ctx.source.slice(lineStart, start);
  const text = `\n${indent.trim() === "" ? indent : ""}${textOf(ctx, s)}`;
  return {
    edit: { start: s.end, end: s.end, text },
    description: `statement: duplicate ${snippet(ctx, s)} at ${lineAt(ctx, start)}`,
  };
};

const statement: MutationOperator = {
  name: "statement",
  description: "within one statement list inside a block: swap two adjacent statements, delete " +
    "one, or duplicate one (declarations, returns and jumps are not deleted or duplicated)",
  defaultWeight: 1.5,
  mutate(ctx, rng) {
    const lists = statementLists(ctx);
    const actions = [swapAdjacent, deleteOne, duplicateOne];
    // Draw actions in a seeded order until one has a site.
    while (actions.length > 0) {
      const [action] = actions.splice(rng.between(0, actions.length - 1), 1);
      const mutation = action(ctx, rng, lists);
      if (mutation) return mutation;
    }
    return undefined;
  },
};

/** The control-flow operators, in doc order. */
export const CONTROL_OPERATORS: readonly MutationOperator[] = [negate, statement];

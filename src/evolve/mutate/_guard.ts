// Owns the site guard that keeps offline proposals runnable: the text ranges whose edits crash or
// hang a program far more often than they improve it (loop headers, sentinel checks such as
// `best < 0`, capacity guards before `continue`, `fill()` start values, the literal -1, array
// indices). Without it, 19 of the first 36 EPLB candidates of a run died as exceptions. A plain 0
// stays editable: it is as often a weight switched off (`const weight = 0`) as a start value.
import { ts } from "ts-morph";
import type { Edit, ParsedProgram } from "./_context.ts";

const K = ts.SyntaxKind;

/** A `[start, end)` range of the source. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/** `-1`, `0` or `-0`-like literals a sentinel compares against. */
function isSentinelLiteral(node: ts.Expression): boolean {
  if (ts.isNumericLiteral(node)) return node.text === "0";
  return ts.isPrefixUnaryExpression(node) && node.operator === K.MinusToken &&
    ts.isNumericLiteral(node.operand) && node.operand.text === "1";
}

/** `x < 0`, `x === -1`, `-1 !== x` and the like: "not found yet" checks. */
function isSentinelCheck(node: ts.Node): node is ts.BinaryExpression {
  if (!ts.isBinaryExpression(node)) return false;
  const k = node.operatorToken.kind;
  const comparison = k === K.LessThanToken || k === K.GreaterThanEqualsToken ||
    k === K.EqualsEqualsEqualsToken || k === K.ExclamationEqualsEqualsToken;
  return comparison && (isSentinelLiteral(node.right) || isSentinelLiteral(node.left));
}

/** `continue;`, `break;` or a block holding only one of them. */
function isSkip(node: ts.Statement): boolean {
  if (ts.isBlock(node)) return node.statements.length === 1 && isSkip(node.statements[0]);
  return ts.isContinueStatement(node) || ts.isBreakStatement(node);
}

function isFillCall(node: ts.Node): node is ts.CallExpression {
  return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) &&
    node.expression.name.text === "fill";
}

function rangeOf(program: ParsedProgram, node: ts.Node): Range {
  return { start: node.getStart(program.file), end: node.end };
}

/** The ranges of `program` that a guarded mutation must not edit inside. */
export function guardedRanges(program: ParsedProgram): Range[] {
  const out: Range[] = [];
  for (const node of program.nodes) {
    if (ts.isForStatement(node)) {
      for (const part of [node.initializer, node.condition, node.incrementor]) {
        if (part) out.push(rangeOf(program, part));
      }
    } else if (ts.isIfStatement(node) && isSkip(node.thenStatement)) {
      // `if (used[g] === cap) continue;`: a capacity guard, not a policy choice.
      out.push(rangeOf(program, node.expression));
    } else if (isFillCall(node)) {
      // `new Array(n).fill(0)`: the start value of counters and sums.
      for (const arg of node.arguments) out.push(rangeOf(program, arg));
    } else if (isSentinelCheck(node)) {
      out.push(rangeOf(program, node));
    } else if (
      ts.isBinaryExpression(node) &&
      (node.operatorToken.kind === K.BarBarToken ||
        node.operatorToken.kind === K.AmpersandAmpersandToken) &&
      (isSentinelCheck(node.left) || isSentinelCheck(node.right))
    ) {
      // `best < 0 || better(x, best)`: the connective is what keeps the sentinel from indexing.
      out.push(rangeOf(program, node.operatorToken));
    } else if (ts.isElementAccessExpression(node)) {
      out.push(rangeOf(program, node.argumentExpression));
    } else if (
      ts.isPrefixUnaryExpression(node) && node.operator === K.MinusToken &&
      ts.isNumericLiteral(node.operand) && node.operand.text === "1"
    ) {
      out.push(rangeOf(program, node));
    }
  }
  return out;
}

/**
 * True when `edit` changes text inside a guarded range without replacing all of it and more
 * (deleting or swapping a whole loop is allowed; rewriting its condition is not).
 */
export function breaksGuard(ranges: readonly Range[], edit: Edit): boolean {
  return ranges.some((r) =>
    edit.start < r.end && r.start < edit.end && !(edit.start <= r.start && edit.end >= r.end &&
      edit.end - edit.start > r.end - r.start)
  );
}

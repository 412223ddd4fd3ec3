// Owns the sort-comparator operator: flip the direction of a `.sort((a, b) => ...)` comparator,
// swap its tie-break order, or sort by a different key field.
import { ts } from "ts-morph";
import {
  lineAt,
  type Mutation,
  type MutationContext,
  type MutationOperator,
  replaceNode,
  textOf,
} from "./_context.ts";
import type { Rng } from "../../random/rng.ts";

const K = ts.SyntaxKind;

interface Comparator {
  readonly fn: ts.ArrowFunction | ts.FunctionExpression;
  readonly params: ReadonlySet<string>;
}

/** Comparators passed to `.sort()` or `.toSorted()` that take two plainly named parameters. */
function comparators(ctx: MutationContext): Comparator[] {
  const out: Comparator[] = [];
  for (const node of ctx.nodes) {
    if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) continue;
    if (!["sort", "toSorted"].includes(node.expression.name.text)) continue;
    const fn = node.arguments[0];
    if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) continue;
    const names = fn.parameters.map((p) => ts.isIdentifier(p.name) ? p.name.text : "");
    if (names.length === 2 && names.every((n) => n !== "") && names[0] !== names[1]) {
      out.push({ fn, params: new Set(names) });
    }
  }
  return out;
}

/** Identifiers in `root` that refer to one of `names` (not property names after a dot). */
function references(root: ts.Node, names: ReadonlySet<string>): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && names.has(n.text)) {
      const p = n.parent;
      const isName = (ts.isPropertyAccessExpression(p) || ts.isPropertyAssignment(p)) &&
        p.name === n;
      if (!isName) out.push(n);
    }
    ts.forEachChild(n, visit);
  };
  visit(root);
  return out;
}

/** The text of `root` with each listed node's text replaced. */
function rewrite(
  ctx: MutationContext,
  root: ts.Node,
  changes: readonly { readonly node: ts.Node; readonly text: string }[],
): string {
  const base = root.getStart(ctx.file);
  let text = textOf(ctx, root);
  const ordered = [...changes].sort((x, y) =>
    y.node.getStart(ctx.file) - x.node.getStart(ctx.file)
  );
  for (const { node, text: replacement } of ordered) {
    const start = node.getStart(ctx.file) - base;
    text = text.slice(0, start) + replacement + text.slice(node.end - base);
  }
  return text;
}

/** The expression a comparator returns: an arrow's expression body or a lone `return`. */
function returned(fn: ts.ArrowFunction | ts.FunctionExpression): ts.Expression | undefined {
  let e: ts.Expression | undefined;
  if (!ts.isBlock(fn.body)) e = fn.body;
  else if (fn.body.statements.length === 1 && ts.isReturnStatement(fn.body.statements[0])) {
    e = fn.body.statements[0].expression;
  }
  while (e && ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

type ComparatorAction = (
  ctx: MutationContext,
  rng: Rng,
  c: Comparator,
) => Mutation | undefined;

const flip: ComparatorAction = (ctx, _rng, c) => {
  const [a, b] = [...c.params];
  const refs = references(c.fn.body, c.params);
  if (refs.length === 0) return undefined;
  return {
    edit: replaceNode(
      ctx,
      c.fn.body,
      rewrite(ctx, c.fn.body, refs.map((node) => ({ node, text: node.text === a ? b : a }))),
    ),
    description: `comparator: flip sort direction (${a} <-> ${b}) at ${
      lineAt(ctx, c.fn.getStart(ctx.file))
    }`,
  };
};

const tieBreak: ComparatorAction = (ctx, _rng, c) => {
  const e = returned(c.fn);
  if (
    !e || !ts.isBinaryExpression(e) ||
    !(e.operatorToken.kind === K.BarBarToken || e.operatorToken.kind === K.QuestionQuestionToken)
  ) return undefined;
  const between = ctx.source.slice(e.left.end, e.right.getStart(ctx.file));
  return {
    edit: replaceNode(ctx, e, textOf(ctx, e.right) + between + textOf(ctx, e.left)),
    description: `comparator: swap tie-break order at ${lineAt(ctx, e.getStart(ctx.file))}`,
  };
};

/** Field names worth sorting by: those comparators already read, and object-literal keys. */
function fieldPool(ctx: MutationContext, all: readonly Comparator[]): Set<string> {
  const pool = new Set<string>();
  for (const c of all) {
    for (const ref of references(c.fn.body, c.params)) {
      if (ts.isPropertyAccessExpression(ref.parent)) pool.add(ref.parent.name.text);
    }
  }
  for (const n of ctx.nodes) {
    if ((ts.isPropertyAssignment(n) || ts.isPropertySignature(n)) && ts.isIdentifier(n.name)) {
      pool.add(n.name.text);
    } else if (ts.isShorthandPropertyAssignment(n)) pool.add(n.name.text);
  }
  return pool;
}

function keyField(all: readonly Comparator[]): ComparatorAction {
  return (ctx, rng, c) => {
    const accesses = references(c.fn.body, c.params)
      .map((r) => r.parent)
      .filter((p): p is ts.PropertyAccessExpression => ts.isPropertyAccessExpression(p));
    const fields = [...new Set(accesses.map((p) => p.name.text))];
    if (fields.length === 0) return undefined;
    const from = rng.pick(fields);
    const options = [...fieldPool(ctx, all)].filter((f) => f !== from).sort();
    if (options.length === 0) return undefined;
    const to = rng.pick(options);
    const changes = accesses.filter((p) => p.name.text === from).map((p) => ({
      node: p.name,
      text: to,
    }));
    return {
      edit: replaceNode(ctx, c.fn.body, rewrite(ctx, c.fn.body, changes)),
      description: `comparator: sort by .${to} instead of .${from} at ${
        lineAt(ctx, c.fn.getStart(ctx.file))
      }`,
    };
  };
}

const comparator: MutationOperator = {
  name: "comparator",
  description: "in a .sort/.toSorted comparator (a, b) => ...: flip the direction (a <-> b), " +
    "swap the tie-break order of `x || y`, or sort by another field name seen in the program",
  defaultWeight: 1.5,
  mutate(ctx, rng) {
    const all = comparators(ctx);
    if (all.length === 0) return undefined;
    const c = rng.pick(all);
    // Flipping is the move that most often matters (ascending vs descending), so it comes twice.
    const actions = [flip, flip, tieBreak, keyField(all)];
    while (actions.length > 0) {
      const [action] = actions.splice(rng.between(0, actions.length - 1), 1);
      const mutation = action(ctx, rng, c);
      if (mutation) return mutation;
    }
    return undefined;
  },
};

/** The comparator operator, in doc order. */
export const SORT_OPERATORS: readonly MutationOperator[] = [comparator];

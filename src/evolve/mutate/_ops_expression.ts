// Owns the expression-level operators: numeric constant perturbation and swaps of comparison,
// arithmetic and Math.* operators. Each edits a single literal, token or name.
import { ts } from "ts-morph";
import { lineAt, type MutationContext, type MutationOperator, replaceNode } from "./_context.ts";
import type { Rng } from "../../random/rng.ts";

const K = ts.SyntaxKind;

interface ConstantSite {
  /** The literal, or the `-literal` prefix expression around it. */
  readonly node: ts.Node;
  readonly value: number;
  readonly integer: boolean;
  readonly weight: number;
}

/** Literals that name or type something are not values: changing them breaks the program. */
function isValuePosition(literal: ts.NumericLiteral): boolean {
  const parent = literal.parent;
  if (ts.isLiteralTypeNode(parent)) return false;
  const named = parent as { name?: ts.Node };
  return named.name !== literal;
}

function constantSites(ctx: MutationContext): ConstantSite[] {
  const sites: ConstantSite[] = [];
  for (const node of ctx.nodes) {
    if (!ts.isNumericLiteral(node) || !isValuePosition(node)) continue;
    const negated = ts.isPrefixUnaryExpression(node.parent) &&
      node.parent.operator === K.MinusToken;
    if (negated && ts.isLiteralTypeNode(node.parent.parent)) continue;
    const target = negated ? node.parent : node;
    const raw = node.getText(ctx.file);
    const integer = /^0[xXbBoO]/.test(raw) || !/[.eE]/.test(raw);
    const value = Number(node.text) * (negated ? -1 : 1);
    const index = ts.isElementAccessExpression(target.parent) &&
      target.parent.argumentExpression === target;
    // 0 and 1 are mostly indices, loop starts and unit steps: changing them rarely helps.
    const weight = index ? 0.15 : integer && (value === 0 || value === 1) ? 0.3 : 1;
    sites.push({ node: target, value, integer, weight });
  }
  return sites;
}

/** A new value near `value`: integers stay integers and non-negative values stay non-negative. */
function perturbNumber(value: number, integer: boolean, rng: Rng): number {
  if (integer) {
    const r = rng.float();
    let out: number;
    if (r < 0.5) out = value + (rng.chance(0.5) ? 1 : -1);
    else if (r < 0.75) {
      const step = Math.max(2, Math.round(Math.abs(value) * 0.25));
      out = value + rng.between(-step, step);
    } else out = Math.round(value * rng.pick([0.5, 0.75, 1.5, 2]));
    // Small values can round back to themselves; a unit step guarantees a change.
    if (out === value) out = value + (value <= 0 || rng.chance(0.5) ? 1 : -1);
    return value >= 0 ? Math.abs(out) : out;
  }
  if (value === 0) return rng.pick([0.01, 0.1, 0.5, 1]);
  // Mostly small multiplicative steps (scale-free), sometimes a jump of an order of magnitude.
  const factor = rng.chance(0.75)
    ? Math.exp((rng.float() * 2 - 1) * 0.4)
    : rng.pick([0.1, 0.25, 0.5, 2, 4, 10]);
  // Three significant digits keep the source readable; fall back to more if that rounds to value.
  const scaled = value * factor;
  const short = Number(scaled.toPrecision(3));
  return short !== value ? short : Number(scaled.toPrecision(6));
}

/** Source text of a number; floats keep a `.` or exponent so they stay floats in later rounds. */
function formatNumber(value: number, integer: boolean): string {
  const text = String(value);
  return integer || /[.eE]/.test(text) ? text : text + ".0";
}

const constant: MutationOperator = {
  name: "constant",
  description: "perturb a numeric constant: integers by +-1, +-25% or x0.5..x2 (kept integer), " +
    "floats by x0.67..x1.5 or an occasional x0.1..x10 jump; array indices and 0/1 are picked less",
  defaultWeight: 4,
  mutate(ctx, rng) {
    const site = rng.weighted(constantSites(ctx), (s) => s.weight);
    if (!site) return undefined;
    for (let tries = 0; tries < 4; tries++) {
      const value = perturbNumber(site.value, site.integer, rng);
      if (value === site.value || !Number.isFinite(value)) continue;
      const text = formatNumber(value, site.integer);
      const before = site.node.getText(ctx.file);
      return {
        edit: replaceNode(ctx, site.node, text),
        description: `constant ${before} -> ${text} at ${
          lineAt(ctx, site.node.getStart(ctx.file))
        }`,
      };
    }
    return undefined;
  },
};

/** Operator tokens a swap may turn into one another: each group lists interchangeable kinds. */
type SwapGroups = readonly (readonly ts.SyntaxKind[])[];

function isStringLike(node: ts.Expression): boolean {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ||
    ts.isTemplateExpression(node);
}

/** An operator that replaces a binary expression's operator token by another of its group. */
function tokenSwap(
  name: "compare" | "arithmetic",
  description: string,
  defaultWeight: number,
  groups: SwapGroups,
  skip: (node: ts.BinaryExpression) => boolean = () => false,
): MutationOperator {
  const groupOf = new Map(groups.flatMap((g) => g.map((kind) => [kind, g] as const)));
  return {
    name,
    description,
    defaultWeight,
    mutate(ctx, rng) {
      const sites = ctx.nodes.filter((n): n is ts.BinaryExpression =>
        ts.isBinaryExpression(n) && groupOf.has(n.operatorToken.kind) && !skip(n)
      );
      if (sites.length === 0) return undefined;
      const node = rng.pick(sites);
      const from = node.operatorToken.kind;
      const to = rng.pick(groupOf.get(from)!.filter((k) => k !== from));
      const [a, b] = [ts.tokenToString(from), ts.tokenToString(to)];
      return {
        edit: replaceNode(ctx, node.operatorToken, b!),
        description: `${name} "${a}" -> "${b}" at ${lineAt(ctx, node.getStart(ctx.file))}`,
      };
    },
  };
}

const compare = tokenSwap(
  "compare",
  "swap a comparison operator among < <= > >=, or === with !== (and == with !=)",
  2,
  [
    [K.LessThanToken, K.LessThanEqualsToken, K.GreaterThanToken, K.GreaterThanEqualsToken],
    [K.EqualsEqualsEqualsToken, K.ExclamationEqualsEqualsToken],
    [K.EqualsEqualsToken, K.ExclamationEqualsToken],
  ],
);

const arithmetic = tokenSwap(
  "arithmetic",
  "swap an arithmetic operator among + - * / (or += -= *= /=); string concatenation is left alone",
  1.5,
  [
    [K.PlusToken, K.MinusToken, K.AsteriskToken, K.SlashToken],
    [K.PlusEqualsToken, K.MinusEqualsToken, K.AsteriskEqualsToken, K.SlashEqualsToken],
  ],
  (n) => {
    const plus = n.operatorToken.kind === K.PlusToken || n.operatorToken.kind === K.PlusEqualsToken;
    return plus && (isStringLike(n.left) || isStringLike(n.right));
  },
);

const MATH_GROUPS: readonly (readonly string[])[] = [
  ["max", "min"],
  ["floor", "ceil", "round", "trunc"],
];

const math: MutationOperator = {
  name: "math",
  description: "swap Math.max with Math.min, or one of Math.floor/ceil/round/trunc for another",
  defaultWeight: 1,
  mutate(ctx, rng) {
    const sites = ctx.nodes.filter((n): n is ts.Identifier =>
      ts.isIdentifier(n) && ts.isPropertyAccessExpression(n.parent) && n.parent.name === n &&
      ts.isIdentifier(n.parent.expression) && n.parent.expression.text === "Math" &&
      ts.isCallExpression(n.parent.parent) && n.parent.parent.expression === n.parent &&
      MATH_GROUPS.some((g) => g.includes(n.text))
    );
    if (sites.length === 0) return undefined;
    const node = rng.pick(sites);
    const group = MATH_GROUPS.find((g) => g.includes(node.text))!;
    const to = rng.pick(group.filter((f) => f !== node.text));
    return {
      edit: replaceNode(ctx, node, to),
      description: `math Math.${node.text} -> Math.${to} at ${
        lineAt(ctx, node.getStart(ctx.file))
      }`,
    };
  },
};

/** The expression-level operators, in doc order. */
export const EXPRESSION_OPERATORS: readonly MutationOperator[] = [
  constant,
  compare,
  arithmetic,
  math,
];

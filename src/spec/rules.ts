// Owns compiling a spec's TypeScript expressions (invariants, derive, assume, score) into functions
// that run in the trusted parent with the prelude in scope, and the `equivalent` comparison.
import { ts } from "ts-morph";
import { SpecError } from "../errors/mod.ts";
import { PRELUDE } from "./prelude.ts";
import { RuleError } from "./rule_error.ts";
import type { InvariantRule, Spec, SpecExpression } from "./types.ts";

/** What one expression receives (as named, typed parameters) and must produce. */
export interface ExpressionSlot {
  readonly expr: SpecExpression;
  /** Human name for messages, e.g. "invariant `replica-count`". */
  readonly what: string;
  readonly params: readonly (readonly [name: string, type: string])[];
  readonly returns: string;
}

/** A compiled invariant; `check` throws RuleError when the rule itself breaks. */
export interface CompiledRule {
  readonly id: string;
  readonly doc: string;
  check(input: unknown, output: unknown): boolean;
  /** The rule's `witness` value on a failing case (what to show beside the failure). */
  witness?(input: unknown, output: unknown): unknown;
}

const PRELUDE_NAMES = Object.keys(PRELUDE);
const PRELUDE_VALUES = Object.values(PRELUDE);
const DERIVE_PARAMS = [["params", "Params"], ["input", "Input"]] as const;
const RULE_PARAMS = [["input", "Input"], ["output", "Output"]] as const;
// A case's context has no schema (it is whatever the workload file or cases function gives).
const METRIC_PARAMS = [["input", "Input"], ["output", "Output"], ["context", "any"]] as const;

/** Every expression of `spec` with the parameters and result type it is compiled against. */
export function expressionSlots(spec: Spec): ExpressionSlot[] {
  const slots: ExpressionSlot[] = spec.invariants.map((r) => ({
    expr: r.check,
    what: `invariant \`${r.id}\``,
    params: [["input", "Input"], ["output", "Output"]],
    returns: "boolean",
  }));
  for (const r of spec.invariants) {
    if (r.witness) {
      slots.push({
        expr: r.witness,
        what: `witness of invariant \`${r.id}\``,
        params: RULE_PARAMS,
        returns: "unknown",
      });
    }
  }
  for (const step of spec.derive) {
    if ("value" in step) {
      slots.push({
        expr: step.value,
        what: `derive \`${step.field}\``,
        params: DERIVE_PARAMS,
        returns: `Input[${JSON.stringify(step.field)}]`,
      });
    } else {
      step.shape.forEach((expr, i) =>
        slots.push({
          expr,
          what: `derive \`${step.field}\` shape[${i}]`,
          params: DERIVE_PARAMS,
          returns: "number",
        })
      );
    }
  }
  spec.assume.forEach((expr, i) =>
    slots.push({ expr, what: `assume[${i}]`, params: DERIVE_PARAMS, returns: "boolean" })
  );
  for (const m of spec.metrics) {
    if ("expr" in m) {
      slots.push({
        expr: m.expr,
        what: `metric \`${m.name}\``,
        params: METRIC_PARAMS,
        returns: "number",
      });
    }
  }
  if (spec.score) {
    slots.push({
      expr: spec.score,
      what: "score",
      params: spec.metrics.map((m) => [m.name, "number"] as const),
      returns: "number",
    });
  }
  return slots;
}

/** The slots of the spec's `assume` entries, in order. */
export function assumeSlots(spec: Spec): ExpressionSlot[] {
  return expressionSlots(spec).filter((s) => s.what.startsWith("assume["));
}

/** Trims what YAML authors often leave after an expression (blank lines, a final `;`). */
export function expressionCode(expr: SpecExpression): string {
  return expr.code.replace(/[\s;]+$/, "");
}

/** Syntax problems of an expression as `[offset in code, message]`; empty when it is one expression. */
export function syntaxProblems(code: string): [number, string][] {
  const text = `(${code}\n)`;
  const sf = ts.createSourceFile("expr.ts", text, ts.ScriptTarget.ES2022, false);
  // parseDiagnostics is internal to the compiler API but the only parse-only way to get them.
  const parsed = (sf as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (parsed.length > 0) {
    return parsed.map((d) => [
      Math.min(Math.max(0, (d.start ?? 1) - 1), Math.max(0, code.length - 1)),
      ts.flattenDiagnosticMessageText(d.messageText, " "),
    ]);
  }
  const [first] = sf.statements;
  if (
    sf.statements.length !== 1 || !ts.isExpressionStatement(first) ||
    !ts.isParenthesizedExpression(first.expression) || first.expression.end !== text.length
  ) {
    return [[0, "must be a single TypeScript expression (no statements or `;`-separated parts)"]];
  }
  return [];
}

type Compilable = Pick<ExpressionSlot, "expr" | "what" | "params">;

/**
 * Compiles expressions into functions of their `params` (prelude in scope), transpiling them
 * together in one pass (each transpile costs milliseconds). Throws SpecError on bad syntax.
 */
export function compileExpressions(
  slots: readonly Compilable[],
): ((...args: unknown[]) => unknown)[] {
  const issues = slots.flatMap((slot) =>
    syntaxProblems(expressionCode(slot.expr)).map(([, message]) => ({
      ...slot.expr.at,
      pointer: slot.expr.pointer ?? "",
      message: `${slot.what}: ${message}`,
    }))
  );
  if (issues.length > 0) throw new SpecError(issues);
  if (slots.length === 0) return [];
  const source = slots.map((slot, i) =>
    `__f[${i}] = (${slot.params.map(([n]) => n).join(", ")}) => (${expressionCode(slot.expr)}\n);`
  ).join("\n");
  const js = ts.transpileModule(source, {
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      removeComments: true,
    },
  }).outputText.replace(/^"use strict";\s*/, "");
  // The arrows' parameters shadow prelude names a metric might share.
  const make = new Function(...PRELUDE_NAMES, `"use strict";\nconst __f = [];\n${js}\nreturn __f;`);
  return make(...PRELUDE_VALUES) as ((...args: unknown[]) => unknown)[];
}

/** Runs `fn`, turning a throw into a RuleError located at the expression. */
export function runGuarded(
  slot: Pick<ExpressionSlot, "expr" | "what">,
  fn: (...args: unknown[]) => unknown,
  args: unknown[],
): unknown {
  try {
    return fn(...args);
  } catch (e) {
    throw new RuleError(slot.what, slot.expr.at, `threw ${String(e)}`, { cause: e });
  }
}

/** Compiles invariants; each check returns true/false and throws RuleError if the rule breaks. */
export function compileRules(rules: readonly InvariantRule[]): CompiledRule[] {
  const slots = rules.map((rule) => ({
    expr: rule.check,
    what: `invariant \`${rule.id}\``,
    params: RULE_PARAMS,
  }));
  const witnessed = rules.filter((r) => r.witness);
  const witnessSlots = witnessed.map((rule) => ({
    expr: rule.witness!,
    what: `witness of invariant \`${rule.id}\``,
    params: RULE_PARAMS,
  }));
  const fns = compileExpressions([...slots, ...witnessSlots]);
  return rules.map((rule, i) => {
    const w = witnessed.indexOf(rule);
    const witness = w < 0 ? {} : {
      witness: (input: unknown, output: unknown) =>
        runGuarded(witnessSlots[w], fns[slots.length + w], [input, output]),
    };
    return {
      id: rule.id,
      doc: rule.doc,
      check(input: unknown, output: unknown): boolean {
        const verdict = runGuarded(slots[i], fns[i], [input, output]);
        if (typeof verdict !== "boolean") {
          throw new RuleError(
            slots[i].what,
            rule.check.at,
            `returned ${typeof verdict}, not a boolean`,
          );
        }
        return verdict;
      },
      ...witness,
    };
  });
}

/** One `expr` metric compiled: the value of one case (throws RuleError when it breaks). */
export type CaseMetric = (input: unknown, output: unknown, context: unknown) => number;

/** Compiles the spec's `expr` metrics by name; each returns a number or throws RuleError. */
export function compileMetricExpressions(spec: Spec): Map<string, CaseMetric> {
  const metrics = spec.metrics.flatMap((m) => ("expr" in m ? [m] : []));
  const slots = metrics.map((m) => ({
    expr: m.expr,
    what: `metric \`${m.name}\``,
    params: METRIC_PARAMS,
  }));
  const fns = compileExpressions(slots);
  return new Map(metrics.map((m, i) => [m.name, (input, output, context) => {
    const v = runGuarded(slots[i], fns[i], [input, output, context]);
    if (typeof v !== "number") {
      throw new RuleError(slots[i].what, m.expr.at, `returned ${typeof v}, not a number`);
    }
    return v;
  }]));
}

/** Compiles the score expression into `(metrics) => number`; undefined when the spec has none. */
export function compileScore(
  spec: Spec,
): ((metrics: Record<string, number>) => number) | undefined {
  if (!spec.score) return undefined;
  const names = spec.metrics.map((m) => m.name);
  const slot = {
    expr: spec.score,
    what: "score",
    params: names.map((n) => [n, "number"] as const),
  };
  const [fn] = compileExpressions([slot]);
  return (metrics) => {
    const missing = names.filter((n) => typeof metrics[n] !== "number");
    if (missing.length > 0) {
      throw new RuleError("score", spec.score!.at, `needs metric(s) ${missing.join(", ")}`);
    }
    const v = runGuarded(slot, fn, names.map((n) => metrics[n]));
    if (typeof v !== "number") {
      throw new RuleError("score", spec.score!.at, `returned ${typeof v}, not a number`);
    }
    return v;
  };
}

/** Where `a` and `b` first differ (a JSON-pointer-like path and values), or undefined if equal. */
export function firstDifference(
  a: unknown,
  b: unknown,
  tolerance: number,
  path = "",
): string | undefined {
  if (typeof a === "number" && typeof b === "number") {
    const same = a === b || (a !== a && b !== b) || Math.abs(a - b) <= tolerance;
    return same ? undefined : `${path || "/"}: ${a} vs ${b}`;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return `${path || "/"}: array vs non-array`;
    if (a.length !== b.length) return `${path || "/"}: length ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], tolerance, `${path}/${i}`);
      if (d) return d;
    }
    return undefined;
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    const extra = ka.find((k) => !kb.includes(k)) ?? kb.find((k) => !ka.includes(k));
    if (extra !== undefined) return `${path}/${extra}: present in only one output`;
    for (const k of ka) {
      const d = firstDifference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        tolerance,
        `${path}/${k}`,
      );
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(a, b) || a === b
    ? undefined
    : `${path || "/"}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

/** Deep equality with absolute numeric `tolerance` (NaN equals NaN; keys with undefined ignored). */
export function compileEquivalent(tolerance: number): (a: unknown, b: unknown) => boolean {
  return (a, b) => firstDifference(a, b, tolerance) === undefined;
}

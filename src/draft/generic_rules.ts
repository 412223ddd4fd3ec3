// Owns the generic invariants a deterministic draft proposes from the schemas alone: numbers in the
// output are finite, and output array lengths equal an input array's length or a number argument.
// Candidates only: the draft keeps those the researcher's function passes (see verify.ts).
import type { DraftParam, Schema } from "./signature.ts";

/** An invariant rule as a spec holds it. */
export interface DraftRule {
  readonly id: string;
  readonly doc: string;
  readonly check: string;
}

/** Generic rule candidates for an entry with these parameters and output schema. */
export function genericRules(params: readonly DraftParam[], output: Schema): DraftRule[] {
  const rules: DraftRule[] = [];
  const finite = finiteCheck(output, "output", 0);
  if (finite) {
    rules.push({
      id: "finite-numbers",
      doc: "every number in the output is finite",
      check: finite,
    });
  }
  for (const [where, expr] of outputArrays(output)) {
    for (const p of params.filter((p) => !p.optional)) {
      if (p.schema.type === "array") {
        rules.push({
          id: `${where}-length-${p.name}`,
          doc: `${expr} has one entry per element of ${p.name}`,
          check: `${expr}.length === input.${p.name}.length`,
        });
      } else if (p.schema.type === "number") {
        rules.push({
          id: `${where}-length-${p.name}`,
          doc: `${expr} has ${p.name} entries`,
          check: `${expr}.length === input.${p.name}`,
        });
      }
    }
  }
  return rules;
}

/** The output itself when it is an array, else its required array properties: [id part, expr]. */
function outputArrays(output: Schema): [string, string][] {
  if (output.type === "array") return [["output", "output"]];
  const props = (output.properties ?? {}) as Record<string, Schema>;
  const required = new Set((output.required ?? []) as string[]);
  return Object.entries(props)
    .filter(([name, s]) => s.type === "array" && required.has(name) && /^\w+$/.test(name))
    .map(([name]) => [name, `output.${name}`]);
}

/** A boolean expression that every number reachable in `expr` is finite, or "" when none is. */
function finiteCheck(schema: Schema, expr: string, depth: number): string {
  if (schema.type === "number") return `Number.isFinite(${expr})`;
  if (schema.type === "array" && typeof schema.items === "object") {
    const v = `v${depth}`;
    const inner = finiteCheck(schema.items as Schema, v, depth + 1);
    return inner ? `${expr}.every((${v}) => ${inner})` : "";
  }
  if (schema.type === "object" && schema.properties) {
    const required = new Set((schema.required ?? []) as string[]);
    const parts = Object.entries(schema.properties as Record<string, Schema>)
      .filter(([name]) => /^[A-Za-z_$][\w$]*$/.test(name))
      .map(([name, s]) => {
        const check = finiteCheck(s, `${expr}.${name}`, depth);
        if (!check) return "";
        return required.has(name) ? check : `(${expr}.${name} === undefined || ${check})`;
      })
      .filter((c) => c);
    return parts.join(" && ");
  }
  return "";
}

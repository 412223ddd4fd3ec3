// Owns the bound an output schema puts on how many elements (array elements plus object
// properties) a valid output can hold, from its `maxItems` and closed object shapes: the default
// of `sandbox.maxOutputElements`, so that an output too big to be valid is refused while it is read.

/** The most elements a value valid against `schema` can hold, or undefined when unbounded. */
export function outputElementBound(schema: unknown): number | undefined {
  const bound = boundOf(schema, 0);
  return bound === undefined ? undefined : Math.min(bound, 2 ** 31 - 1);
}

const SCALARS = new Set(["number", "integer", "string", "boolean", "null"]);

function boundOf(schema: unknown, depth: number): number | undefined {
  if (typeof schema !== "object" || schema === null || depth > 64) return undefined;
  const s = schema as Record<string, unknown>;
  for (const key of ["anyOf", "oneOf"]) {
    if (Array.isArray(s[key])) {
      return maxOf((s[key] as unknown[]).map((b) => boundOf(b, depth + 1)));
    }
  }
  if ("const" in s) return elementsOf(s.const);
  if (Array.isArray(s.enum)) return Math.max(0, ...s.enum.map(elementsOf));
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (types.every((t) => SCALARS.has(t as string))) return 0;
  if (types.length !== 1) return undefined;
  if (types[0] === "array") {
    if (typeof s.maxItems !== "number") return undefined;
    const item = boundOf(s.items, depth + 1);
    return item === undefined ? undefined : s.maxItems * (1 + item);
  }
  if (types[0] === "object") {
    if (s.additionalProperties !== false || s.patternProperties !== undefined) return undefined;
    const properties = Object.values((s.properties ?? {}) as Record<string, unknown>);
    let total = 0;
    for (const property of properties) {
      const inner = boundOf(property, depth + 1);
      if (inner === undefined) return undefined;
      total += 1 + inner;
    }
    return total;
  }
  return undefined;
}

function maxOf(bounds: (number | undefined)[]): number | undefined {
  return bounds.some((b) => b === undefined) ? undefined : Math.max(0, ...(bounds as number[]));
}

/** Elements of a literal value. */
function elementsOf(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  return Object.values(value).reduce((n: number, x) => n + 1 + elementsOf(x), 0);
}

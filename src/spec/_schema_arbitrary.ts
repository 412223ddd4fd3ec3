// Owns turning one JSON Schema (the supported subset) into a fast-check arbitrary whose every value
// validates against it, reporting each keyword combination it cannot honour instead of ignoring it.
import fc from "fast-check";
import { GenerationError } from "../errors/mod.ts";
import { guardedFilter } from "./_guarded.ts";
import {
  bounds,
  canonicalKey,
  keywords,
  nodeTypes,
  otherKeywords,
  refTarget,
  type SchemaIssue,
  type SchemaNode,
} from "./_schema.ts";

/** Decides whether a value satisfies one node of the schema (ajv, with the root's `$defs`). */
export type NodeValidator = (node: SchemaNode) => (value: unknown) => boolean;

type Arb = fc.Arbitrary<unknown>;
const INT32 = 2 ** 31;

/** Builds arbitraries for the nodes of one schema; problems go to `issues` (pointer from root). */
export class SchemaArbitraries {
  readonly issues: SchemaIssue[] = [];

  constructor(
    private readonly root: SchemaNode,
    private readonly maxArrayLength: number,
    private readonly validator: NodeValidator,
    /** Pointer of the schema's root in the spec (e.g. `/input`), prefixed to every pointer. */
    private readonly base = "",
  ) {}

  /**
   * Arbitrary for `node` (default: the root). `shape` fixes array lengths, outermost first; a
   * length the node cannot take throws GenerationError (shapes are only known at generation time).
   */
  build(node: SchemaNode = this.root, pointer = this.base, shape?: readonly number[]): Arb {
    if (node === true) return shape?.length ? this.shapeMismatch(pointer) : fc.jsonValue();
    if (node === false) return this.issue(pointer, "the schema `false` matches nothing");
    const k = keywords(node);
    if (typeof k.$ref === "string") {
      const extra = otherKeywords(node, ["$ref"]);
      if (extra.length > 0) {
        return this.issue(
          pointer,
          `\`$ref\` beside ${
            extra.join(", ")
          } is not supported; move those keywords into the $defs entry`,
        );
      }
      const target = refTarget(this.root, k.$ref);
      // An unresolved ref is reported by checkRefs; a placeholder keeps the build going.
      if (target === undefined) return fc.constant(null);
      return this.build(target, `${this.base}/$defs/${k.$ref.slice("#/$defs/".length)}`, shape);
    }
    for (const key of ["oneOf", "anyOf"] as const) {
      if (!Array.isArray(k[key])) continue;
      const extra = otherKeywords(node, [key]);
      if (extra.length > 0) {
        return this.issue(
          pointer,
          `\`${key}\` beside ${
            extra.join(", ")
          } is not supported; repeat those keywords inside each branch`,
        );
      }
      const branches = (k[key] as SchemaNode[]).map((b, i) =>
        this.build(b, `${pointer}/${key}/${i}`, shape)
      );
      const arb = fc.oneof(...branches);
      return key === "anyOf" ? arb : guardedFilter(
        arb,
        this.validator(node),
        pointer,
        "no generated value matched exactly one `oneOf` branch; make the branches exclusive",
      );
    }
    if ("enum" in k || "const" in k) {
      if (shape?.length) return this.shapeMismatch(pointer);
      const values = "const" in k ? [k.const] : (k.enum as unknown[]);
      const valid = values.filter(this.validator(node));
      if (valid.length === 0) {
        return this.issue(pointer, "no `enum`/`const` value satisfies the other keywords here");
      }
      return fc.constantFrom(...valid).map((v) => structuredClone(v));
    }
    const types = shape?.length ? nodeTypes(node).filter((t) => t === "array") : nodeTypes(node);
    if (types.length === 0) return this.shapeMismatch(pointer);
    const arbs = types.map((t) => this.typed(t, k, pointer, shape));
    return arbs.length === 1 ? arbs[0] : fc.oneof(...arbs);
  }

  private typed(
    type: string,
    k: Record<string, unknown>,
    pointer: string,
    shape?: readonly number[],
  ) {
    switch (type) {
      case "null":
        return fc.constant(null);
      case "boolean":
        return fc.boolean();
      case "integer":
        return this.integer(k, pointer);
      case "number":
        return this.number(k, pointer);
      case "string":
        return this.string(k, pointer);
      case "array":
        return this.array(k, pointer, shape);
      default:
        return this.object(k, pointer);
    }
  }

  private integer(k: Record<string, unknown>, pointer: string): Arb {
    const b = bounds(k);
    // Unbounded sides default to the int32 range, or to 2^31 beyond the one bound given.
    let lo = b.min !== undefined ? Math.ceil(b.min) : -INT32;
    let hi = b.max !== undefined ? Math.floor(b.max) : INT32 - 1;
    if (b.min === undefined && hi < lo) lo = hi - INT32;
    if (b.max === undefined && hi < lo) hi = lo + INT32;
    if (b.minExcluded && lo === b.min) lo++;
    if (b.maxExcluded && hi === b.max) hi--;
    [lo, hi] = [Math.max(lo, Number.MIN_SAFE_INTEGER), Math.min(hi, Number.MAX_SAFE_INTEGER)];
    if (lo > hi) return this.issue(pointer, "the bounds leave no integer; widen minimum/maximum");
    const m = k.multipleOf as number | undefined;
    if (m === undefined) return fc.integer({ min: lo, max: hi });
    if (Number.isInteger(m)) {
      const [kLo, kHi] = [Math.ceil(lo / m), Math.floor(hi / m)];
      if (kLo > kHi) return this.issue(pointer, `no multiple of ${m} lies within the bounds`);
      return fc.integer({ min: kLo, max: kHi }).map((q) => q * m);
    }
    return guardedFilter(
      fc.integer({ min: lo, max: hi }),
      (v) => isMultiple(v as number, m),
      pointer,
      `no integer multiple of ${m} found within the bounds`,
    );
  }

  private number(k: Record<string, unknown>, pointer: string): Arb {
    const b = bounds(k);
    if (
      b.min !== undefined && b.max !== undefined &&
      (b.min > b.max || (b.min === b.max && (b.minExcluded || b.maxExcluded)))
    ) {
      return this.issue(pointer, "the bounds leave no number; widen minimum/maximum");
    }
    const m = k.multipleOf as number | undefined;
    if (m === undefined) {
      return fc.double({ ...b, noNaN: true, noDefaultInfinity: true });
    }
    // Multiples are generated as q * m; ajv's own division check then filters rounding misses.
    const qLo = Math.max(-1e9, Math.ceil((b.min ?? -Infinity) / m));
    const qHi = Math.min(1e9, Math.floor((b.max ?? Infinity) / m));
    const inBounds = (v: number) =>
      (b.min === undefined || (b.minExcluded ? v > b.min : v >= b.min)) &&
      (b.max === undefined || (b.maxExcluded ? v < b.max : v <= b.max));
    if (qLo > qHi) return this.issue(pointer, `no multiple of ${m} lies within the bounds`);
    return guardedFilter(
      fc.integer({ min: qLo, max: qHi }).map((q) => q * m),
      (v) => inBounds(v as number) && isMultiple(v as number, m),
      pointer,
      `no multiple of ${m} found within the bounds`,
    );
  }

  private string(k: Record<string, unknown>, pointer: string): Arb {
    const minLength = (k.minLength as number | undefined) ?? 0;
    const maxLength = k.maxLength as number | undefined;
    if (maxLength !== undefined && minLength > maxLength) {
      return this.issue(pointer, "minLength exceeds maxLength");
    }
    if (typeof k.pattern !== "string") return fc.string({ minLength, maxLength });
    let arb: fc.Arbitrary<string>;
    try {
      arb = fc.stringMatching(new RegExp(k.pattern, "u"));
    } catch (e) {
      return this.issue(
        `${pointer}/pattern`,
        `cannot generate strings for pattern /${k.pattern}/: ${(e as Error).message}`,
      );
    }
    if (minLength === 0 && maxLength === undefined) return arb;
    return guardedFilter(
      arb,
      (s) =>
        codePoints(s as string) >= minLength && codePoints(s as string) <= (maxLength ?? Infinity),
      pointer,
      `no string matching /${k.pattern}/ had a length within minLength..maxLength`,
    );
  }

  private array(k: Record<string, unknown>, pointer: string, shape?: readonly number[]): Arb {
    const minItems = (k.minItems as number | undefined) ?? 0;
    const maxItems = k.maxItems as number | undefined;
    if (maxItems !== undefined && minItems > maxItems) {
      return this.issue(pointer, "minItems exceeds maxItems");
    }
    let [lo, hi] = [minItems, maxItems ?? Math.max(minItems, this.maxArrayLength)];
    if (shape?.length) {
      const n = shape[0];
      if (!Number.isInteger(n) || n < lo || n > (maxItems ?? Infinity)) {
        throw new GenerationError(
          pointer,
          `derive shape gives length ${n}, but the schema allows ${minItems}..${maxItems ?? "any"}`,
        );
      }
      [lo, hi] = [n, n];
    }
    const inner = shape?.slice(1);
    const prefix = ((k.prefixItems ?? []) as SchemaNode[]).map((s, i) =>
      this.build(s, `${pointer}/prefixItems/${i}`, inner)
    );
    const rest = k.items === false
      ? undefined
      : this.build((k.items ?? true) as SchemaNode, `${pointer}/items`, inner);
    if (rest === undefined) hi = Math.min(hi, prefix.length);
    if (lo > hi) {
      return this.issue(pointer, `minItems ${lo} exceeds the ${prefix.length} prefixItems allowed`);
    }
    const head = fc.tuple(...prefix.slice(0, hi));
    const tail = rest === undefined ? fc.constant([]) : fc.array(rest, {
      minLength: Math.max(0, lo - prefix.length),
      maxLength: hi - Math.min(hi, prefix.length),
    });
    const arb: Arb = fc.tuple(head, tail).map(([a, b]) => [...a, ...b]);
    if (k.uniqueItems !== true) return arb;
    return guardedFilter(
      arb,
      (v) => new Set((v as unknown[]).map(canonicalKey)).size === (v as unknown[]).length,
      pointer,
      "no generated array had unique items; the item schema allows too few distinct values",
    );
  }

  private object(k: Record<string, unknown>, pointer: string): Arb {
    const props = (k.properties ?? {}) as Record<string, SchemaNode>;
    const required = (k.required ?? []) as string[];
    const extra = k.additionalProperties as SchemaNode | undefined;
    const model: Record<string, Arb> = {};
    for (const [name, sub] of Object.entries(props)) {
      model[name] = this.build(sub, `${pointer}/properties/${escape(name)}`);
    }
    for (const name of required.filter((r) => !Object.hasOwn(props, r))) {
      if (extra === false) {
        return this.issue(
          `${pointer}/required`,
          `required \`${name}\` is not in properties and additionalProperties is false`,
        );
      }
      model[name] = this.build(extra ?? true, `${pointer}/additionalProperties`);
    }
    const record = fc.record(model, { requiredKeys: required, noNullPrototype: true });
    if (Object.keys(props).length > 0 || extra === undefined || typeof extra === "boolean") {
      return record;
    }
    const values = this.build(extra, `${pointer}/additionalProperties`);
    const dict = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), values, {
      maxKeys: Math.min(5, this.maxArrayLength),
      noNullPrototype: true,
    });
    return fc.tuple(record, dict).map(([r, d]) => ({ ...d, ...r }));
  }

  private shapeMismatch(pointer: string): never {
    throw new GenerationError(pointer, "derive shape goes deeper than the schema's arrays");
  }

  private issue(pointer: string, message: string): Arb {
    if (!this.issues.some((i) => i.pointer === pointer && i.message === message)) {
      this.issues.push({ pointer, message });
    }
    return fc.constant(null);
  }
}

// Mirrors ajv's multipleOf test exactly (`x / m` must print as an integer), rounding included.
function isMultiple(v: number, m: number): boolean {
  const q = v / m;
  return q === Number.parseInt(String(q));
}

function codePoints(s: string): number {
  return [...s].length;
}

function escape(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

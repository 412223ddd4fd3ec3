// Owns the shared reading of the supported JSON Schema subset: node types, local `$ref`s, and the
// structural rules (refs resolve, no recursion, `$defs` at the root) every consumer relies on.
import type { JsonSchema } from "./types.ts";

/** A schema node: an object of keywords, or `true` / `false`. */
export type SchemaNode = JsonSchema;
type Keywords = { readonly [key: string]: unknown };

/** A problem in a schema, `pointer` relative to that schema's root. */
export interface SchemaIssue {
  readonly pointer: string;
  readonly message: string;
}

/** Keywords that describe but never constrain (ignored by generation and types). */
export const ANNOTATIONS: ReadonlySet<string> = new Set([
  "$schema",
  "$comment",
  "$defs",
  "title",
  "description",
  "default",
  "examples",
  "deprecated",
  "readOnly",
  "writeOnly",
]);

const TYPE_HINTS: readonly (readonly [string, readonly string[]])[] = [
  ["object", ["properties", "required", "additionalProperties"]],
  ["array", ["items", "prefixItems", "minItems", "maxItems", "uniqueItems"]],
  ["number", ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]],
  ["string", ["minLength", "maxLength", "pattern"]],
];

/** Keywords of `node` as a record (`{}` for boolean schemas). */
export function keywords(node: SchemaNode): Keywords {
  return typeof node === "object" && node !== null ? node : {};
}

/** The JSON types `node` admits: its `type`, else the types its keywords imply, else all. */
export function nodeTypes(node: SchemaNode): string[] {
  const k = keywords(node);
  if (typeof k.type === "string") return [k.type];
  if (Array.isArray(k.type)) return k.type.map(String);
  const implied = TYPE_HINTS.filter(([, keys]) => keys.some((key) => key in k)).map(([t]) => t);
  return implied.length > 0 ? implied : ["null", "boolean", "object", "array", "number", "string"];
}

/** Constraining keywords of `node` other than those listed in `allowed`. */
export function otherKeywords(node: SchemaNode, allowed: readonly string[]): string[] {
  return Object.keys(keywords(node)).filter((k) => !ANNOTATIONS.has(k) && !allowed.includes(k));
}

/** The `$defs` entry a local `$ref` names, or undefined when it does not exist. */
export function refTarget(root: SchemaNode, ref: string): SchemaNode | undefined {
  const name = refName(ref);
  const defs = keywords(root).$defs as Record<string, SchemaNode> | undefined;
  return defs && Object.hasOwn(defs, name) ? defs[name] : undefined;
}

/** Child schemas of `node` with their pointer suffixes. */
export function children(node: SchemaNode): [string, SchemaNode][] {
  const k = keywords(node);
  const out: [string, SchemaNode][] = [];
  const esc = (s: string) => s.replaceAll("~", "~0").replaceAll("/", "~1");
  for (const [name, sub] of Object.entries((k.properties ?? {}) as Record<string, SchemaNode>)) {
    out.push([`/properties/${esc(name)}`, sub]);
  }
  for (const key of ["additionalProperties", "items"]) {
    if (k[key] !== undefined) out.push([`/${key}`, k[key] as SchemaNode]);
  }
  for (const key of ["prefixItems", "oneOf", "anyOf"]) {
    ((k[key] ?? []) as SchemaNode[]).forEach((sub, i) => out.push([`/${key}/${i}`, sub]));
  }
  return out;
}

/** Every node of `root` (its `$defs` included) with its pointer, parents before children. */
export function walk(root: SchemaNode): [string, SchemaNode][] {
  const out: [string, SchemaNode][] = [];
  const visit = (node: SchemaNode, pointer: string) => {
    out.push([pointer, node]);
    for (const [suffix, sub] of children(node)) visit(sub, pointer + suffix);
  };
  visit(root, "");
  for (const [name, def] of Object.entries((keywords(root).$defs ?? {}) as object)) {
    visit(def as SchemaNode, `/$defs/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`);
  }
  return out;
}

/** Refs that do not resolve, recursive refs, and `$defs` below the root (all unsupported). */
export function checkRefs(root: SchemaNode): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const defs = Object.keys((keywords(root).$defs ?? {}) as object);
  // Which defs each def mentions, to find cycles.
  const edges = new Map<string, Set<string>>(defs.map((d) => [d, new Set()]));
  for (const [pointer, node] of walk(root)) {
    const k = keywords(node);
    if (pointer !== "" && k.$defs !== undefined) {
      issues.push({
        pointer: `${pointer}/$defs`,
        message: "`$defs` is supported only at the root of a schema; move it there",
      });
    }
    if (typeof k.$ref !== "string") continue;
    if (refTarget(root, k.$ref) === undefined) {
      issues.push({
        pointer: `${pointer}/$ref`,
        message: `\`${k.$ref}\` does not resolve: ${
          defs.length ? `$defs holds ${defs.join(", ")}` : "the schema has no $defs"
        }`,
      });
      continue;
    }
    const owner = /^\/\$defs\/([^/]+)/.exec(pointer)?.[1];
    if (owner !== undefined) edges.get(unescape(owner))?.add(refName(k.$ref));
  }
  for (const d of defs) {
    if (reaches(edges, d, d)) {
      issues.push({
        pointer: `/$defs/${d}`,
        message: `\`#/$defs/${d}\` refers back to itself; recursive schemas are not supported ` +
          "(the generator needs finite schemas)",
      });
    }
  }
  return issues;
}

function refName(ref: string): string {
  return unescape(decodeURIComponent(ref.slice("#/$defs/".length)));
}

function unescape(segment: string): string {
  return segment.replaceAll("~1", "/").replaceAll("~0", "~");
}

function reaches(edges: Map<string, Set<string>>, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [...(edges.get(from) ?? [])];
  while (stack.length > 0) {
    const d = stack.pop()!;
    if (d === to) return true;
    if (seen.has(d)) continue;
    seen.add(d);
    stack.push(...(edges.get(d) ?? []));
  }
  return false;
}

/** Numeric bounds of `k`, exclusive ones folded in as fast-check's min/max + excluded flags. */
export function bounds(k: Record<string, unknown>) {
  const b: { min?: number; max?: number; minExcluded?: boolean; maxExcluded?: boolean } = {};
  const num = (v: unknown) => (typeof v === "number" ? v : undefined);
  const [min, exMin, max, exMax] = [k.minimum, k.exclusiveMinimum, k.maximum, k.exclusiveMaximum]
    .map(num);
  if (min !== undefined) b.min = min;
  if (exMin !== undefined && (b.min === undefined || exMin >= b.min)) {
    [b.min, b.minExcluded] = [exMin, true];
  }
  if (max !== undefined) b.max = max;
  if (exMax !== undefined && (b.max === undefined || exMax <= b.max)) {
    [b.max, b.maxExcluded] = [exMax, true];
  }
  return b;
}

/** Key equal for deep-equal JSON values regardless of object key order (as ajv's uniqueItems). */
export function canonicalKey(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalKey).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const keys = Object.keys(v).sort();
    return `{${
      keys.map((key) =>
        JSON.stringify(key) + ":" + canonicalKey((v as Record<string, unknown>)[key])
      ).join(",")
    }}`;
  }
  return JSON.stringify(v) ?? "undefined";
}

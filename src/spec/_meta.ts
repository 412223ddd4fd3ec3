// Owns validating the raw spec document against the published meta-schema
// (specs/spec.schema.json) and turning ajv's errors into located, plain-worded spec issues.
import type { ErrorObject } from "ajv/dist/2020.js";
import metaSchema from "../../specs/spec.schema.json" with { type: "json" };
import type { SpecIssue } from "../errors/mod.ts";
import { createAjv } from "./_ajv.ts";
import { didYouMean } from "./_didyoumean.ts";
import { pointerSegments, type YamlSource } from "./_yaml.ts";

type Validate = ReturnType<ReturnType<typeof createAjv>["compile"]>;
let validateMeta: Validate | undefined;

/** The meta-schema of spec files, as published in specs/spec.schema.json. */
export const SPEC_META_SCHEMA: Readonly<Record<string, unknown>> = metaSchema;

/** Every structural problem of the document, located; empty when it fits the meta-schema. */
export function checkStructure(source: YamlSource): SpecIssue[] {
  validateMeta ??= createAjv({ verbose: true }).compile(metaSchema);
  if (validateMeta(source.data)) return [];
  const errors = reduceAlternatives(validateMeta.errors ?? []);
  return errors.map((e) => toIssue(source, e));
}

// ajv reports every failing branch of an anyOf; keep only the branch the author evidently meant
// (one whose type matched), or merge them into one "expected A or B" message.
function reduceAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  const merged = new Map<ErrorObject, ErrorObject>();
  for (const alt of errors) {
    if (alt.keyword !== "anyOf" && alt.keyword !== "oneOf") continue;
    const branches = (alt.schema as unknown[]).map((_, i) =>
      errors.filter((e) =>
        e.schemaPath.startsWith(`${alt.schemaPath}/${i}/`) &&
        (e.instancePath === alt.instancePath || e.instancePath.startsWith(alt.instancePath + "/"))
      )
    );
    const atTop = (e: ErrorObject) => e.instancePath === alt.instancePath;
    const matched = branches.filter((b) => b.length > 0 && !b.some(atTop));
    for (const b of branches) b.forEach((e) => dropped.add(e));
    if (matched.length > 0) {
      const best = matched.reduce((a, b) => (b.length < a.length ? b : a));
      best.forEach((e) => dropped.delete(e));
      dropped.add(alt);
    } else {
      const names = branches.flat().filter(atTop).flatMap((e) =>
        e.keyword === "enum" ? (e.schema as unknown[]).map(String) : []
      );
      const expected = (alt.schema as Record<string, unknown>[]).map(describeSchema).join(" or ");
      merged.set(alt, { ...alt, keyword: "alternatives", params: { expected, names } });
    }
  }
  return errors.filter((e) => !dropped.has(e) && e.propertyName === undefined)
    .map((e) => merged.get(e) ?? e);
}

function describeSchema(s: Record<string, unknown>): string {
  if (Array.isArray(s.enum)) return `one of ${s.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  if (s.type === "array" && s.items) return "a list of those";
  return typeof s.type === "string" ? article(s.type) : "a valid value";
}

function article(type: string): string {
  return (/^[aeiou]/.test(type) ? "an " : "a ") + type;
}

/** Short description of a found value: `string "abc"`, `array of 3 items`... */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of ${v.length} item${v.length === 1 ? "" : "s"}`;
  if (typeof v === "object") return "an object";
  const text = JSON.stringify(v);
  return `${typeof v} ${text.length > 40 ? text.slice(0, 37) + "..." : text}`;
}

function valueAt(data: unknown, pointer: string): unknown {
  let v = data;
  for (const seg of pointerSegments(pointer)) {
    v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[seg] : undefined;
  }
  return v;
}

// ajv gives schema paths relative to a $ref's target, so recognise the subset's node by identity.
const inSchemaSubset = (e: ErrorObject) => e.parentSchema === metaSchema.$defs.schema;

function toIssue(source: YamlSource, e: ErrorObject): SpecIssue {
  const found = describeValue(valueAt(source.data, e.instancePath));
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
  const expected = typeof parent.description === "string" ? parent.description : undefined;
  let pointer = e.instancePath;
  let part: "key" | "value" = "value";
  let message: string;
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String(e.params.additionalProperty);
      const known = Object.keys((parent.properties ?? {}) as object);
      pointer += "/" + key.replaceAll("~", "~0").replaceAll("/", "~1");
      part = "key";
      const hint = didYouMean(key, known);
      if (inSchemaSubset(e)) {
        message = hint
          ? `unknown keyword \`${key}\`${hint}`
          : `keyword \`${key}\` is not in the supported JSON Schema subset: the input generator ` +
            "cannot honour it (docs/spec-reference.md lists the subset); remove it";
      } else {
        message = `unknown key \`${key}\`${hint || `; expected one of: ${known.join(", ")}`}`;
      }
      break;
    }
    case "required":
      part = "key";
      message = `missing required key \`${e.params.missingProperty}\``;
      break;
    case "propertyNames":
      pointer += "/" + String(e.params.propertyName);
      part = "key";
      message = `invalid name \`${e.params.propertyName}\`: expected ${
        describeNameRule(parent.propertyNames)
      }`;
      break;
    case "type":
      message = `expected ${joinTypes(e.params.type)}, found ${found}`;
      break;
    case "enum":
    case "alternatives": {
      const names = e.keyword === "enum"
        ? (e.schema as unknown[]).map(String)
        : (e.params.names as string[]);
      const got = valueAt(source.data, e.instancePath);
      const hint = typeof got === "string" ? didYouMean(got, names) : "";
      const what = e.keyword === "enum"
        ? `one of ${(e.schema as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`
        : String(e.params.expected);
      message = `expected ${what}, found ${found}${hint}`;
      break;
    }
    case "const":
      message = `expected ${JSON.stringify(e.params.allowedValue)}, found ${found}`;
      break;
    case "pattern":
      message = `expected ${expected ?? `a string matching /${e.params.pattern}/`}, found ${found}`;
      break;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      message = `expected a number ${e.params.comparison} ${e.params.limit}, found ${found}`;
      break;
    case "minLength":
      message = e.params.limit === 1
        ? `expected a non-empty ${expected ?? "string"}, found ${found}`
        : `expected at least ${e.params.limit} characters, found ${found}`;
      break;
    case "minItems":
      message = `expected at least ${e.params.limit} item(s), found ${found}`;
      break;
    case "uniqueItems":
      message = `expected unique items, but items ${e.params.j} and ${e.params.i} are equal`;
      break;
    default:
      message = `${e.message ?? "is invalid"} (found ${found})`;
  }
  return { ...source.locate(pointer, part), pointer, message };
}

function describeNameRule(rule: unknown): string {
  const ref = (rule as { $ref?: string } | undefined)?.$ref ?? "";
  const def = (metaSchema.$defs as Record<string, { description?: string }>)[ref.split("/").pop()!];
  return def?.description ?? "a valid name";
}

function joinTypes(type: unknown): string {
  const types = String(type).split(",").map(article);
  return types.length === 1 ? types[0] : `${types.slice(0, -1).join(", ")} or ${types.at(-1)}`;
}

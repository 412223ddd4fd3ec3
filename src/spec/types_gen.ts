// Owns JSON Schema -> TypeScript type text: the `Input`, `Output`, `Params` (and, for closed-loop
// specs, `StepInput`, `StepOutput`) and entry-signature declarations used to type-check spec
// expressions and candidates, and shown in prompts.
// Arrays are generated mutable (`number[][]`): each trial gets its own copy, and a `readonly`
// type would reject ordinary candidate code whose parameter is `number[][]`.
import { keywords, nodeTypes, type SchemaNode } from "./_schema.ts";
import type { Spec } from "./types.ts";

/** Generated TypeScript for a spec. */
export interface GeneratedTypes {
  /** Type text of `Input`, `Output` and (when the spec has params) `Params`. */
  readonly input: string;
  readonly output: string;
  readonly params?: string;
  /** Type text of `StepInput` and `StepOutput`, for specs with `interaction`. */
  readonly step?: { readonly input: string; readonly output: string };
  /**
   * Entry signature, e.g. `(weight: number[][], numReplicas: number) => Output`; with
   * `interaction`, one step: `(...step args) => StepOutput`.
   */
  readonly signature: string;
  /** Every declaration (`type Input = ...;` ...), in dependency-free order, as one text. */
  readonly declarations: string;
  /** Declaration text per name (`Input`, `Output`, `Params`, `StepInput`, `StepOutput`, `Entry`, `$defs` types). */
  readonly named: ReadonlyMap<string, string>;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Type text of `schema`; `$ref`s become the names `defName` gives them. */
export function schemaToType(
  schema: SchemaNode,
  defName: (ref: string) => string = () => "unknown",
  indent = "",
): string {
  if (schema === true) return "unknown";
  if (schema === false) return "never";
  const k = keywords(schema);
  if (typeof k.$ref === "string") return defName(k.$ref);
  if ("const" in k) return literal(k.const);
  if (Array.isArray(k.enum)) return union(k.enum.map(literal));
  for (const key of ["oneOf", "anyOf"]) {
    if (Array.isArray(k[key])) {
      return union((k[key] as SchemaNode[]).map((b) => schemaToType(b, defName, indent)));
    }
  }
  const constrained = Object.keys(k).some((key) =>
    !["title", "description", "$comment", "default", "examples", "$schema", "$defs"].includes(key)
  );
  if (!constrained) return "unknown";
  return union(nodeTypes(schema).map((t) => typedText(t, k, defName, indent)));
}

function typedText(
  type: string,
  k: Record<string, unknown>,
  defName: (ref: string) => string,
  indent: string,
): string {
  switch (type) {
    case "null":
    case "boolean":
    case "string":
      return type;
    case "integer":
    case "number":
      return "number";
    case "array":
      return arrayText(k, defName, indent);
    default:
      return objectText(k, defName, indent);
  }
}

function arrayText(
  k: Record<string, unknown>,
  defName: (ref: string) => string,
  indent: string,
): string {
  const prefix = (k.prefixItems ?? []) as SchemaNode[];
  const item = (s: SchemaNode) => schemaToType(s, defName, indent);
  if (prefix.length === 0) return `${wrap(item((k.items ?? true) as SchemaNode))}[]`;
  const minItems = (k.minItems as number | undefined) ?? 0;
  const elems = prefix.map((s, i) => item(s) + (i >= minItems && k.items === false ? "?" : ""));
  if (k.items !== false) elems.push(`...${wrap(item((k.items ?? true) as SchemaNode))}[]`);
  return `[${elems.join(", ")}]`;
}

function objectText(
  k: Record<string, unknown>,
  defName: (ref: string) => string,
  indent: string,
): string {
  const props = Object.entries((k.properties ?? {}) as Record<string, SchemaNode>);
  const required = new Set((k.required ?? []) as string[]);
  const extra = k.additionalProperties as SchemaNode | undefined;
  if (props.length === 0) {
    return `Record<string, ${
      extra === undefined ? "unknown" : schemaToType(extra, defName, indent)
    }>`;
  }
  const inner = indent + "  ";
  const lines = props.map(([name, sub]) => {
    const doc = typeof keywords(sub).description === "string"
      ? `${inner}/** ${String(keywords(sub).description).replaceAll("*/", "* /").trim()} */\n`
      : "";
    const key = IDENT.test(name) ? name : JSON.stringify(name);
    return `${doc}${inner}${key}${required.has(name) ? "" : "?"}: ${
      schemaToType(sub, defName, inner)
    };`;
  });
  if (extra !== undefined && extra !== false) lines.push(`${inner}[key: string]: unknown;`);
  return `{\n${lines.join("\n")}\n${indent}}`;
}

function literal(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(literal).join(", ")}]`;
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v).map(([key, val]) =>
      `${IDENT.test(key) ? key : JSON.stringify(key)}: ${literal(val)}`
    );
    return `{ ${entries.join("; ")} }`;
  }
  return JSON.stringify(v);
}

function union(parts: readonly string[]): string {
  const unique = [...new Set(parts)];
  if (unique.includes("unknown")) return "unknown";
  return unique.length === 0 ? "never" : unique.join(" | ");
}

function wrap(t: string): string {
  return /^[\w$.<>, [\]"]+$/.test(t) && !t.includes(" | ") ? t : `(${t})`;
}

/** Generates `Input`, `Output`, `Params`, the `$defs` types and the entry signature of `spec`. */
export function generateTypes(
  spec: Pick<Spec, "input" | "output" | "params" | "args" | "entry" | "interaction">,
): GeneratedTypes {
  const named = new Map<string, string>();
  const taken = new Set(["Input", "Output", "Params", "StepInput", "StepOutput", "Entry"]);
  const step = spec.interaction?.step;
  const roots: [string, SchemaNode | undefined][] = [
    ["Input", spec.input],
    ["Output", spec.output],
    ["Params", spec.params],
    ["StepInput", step?.input],
    ["StepOutput", step?.output],
  ];
  const text: Record<string, string> = {};
  const defNames = new Map<string, (ref: string) => string>();
  for (const [rootName, root] of roots) {
    if (root === undefined) continue;
    const defs = Object.keys((keywords(root).$defs ?? {}) as object);
    const names = new Map<string, string>();
    for (const d of defs) {
      let name = rootName + pascal(d);
      for (let n = 2; taken.has(name); n++) name = `${rootName}${pascal(d)}${n}`;
      taken.add(name);
      names.set(d, name);
    }
    const defName = (ref: string) =>
      names.get(decodeURIComponent(ref.slice("#/$defs/".length))) ?? "unknown";
    defNames.set(rootName, defName);
    text[rootName] = schemaToType(root, defName);
    named.set(rootName, `type ${rootName} = ${text[rootName]};`);
    for (const d of defs) {
      const def = (keywords(root).$defs as Record<string, SchemaNode>)[d];
      named.set(names.get(d)!, `type ${names.get(d)} = ${schemaToType(def, defName)};`);
    }
  }
  if (spec.params === undefined) named.set("Params", "type Params = Record<never, never>;");
  const signature = step
    ? signatureOf(step.input, step.args, "StepOutput", defNames.get("StepInput")!)
    : signatureOf(spec.input, spec.args, "Output", defNames.get("Input")!);
  named.set("Entry", `type Entry = ${signature};`);
  const doc: Record<string, string> = step
    ? {
      Input: "One episode the trusted simulator plays (from the spec's `input` schema).",
      Output: "What the simulator reports for an episode (from the spec's `output` schema).",
      StepInput: `What \`${spec.entry}\` receives at each step: the past only.`,
      StepOutput: `What \`${spec.entry}\` must return at each step.`,
    }
    : {
      Input: "What a candidate receives (from the spec's `input` schema).",
      Output: `What \`${spec.entry}\` must return (from the spec's \`output\` schema).`,
    };
  doc.Params = "Generation parameters (from the spec's `params` schema).";
  doc.Entry = `Signature of the \`${spec.entry}\` export every candidate implements.`;
  const declarations = [...named].map(([name, decl]) =>
    doc[name] ? `/** ${doc[name]} */\n${decl}` : decl
  ).join("\n");
  return {
    input: text.Input,
    output: text.Output,
    ...(text.Params === undefined ? {} : { params: text.Params }),
    ...(step ? { step: { input: text.StepInput, output: text.StepOutput } } : {}),
    signature,
    declarations: declarations + "\n",
    named,
  };
}

// `(input: Input) => Output` without args; with `interaction`, the step's types instead.
function signatureOf(
  input: SchemaNode,
  args: readonly string[] | null,
  output: "Output" | "StepOutput",
  defName: (ref: string) => string,
): string {
  if (args === null) return `(input: ${output === "Output" ? "Input" : "StepInput"}) => ${output}`;
  const k = keywords(input);
  const props = (k.properties ?? {}) as Record<string, SchemaNode>;
  const required = new Set((k.required ?? []) as string[]);
  const params = args.map((a) => {
    const t = props[a] === undefined ? "unknown" : schemaToType(props[a], defName);
    return `${a}: ${required.has(a) ? t : `${t} | undefined`}`;
  });
  return `(${params.join(", ")}) => ${output}`;
}

function pascal(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
  return /^[0-9]/.test(joined) ? `_${joined}` : joined || "Def";
}

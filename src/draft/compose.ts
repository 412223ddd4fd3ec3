// Owns writing a drafted spec: the spec document (as the YAML loader reads it) from an entry's
// signature, the rules kept and the optional LLM proposals, rendered as YAML with a header comment.
import { relative } from "node:path";
import { stringify } from "yaml";
import type { DraftRule } from "./generic_rules.ts";
import type { EntrySignature, Schema } from "./signature.ts";

/** What an LLM may add to the deterministic draft (each part replaces the draft's own). */
export interface DraftProposal {
  readonly description?: string;
  readonly input?: Schema;
  readonly output?: Schema;
  readonly derive?: Record<string, unknown>;
  readonly assume?: unknown;
  readonly invariants?: readonly DraftRule[];
  readonly metrics?: Record<string, unknown>;
  readonly score?: string;
}

/** A spec document: keys as in a spec file. */
export type DraftDocument = Record<string, unknown>;

/** The deterministic spec document for `signature`, with `program` relative to the spec file. */
export function draftDocument(
  signature: EntrySignature,
  modulePath: string,
  specPath: string,
  rules: readonly DraftRule[],
): DraftDocument {
  const specDir = specPath.includes("/") ? specPath.slice(0, specPath.lastIndexOf("/")) : ".";
  const properties = Object.fromEntries(signature.params.map((p) => [p.name, p.schema]));
  const required = signature.params.filter((p) => !p.optional).map((p) => p.name);
  const name = (modulePath.split("/").at(-1) ?? "draft").replace(/\.ts$/, "")
    .replace(/[^A-Za-z0-9_-]/g, "-");
  return {
    name,
    description: `Drafted from ${signature.entry} in ${modulePath}; describe the problem here.`,
    entry: signature.entry,
    args: signature.params.map((p) => p.name),
    program: relative(specDir, modulePath) || modulePath,
    input: { type: "object", properties, ...(required.length ? { required } : {}) },
    output: signature.output,
    invariants: rules.map((r) => ({ ...r })),
    properties: { runs: 100, seed: 1 },
  };
}

/** The document with the LLM's proposals merged in (a part the proposal has replaces the draft's). */
export function withProposal(doc: DraftDocument, proposal: DraftProposal): DraftDocument {
  const merged: DraftDocument = { ...doc };
  for (const [key, value] of Object.entries(proposal)) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/** The document without the rules whose ids are in `drop`. */
export function keepRules(doc: DraftDocument, drop: ReadonlySet<string>): DraftDocument {
  const rules = (doc.invariants ?? []) as DraftRule[];
  return { ...doc, invariants: rules.filter((r) => !drop.has(r.id)) };
}

/** YAML text of the document, with a header naming its origin and what to review. */
export function renderDraft(doc: DraftDocument, header: readonly string[]): string {
  const comment = header.map((line) => `# ${line}`.trimEnd()).join("\n");
  return `${comment}\n${stringify(doc, { lineWidth: 100 })}`;
}

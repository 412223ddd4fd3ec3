/**
 * The audit: how strong is a spec? It mutates the spec's own programs (offline AST mutations plus
 * hack-shaped ones), runs each mutant through the cascade, and reports the mutation score — killed
 * over behaviour-changing mutants — with each survivor's smallest differing input, its diff and the
 * metrics it moved; a survivor that raises the score is flagged as a likely reward hack.
 * See docs/audit.md.
 *
 * @example
 * ```ts
 * const report = await runAudit({ spec, compiled, sandbox, programs: [{ label: "initial", path }] });
 * console.log(renderAuditTerminal(report));
 * ```
 * @module
 */
export type * from "./types.ts";
export { type AuditOptions, type AuditProgram, runAudit } from "./audit.ts";
export { auditTotals } from "./totals.ts";
export { formatScore, renderAuditMarkdown, renderAuditTerminal } from "./render.ts";
export { type HackMutation, hackMutations, type HackOptions, stringEnums } from "./hacks.ts";

/**
 * The run explorer: a local web server that lists runs, charts a run live, draws its lineage,
 * shows programs with their diffs, evaluations and LLM exchanges, and steers a running evolution.
 * See docs/ui.md.
 *
 * @example
 * ```ts
 * const server = await startUiServer({ root: "runs", port: 0 });
 * console.log(server.url);
 * await server.close();
 * ```
 * @module
 */
export { startUiServer, type UiServer } from "./server.ts";
export {
  isLoopbackHost,
  type ResolvedUiServerOptions,
  resolveUiServerOptions,
  type UiServerOptions,
} from "./options.ts";
export { discoverRuns, type RunEntry, type RunSummary } from "./data/runs.ts";

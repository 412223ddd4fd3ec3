// Public surface of the run report: its model, the builder over a run database, the JSON,
// Markdown, HTML and best.ts renderings, and the one call that writes them all.
export type * from "./model.ts";
export { buildRunReport } from "./build.ts";
export { renderRunMarkdown } from "./markdown.ts";
export { renderRunHtml } from "./html.ts";
export { renderBestProgram, renderRunJson, type RunReportFiles, writeRunReports } from "./write.ts";
export { evaluateBaselines, readBaselines, writeBaselines } from "./baselines.ts";

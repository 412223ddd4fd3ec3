// Public surface of reporting: the run report (report.json/.md/.html and best.ts of an evolution
// run) and the check report (JSON, JUnit, Markdown, terminal output of `deno task check`).
export * from "./run/mod.ts";
export * from "./check/mod.ts";

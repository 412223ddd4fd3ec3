// Public surface of safe HTML building: the one escaper and the tagged template every page of the
// UI and the run report is written with.
export { escapeHtml, Html, html, jsonScript, trusted } from "./template.ts";

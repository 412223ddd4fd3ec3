// Public surface of the check report: its model and its JSON, JUnit, Markdown and terminal forms.
export {
  buildCheckReport,
  type CheckedProgram,
  type CheckReport,
  invariantVerdict,
} from "./model.ts";
export { renderCheckJunit, xmlEscape } from "./junit.ts";
export { renderCheckMarkdown } from "./markdown.ts";
export { type MetricSpread, type RepeatSpread, repeatSpread } from "./repeat.ts";
export { renderCheckTerminal } from "./terminal.ts";

// Test helper process: opens and closes an evaluator, then fails to build one, and prints how many
// children this process still has after each (its own count: no other test's children in it).
import { openSpecEvaluator } from "../../src/evaluate/mod.ts";
import { loadSpec } from "../../src/spec/mod.ts";
import { childPids, waitGone } from "../sandbox/_procs.ts";

const spec = await loadSpec(Deno.args[0]);
const opened = await openSpecEvaluator({ spec, sandbox: { size: 1, handleSignals: false } });
const whileOpen = childPids().length;
await opened.evaluator.close();
const afterClose = (await waitGone(childPids(), 5_000)).length;
const broken = {
  ...spec,
  metrics: spec.metrics.map((m) =>
    "evaluator" in m ? { ...m, evaluator: { ...m.evaluator, name: "noSuchExport" } } : m
  ),
};
let error = "";
try {
  await openSpecEvaluator({ spec: broken, sandbox: { size: 1, handleSignals: false } });
} catch (e) {
  error = (e as Error).name;
}
const afterFailure = (await waitGone(childPids(), 5_000)).length;
console.log(JSON.stringify({ whileOpen, afterClose, error, afterFailure }));

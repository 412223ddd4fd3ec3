// Public surface of the read model's derived views: what both the run report and the UI compute
// from a RunReader's records (best series, ancestry, stage totals, usage per model), written once.
export { bestSeries, byIteration, type SeriesPoint } from "./best.ts";
export { ancestry } from "./ancestry.ts";
export { type StageTotal, stageTotals } from "./stages.ts";
export { type ModelUsage, usageByModel, type UsagePoint } from "./usage.ts";
export { sum } from "./sum.ts";
export { memoizedReader } from "./snapshot.ts";

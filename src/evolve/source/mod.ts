// Public surface of program-source helpers every stage may use: EVOLVE-BLOCK markers, the
// normalized source that identifies duplicates, and code features for MAP-Elites.
export * from "./analyze.ts";
export * from "./blocks.ts";

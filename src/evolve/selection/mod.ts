// Public surface of selection: the island population, MAP-Elites cells, parent and inspiration
// drawing, ring migration and their options.
export { type Member, noiseAwareRanking, Population } from "./population.ts";
export {
  binOf,
  type Cell,
  checkFeatures,
  eliteCells,
  type FeatureRanges,
  featureRanges,
  featureValue,
  isCodeFeature,
} from "./map_elites.ts";
export {
  islandFor,
  type Migrant,
  ringMigration,
  select,
  type Selection,
  type SelectionContext,
  type SelectionMode,
} from "./select.ts";
export {
  type ResolvedSelectionOptions,
  resolveSelectionOptions,
  type SelectionOptions,
} from "./options.ts";

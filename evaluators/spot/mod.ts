// Spot-instance scheduling trusted problem module: the simulator that drives the policy one step
// at a time, the saving metric, and the seeded generator that `specs/spot.yaml` names.
export {
  type Choice,
  onDemandCost,
  type Running,
  saving,
  simulate,
  type SpotEpisode,
  type SpotResult,
  spotShare,
  type SpotStep,
} from "./simulate.ts";
export { generate, generateWorkloads } from "./generate.ts";

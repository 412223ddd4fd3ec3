// Public surface of the workload layer: reading workload directories (built-in formats or a trusted
// `cases` function) into cases held to the spec.
export { BUILTIN_EXTENSIONS, isBuiltinFormat } from "./_decode.ts";
export {
  listWorkloadFiles,
  type LoadedWorkload,
  loadSpecWorkloads,
  WorkloadSets,
  type WorkloadSetsOptions,
} from "./load.ts";
export {
  type CaseFile,
  caseFileExtension,
  type CaseFormat,
  encodeCaseFile,
  replaceWorkloadFiles,
  type WriteCaseOptions,
  writeCaseSet,
} from "./write.ts";
export { generateDeclared } from "./generate.ts";

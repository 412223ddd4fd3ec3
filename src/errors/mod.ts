// Public surface of specevolve's error hierarchy.
export { isSpecEvolveError, SpecEvolveError } from "./base.ts";
export { formatSpecIssue, isSpecError, SpecError, type SpecIssue } from "./spec_error.ts";
export { isSandboxError, SandboxError } from "./sandbox_error.ts";
export { isUsageError, UsageError } from "./usage_error.ts";

// Public surface of specevolve's error hierarchy and the one table from error kinds to exit codes.
export { errorKind, isSpecEvolveError, SpecEvolveError } from "./base.ts";
export { type ErrorKind, EXIT_CODES, exitCodeOf } from "./kinds.ts";
export { formatSpecIssue, isSpecError, SpecError, type SpecIssue } from "./spec_error.ts";
export { isSandboxError, SandboxError } from "./sandbox_error.ts";
export { isUsageError, UsageError } from "./usage_error.ts";
export { EvolveError, type EvolveErrorOptions, isEvolveError } from "./evolve_error.ts";
export { isLlmError, LlmError } from "./llm_error.ts";
export { BudgetExceeded, type BudgetKind, isBudgetExceeded } from "./budget_exceeded.ts";
export { GenerationError, isGenerationError } from "./generation_error.ts";
export { isRuleError, RuleError } from "./rule_error.ts";

// Owns checking a RunRequest and filling in its defaults from the pool's options.
import { SandboxError } from "../errors/mod.ts";
import { requireInteger, requirePositive, type ResolvedSandboxPoolOptions } from "./options.ts";
import type { RunRequest } from "./types.ts";

/** A request with every default filled in. */
export interface NormalizedRequest {
  readonly source: string;
  readonly entry: string;
  readonly calls: readonly (readonly unknown[])[];
  readonly trials: number;
  readonly seed: number;
  readonly timeoutMs: number;
  readonly fresh: boolean;
  readonly maxOutputElements: number;
  readonly maxOutputBytes: number;
  /** When the run's budget ends (performance.now() time), and the budget's name. */
  readonly budget?: { readonly endsAt: number; readonly ms: number; readonly name: string };
}

/** Checks `request` and fills in its defaults; throws SandboxError on a malformed request. */
export function normalizeRequest(
  request: RunRequest,
  options: ResolvedSandboxPoolOptions,
): NormalizedRequest {
  if (typeof request.source !== "string") {
    throw new SandboxError("sandbox: run(): source must be the candidate's TypeScript as a string");
  }
  if (typeof request.entry !== "string" || request.entry === "") {
    throw new SandboxError("sandbox: run(): entry must name the candidate's exported function");
  }
  if (!Array.isArray(request.calls) || !request.calls.every(Array.isArray)) {
    throw new SandboxError(
      "sandbox: run(): calls must be an array of argument arrays, one per call",
    );
  }
  const normalized: NormalizedRequest = {
    source: request.source,
    entry: request.entry,
    calls: request.calls,
    trials: request.trials ?? 1,
    seed: request.seed ?? 0,
    timeoutMs: request.timeoutMs ?? options.timeoutMs,
    fresh: request.freshRealmPerTrial ?? false,
    maxOutputElements: request.maxOutputElements ?? options.maxOutputElements,
    maxOutputBytes: request.maxOutputBytes ?? options.maxOutputBytes,
    ...(request.budget === undefined ? {} : {
      budget: { ...request.budget, endsAt: performance.now() + request.budget.ms },
    }),
  };
  requireInteger("run(): trials", normalized.trials, 1, 1_000_000);
  requirePositive("run(): timeoutMs", normalized.timeoutMs);
  requireInteger("run(): maxOutputElements", normalized.maxOutputElements, 1, 2 ** 31 - 1);
  requireInteger("run(): maxOutputBytes", normalized.maxOutputBytes, 1, 2 ** 31 - 1);
  if (request.budget !== undefined) requirePositive("run(): budget.ms", request.budget.ms);
  if (!Number.isFinite(normalized.seed)) {
    throw new SandboxError(`sandbox: run(): seed must be a finite number, got ${normalized.seed}`);
  }
  return normalized;
}

// Owns the sandbox pool's options: what a caller may set, the documented defaults, and validation.
import { SandboxError } from "../errors/mod.ts";

/** How a SandboxPool is sized and limited. */
export interface SandboxPoolOptions {
  /** Child processes; each runs one request at a time. @default 2 */
  readonly size?: number;
  /** Wall-clock limit of each call (each trial) and of loading, ms, unless a request sets its own. @default 2000 */
  readonly timeoutMs?: number;
  /**
   * Memory cap of each child process, MiB: its resident memory as a whole (V8 heap, ArrayBuffers,
   * wasm memories, every thread), read every 20 ms while it works, and its V8 heap. A candidate
   * that needs more fails with `memory`. @default 512
   */
  readonly memoryMb?: number;
  /** Largest output one call may return, as serialized bytes; larger fails with `invalid-output`. @default 33554432 (32 MiB) */
  readonly maxOutputBytes?: number;
  /** Most array elements plus object properties one output may hold, unless a request sets its own; more fails with `invalid-output` before anything reads it. @default 4000000 */
  readonly maxOutputElements?: number;
  /** Console output kept per run, counted in UTF-16 code units (bytes for ASCII); the rest is dropped with a marker. @default 65536 */
  readonly maxLogBytes?: number;
  /** Kill every child on SIGINT/SIGTERM, then re-raise the signal (the pool never exits the process); children also exit when the parent dies. @default true */
  readonly handleSignals?: boolean;
  /** How long a child process may take to start, ms. @default 15000 */
  readonly startTimeoutMs?: number;
  /**
   * Wall-clock limit for loading a candidate (evaluating its module, top-level code included),
   * ms; the larger of this and the call timeout applies. @default 10000
   */
  readonly loadTimeoutMs?: number;
}

/** Every option filled in. */
export type ResolvedSandboxPoolOptions = Required<SandboxPoolOptions>;

/** Fills in the defaults of `options` and checks every value; throws SandboxError on a bad one. */
export function resolveSandboxPoolOptions(
  options: SandboxPoolOptions = {},
): ResolvedSandboxPoolOptions {
  const resolved: ResolvedSandboxPoolOptions = {
    size: options.size ?? 2,
    timeoutMs: options.timeoutMs ?? 2000,
    memoryMb: options.memoryMb ?? 512,
    maxOutputBytes: options.maxOutputBytes ?? 32 * 1024 * 1024,
    maxOutputElements: options.maxOutputElements ?? 4_000_000,
    maxLogBytes: options.maxLogBytes ?? 64 * 1024,
    handleSignals: options.handleSignals ?? true,
    startTimeoutMs: options.startTimeoutMs ?? 15_000,
    loadTimeoutMs: options.loadTimeoutMs ?? 10_000,
  };
  requireInteger("size", resolved.size, 1, 64);
  requirePositive("timeoutMs", resolved.timeoutMs);
  requireInteger("memoryMb", resolved.memoryMb, 64, 1 << 20);
  requireInteger("maxOutputBytes", resolved.maxOutputBytes, 1, 2 ** 31 - 1);
  requireInteger("maxOutputElements", resolved.maxOutputElements, 1, 2 ** 31 - 1);
  requireInteger("maxLogBytes", resolved.maxLogBytes, 0, 2 ** 31 - 1);
  requirePositive("startTimeoutMs", resolved.startTimeoutMs);
  requirePositive("loadTimeoutMs", resolved.loadTimeoutMs);
  return resolved;
}

/** Throws unless `value` is an integer in [min, max]. */
export function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SandboxError(
      `sandbox: ${name} must be an integer from ${min} to ${max}, got ${value}`,
    );
  }
}

/** Throws unless `value` is a finite number above zero. */
export function requirePositive(name: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new SandboxError(
      `sandbox: ${name} must be a finite number of milliseconds above 0, got ${value}`,
    );
  }
}

// Owns the candidate's realm: SES lockdown() of the worker (every intrinsic frozen, so neither the
// harness nor a later candidate can be reached through a prototype), and a fresh Compartment per
// run (or per trial) whose global object holds an allowlist of pure-computation globals plus the
// sandbox's own Math (seeded random) and console, and nothing else: no Deno, no Web APIs, no
// timers, no module loader, no clock. The compartment's global object is frozen too, which also
// lets SES compile global references as constants (candidate code then runs as fast as direct).
// Runs inside the worker as source text: see the rules in _worker.ts.

/** The SES globals the bootstrap uses (installed by ses.umd.js before it runs). */
declare const Compartment: new (options: {
  readonly globals: Record<string, unknown>;
  readonly __options__: true;
}) => { readonly globalThis: object; evaluate(code: string): unknown };
declare function harden<T>(value: T): T;
declare function lockdown(options: Record<string, string>): void;

/** lockdown() settings: keep stacks (for line numbers) and console; report nothing to stdout. */
export const LOCKDOWN_OPTIONS: Readonly<Record<string, string>> = {
  errorTaming: "unsafe",
  stackFiltering: "verbose",
  overrideTaming: "moderate",
  consoleTaming: "unsafe",
  reporting: "none",
};

/**
 * Globals a pure computation may use. Everything else SES puts on a compartment's global object is
 * deleted (lockdown, harden, Compartment), and Deno's globals are never there to begin with.
 * `Date` is the tamed shared one (no clock: `Date.now()` throws); `eval` and `Function` evaluate in
 * the compartment itself.
 */
export const ALLOWED_GLOBALS: readonly string[] = (
  "globalThis Infinity NaN undefined isFinite isNaN parseFloat parseInt decodeURI " +
  "decodeURIComponent encodeURI encodeURIComponent escape unescape eval Function Object Array " +
  "Number Boolean String Symbol BigInt Math JSON Reflect Proxy Promise Map Set WeakMap WeakSet " +
  "Iterator Date RegExp Error AggregateError EvalError RangeError ReferenceError SyntaxError " +
  "TypeError URIError ArrayBuffer DataView Int8Array Uint8Array Uint8ClampedArray Int16Array " +
  "Uint16Array Int32Array Uint32Array Float16Array Float32Array Float64Array BigInt64Array " +
  "BigUint64Array console"
).split(" ");

/** Freezes the worker's intrinsics; after this, nothing shared can change. */
export function lockDownRealm(options: Readonly<Record<string, string>>): void {
  // SES reads lockdown options from `process.env` when it exists, which needs env permission.
  delete (globalThis as { process?: unknown }).process;
  lockdown({ ...options });
}

/** The endowments every compartment shares: hardened, so a candidate cannot leave state on them. */
export function makeEndowments(
  random: () => number,
  console: object,
): Readonly<Record<string, unknown>> {
  const math: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(Math)) {
    math[key] = (Math as unknown as Record<string, unknown>)[key];
  }
  math.random = random;
  return harden({ Math: math, console });
}

/** Evaluates `script` in a fresh compartment that has only the allowed globals and `endowments`. */
export function evaluateInFreshRealm(
  script: string,
  allowed: readonly string[],
  endowments: Readonly<Record<string, unknown>>,
): unknown {
  const compartment = new Compartment({ globals: { ...endowments }, __options__: true });
  const global = compartment.globalThis;
  const keep = new Set(allowed);
  // Names only: the symbol-keyed properties SES sets (Symbol.unscopables) are no global a
  // candidate can name.
  for (const key of Object.getOwnPropertyNames(global)) {
    if (keep.has(key)) continue;
    if (!Reflect.deleteProperty(global, key)) {
      throw new Error(`sandbox: the compartment global '${key}' cannot be removed`);
    }
  }
  Object.freeze(global);
  return compartment.evaluate(script);
}

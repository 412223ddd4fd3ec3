// Owns the rule prelude: the helper functions every spec expression (invariants, derive, assume,
// score) can call, and their TypeScript declarations used to type-check those expressions.
//
// Rules run in the trusted parent on cloned data, but the helpers still use only built-ins
// captured when this module loads and plain index loops, so a patched `Array.prototype.every`
// or `Math.max` (e.g. left behind by code sharing the realm) cannot change a verdict.

const safeIsInteger = Number.isInteger;
const safeIsArray = Array.isArray;
const safeAbs = Math.abs;
const safeMax = Math.max;
const safeStringify = JSON.stringify;
const SafeSet = Set;
const safeSetHas = Set.prototype.has;
const safeSetAdd = Set.prototype.add;
const safeObjectCreate = Object.create;
const safeHasOwn = Object.hasOwn;
const safeReflectApply = Reflect.apply;
const SafeString = String;

function setHas<T>(set: Set<T>, v: T): boolean {
  return safeReflectApply(safeSetHas, set, [v]) as boolean;
}
function setAdd<T>(set: Set<T>, v: T): void {
  safeReflectApply(safeSetAdd, set, [v]);
}

/** Sum of `xs` (0 when empty). */
export function sum(xs: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
}

/** `range(n)` = [0, ..., n-1]; `range(a, b, step = 1)` = [a, a+step, ...) up to b (exclusive). */
export function range(a: number, b?: number, step = 1): number[] {
  const [start, end] = b === undefined ? [0, a] : [a, b];
  const out: number[] = [];
  if (step === 0) return out;
  for (let v = start; step > 0 ? v < end : v > end; v += step) out[out.length] = v;
  return out;
}

/** How many elements of `xs` satisfy `pred`. */
export function count<T>(xs: readonly T[], pred: (x: T, i: number) => boolean): number {
  let c = 0;
  for (let i = 0; i < xs.length; i++) if (pred(xs[i], i)) c++;
  return c;
}

/** True when every element satisfies `pred` (true for an empty array). */
export function all<T>(xs: readonly T[], pred: (x: T, i: number) => boolean): boolean {
  for (let i = 0; i < xs.length; i++) if (!pred(xs[i], i)) return false;
  return true;
}

/** True when some element satisfies `pred` (false for an empty array). */
export function any<T>(xs: readonly T[], pred: (x: T, i: number) => boolean): boolean {
  for (let i = 0; i < xs.length; i++) if (pred(xs[i], i)) return true;
  return false;
}

/**
 * `isPermutation(xs)`: xs holds each of 0..xs.length-1 exactly once.
 * `isPermutation(xs, of)`: xs is a rearrangement of `of` (same elements, deep-compared as JSON).
 */
export function isPermutation(xs: readonly unknown[], of?: readonly unknown[]): boolean {
  if (!safeIsArray(xs)) return false;
  if (of === undefined) {
    const seen = new SafeSet<unknown>();
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i];
      if (!safeIsInteger(v) || (v as number) < 0 || (v as number) >= xs.length) return false;
      if (setHas(seen, v)) return false;
      setAdd(seen, v);
    }
    return true;
  }
  if (!safeIsArray(of) || of.length !== xs.length) return false;
  const a = histogram(keysOf(xs));
  const b = histogram(keysOf(of));
  for (const k in a) if (a[k] !== b[k]) return false;
  return true;
}

function keysOf(xs: readonly unknown[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < xs.length; i++) out[i] = safeStringify(xs[i]) ?? "undefined";
  return out;
}

/** Occurrences of each value (numbers and strings are keyed by their string form). */
export function histogram(xs: readonly (number | string)[]): Record<string, number> {
  const h = safeObjectCreate(null) as Record<string, number>;
  for (let i = 0; i < xs.length; i++) {
    const k = SafeString(xs[i]);
    h[k] = safeHasOwn(h, k) ? h[k] + 1 : 1;
  }
  return h;
}

/** |a - b| <= tol * max(1, |a|, |b|): absolute near zero, relative for large values. */
export function approxEqual(a: number, b: number, tol = 1e-9): boolean {
  if (a === b) return true;
  return safeAbs(a - b) <= tol * safeMax(1, safeAbs(a), safeAbs(b));
}

/** Smallest element (Infinity when empty); no spread, so huge arrays are fine. */
export function min(xs: readonly number[]): number {
  let m = Infinity;
  for (let i = 0; i < xs.length; i++) if (xs[i] < m || xs[i] !== xs[i]) m = xs[i];
  return m;
}

/** Largest element (-Infinity when empty). */
export function max(xs: readonly number[]): number {
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) if (xs[i] > m || xs[i] !== xs[i]) m = xs[i];
  return m;
}

/** Arithmetic mean (NaN when empty). */
export function mean(xs: readonly number[]): number {
  return sum(xs) / xs.length;
}

/** Distinct elements in first-seen order (SameValueZero, as Set). */
export function unique<T>(xs: readonly T[]): T[] {
  const seen = new SafeSet<T>();
  const out: T[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (!setHas(seen, xs[i])) {
      setAdd(seen, xs[i]);
      out[out.length] = xs[i];
    }
  }
  return out;
}

/** Pairs `[a[i], b[i]]` up to the shorter length. */
export function zip<A, B>(a: readonly A[], b: readonly B[]): [A, B][] {
  const out: [A, B][] = [];
  for (let i = 0; i < a.length && i < b.length; i++) out[i] = [a[i], b[i]];
  return out;
}

/** True for finite whole numbers. */
export function isInteger(x: unknown): boolean {
  return safeIsInteger(x);
}

/** `x` limited to [lo, hi]. */
export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Speed score in (0, 1] for a time: 1 at 0 ms, 0.5 at `refMs`, falling as ms grows. */
export function speed(ms: number, refMs = 1): number {
  return refMs / (refMs + safeMax(0, ms));
}

/** The prelude as name -> function, in a fixed order (the order expressions receive them). */
export const PRELUDE: Readonly<Record<string, (...args: never[]) => unknown>> = Object.freeze({
  sum,
  range,
  count,
  all,
  any,
  isPermutation,
  histogram,
  approxEqual,
  min,
  max,
  mean,
  unique,
  zip,
  isInteger,
  clamp,
  speed,
});

/** TypeScript declarations of the prelude, prepended when type-checking spec expressions. */
export const PRELUDE_DECLARATIONS = `declare function sum(xs: readonly number[]): number;
declare function range(n: number): number[];
declare function range(start: number, end: number, step?: number): number[];
declare function count<T>(xs: readonly T[], pred: (x: T, i: number) => boolean): number;
declare function all<T>(xs: readonly T[], pred: (x: T, i: number) => boolean): boolean;
declare function any<T>(xs: readonly T[], pred: (x: T, i: number) => boolean): boolean;
declare function isPermutation(xs: readonly number[]): boolean;
declare function isPermutation<T>(xs: readonly T[], of: readonly T[]): boolean;
declare function histogram(xs: readonly (number | string)[]): Record<string, number>;
declare function approxEqual(a: number, b: number, tol?: number): boolean;
declare function min(xs: readonly number[]): number;
declare function max(xs: readonly number[]): number;
declare function mean(xs: readonly number[]): number;
declare function unique<T>(xs: readonly T[]): T[];
declare function zip<A, B>(a: readonly A[], b: readonly B[]): [A, B][];
declare function isInteger(x: unknown): x is number;
declare function clamp(x: number, lo: number, hi: number): number;
declare function speed(ms: number, refMs?: number): number;
`;

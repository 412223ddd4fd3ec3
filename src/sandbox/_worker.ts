// Owns the worker bootstrap's building blocks: the built-ins captured before any candidate code runs,
// the seeded stand-in for Math.random, the capped console, and a careful reader of thrown values.
//
// The host ships these functions to the worker as source text (Function.prototype.toString), so
// each may use only its parameters, globals, and the other functions listed in workerSource().
// Once candidate code has run, the bootstrap reads only own properties of objects it made, calls
// only captured functions, and writes array slots with defineProperty: a prototype the candidate
// poisoned can then neither mislead it nor hand the candidate a reference to its state.

/** Built-ins captured before any candidate code runs (fast-check style). */
export interface Safe {
  readonly apply: typeof Reflect.apply;
  readonly ownKeys: typeof Reflect.ownKeys;
  readonly describe: typeof Object.getOwnPropertyDescriptor;
  readonly define: typeof Object.defineProperty;
  readonly protoOf: typeof Object.getPrototypeOf;
  readonly is: typeof Object.is;
  readonly now: () => number;
  readonly clone: typeof structuredClone;
  readonly post: (message: unknown) => void;
  readonly then: typeof Promise.prototype.then;
  readonly promiseProto: object;
  readonly toString: StringConstructor;
  readonly stringify: typeof JSON.stringify;
  readonly slice: typeof String.prototype.slice;
  readonly imul: typeof Math.imul;
  readonly keys: typeof Object.keys;
  readonly hasOwn: typeof Object.hasOwn;
  readonly setProto: typeof Object.setPrototypeOf;
  readonly isArray: typeof Array.isArray;
  readonly Array: ArrayConstructor;
  readonly arrayProto: object;
  readonly objectProto: object;
  readonly parse: typeof JSON.parse;
  readonly Set: SetConstructor;
  readonly setHas: typeof Set.prototype.has;
  readonly setAdd: typeof Set.prototype.add;
  readonly Float64Array: Float64ArrayConstructor;
  readonly typedSet: (source: ArrayLike<number>, offset?: number) => void;
  readonly repeat: typeof String.prototype.repeat;
}

/** Returns the built-ins the bootstrap needs later, captured now. */
export function captureSafe(): Safe {
  return Object.freeze({
    __proto__: null,
    apply: Reflect.apply,
    ownKeys: Reflect.ownKeys,
    describe: Object.getOwnPropertyDescriptor,
    define: Object.defineProperty,
    protoOf: Object.getPrototypeOf,
    is: Object.is,
    now: performance.now.bind(performance),
    clone: structuredClone,
    post: MessagePort.prototype.postMessage,
    then: Promise.prototype.then,
    promiseProto: Promise.prototype,
    toString: String,
    stringify: JSON.stringify,
    slice: String.prototype.slice,
    imul: Math.imul,
    keys: Object.keys,
    hasOwn: Object.hasOwn,
    setProto: Object.setPrototypeOf,
    isArray: Array.isArray,
    Array,
    arrayProto: Array.prototype,
    objectProto: Object.prototype,
    parse: JSON.parse,
    Set,
    setHas: Set.prototype.has,
    setAdd: Set.prototype.add,
    Float64Array,
    typedSet: Object.getPrototypeOf(Uint8Array.prototype).set,
    repeat: String.prototype.repeat,
  }) as unknown as Safe;
}

/** Sets `array[index]` without consulting (possibly poisoned) prototype setters. */
export function put<T>(safe: Safe, array: T[], index: number, value: T): void {
  safe.define(
    array,
    index,
    {
      __proto__: null,
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    } as PropertyDescriptor,
  );
}

/** Returns a seeded sfc32 generator (seeded through splitmix32) to stand in for Math.random. */
export function makeRandom(safe: Safe): { random: () => number; reseed: (seed: number) => void } {
  let a = 0, b = 0, c = 0, d = 0, mix = 0;
  const splitmix = (): number => {
    mix = (mix + 0x9e3779b9) | 0;
    let z = mix;
    z = safe.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = safe.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) | 0;
  };
  const random = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  const reseed = (seed: number): void => {
    mix = (seed >>> 0) ^ safe.imul((seed / 4294967296) >>> 0, 0x27d4eb2f);
    a = splitmix();
    b = splitmix();
    c = splitmix();
    d = splitmix();
    for (let i = 0; i < 12; i++) random();
  };
  return { random, reseed };
}

/** Returns a console that records lines up to `maxChars` per drain, and the drain. */
export function makeConsole(
  safe: Safe,
  maxChars: number,
): { console: object; drain: () => string[] } {
  let lines: string[] = [];
  let used = 0;
  let dropped = 0;
  const format = (args: ArrayLike<unknown>): string => {
    let text = "";
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      let part: string;
      try {
        part = typeof arg === "string"
          ? arg
          : typeof arg === "object" && arg !== null
          ? (safe.stringify(arg) ?? safe.toString(arg))
          : safe.toString(arg);
      } catch {
        part = "[unprintable]";
      }
      text = i === 0 ? part : text + " " + part;
    }
    return text;
  };
  const record = (prefix: string, args: ArrayLike<unknown>): void => {
    if (used >= maxChars) {
      dropped++;
      return;
    }
    let line = prefix + format(args);
    if (used + line.length > maxChars) {
      line = safe.apply(safe.slice, line, [0, maxChars - used]) as string;
      dropped++;
    }
    used += line.length;
    put(safe, lines, lines.length, line);
  };
  const out: Record<string, unknown> = {};
  const levels = ["log", "info", "debug", "trace", "dir", "dirxml", "table", "warn", "error"];
  for (let i = 0; i < levels.length; i++) {
    const prefix = i < 7 ? "" : "[" + levels[i] + "] ";
    out[levels[i]] = function (...args: unknown[]) {
      record(prefix, args);
    };
  }
  out.assert = function (condition: unknown, ...args: unknown[]) {
    if (!condition) record("[assert] ", args);
  };
  const quiet = [
    "group",
    "groupCollapsed",
    "groupEnd",
    "count",
    "countReset",
    "time",
    "timeEnd",
    "timeLog",
    "clear",
  ];
  for (let i = 0; i < quiet.length; i++) out[quiet[i]] = function () {};
  const drain = (): string[] => {
    const result = lines;
    if (dropped > 0) {
      put(
        safe,
        result,
        result.length,
        "[sandbox] logs truncated: " + dropped +
          " line(s) cut or dropped past the cap of " + maxChars + " characters",
      );
    }
    lines = [];
    used = 0;
    dropped = 0;
    return result;
  };
  return { console: out, drain };
}

/** Returns the message and stack of a thrown value without trusting it to behave. */
export function describeError(safe: Safe, error: unknown): { message: string; stack: string } {
  let message = "", stack = "";
  try {
    if ((typeof error === "object" && error !== null) || typeof error === "function") {
      const e = error as { name?: unknown; message?: unknown; stack?: unknown };
      const name = typeof e.name === "string" ? e.name : "Error";
      message = typeof e.message === "string" ? name + ": " + e.message : safe.toString(error);
      if (typeof e.stack === "string") stack = e.stack;
    } else {
      message = "uncaught " + safe.toString(error);
    }
  } catch {
    message = "a thrown value that cannot even be printed";
  }
  return {
    message: safe.apply(safe.slice, message, [0, 2000]) as string,
    stack: safe.apply(safe.slice, stack, [0, 8000]) as string,
  };
}

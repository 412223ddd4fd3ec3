// Owns the candidate worker's bootstrap: the first code in the candidate's realm. It captures the
// built-ins it needs, strips the realm of ways out, seeds Math.random, caps console output, loads
// the candidate, and then times calls and reports over a private port that only it holds.
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
}

/** One object of the realm as the bootstrap left it, before the candidate loaded. */
interface SnapshotEntry {
  readonly label: string;
  readonly target: object;
  readonly proto: object | null;
  readonly keys: readonly PropertyKey[];
  readonly descriptors: readonly PropertyDescriptor[];
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

/** Records every own property of the built-ins a candidate could poison, and of the global object. */
export function snapshotRealm(safe: Safe): SnapshotEntry[] {
  const g = globalThis as unknown as Record<string, unknown>;
  const entries: SnapshotEntry[] = [];
  const seen = new Set<unknown>();
  const add = (label: string, target: unknown): void => {
    if ((typeof target !== "object" && typeof target !== "function") || target === null) return;
    if (seen.has(target)) return;
    seen.add(target);
    const keys = safe.ownKeys(target);
    const descriptors = keys.map((key) => safe.describe(target, key)!);
    entries.push({ label, target, proto: safe.protoOf(target), keys, descriptors });
  };
  add("globalThis", g);
  const names = [
    "Object",
    "Function",
    "Array",
    "String",
    "Number",
    "Boolean",
    "Symbol",
    "BigInt",
    "Math",
    "JSON",
    "Reflect",
    "Promise",
    "Proxy",
    "Map",
    "Set",
    "WeakMap",
    "WeakSet",
    "WeakRef",
    "FinalizationRegistry",
    "Error",
    "EvalError",
    "RangeError",
    "ReferenceError",
    "SyntaxError",
    "TypeError",
    "URIError",
    "AggregateError",
    "RegExp",
    "Date",
    "ArrayBuffer",
    "SharedArrayBuffer",
    "DataView",
    "Atomics",
    "Int8Array",
    "Uint8Array",
    "Uint8ClampedArray",
    "Int16Array",
    "Uint16Array",
    "Int32Array",
    "Uint32Array",
    "Float16Array",
    "Float32Array",
    "Float64Array",
    "BigInt64Array",
    "BigUint64Array",
    "Iterator",
    "Intl",
    "performance",
    "Performance",
    "console",
    "structuredClone",
    "MessagePort",
    "MessageEvent",
    "EventTarget",
  ];
  for (const name of names) {
    const value = g[name] as { prototype?: unknown } | undefined;
    add(name, value);
    if (typeof value === "function") add(name + ".prototype", value.prototype);
  }
  const protoOf = (value: unknown) => safe.protoOf(value);
  const typedArray = protoOf(Uint8Array) as { prototype: unknown };
  add("%TypedArray%", typedArray);
  add("%TypedArray%.prototype", typedArray.prototype);
  add("%ArrayIteratorPrototype%", protoOf([][Symbol.iterator]()));
  add("%IteratorPrototype%", protoOf(protoOf([][Symbol.iterator]())));
  add("%MapIteratorPrototype%", protoOf(new Map()[Symbol.iterator]()));
  add("%SetIteratorPrototype%", protoOf(new Set()[Symbol.iterator]()));
  add("%StringIteratorPrototype%", protoOf(""[Symbol.iterator]()));
  add("%RegExpStringIteratorPrototype%", protoOf(/a/[Symbol.matchAll]("")));
  const generator = protoOf(function* () {}) as { prototype: unknown };
  add("%GeneratorFunction.prototype%", generator);
  add("%GeneratorPrototype%", generator.prototype);
  const asyncGenerator = protoOf(async function* () {}) as { prototype: unknown };
  add("%AsyncGeneratorFunction.prototype%", asyncGenerator);
  add("%AsyncGeneratorPrototype%", asyncGenerator.prototype);
  add("%AsyncIteratorPrototype%", protoOf(asyncGenerator.prototype));
  add("%AsyncFunction.prototype%", protoOf(async function () {}));
  return entries;
}

/** Names every snapshotted property that was added, removed or changed since the snapshot. */
export function diffRealm(safe: Safe, snapshot: readonly SnapshotEntry[]): string[] {
  // Plain reads of descriptor fields are sound: a descriptor's missing fields fall through to
  // Object.prototype, and any key added there is itself reported below. Enumerability is not
  // compared: it changes no behaviour, and Deno itself flips `queueMicrotask`'s after a while.
  const changed: string[] = [];
  const name = (label: string, key: PropertyKey) => label + "." + safe.toString(key);
  for (let i = 0; i < snapshot.length; i++) {
    const entry = snapshot[i];
    const target = entry.target;
    if (safe.protoOf(target) !== entry.proto) {
      put(safe, changed, changed.length, entry.label + ".[[Prototype]]");
    }
    let present = 0;
    for (let j = 0; j < entry.keys.length; j++) {
      const now = safe.describe(target, entry.keys[j]);
      const was = entry.descriptors[j];
      if (now === undefined) {
        put(safe, changed, changed.length, name(entry.label, entry.keys[j]) + " (deleted)");
        continue;
      }
      present++;
      if (
        !safe.is(now.value, was.value) || now.get !== was.get || now.set !== was.set ||
        now.writable !== was.writable || now.configurable !== was.configurable
      ) put(safe, changed, changed.length, name(entry.label, entry.keys[j]));
    }
    const keys = safe.ownKeys(target);
    if (keys.length === present) continue;
    for (let k = 0; k < keys.length; k++) {
      let known = false;
      for (let j = 0; j < entry.keys.length && !known; j++) known = entry.keys[j] === keys[k];
      if (!known) put(safe, changed, changed.length, name(entry.label, keys[k]) + " (added)");
    }
  }
  return changed;
}

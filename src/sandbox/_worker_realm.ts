// Owns poisoning detection inside the candidate's realm: a snapshot of every own property of the
// built-ins a candidate could poison (and of the global object), and the diff against it after each
// call. Written here rather than taken from @fast-check/poisoning because the worker can import
// nothing (no files, no npm) and because that library walks every reachable global per check
// (~5 ms here), which would dwarf a 1 ms call; this walks ~55 objects (~0.1 ms).
// Runs inside the worker as source text: see the rules in _worker.ts.
import { put, type Safe } from "./_worker.ts";

/** One object of the realm as the bootstrap left it, before the candidate loaded. */
export interface SnapshotEntry {
  readonly label: string;
  readonly target: object;
  readonly proto: object | null;
  readonly keys: readonly PropertyKey[];
  readonly descriptors: readonly PropertyDescriptor[];
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

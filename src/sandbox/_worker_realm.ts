// Owns poisoning detection inside the candidate's realm: a snapshot of every own property of the
// built-ins a candidate could poison (and of the global object), and the diff against it after each
// call. Written here rather than taken from @fast-check/poisoning because the worker can import
// nothing (no files, no npm) and because that library walks every reachable global per check
// (4-8 ms here), which would dwarf a 1 ms call; this checks ~50 objects, ~760 properties.
// Runs inside the worker as source text: see the rules in _worker.ts.
import { put, type Safe } from "./_worker.ts";

/** One object of the realm as the bootstrap left it, before the candidate loaded. */
export interface SnapshotEntry {
  readonly label: string;
  readonly target: object;
  readonly proto: object | null;
  /** Every own key, to spot additions. */
  readonly keys: readonly PropertyKey[];
  /** The keys that can still change (configurable or writable), and their descriptors. */
  readonly watched: readonly PropertyKey[];
  readonly descriptors: readonly PropertyDescriptor[];
}

/** Records the properties of the global object and of the built-ins that algorithm code relies on. */
export function snapshotRealm(safe: Safe): SnapshotEntry[] {
  const g = globalThis as unknown as Record<string, unknown>;
  const entries: SnapshotEntry[] = [];
  const seen = new Set<unknown>();
  const add = (label: string, target: unknown): void => {
    if ((typeof target !== "object" && typeof target !== "function") || target === null) return;
    if (seen.has(target)) return;
    seen.add(target);
    const keys = safe.ownKeys(target);
    const watched: PropertyKey[] = [];
    const descriptors: PropertyDescriptor[] = [];
    for (const key of keys) {
      const descriptor = safe.describe(target, key)!;
      // A non-configurable, non-writable property can never change: no need to look again.
      if (!descriptor.configurable && !descriptor.writable) continue;
      watched.push(key);
      descriptors.push(descriptor);
    }
    entries.push({ label, target, proto: safe.protoOf(target), keys, watched, descriptors });
  };
  add("globalThis", g);
  // Globals whose own properties, and whose prototype's, the snapshot covers.
  const builtIns = "Object Function Array String Number Boolean Symbol BigInt Math JSON Reflect " +
    "Promise Map Set WeakMap WeakSet Error RegExp Date ArrayBuffer Iterator performance Performance";
  for (const name of builtIns.split(" ")) {
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
  const generator = protoOf(function* () {}) as { prototype: unknown };
  add("%GeneratorPrototype%", generator.prototype);
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
    for (let j = 0; j < entry.watched.length; j++) {
      const now = safe.describe(target, entry.watched[j]);
      const was = entry.descriptors[j];
      if (now === undefined) {
        put(safe, changed, changed.length, name(entry.label, entry.watched[j]) + " (deleted)");
      } else if (
        !safe.is(now.value, was.value) || now.get !== was.get || now.set !== was.set ||
        now.writable !== was.writable || now.configurable !== was.configurable
      ) put(safe, changed, changed.length, name(entry.label, entry.watched[j]));
    }
    const keys = safe.ownKeys(target);
    if (keys.length === entry.keys.length) continue;
    for (let k = 0; k < keys.length; k++) {
      let known = false;
      for (let j = 0; j < entry.keys.length && !known; j++) known = entry.keys[j] === keys[k];
      if (!known) put(safe, changed, changed.length, name(entry.label, keys[k]) + " (added)");
    }
  }
  return changed;
}

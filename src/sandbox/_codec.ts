// Owns the fast path for call arguments and outputs: plain data (objects, arrays, strings, numbers,
// booleans, null, undefined) carried as a small JSON "shape" plus one Float64Array of every
// number. V8's structured-clone deserializer builds number arrays element by element, which makes
// a full-shape EPLB input (~15k numbers) cost milliseconds per hop; packed, the host forwards it
// without decoding and numbers move in bulk. Float64 keeps NaN, -0 and every double exactly.
// Anything else (Map, Date, typed arrays, BigInt, holes, shared or cyclic references, class
// instances) is refused, and the caller falls back to node:v8 / structured clone.
//
// Also runs inside the worker as source text (see _worker.ts), where unpacking happens after the
// candidate has loaded and before each timed call: it therefore calls only captured functions and
// touches only own properties of objects it made (JSON.parse output, fresh typed arrays), so no
// poisoned prototype can run candidate code, untimed, with the next input in hand.
import type { Packed } from "./_protocol.ts";
import type { Safe } from "./_worker.ts";

/** Packs `value`, or returns undefined when it is not plain data (the caller falls back). */
export function packValue(safe: Safe, value: unknown): Packed | undefined {
  // Numeric arrays up to this length are written inline in the shape rather than tagged. (A local:
  // this function is shipped to the worker as source text, without the module around it.)
  const INLINE_MAX = 16;
  let numbers = new safe.Float64Array(64);
  let capacity = 64;
  let count = 0;
  const seen = new safe.Set<unknown>();
  const refused = { __proto__: null };
  const reserve = (more: number): void => {
    if (count + more <= capacity) return;
    while (count + more > capacity) capacity *= 2;
    const grown = new safe.Float64Array(capacity);
    safe.apply(safe.typedSet, grown, [numbers]);
    numbers = grown;
  };
  // In a shape, the JSON number 0 stands for the next packed number; {n: k} for an array of the
  // next k; {u: 0} for undefined; {o: {...}} for an object; arrays, strings, booleans and null
  // stand for themselves. Shapes have no prototype, so plain assignment meets no setter and
  // "__proto__" stays an ordinary key.
  const shapeOf = (v: unknown, depth: number): unknown => {
    if (typeof v === "number") {
      reserve(1);
      numbers[count++] = v;
      return 0;
    }
    if (typeof v === "string" || typeof v === "boolean" || v === null) return v;
    if (v === undefined) return { __proto__: null, u: 0 };
    if (typeof v !== "object" || depth > 500 || safe.apply(safe.setHas, seen, [v])) throw refused;
    safe.apply(safe.setAdd, seen, [v]);
    const proto = safe.protoOf(v);
    if (safe.isArray(v)) {
      if (proto !== safe.arrayProto) throw refused;
      const array = v as number[];
      const length = array.length;
      let i = 0;
      while (i < length && typeof array[i] === "number") i++;
      if (i === length) {
        // All numbers, the common case: copy with locals, not the closure's variables.
        reserve(length);
        const into = numbers;
        const at = count;
        for (let j = 0; j < length; j++) into[at + j] = array[j];
        count = at + length;
        // A short array goes inline as zeros, revived in place inside the one JSON.parse of the
        // shape: outputs like EPLB's log2phy hold thousands of 2-element rows, and one parse
        // per row cost ~4 us each. Long arrays keep the compact {n} tag.
        if (length <= INLINE_MAX) {
          const zeros = safe.setProto([], null) as number[];
          for (let j = 0; j < length; j++) zeros[j] = 0;
          return zeros;
        }
        return { __proto__: null, n: length };
      }
      const shapes = safe.setProto([], null) as unknown[];
      for (let j = 0; j < length; j++) {
        if (!safe.hasOwn(array, j)) throw refused;
        shapes[j] = shapeOf(array[j], depth + 1);
      }
      return shapes;
    }
    if (proto !== safe.objectProto && proto !== null) throw refused;
    const keys = safe.keys(v);
    const inner = { __proto__: null } as unknown as Record<string, unknown>;
    for (let k = 0; k < keys.length; k++) {
      inner[keys[k]] = shapeOf((v as Record<string, unknown>)[keys[k]], depth + 1);
    }
    return { __proto__: null, o: inner };
  };
  let shape: unknown;
  try {
    shape = shapeOf(value, 0);
  } catch (error) {
    if (error === refused) return undefined;
    throw error;
  }
  const exact = new safe.Float64Array(count);
  const total = count;
  for (let i = 0; i < total; i++) exact[i] = numbers[i];
  return { shape: safe.stringify(shape), numbers: exact, count: total };
}

/** Rebuilds a fresh copy of the value `packed` holds. */
export function unpackValue(safe: Safe, packed: Packed): unknown {
  const numbers = packed.numbers;
  let next = 0;
  // JSON.parse("[0,0,...]") is the quickest way to a packed array that owns every element.
  const zeros = (length: number): string =>
    length === 0 ? "[]" : "[" + safe.apply(safe.repeat, "0,", [length - 1]) + "0]";
  const numberArray = (length: number): number[] => {
    const array = safe.parse(zeros(length)) as number[];
    const from = next;
    for (let i = 0; i < length; i++) array[i] = numbers[from + i];
    next = from + length;
    return array;
  };
  // JSON.parse made every object and array here, so they own every key and element: assigning
  // in place reaches no prototype setter, and a "__proto__" key stays an ordinary own property.
  const revive = (s: unknown): unknown => {
    if (typeof s === "number") return numbers[next++];
    if (typeof s !== "object" || s === null) return s;
    if (safe.isArray(s)) {
      let at = next;
      for (let i = 0; i < s.length; i++) {
        const item = s[i];
        if (typeof item === "number") {
          s[i] = numbers[at++];
        } else {
          next = at;
          s[i] = revive(item);
          at = next;
        }
      }
      next = at;
      return s;
    }
    const tagged = s as { n?: number; o?: Record<string, unknown> };
    if (safe.hasOwn(tagged, "n")) return numberArray(tagged.n!);
    if (!safe.hasOwn(tagged, "o")) return undefined;
    const inner = tagged.o!;
    const keys = safe.keys(inner);
    for (let k = 0; k < keys.length; k++) inner[keys[k]] = revive(inner[keys[k]]);
    return inner;
  };
  return revive(safe.parse(packed.shape));
}

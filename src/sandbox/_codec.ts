// Owns the packed form of plain data (objects, arrays, strings, numbers, booleans, null, undefined):
// a small JSON "shape" plus one Float64Array of every number. V8's structured-clone deserializer
// builds number arrays element by element, which makes a full-shape EPLB input (~15k numbers) cost
// milliseconds per hop; packed, the host forwards it without decoding and numbers move in bulk.
// Float64 keeps NaN, -0 and every double exactly.
//
// packValue() is also the worker's one read of a candidate's output, inside the timed window: it
// reads every property exactly once (so a getter or Proxy cannot be cheap on a timed read and
// expensive on a later one), and refuses, with the JSON pointer where it stopped, anything that is
// not a tree of plain data within the element cap: holes, shared or cyclic references, Maps,
// Dates, typed arrays, BigInts, functions, symbols. Refused inputs (trusted data) take the
// structured-clone path instead; refused outputs are `invalid-output`.
//
// Both functions also run inside the worker as source text (see _worker_main.ts): they may use only
// their parameters and globals.
import type { Packed } from "./_protocol.ts";

/** Why a value was not packed: what was found, and where (a JSON pointer). */
export interface PackRefusal {
  readonly refused: string;
  readonly at: string;
}

/** Packs `value`, reading each property once; refuses non-plain data or more than `maxElements`. */
export function packValue(value: unknown, maxElements = Infinity): Packed | PackRefusal {
  const MAX_DEPTH = 500;
  let numbers = new Float64Array(64);
  let capacity = 64;
  let count = 0;
  let elements = 0;
  const seen = new Set<unknown>();
  const path: (string | number)[] = [];
  const refuse = (what: string): never => {
    throw { refusal: what };
  };
  const reserve = (more: number): void => {
    if (count + more <= capacity) return;
    while (count + more > capacity) capacity *= 2;
    const grown = new Float64Array(capacity);
    grown.set(numbers);
    numbers = grown;
  };
  const admit = (more: number): void => {
    elements += more;
    if (elements > maxElements) {
      refuse(`more than ${maxElements} elements (sandbox.maxOutputElements)`);
    }
  };
  // In a shape, the JSON number 0 stands for the next packed number; {t: [d1, …, dk]} for nested
  // arrays of d1 x … x dk of the next numbers (row-major); {u: 0} for undefined; {o: {...}} for an
  // object; arrays, strings, booleans and null stand for themselves. An object's own keys go into
  // a prototype-less `inner`, so "__proto__" stays an ordinary key; the tags are plain literals,
  // because a prototype-less literal is a slow dictionary object (measured: packing an EPLB output
  // took 3x its own rebalance; the intrinsics are frozen, so no inherited key can interfere).
  const shapeOf = (v: unknown, depth: number): unknown => {
    if (typeof v === "number") {
      reserve(1);
      numbers[count++] = v;
      return 0;
    }
    if (typeof v === "string" || typeof v === "boolean" || v === null) return v;
    if (v === undefined) return { u: 0 };
    if (typeof v !== "object") return refuse(`a ${typeof v}`);
    if (depth > MAX_DEPTH) return refuse(`data nested deeper than ${MAX_DEPTH} levels`);
    if (seen.has(v)) return refuse("an object that also appears elsewhere (shared or cyclic)");
    seen.add(v);
    if (Array.isArray(v)) return arrayShape(v as unknown[], depth);
    const kind = Object.prototype.toString.call(v);
    if (kind !== "[object Object]") return refuse(`a ${kind.slice(8, -1)}`);
    const keys = Object.keys(v);
    admit(keys.length);
    const inner = { __proto__: null } as unknown as Record<string, unknown>;
    for (let k = 0; k < keys.length; k++) {
      path.push(keys[k]);
      inner[keys[k]] = shapeOf((v as Record<string, unknown>)[keys[k]], depth + 1);
      path.pop();
    }
    return { o: inner };
  };
  const arrayShape = (array: unknown[], depth: number): unknown => {
    const length = array.length;
    admit(length);
    reserve(length);
    // One pass: numbers go straight into the packed array until the first element that is not one.
    const into = numbers;
    const at = count;
    let i = 0;
    let item: unknown;
    for (; i < length; i++) {
      item = array[i];
      if (typeof item !== "number") break;
      into[at + i] = item;
    }
    count = at + i;
    // A number array is a tensor of one dimension: {t: [length]}.
    if (i === length) return { t: [length] };
    // Elements before `i` were numbers, now packed; `item` already holds element `i`.
    const shapes = new Array<unknown>(length).fill(0, 0, i);
    for (;;) {
      path.push(i);
      if (item === undefined && !Object.hasOwn(array, i)) refuse("a hole (a sparse array)");
      shapes[i] = shapeOf(item, depth + 1);
      path.pop();
      if (++i === length) return tensorOf(shapes) ?? shapes;
      item = array[i];
    }
  };
  // Rows that are all tensors of the same dimensions make one tensor a dimension higher, so
  // EPLB's log2phy (layers x experts rows of W numbers) is one tag in the shape, not 15k.
  const tensorOf = (shapes: unknown[]): unknown => {
    const first = shapes[0] as { t?: number[] } | null;
    if (typeof first !== "object" || first === null || first.t === undefined) return undefined;
    const dims = first.t;
    for (let j = 1; j < shapes.length; j++) {
      const other = shapes[j] as { t?: number[] } | null;
      if (typeof other !== "object" || other === null || other.t === undefined) return undefined;
      if (other.t.length !== dims.length) return undefined;
      for (let d = 0; d < dims.length; d++) if (other.t[d] !== dims[d]) return undefined;
    }
    return { t: [shapes.length, ...dims] };
  };
  let shape: unknown;
  try {
    shape = shapeOf(value, 0);
  } catch (error) {
    const refusal = typeof error === "object" && error !== null && Object.hasOwn(error, "refusal")
      ? (error as { refusal: string }).refusal
      : undefined;
    if (refusal === undefined) throw error;
    let at = "";
    for (let i = 0; i < path.length; i++) {
      at += "/" + String(path[i]).replaceAll("~", "~0").replaceAll("/", "~1");
    }
    return { refused: refusal, at: at === "" ? "/" : at };
  }
  return { shape: JSON.stringify(shape), numbers: numbers.slice(0, count), count };
}

/** True when `packed` is a refusal rather than packed data. */
export function isRefusal(packed: Packed | PackRefusal): packed is PackRefusal {
  return "refused" in packed;
}

/** Rebuilds a fresh copy of the value `packed` holds. */
export function unpackValue(packed: Packed): unknown {
  const numbers = packed.numbers;
  let next = 0;
  // Arrays grown by push are packed (no holes) and own every element; measured 8x quicker than
  // filling a JSON.parse'd "[0,0,...]" for the short rows of EPLB outputs.
  const tensor = (dims: readonly number[], d: number): unknown[] => {
    const length = dims[d];
    const array: unknown[] = [];
    if (d === dims.length - 1) {
      for (let i = 0; i < length; i++) array.push(numbers[next++]);
    } else {
      for (let i = 0; i < length; i++) array.push(tensor(dims, d + 1));
    }
    return array;
  };
  // JSON.parse made every object and array here, so they own every key and element, and a
  // "__proto__" key stays an ordinary own property.
  const revive = (s: unknown): unknown => {
    if (typeof s === "number") return numbers[next++];
    if (typeof s !== "object" || s === null) return s;
    if (Array.isArray(s)) {
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
    const tagged = s as { t?: number[]; o?: Record<string, unknown> };
    if (Object.hasOwn(tagged, "t")) return tensor(tagged.t!, 0);
    if (!Object.hasOwn(tagged, "o")) return undefined;
    const inner = tagged.o!;
    const keys = Object.keys(inner);
    for (let k = 0; k < keys.length; k++) inner[keys[k]] = revive(inner[keys[k]]);
    return inner;
  };
  return revive(JSON.parse(packed.shape));
}

// Owns how a value crosses a frame between parent and host: plain data packed (JSON shape in the
// message, numbers as the frame's raw attachment), anything else as node:v8 bytes in the attachment.
import { Buffer } from "node:buffer";
import { deserialize, serialize } from "node:v8";
import { isRefusal, packValue, unpackValue } from "./_codec.ts";
import type { Carried, Handed, Packed } from "./_protocol.ts";

/** A value ready to cross: the message part and the frame attachment. */
export interface Crossing {
  readonly carried: Carried;
  readonly attachment: Uint8Array;
}

/** Prepares `value` to cross; throws what node:v8 serialize throws for values it cannot clone. */
export function carry(value: unknown): Crossing {
  const packed = packValue(value);
  return !isRefusal(packed)
    ? carryPacked(packed)
    : { carried: { shape: null }, attachment: serialize(value) };
}

/**
 * Prepares already packed data to cross, in the narrowest integer array that holds every number
 * exactly when there is one: EPLB's outputs are slot and expert ids, and a pipe carries 2 bytes
 * each four times quicker than 8. NaN, -0 and fractions keep Float64.
 */
export function carryPacked(packed: Packed): Crossing {
  const numbers = packed.numbers.subarray(0, packed.count);
  const width = integerWidth(numbers);
  const narrow = width === 1
    ? new Int8Array(numbers.length)
    : width === 2
    ? new Int16Array(numbers.length)
    : width === 4
    ? new Int32Array(numbers.length)
    : undefined;
  if (narrow === undefined) {
    return {
      carried: { shape: packed.shape },
      attachment: new Uint8Array(numbers.buffer, numbers.byteOffset, numbers.byteLength),
    };
  }
  narrow.set(numbers);
  return {
    carried: { shape: packed.shape, width: width as 1 | 2 | 4 },
    attachment: new Uint8Array(narrow.buffer, 0, narrow.byteLength),
  };
}

/** Bytes per number of the narrowest integer array that holds all of `numbers`, or 8. */
function integerWidth(numbers: ArrayLike<number>): number {
  let min = 0;
  let max = 0;
  for (let i = 0; i < numbers.length; i++) {
    const x = numbers[i];
    // x | 0 is x only for int32 values; -0 passes it, so it is tested apart.
    if ((x | 0) !== x || (x === 0 && 1 / x < 0)) return 8;
    if (x < min) min = x;
    else if (x > max) max = x;
  }
  return min >= -128 && max <= 127 ? 1 : min >= -32768 && max <= 32767 ? 2 : 4;
}

/** The packed data a crossing holds, or undefined when it holds node:v8 bytes. */
function packedOf(carried: Carried, attachment: Uint8Array): Packed | undefined {
  if (carried.shape === null) return undefined;
  // The reader gave this attachment its own buffer, so the typed array view is aligned.
  const { buffer, byteOffset } = attachment;
  const width = carried.width ?? 8;
  const count = attachment.length / width;
  const numbers = width === 1
    ? new Int8Array(buffer, byteOffset, count)
    : width === 2
    ? new Int16Array(buffer, byteOffset, count)
    : width === 4
    ? new Int32Array(buffer, byteOffset, count)
    : new Float64Array(buffer, byteOffset, count);
  return { shape: carried.shape, numbers, count };
}

/** Rebuilds the value that crossed. */
export function uncarry(carried: Carried, attachment: Uint8Array): unknown {
  const packed = packedOf(carried, attachment);
  return packed !== undefined ? unpackValue(packed) : deserialize(Buffer.from(attachment));
}

/** The value as a worker takes it: packed data passes through without being unpacked. */
export function handOver(carried: Carried, attachment: Uint8Array): Handed {
  const packed = packedOf(carried, attachment);
  return packed !== undefined
    ? { packed, value: undefined }
    : { packed: null, value: deserialize(Buffer.from(attachment)) };
}

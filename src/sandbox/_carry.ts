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

/** Prepares already packed data to cross. */
export function carryPacked(packed: Packed): Crossing {
  const numbers = packed.numbers;
  return {
    carried: { shape: packed.shape },
    attachment: new Uint8Array(numbers.buffer, numbers.byteOffset, packed.count * 8),
  };
}

/** The packed data a crossing holds, or undefined when it holds node:v8 bytes. */
function packedOf(carried: Carried, attachment: Uint8Array): Packed | undefined {
  if (carried.shape === null) return undefined;
  // The reader gave this attachment its own buffer, so the Float64Array view is aligned.
  const count = attachment.length / 8;
  return {
    shape: carried.shape,
    numbers: new Float64Array(attachment.buffer, attachment.byteOffset, count),
    count,
  };
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

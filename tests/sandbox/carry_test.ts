// Tests how packed data crosses a frame: integers travel in the narrowest integer array that holds
// them all, anything else as Float64, and every value comes back exactly; numbers arrays become
// one tensor tag in the shape.
import assert from "node:assert/strict";
import { carry, uncarry } from "../../src/sandbox/_carry.ts";
import { packValue } from "../../src/sandbox/_codec.ts";

const roundTrip = (value: unknown) => {
  const crossing = carry(value);
  // The reader hands the attachment over in a buffer of its own.
  return { crossing, back: uncarry(crossing.carried, crossing.attachment.slice()) };
};

Deno.test("carry() sends small integers in 1 or 2 bytes each and uncarry() restores them", () => {
  const ids = Array.from(
    { length: 58 },
    (_, l) => Array.from({ length: 288 }, (_, p) => (p + l) % 256),
  );
  const wide = roundTrip({ phy2log: ids, pad: [-1, -1] });
  assert.equal(wide.crossing.carried.width, 2);
  assert.equal(wide.crossing.attachment.length, (58 * 288 + 2) * 2);
  assert.deepEqual(wide.back, { phy2log: ids, pad: [-1, -1] });
  const bytes = roundTrip([[1, -128, 127]]);
  assert.equal(bytes.crossing.carried.width, 1);
  assert.deepEqual(bytes.back, [[1, -128, 127]]);
  const ints = roundTrip([2 ** 31 - 1, -(2 ** 31)]);
  assert.equal(ints.crossing.carried.width, 4);
  assert.deepEqual(ints.back, [2 ** 31 - 1, -(2 ** 31)]);
});

Deno.test("carry() keeps Float64 for fractions, -0, NaN, infinities and large integers", () => {
  for (const x of [0.5, -0, NaN, Infinity, 2 ** 31, -(2 ** 31) - 1, 2 ** 53]) {
    const { crossing, back } = roundTrip([1, x]);
    assert.equal(crossing.carried.width, undefined, String(x));
    assert.ok(Object.is((back as number[])[1], x), String(x));
  }
});

Deno.test("packValue() writes equal rows of numbers as one tensor tag", () => {
  const log2phy = Array.from({ length: 58 }, () => Array.from({ length: 256 }, () => [3, -1, -1]));
  const packed = packValue({ log2phy, ragged: [[1], [2, 3]] });
  assert.ok("shape" in packed);
  assert.equal(packed.shape, '{"o":{"log2phy":{"t":[58,256,3]},"ragged":[{"t":[1]},{"t":[2]}]}}');
  assert.deepEqual(roundTrip({ log2phy }).back, { log2phy });
});

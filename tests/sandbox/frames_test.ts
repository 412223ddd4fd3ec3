// Tests the parent<->child byte framing: reassembly across chunks, fidelity, attachments, and the
// token check.
import assert from "node:assert/strict";
import { encodeFrame, FrameError, FrameReader, TOKEN_BYTES } from "../../src/sandbox/_frames.ts";

const token = new Uint8Array(TOKEN_BYTES).map((_, i) => i * 7 + 1);

Deno.test("FrameReader.push() reassembles frames split across and packed into chunks", () => {
  const frames = [
    { message: { op: "a" }, attachment: new Uint8Array(0) },
    { message: { op: "b", text: "x".repeat(200_000) }, attachment: new Uint8Array([1, 2, 3]) },
    { message: { op: "c", list: [1, 2] }, attachment: new Uint8Array(100_000).fill(9) },
  ];
  const bytes = frames.map((f) => encodeFrame(f.message, token, f.attachment));
  const all = new Uint8Array(bytes.reduce((n, b) => n + b.length, 0));
  bytes.reduce((at, b) => (all.set(b, at), at + b.length), 0);
  const reader = new FrameReader(token);
  const decoded = [];
  for (let i = 0; i < all.length; i += 4093) {
    decoded.push(...reader.push(all.subarray(i, i + 4093)));
  }
  assert.deepEqual(decoded, frames);
});

Deno.test("FrameReader.push() keeps NaN, -0, undefined and typed arrays intact", () => {
  const message = {
    nan: NaN,
    zero: -0,
    none: undefined,
    floats: new Float64Array([0.5]),
    bytes: new Uint8Array([9]),
  };
  const decoded = new FrameReader().push(encodeFrame(message))[0].message as typeof message;
  assert.ok(Number.isNaN(decoded.nan));
  assert.ok(Object.is(decoded.zero, -0));
  assert.ok("none" in decoded);
  assert.deepEqual(decoded, message);
});

Deno.test("FrameReader.push() returns frames that later chunks cannot overwrite", () => {
  const reader = new FrameReader();
  const [first] = reader.push(
    encodeFrame({ bytes: new Uint8Array([1, 2, 3]) }, undefined, new Uint8Array([4])),
  );
  reader.push(encodeFrame({ bytes: new Uint8Array([7, 7, 7]) }, undefined, new Uint8Array([8])));
  assert.deepEqual([...(first.message as { bytes: Uint8Array }).bytes], [1, 2, 3]);
  assert.deepEqual([...first.attachment], [4]);
  assert.equal(
    first.attachment.byteOffset,
    0,
    "an attachment owns its buffer, so views on it align",
  );
});

Deno.test("FrameReader.push() rejects bytes that do not start with the child's token", () => {
  const reader = new FrameReader(token);
  const forged = encodeFrame({ op: "done", output: "forged" }, new Uint8Array(TOKEN_BYTES));
  assert.throws(() => reader.push(forged), FrameError);
  const stray = new TextEncoder().encode("hello from a candidate's console.log ...\n");
  assert.throws(() => new FrameReader(token).push(stray), FrameError);
});

// Tests the parent<->child byte framing: reassembly across chunks, fidelity, and the token check.
import assert from "node:assert/strict";
import { encodeFrame, FrameError, FrameReader, TOKEN_BYTES } from "../../src/sandbox/_frames.ts";

const token = new Uint8Array(TOKEN_BYTES).map((_, i) => i * 7 + 1);

Deno.test("FrameReader.push() reassembles frames split across and packed into chunks", () => {
  const messages = [{ op: "a" }, { op: "b", text: "x".repeat(200_000) }, { op: "c", list: [1, 2] }];
  const bytes = new Uint8Array(messages.reduce((n, m) => n + encodeFrame(m, token).length, 0));
  let at = 0;
  for (const m of messages) {
    const frame = encodeFrame(m, token);
    bytes.set(frame, at);
    at += frame.length;
  }
  const reader = new FrameReader(token);
  const decoded: unknown[] = [];
  for (let i = 0; i < bytes.length; i += 4093) {
    decoded.push(...reader.push(bytes.subarray(i, i + 4093)));
  }
  assert.deepEqual(decoded, messages);
});

Deno.test("FrameReader.push() keeps NaN, -0, undefined and typed arrays intact", () => {
  const message = {
    nan: NaN,
    zero: -0,
    none: undefined,
    floats: new Float64Array([0.5]),
    bytes: new Uint8Array([9]),
  };
  const [decoded] = new FrameReader().push(encodeFrame(message)) as [typeof message];
  assert.ok(Number.isNaN(decoded.nan));
  assert.ok(Object.is(decoded.zero, -0));
  assert.ok("none" in decoded);
  assert.deepEqual(decoded, message);
});

Deno.test("FrameReader.push() returns messages that later chunks cannot overwrite", () => {
  const reader = new FrameReader();
  const [first] = reader.push(encodeFrame({ bytes: new Uint8Array([1, 2, 3]) })) as [
    { bytes: Uint8Array },
  ];
  reader.push(encodeFrame({ bytes: new Uint8Array([7, 7, 7]) }));
  assert.deepEqual([...first.bytes], [1, 2, 3]);
});

Deno.test("FrameReader.push() rejects bytes that do not start with the child's token", () => {
  const reader = new FrameReader(token);
  const forged = encodeFrame({ op: "done", output: "forged" }, new Uint8Array(TOKEN_BYTES));
  assert.throws(() => reader.push(forged), FrameError);
  const stray = new TextEncoder().encode("hello from a candidate's console.log ...\n");
  assert.throws(() => new FrameReader(token).push(stray), FrameError);
});

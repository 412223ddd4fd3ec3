// Owns the byte framing between the parent and a child host: length-prefixed node:v8 payloads.
// Child->parent frames also carry a per-child secret token, so bytes that a candidate might manage
// to push onto the child's stdout can never pass for a frame: they fail the token check instead.
import { Buffer } from "node:buffer";
import { deserialize, serialize } from "node:v8";

/** Length of the secret token that prefixes every child->parent frame. */
export const TOKEN_BYTES = 16;
const LENGTH_BYTES = 4;

/** The byte stream did not hold a well-formed frame (wrong token or unreadable payload). */
export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FrameError";
  }
}

/** Encodes `message` as [token][u32 LE length][node:v8 payload]; the token is omitted when absent. */
export function encodeFrame(message: unknown, token?: Uint8Array): Uint8Array {
  const payload = serialize(message);
  const head = token === undefined ? 0 : TOKEN_BYTES;
  const frame = new Uint8Array(head + LENGTH_BYTES + payload.length);
  if (token !== undefined) frame.set(token, 0);
  new DataView(frame.buffer).setUint32(head, payload.length, true);
  frame.set(payload, head + LENGTH_BYTES);
  return frame;
}

/** Splits a byte stream into decoded messages; checks the token when one is given. */
export class FrameReader {
  readonly #token: Uint8Array | undefined;
  #buffer = new Uint8Array(64 * 1024);
  #start = 0;
  #end = 0;

  constructor(token?: Uint8Array) {
    this.#token = token;
  }

  /** Appends `chunk` and returns every message completed by it; throws FrameError on bad bytes. */
  push(chunk: Uint8Array): unknown[] {
    this.#append(chunk);
    const messages: unknown[] = [];
    const head = this.#token === undefined ? 0 : TOKEN_BYTES;
    while (this.#end - this.#start >= head + LENGTH_BYTES) {
      const at = this.#start;
      if (this.#token !== undefined && !this.#tokenAt(at)) {
        throw new FrameError("sandbox: a child wrote bytes that are not a frame of its host");
      }
      const length = new DataView(this.#buffer.buffer).getUint32(at + head, true);
      const total = head + LENGTH_BYTES + length;
      if (this.#end - at < total) break;
      const payload = this.#buffer.subarray(at + head + LENGTH_BYTES, at + total);
      try {
        // Copy: typed arrays in the message are views onto the payload, which this buffer reuses.
        messages.push(deserialize(Buffer.from(payload)));
      } catch (e) {
        throw new FrameError(`sandbox: unreadable frame payload (${(e as Error).message})`);
      }
      this.#start += total;
    }
    if (this.#start === this.#end) this.#start = this.#end = 0;
    return messages;
  }

  #tokenAt(at: number): boolean {
    const token = this.#token!;
    for (let i = 0; i < TOKEN_BYTES; i++) {
      if (this.#buffer[at + i] !== token[i]) return false;
    }
    return true;
  }

  #append(chunk: Uint8Array): void {
    const used = this.#end - this.#start;
    if (this.#end + chunk.length > this.#buffer.length) {
      // Compact first; grow (doubling) only when the pending bytes themselves do not fit.
      const size = Math.max(this.#buffer.length, 2 ** Math.ceil(Math.log2(used + chunk.length)));
      const next = size === this.#buffer.length ? this.#buffer : new Uint8Array(size);
      next.set(this.#buffer.subarray(this.#start, this.#end), 0);
      this.#buffer = next;
      this.#start = 0;
      this.#end = used;
    }
    this.#buffer.set(chunk, this.#end);
    this.#end += chunk.length;
  }
}

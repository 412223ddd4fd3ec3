// Owns the byte framing between the parent and a child host: a node:v8 message plus an optional
// raw attachment (bulk bytes that node:v8 would copy slowly), both length-prefixed.
// Child->parent frames also carry a per-child secret token, so bytes that a candidate might manage
// to push onto the child's stdout can never pass for a frame: they fail the token check instead.
import { Buffer } from "node:buffer";
import { deserialize, serialize } from "node:v8";

/** Length of the secret token that prefixes every child->parent frame. */
export const TOKEN_BYTES = 16;
/** Two u32 lengths: the message's, then the attachment's. */
const HEADER_BYTES = 8;
const NOTHING = new Uint8Array(0);

/** One decoded frame. */
export interface Frame {
  readonly message: unknown;
  /** The raw bytes sent beside the message (empty when none), owned by the receiver. */
  readonly attachment: Uint8Array;
}

/** The byte stream did not hold a well-formed frame (wrong token or unreadable payload). */
export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FrameError";
  }
}

/** Encodes [token][u32 message length][u32 attachment length][node:v8 message][attachment]. */
export function encodeFrame(
  message: unknown,
  token?: Uint8Array,
  attachment: Uint8Array = NOTHING,
): Uint8Array {
  const payload = serialize(message);
  const head = token === undefined ? 0 : TOKEN_BYTES;
  const frame = new Uint8Array(head + HEADER_BYTES + payload.length + attachment.length);
  if (token !== undefined) frame.set(token, 0);
  const view = new DataView(frame.buffer);
  view.setUint32(head, payload.length, true);
  view.setUint32(head + 4, attachment.length, true);
  frame.set(payload, head + HEADER_BYTES);
  frame.set(attachment, head + HEADER_BYTES + payload.length);
  return frame;
}

/** Splits a byte stream into frames; checks the token when one is given. */
export class FrameReader {
  readonly #token: Uint8Array | undefined;
  #buffer = new Uint8Array(64 * 1024);
  #start = 0;
  #end = 0;

  constructor(token?: Uint8Array) {
    this.#token = token;
  }

  /** Appends `chunk` and returns every frame completed by it; throws FrameError on bad bytes. */
  push(chunk: Uint8Array): Frame[] {
    this.#append(chunk);
    const frames: Frame[] = [];
    const head = this.#token === undefined ? 0 : TOKEN_BYTES;
    while (this.#end - this.#start >= head + HEADER_BYTES) {
      const at = this.#start;
      if (this.#token !== undefined && !this.#tokenAt(at)) {
        throw new FrameError("sandbox: a child wrote bytes that are not a frame of its host");
      }
      const view = new DataView(this.#buffer.buffer);
      const messageLength = view.getUint32(at + head, true);
      const attachmentLength = view.getUint32(at + head + 4, true);
      const body = at + head + HEADER_BYTES;
      const total = head + HEADER_BYTES + messageLength + attachmentLength;
      if (this.#end - at < total) break;
      let message: unknown;
      try {
        // Copy: typed arrays in the message are views onto the payload, which this buffer reuses.
        message = deserialize(Buffer.from(this.#buffer.subarray(body, body + messageLength)));
      } catch (e) {
        throw new FrameError(`sandbox: unreadable frame payload (${(e as Error).message})`);
      }
      const from = body + messageLength;
      frames.push({ message, attachment: this.#buffer.slice(from, from + attachmentLength) });
      this.#start += total;
    }
    if (this.#start === this.#end) this.#start = this.#end = 0;
    return frames;
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

// Owns reading text a candidate could have shaped (failure messages, stacks, console lines) at a
// trust boundary: a primitive string, clipped, with control and bidirectional-override characters
// shown as escapes, so that no reply can crash the reader, flood a report or forge its lines.

/** Characters a terminal or editor would act on rather than show: C0/C1 controls but \n and \t. */
const HIDDEN =
  // deno-lint-ignore no-control-regex -- matching control characters is this regex's job
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Returns `value` as plain text of at most `maxChars` characters (cut with a marker), or "" for a
 * non-string. Idempotent, so each boundary (child host, parent) may apply it again.
 */
export function untrustedText(value: unknown, maxChars: number): string {
  // A String object (it survives structured cloning) or anything else is not text.
  if (typeof value !== "string") return "";
  const shown = value.slice(0, maxChars + 1).replace(
    HIDDEN,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  if (shown.length <= maxChars && value.length <= maxChars) return shown;
  const marker = ` [cut at ${maxChars} characters]`;
  return shown.slice(0, Math.max(0, maxChars - marker.length)) + marker;
}

/** Returns `value` as a list of at most `maxLines` texts, each read by untrustedText. */
export function untrustedLines(value: unknown, maxLines: number, maxChars: number): string[] {
  if (!Array.isArray(value)) return [];
  return value.slice(0, maxLines).map((line) => untrustedText(line, maxChars));
}

/** Returns `value` as a list of finite numbers (times), or [] when it is anything else. */
export function untrustedTimes(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  return value.filter((t): t is number => typeof t === "number" && Number.isFinite(t));
}

/** The longest failure message kept (its first line is what reports show). */
export const MESSAGE_CHARS = 2000;
/** The longest stack trace kept. */
export const STACK_CHARS = 8000;

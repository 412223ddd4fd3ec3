// Owns secret hygiene: API keys are wrapped so they never print, and every string leaving the LLM
// client (errors, records, prompts, responses) passes through redact().

/** Placeholder that replaces any secret in text. */
export const REDACTED = "[redacted]";

/** Secrets shorter than this are not replaced verbatim (e.g. a "none" placeholder key). */
const MIN_SECRET_LENGTH = 6;

/** Shapes of credentials worth hiding even when we were never told the value. */
const PATTERNS: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`],
  [/\bsk-[A-Za-z0-9_-]{12,}/g, REDACTED],
  [/\bAIza[A-Za-z0-9_-]{20,}/g, REDACTED],
  [/([?&](?:key|api[_-]?key|token|access_token)=)[^&\s"']+/gi, `$1${REDACTED}`],
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, `$1${REDACTED}@`],
];

/** An API key that reveals itself only on purpose: printing, JSON and inspection show "[redacted]". */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The key itself; call only where it is handed to the HTTP client. */
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return REDACTED;
  }
  toJSON(): string {
    return REDACTED;
  }
  [Symbol.for("Deno.customInspect")](): string {
    return `Secret(${REDACTED})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `Secret(${REDACTED})`;
  }
}

/** Returns `text` with every known secret and every credential-shaped token replaced. */
export function redact(text: string, secrets: readonly (string | Secret)[] = []): string {
  let out = text;
  const values = secrets.map((s) => typeof s === "string" ? s : s.reveal())
    .filter((s) => s.length >= MIN_SECRET_LENGTH)
    // Longest first, so a key that contains another key is hidden whole.
    .sort((a, b) => b.length - a.length);
  for (const value of values) out = out.split(value).join(REDACTED);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

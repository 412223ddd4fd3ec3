// Owns the retry policy of LLM calls: which failures are worth another try, and how long to wait.
// Hand-written rather than the SDK's own retries, whose delays cannot be configured or tested fast.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";

/** What went wrong with one attempt, in words safe to show (before redaction of secrets). */
export interface AttemptFailure {
  readonly status?: number;
  readonly transient: boolean;
  readonly message: string;
  /** Delay the server asked for (Retry-After), ms. */
  readonly retryAfterMs?: number;
  /** The client was closed; stop without retrying. */
  readonly aborted: boolean;
}

/** Classifies an error thrown by the OpenAI SDK. */
export function classify(error: unknown, timeoutMs: number): AttemptFailure {
  if (error instanceof APIUserAbortError) {
    return { transient: false, aborted: true, message: "aborted" };
  }
  if (error instanceof APIConnectionTimeoutError) {
    return { transient: true, aborted: false, message: `no answer within ${timeoutMs} ms` };
  }
  if (error instanceof APIConnectionError) {
    return { transient: true, aborted: false, message: `connection failed: ${error.message}` };
  }
  if (error instanceof APIError && error.status !== undefined) {
    const status = error.status;
    return {
      status,
      transient: status === 408 || status === 409 || status === 429 || status >= 500,
      aborted: false,
      message: error.message,
      retryAfterMs: retryAfter(error.headers),
    };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { transient: false, aborted: false, message };
}

/** Backoff before retry number `retry` (0-based): doubling from `baseMs`, half of it jittered. */
export function backoffMs(
  retry: number,
  policy: { baseMs: number; maxMs: number },
  random: () => number,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxMs);
  const full = Math.min(policy.baseMs * 2 ** retry, policy.maxMs);
  return full / 2 + (full / 2) * random();
}

/** Sleeps `ms`, waking early (and resolving) when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}

function retryAfter(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get("retry-after-ms") ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers?.get("retry-after");
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

// Owns a loopback OpenAI-compatible chat server for tests and benchmarks (here, so that bench/
// never imports from tests/): scripted replies (text, usage, status, delay, headers), every request
// recorded. Bound to 127.0.0.1 on a free port; close() ends it and cuts any reply still waiting.

/** One scripted reply. A non-2xx `status` sends an OpenAI-style error body. */
export interface MockReply {
  /** @default 200 */
  readonly status?: number;
  /** Assistant message text. @default "" */
  readonly content?: string;
  /** Token counts; null sends no `usage` field. @default prompt 100, completion 50 */
  readonly usage?: { readonly prompt_tokens: number; readonly completion_tokens: number } | null;
  /** Wait before answering, ms (cut short when the server closes). */
  readonly delayMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Error message for non-2xx replies. */
  readonly error?: string;
  /** @default "stop" */
  readonly finishReason?: string;
}

/** A request as the server saw it. */
export interface RecordedRequest {
  readonly path: string;
  readonly authorization: string | null;
  readonly body: {
    readonly model: string;
    readonly messages: readonly { role: string; content: string }[];
    readonly temperature?: number;
    readonly max_tokens?: number;
  };
}

/** A reply per request: a list used in order (then `fallback`), or a function of the request. */
export type MockScript =
  | readonly MockReply[]
  | ((request: RecordedRequest, index: number) => MockReply);

/** A running mock server; use `await using server = startMockOpenAI(...)` or call close(). */
export class MockOpenAI implements AsyncDisposable {
  readonly requests: RecordedRequest[] = [];
  readonly #server: Deno.HttpServer<Deno.NetAddr>;
  readonly #closing = new AbortController();

  constructor(script: MockScript, fallback: MockReply) {
    this.#server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      async (req) => {
        const body = await req.json();
        const recorded: RecordedRequest = {
          path: new URL(req.url).pathname,
          authorization: req.headers.get("authorization"),
          body,
        };
        const index = this.requests.push(recorded) - 1;
        const reply = typeof script === "function"
          ? script(recorded, index)
          : script[index] ?? fallback;
        if (reply.delayMs) await wait(reply.delayMs, this.#closing.signal);
        return respond(reply, body.model);
      },
    );
  }

  /** Base URL to give the OpenAI client, e.g. http://127.0.0.1:41234/v1. */
  get url(): string {
    return `http://127.0.0.1:${this.#server.addr.port}/v1`;
  }

  /** Stops the server, cutting pending delays. */
  async close(): Promise<void> {
    this.#closing.abort();
    await this.#server.shutdown();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** Starts a mock server; requests beyond a list script get `fallback` (a 500 by default). */
export function startMockOpenAI(
  script: MockScript,
  fallback: MockReply = { status: 500, error: "mock: script exhausted" },
): MockOpenAI {
  return new MockOpenAI(script, fallback);
}

function respond(reply: MockReply, model: string): Response {
  const headers = { "content-type": "application/json", ...reply.headers };
  const status = reply.status ?? 200;
  if (status >= 300) {
    const error = { message: reply.error ?? `mock error ${status}`, type: "mock", code: null };
    return new Response(JSON.stringify({ error }), { status, headers });
  }
  const usage = reply.usage === null ? undefined : reply.usage ??
    { prompt_tokens: 100, completion_tokens: 50 };
  const body = {
    id: "chatcmpl-mock",
    object: "chat.completion",
    created: 0,
    model,
    choices: [{
      index: 0,
      message: { role: "assistant", content: reply.content ?? "" },
      finish_reason: reply.finishReason ?? "stop",
    }],
    ...(usage
      ? { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } }
      : {}),
  };
  return new Response(JSON.stringify(body), { status, headers });
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      resolve();
    }
  });
}

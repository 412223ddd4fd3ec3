// Owns BoundedTypeChecker: the cascade's type check, run in a child process with a heap cap and a
// wall-clock limit per check, so that a candidate whose types are pathological (a few hundred
// bytes can keep the checker busy for minutes and take gigabytes) fails as `type` with the reason
// instead of hanging or killing the evaluator. The child keeps one warm ts-morph project; a check
// over a limit kills it, and the next check starts a new one.
import { SandboxError } from "../errors/mod.ts";
import type { TypeCheckRequest } from "./_typecheck_child.ts";
import type { Diagnostic } from "./typecheck.ts";
import type { GeneratedTypes } from "./types_gen.ts";

/** Limits of the type check. */
export interface BoundedTypeCheckOptions {
  /** Wall-clock limit of one check (a warm check takes ~40-70 ms), ms. @default 10000 */
  readonly timeoutMs?: number;
  /** Heap cap of the checking process, MiB. @default 768 */
  readonly memoryMb?: number;
  /** How long the process may take to start and warm up, ms. @default 60000 */
  readonly startTimeoutMs?: number;
}

/** Checks a candidate source; resolves to its diagnostics (a limit breach is one diagnostic). */
export type AsyncCandidateChecker = (source: string) => Promise<Diagnostic[]>;

const CHILD_URL = new URL("./_typecheck_child.ts", import.meta.url);
const OUT_OF_MEMORY = /out of memory|heap limit/i;

/** A running checker process and the specs defined in it. */
interface Running {
  readonly process: Deno.ChildProcess;
  readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly lines: AsyncIterator<string>;
  readonly defined: Set<string>;
  readonly stderr: Promise<string>;
}

/** The type check, bounded in time and memory; start() it, get checkers, close() it. */
export class BoundedTypeChecker {
  readonly #options: Required<BoundedTypeCheckOptions>;
  readonly #definitions = new Map<string, TypeCheckRequest & { op: "define" }>();
  #running: Promise<Running> | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #nextKey = 0;
  #closed = false;

  private constructor(options: Required<BoundedTypeCheckOptions>) {
    this.#options = options;
  }

  /** Starts the checking process and waits until it is warm. */
  static async start(options: BoundedTypeCheckOptions = {}): Promise<BoundedTypeChecker> {
    const checker = new BoundedTypeChecker({
      timeoutMs: options.timeoutMs ?? 10_000,
      memoryMb: options.memoryMb ?? 768,
      startTimeoutMs: options.startTimeoutMs ?? 60_000,
    });
    await checker.#process();
    return checker;
  }

  /** A checker for candidates of one spec (its entry and generated types). */
  checkerFor(entry: string, types: GeneratedTypes): AsyncCandidateChecker {
    const key = String(++this.#nextKey);
    this.#definitions.set(key, {
      op: "define",
      key,
      entry,
      types: { ...types, named: [...types.named] },
    });
    return (source) => this.#serialized(() => this.#check(key, source));
  }

  /** Stops the checking process. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue.catch(() => {});
    await this.#stop();
  }

  #serialized<T>(task: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(task, task);
    this.#queue = next.catch(() => {});
    return next;
  }

  async #check(key: string, source: string): Promise<Diagnostic[]> {
    if (this.#closed) throw new SandboxError("typecheck: the checker is closed");
    const running = await this.#process();
    if (!running.defined.has(key)) {
      await this.#ask(running, this.#definitions.get(key)!, this.#options.startTimeoutMs);
      running.defined.add(key);
    }
    const answer = await this.#ask(running, { op: "check", key, source }, this.#options.timeoutMs);
    if ("diagnostics" in answer) return answer.diagnostics as Diagnostic[];
    return [{ line: 1, column: 1, message: answer.limit }];
  }

  /** Sends one request; a reply, or `limit` saying which bound the check broke. */
  async #ask(
    running: Running,
    request: TypeCheckRequest,
    limitMs: number,
  ): Promise<{ diagnostics: unknown } | { limit: string }> {
    await running.writer.write(new TextEncoder().encode(JSON.stringify(request) + "\n"));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), limitMs);
    });
    const line = await Promise.race([running.lines.next(), expired]);
    clearTimeout(timer);
    if (line === "timeout") {
      await this.#stop();
      return {
        limit: `the type check ran past ${limitMs} ms and was stopped; the candidate's types ` +
          "are too expensive to check (simplify them)",
      };
    }
    if (line.done) {
      const stderr = await running.stderr;
      await this.#stop();
      if (OUT_OF_MEMORY.test(stderr)) {
        return {
          limit: `the type check ran out of memory (capped at ${this.#options.memoryMb} MB); ` +
            "the candidate's types are too expensive to check (simplify them)",
        };
      }
      return this.#failedOn(request, `ended unexpectedly: ${stderr.trim().slice(-400)}`);
    }
    const reply = JSON.parse(line.value) as { diagnostics?: unknown; error?: string };
    if (reply.error !== undefined) {
      // A checker that threw may be left half-way through its work: the next check gets a new one.
      await this.#stop();
      return this.#failedOn(request, `failed: ${reply.error}`);
    }
    return { diagnostics: reply.diagnostics ?? [] };
  }

  /**
   * The checker broke on `request`. On a candidate's source (a stack overflow on deeply nested
   * code, say) that is the candidate's type failure; on the spec's own definitions it is ours.
   */
  #failedOn(request: TypeCheckRequest, what: string): { limit: string } {
    if (request.op === "define") throw new SandboxError(`typecheck: the checking process ${what}`);
    return {
      limit: `the type checker ${what.slice(0, 600)} on this candidate; simplify its code ` +
        "(deeply nested expressions or types are the usual cause)",
    };
  }

  #process(): Promise<Running> {
    return this.#running ??= this.#spawn();
  }

  async #spawn(): Promise<Running> {
    const process = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--no-prompt",
        "--quiet",
        // TypeScript reads a few TSC_* variables at load; the environment holds nothing else.
        "--allow-env",
        `--v8-flags=--max-old-space-size=${this.#options.memoryMb}`,
        CHILD_URL.href,
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      clearEnv: true,
      env: cacheEnv(),
    }).spawn();
    const running: Running = {
      process,
      writer: process.stdin.getWriter(),
      lines: readLines(process.stdout),
      defined: new Set(),
      stderr: new Response(process.stderr).text(),
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), this.#options.startTimeoutMs);
    });
    const first = await Promise.race([running.lines.next(), expired]);
    clearTimeout(timer);
    if (first === "timeout" || first.done) {
      this.#running = Promise.resolve(running);
      await this.#stop();
      const why = first === "timeout"
        ? `no answer within ${this.#options.startTimeoutMs} ms`
        : (await running.stderr).trim().slice(-400);
      throw new SandboxError(`typecheck: the checking process did not start (${why})`);
    }
    return running;
  }

  async #stop(): Promise<void> {
    const running = await this.#running?.catch(() => undefined);
    this.#running = undefined;
    if (running === undefined) return;
    try {
      running.process.kill("SIGKILL");
    } catch {
      // Already gone.
    }
    await running.process.status;
    await running.writer.close().catch(() => {});
    await running.lines.return?.();
    await running.stderr.catch(() => {});
  }
}

/** What Deno needs to find its module cache, and nothing else of this process's environment. */
function cacheEnv(): Record<string, string> {
  const env: Record<string, string> = { NO_COLOR: "1" };
  for (const name of ["HOME", "DENO_DIR", "XDG_CACHE_HOME"]) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** The lines of a byte stream. */
async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of stream) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      yield buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
    }
  }
}

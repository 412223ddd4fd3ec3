// Owns one sandbox child process as the parent sees it: spawned with no permissions, a V8 heap cap
// and a throwaway home, its resident memory watched while it works, framed commands in,
// token-checked replies out, its stderr kept, and what its death means.
import { SandboxError } from "../errors/mod.ts";
import { encodeFrame, FrameError, FrameReader, TOKEN_BYTES } from "./_frames.ts";
import { cpuMs, residentMb } from "./_proc.ts";
import type { HostReply, ParentCommand } from "./_protocol.ts";

/** Something the parent learns from a child. */
export type ChildEvent =
  | { readonly kind: "reply"; readonly reply: HostReply; readonly attachment: Uint8Array }
  | { readonly kind: "timeout" }
  | { readonly kind: "exit"; readonly category: "memory" | "crash"; readonly detail: string }
  | { readonly kind: "corrupt"; readonly detail: string };

/** Limits a child is started with, and what it is given. */
export interface ChildLimits {
  readonly memoryMb: number;
  readonly maxLogChars: number;
  readonly startTimeoutMs: number;
  /** A directory the pool made and will remove: the child's HOME, DENO_DIR and caches. */
  readonly homeDir: string;
  /** ses.umd.min.js. */
  readonly ses: string;
}

/** How often a working child's resident memory is read, ms. */
const MEMORY_POLL_MS = 20;

const HOST_URL = new URL("./_host.ts", import.meta.url);
const STDERR_KEEP_BYTES = 16 * 1024;
/** What V8 prints when a heap hits its cap (the process then dies with SIGTRAP, exit 133). */
const OUT_OF_MEMORY = /out of memory|heap limit/i;

/** The command line of a child: no --allow-* flag, nothing resolved from npm, config or network. */
function childArgs(memoryMb: number): string[] {
  return [
    "run",
    "--no-prompt",
    "--no-config",
    "--no-lock",
    "--no-npm",
    "--no-remote",
    "--unstable-worker-options",
    // 64 KiB wasm pages: wasm memories are not on the V8 heap, so cap them separately.
    `--v8-flags=--max-old-space-size=${memoryMb},--wasm-max-mem-pages=${memoryMb * 16}`,
    HOST_URL.href,
  ];
}

/**
 * The child's environment: nothing of the parent's. Home, Deno's cache and every cache directory
 * a library might write to (Mesa's shader cache under ~/.cache, Deno's Cache API storage under
 * DENO_DIR) point into the pool's throwaway directory, so nothing persists across runs.
 */
function childEnv(homeDir: string): Record<string, string> {
  return {
    NO_COLOR: "1",
    HOME: homeDir,
    DENO_DIR: `${homeDir}/deno`,
    XDG_CACHE_HOME: `${homeDir}/cache`,
    TMPDIR: homeDir,
    DENO_NO_UPDATE_CHECK: "1",
  };
}

/** A running child host. */
export class SandboxChild {
  readonly #process: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #reader: FrameReader;
  readonly #events: ChildEvent[] = [];
  #final: ChildEvent | undefined;
  #wake: (() => void) | undefined;
  #stderr = new Uint8Array(0);
  readonly #memoryMb: number;
  /** Resident memory once the host was ready, MiB. */
  #startMb = 0;
  /** Set when the parent killed the child for its resident memory: what it measured. */
  #overMemory = "";
  /** CPU time and clock at the last reply, to see whether the child works while idle. */
  #idleSince = { cpuMs: 0, at: 0 };
  /** Resolves once the process has exited and its pipes are drained. */
  readonly closed: Promise<void>;

  private constructor(process: Deno.ChildProcess, token: Uint8Array, memoryMb: number) {
    this.#process = process;
    this.#memoryMb = memoryMb;
    this.#writer = process.stdin.getWriter();
    this.#reader = new FrameReader(token);
    const stderrDone = this.#readStderr().catch(() => {});
    this.closed = this.#readStdout().then(async () => {
      const status = await this.#process.status;
      await stderrDone;
      this.#finish(this.#describeExit(status, memoryMb));
      await this.#writer.close().catch(() => {});
    });
  }

  /** Starts a child and waits until its host is ready; throws SandboxError when it cannot start. */
  static async spawn(limits: ChildLimits): Promise<SandboxChild> {
    if (HOST_URL.protocol !== "file:") {
      throw new SandboxError(`sandbox: the child host must be a local file, not ${HOST_URL.href}`);
    }
    const token = crypto.getRandomValues(new Uint8Array(TOKEN_BYTES));
    let process: Deno.ChildProcess;
    try {
      process = new Deno.Command(Deno.execPath(), {
        args: childArgs(limits.memoryMb),
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
        clearEnv: true,
        env: childEnv(limits.homeDir),
        cwd: limits.homeDir,
      }).spawn();
    } catch (error) {
      throw new SandboxError(
        `sandbox: cannot start a child process (${(error as Error).message}); ` +
          "the parent needs --allow-run and --allow-read for Deno.execPath()",
        { cause: error },
      );
    }
    const child = new SandboxChild(process, token, limits.memoryMb);
    await child.send({ op: "init", token, maxLogChars: limits.maxLogChars, ses: limits.ses });
    const first = await child.next(limits.startTimeoutMs);
    if (first.kind === "reply" && first.reply.op === "ready") {
      child.#startMb = residentMb(child.pid) ?? 0;
      return child;
    }
    child.kill();
    await child.closed;
    const why = first.kind === "timeout"
      ? `no answer within ${limits.startTimeoutMs} ms`
      : first.kind === "reply"
      ? `unexpected reply '${first.reply.op}'`
      : first.detail;
    throw new SandboxError(
      `sandbox: a child process did not start (${why}); check that '${Deno.execPath()}' can run ` +
        `${HOST_URL.pathname} with --no-config --no-npm`,
    );
  }

  /** False once the child has exited or broke protocol. */
  get alive(): boolean {
    return this.#final === undefined;
  }

  /** Process id, for diagnostics. */
  get pid(): number {
    return this.#process.pid;
  }

  /** Frames and writes a command; a child that is gone shows up as an `exit` event instead. */
  async send(command: ParentCommand, attachment?: Uint8Array): Promise<void> {
    const frame = encodeFrame(command, undefined, attachment);
    try {
      await this.#writer.write(frame);
    } catch {
      // The child died; the stdout reader reports how.
    }
  }

  /**
   * Waits up to `timeoutMs` for the next event, reading the child's resident memory meanwhile: a
   * child over its cap is killed and its death is `memory`. (V8's heap cap does not count
   * ArrayBuffers, wasm memories or other isolates; the resident set counts them all.)
   */
  next(timeoutMs: number): Promise<ChildEvent> {
    const ready = this.#events.shift() ?? this.#final;
    if (ready !== undefined) return Promise.resolve(this.#settled(ready));
    return new Promise((resolve) => {
      const watch = setInterval(() => this.#checkMemory(), MEMORY_POLL_MS);
      const timer = setTimeout(() => {
        this.#wake = undefined;
        clearInterval(watch);
        resolve({ kind: "timeout" });
      }, timeoutMs);
      this.#wake = () => {
        clearTimeout(timer);
        clearInterval(watch);
        resolve(this.#settled((this.#events.shift() ?? this.#final)!));
      };
    });
  }

  /**
   * Why this idle child should not share the machine with anyone's timed call, if it should not:
   * it holds more than half its memory cap beyond what it held once started, or it used more
   * than half a core while idle. Neither can last by design (a run's module is garbage once the
   * run ends, and a call answers only once the work it queued has run); this catches what the
   * design did not foresee.
   */
  idleTrouble(): string | undefined {
    if (!this.alive) return undefined;
    const resident = residentMb(this.pid);
    if (resident !== undefined && resident - this.#startMb > this.#memoryMb / 2) {
      return `it holds ${Math.round(resident)} MB while idle`;
    }
    const used = cpuMs(this.pid);
    const idleMs = performance.now() - this.#idleSince.at;
    if (used === undefined || idleMs < 100) return undefined;
    const share = (used - this.#idleSince.cpuMs) / idleMs;
    return share > 0.5 ? `it used ${Math.round(share * 100)}% of a core while idle` : undefined;
  }

  /** Notes the CPU clock when a reply arrives: from here on the child should be idle. */
  #settled(event: ChildEvent): ChildEvent {
    if (event.kind === "reply") {
      this.#idleSince = { cpuMs: cpuMs(this.pid) ?? 0, at: performance.now() };
    }
    return event;
  }

  #checkMemory(): void {
    const resident = residentMb(this.pid);
    if (resident === undefined || resident <= this.#memoryMb || this.#overMemory !== "") return;
    this.#overMemory = `${Math.round(resident)} MB resident`;
    this.kill();
  }

  /** Kills the child at once (SIGKILL); safe to call more than once. */
  kill(): void {
    try {
      this.#process.kill("SIGKILL");
    } catch {
      // Already exited.
    }
  }

  #emit(event: ChildEvent): void {
    this.#events.push(event);
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #finish(event: ChildEvent): void {
    this.#final ??= event;
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async #readStdout(): Promise<void> {
    // A BYOB reader fills one buffer again and again instead of allocating a chunk per read.
    const reader = this.#process.stdout.getReader({ mode: "byob" });
    let buffer = new Uint8Array(256 * 1024);
    try {
      for (;;) {
        const { value, done } = await reader.read(buffer);
        if (done) return;
        buffer = new Uint8Array(value.buffer);
        for (const frame of this.#reader.push(value)) {
          const reply = frame.message as HostReply;
          this.#emit({ kind: "reply", reply, attachment: frame.attachment });
        }
      }
    } catch (error) {
      // Any other read error ends the stream like an exit; the exit status says what happened.
      if (!(error instanceof FrameError)) return;
      this.#finish({ kind: "corrupt", detail: error.message });
      this.kill();
      await reader.cancel().catch(() => {});
    }
  }

  async #readStderr(): Promise<void> {
    for await (const chunk of this.#process.stderr) {
      const joined = new Uint8Array(this.#stderr.length + chunk.length);
      joined.set(this.#stderr);
      joined.set(chunk, this.#stderr.length);
      this.#stderr = joined.subarray(Math.max(0, joined.length - STDERR_KEEP_BYTES));
    }
  }

  #describeExit(status: Deno.CommandStatus, memoryMb: number): ChildEvent {
    const stderr = new TextDecoder().decode(this.#stderr).trim();
    const how = status.signal === null ? `exit code ${status.code}` : `signal ${status.signal}`;
    if (this.#overMemory !== "") {
      return {
        kind: "exit",
        category: "memory",
        detail: `the candidate ran out of memory: the child reached ${this.#overMemory}, over ` +
          `its cap of ${memoryMb} MB (memoryMb counts all of it: heap, ArrayBuffers, wasm)`,
      };
    }
    if (OUT_OF_MEMORY.test(stderr)) {
      return {
        kind: "exit",
        category: "memory",
        detail:
          `the candidate ran out of memory: the heap is capped at ${memoryMb} MB (child ended by ${how})`,
      };
    }
    const tail = stderr.split("\n").slice(-3).join(" | ").slice(0, 600);
    return {
      kind: "exit",
      category: "crash",
      detail: `the sandbox child ended unexpectedly (${how})${tail === "" ? "" : `: ${tail}`}`,
    };
  }
}

// Owns SandboxPool: the Sandbox that production passes around. It transpiles candidates (cached),
// queues requests over a fixed set of warm child processes, prefers a child that already holds the
// request's candidate, keeps an idle child that still holds memory or burns CPU from sharing the
// machine with a timed call, and on close() shuts every child down and removes their home.
import { SandboxError } from "../errors/mod.ts";
import { prepareCandidate } from "./_candidate.ts";
import { normalizeRequest } from "./_request.ts";
import { Slot } from "./_slot.ts";
import {
  type ResolvedSandboxPoolOptions,
  resolveSandboxPoolOptions,
  type SandboxPoolOptions,
} from "./options.ts";
import type { RunRequest, RunResult, Sandbox } from "./types.ts";

/** Runs untrusted candidates in a pool of permission-less child processes. */
export class SandboxPool implements Sandbox {
  readonly options: ResolvedSandboxPoolOptions;
  readonly #slots: readonly Slot[];
  readonly #homeDir: string;
  readonly #idle: Slot[];
  readonly #waiting: { key: string; take: (slot: Slot) => void; refuse: (e: Error) => void }[] = [];
  #closed = false;

  private constructor(
    options: ResolvedSandboxPoolOptions,
    slots: readonly Slot[],
    homeDir: string,
  ) {
    this.options = options;
    this.#slots = slots;
    this.#homeDir = homeDir;
    this.#idle = [...slots];
  }

  /**
   * Starts a pool and waits until every child is ready.
   *
   * @example
   * const pool = await SandboxPool.start({ size: 2, timeoutMs: 1000 });
   * const result = await pool.run({ source, entry: "solve", calls: [[input]] });
   * await pool.close();
   */
  static async start(options: SandboxPoolOptions = {}): Promise<SandboxPool> {
    const resolved = resolveSandboxPoolOptions(options);
    const homeDir = await Deno.makeTempDir({ prefix: "specevolve-sandbox-" });
    const slots = Array.from({ length: resolved.size }, () => new Slot(resolved, homeDir));
    try {
      await Promise.all(slots.map((slot) => slot.start()));
    } catch (error) {
      await Promise.all(slots.map((slot) => slot.close()));
      await removeHome(homeDir);
      throw error;
    }
    return new SandboxPool(resolved, slots, homeDir);
  }

  /** Process ids of the live children, for monitoring. */
  get pids(): number[] {
    return this.#slots.flatMap((slot) => slot.pid ?? []);
  }

  /** Runs one request; candidate failures are results, a broken sandbox or bad request throws. */
  async run(request: RunRequest): Promise<RunResult> {
    this.#ensureOpen();
    const normalized = normalizeRequest(request, this.options);
    const prepared = prepareCandidate(normalized.source);
    if (!prepared.ok) return { ok: false, failure: prepared.failure, calls: [], logs: [] };
    const key = `${prepared.candidate.key}#${normalized.entry}`;
    const slot = await this.#acquire(key);
    for (const idle of this.#idle) idle.recycleIfTroubled();
    try {
      return await slot.run(normalized, prepared.candidate);
    } finally {
      this.#release(slot);
    }
  }

  /** Kills every child and refuses further runs; waits until the processes are gone. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) {
      waiter.refuse(new SandboxError("sandbox: the pool was closed before this run started"));
    }
    await Promise.all(this.#slots.map((slot) => slot.close()));
    await removeHome(this.#homeDir);
  }

  #ensureOpen(): void {
    if (this.#closed) throw new SandboxError("sandbox: run() after close(); start a new pool");
  }

  /** An idle slot, preferring one that already holds the candidate; waits when all are busy. */
  #acquire(key: string): Promise<Slot> {
    if (this.#idle.length > 0) {
      const warm = this.#idle.findIndex((slot) => slot.loadedKey === key);
      return Promise.resolve(this.#idle.splice(warm === -1 ? 0 : warm, 1)[0]);
    }
    return new Promise((take, refuse) => this.#waiting.push({ key, take, refuse }));
  }

  #release(slot: Slot): void {
    if (this.#closed) return;
    const waiter = this.#waiting.shift();
    if (waiter !== undefined) waiter.take(slot);
    else this.#idle.push(slot);
  }
}

/** Removes the children's home; what a child wrote there (caches, temp files) goes with it. */
async function removeHome(homeDir: string): Promise<void> {
  await Deno.remove(homeDir, { recursive: true }).catch(() => {});
}

// Owns SandboxPool: the Sandbox that production passes around. It transpiles candidates (cached),
// queues requests over a fixed set of warm child processes, prefers a child that already holds the
// request's candidate, and shuts every child down on close().
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
  readonly #idle: Slot[];
  readonly #waiting: { key: string; take: (slot: Slot) => void; refuse: (e: Error) => void }[] = [];
  #closed = false;

  private constructor(options: ResolvedSandboxPoolOptions, slots: readonly Slot[]) {
    this.options = options;
    this.#slots = slots;
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
    const slots = Array.from({ length: resolved.size }, () => new Slot(resolved));
    try {
      await Promise.all(slots.map((slot) => slot.start()));
    } catch (error) {
      await Promise.all(slots.map((slot) => slot.close()));
      throw error;
    }
    return new SandboxPool(resolved, slots);
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

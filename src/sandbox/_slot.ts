// Owns one pool slot: a child process kept warm, which candidate it has loaded, and the protocol of a
// run on it: load, then one call at a time, each under its own wall-clock timeout. A child that
// times out is killed and replaced in the background while the failure goes back at once.
import { SandboxError } from "../errors/mod.ts";
import { prepareCandidate, type PreparedCandidate } from "./_candidate.ts";
import { type ChildEvent, SandboxChild } from "./_child.ts";
import type { NormalizedRequest } from "./_request.ts";
import { carry, type Crossing, uncarry } from "./_carry.ts";
import { LogBook } from "./_logbook.ts";
import { sesSource } from "./_ses.ts";
import { killOnSignal } from "./_signals.ts";
import { mapPositions, trimStack } from "./_stack.ts";
import { MESSAGE_CHARS, STACK_CHARS, untrustedText, untrustedTimes } from "./_text.ts";
import type { ResolvedSandboxPoolOptions } from "./options.ts";
import type { CallOutcome, CandidateFailure, RunResult } from "./types.ts";

/** Run on every child at start, so that a broken bootstrap fails loudly instead of every candidate. */
const PROBE = "export function probe(n: number): number {\n  return n * n;\n}\n";
/** Replacements of a child within one run before the sandbox itself is declared broken. */
const MAX_RETRIES = 3;

type Step<T> =
  | { readonly kind: "ok"; readonly value: T }
  | { readonly kind: "failure"; readonly failure: CandidateFailure }
  | { readonly kind: "retry" };

/** How long the next wait may last, and the run's budget when that is what cuts it short. */
interface Limit {
  readonly ms: number;
  readonly budget?: { readonly ms: number; readonly name: string };
}

/** The wait allowed now: `ms`, or what is left of the run's budget when that is less. */
function limitOf(ms: number, request: NormalizedRequest): Limit {
  const budget = request.budget;
  if (budget === undefined) return { ms };
  const left = budget.endsAt - performance.now();
  return left < ms ? { ms: left, budget } : { ms };
}

/** The failure of a run whose budget ran out. */
function budgetSpent(limit: Limit, callIndex: number | undefined): Step<never> {
  const what = callIndex === undefined ? "loading the candidate" : `call ${callIndex}`;
  const message = `timeout: ${what} ran out of its budget (${limit.budget!.name})`;
  return { kind: "failure", failure: { category: "timeout", message, callIndex } };
}

/** One child process of the pool and the run protocol against it. */
export class Slot {
  readonly #options: ResolvedSandboxPoolOptions;
  readonly #homeDir: string;
  #child: SandboxChild | undefined;
  #spawning: Promise<SandboxChild> | undefined;
  #untrack: (() => void) | undefined;
  #loadedKey: string | undefined;
  #closed = false;
  readonly #reaping = new Set<Promise<void>>();

  /** `homeDir`: the pool's throwaway directory, given to every child as its home and caches. */
  constructor(options: ResolvedSandboxPoolOptions, homeDir: string) {
    this.#options = options;
    this.#homeDir = homeDir;
  }

  /** The candidate (source hash and entry) whose worker this slot's child holds, if any. */
  get loadedKey(): string | undefined {
    return this.#loadedKey;
  }

  /** Process id of the current child, if one is running. */
  get pid(): number | undefined {
    return this.#child?.alive ? this.#child.pid : undefined;
  }

  /** Starts the child process and runs a self-check; throws SandboxError when either fails. */
  async start(): Promise<void> {
    await this.#ensureChild();
    const probe = prepareCandidate(PROBE);
    if (!probe.ok) {
      throw new SandboxError(`sandbox: self-check does not compile: ${probe.failure.message}`);
    }
    const request = {
      source: PROBE,
      entry: "probe",
      calls: [[20]],
      trials: 1,
      seed: 0,
      fresh: false,
      maxOutputElements: this.#options.maxOutputElements,
      maxOutputBytes: this.#options.maxOutputBytes,
    };
    const result = await this.run(
      { ...request, timeoutMs: this.#options.startTimeoutMs },
      probe.candidate,
    );
    if (!result.ok || result.calls[0].output !== 400) {
      const why = result.ok ? `it returned ${result.calls[0].output}` : result.failure.message;
      throw new SandboxError(
        `sandbox: a child failed its self-check (${why}); the sandbox is broken`,
      );
    }
  }

  /** Loads `candidate` (unless already loaded) and makes the request's calls, one at a time. */
  async run(request: NormalizedRequest, candidate: PreparedCandidate): Promise<RunResult> {
    const key = `${candidate.key}#${request.entry}`;
    const logs = new LogBook(this.#options.maxLogBytes);
    const calls: CallOutcome[] = [];
    let retries = 0;
    for (let index = 0;;) {
      const child = await this.#ensureChild();
      let step: Step<CallOutcome | undefined>;
      if (this.#loadedKey !== key) {
        step = await this.#load(child, request, candidate, logs);
        if (step.kind === "ok") this.#loadedKey = key;
      } else if (index === request.calls.length) {
        return { ok: true, calls, logs: logs.lines };
      } else {
        step = await this.#call(child, request, index, candidate, logs);
        if (step.kind === "ok") {
          calls.push(step.value!);
          index++;
        }
      }
      if (step.kind === "failure") {
        return { ok: false, failure: step.failure, calls, logs: logs.lines };
      }
      if (step.kind === "retry") {
        if (++retries > MAX_RETRIES) {
          throw new SandboxError(
            `sandbox: a child had to be replaced ${retries} times in one run; the sandbox is unstable`,
          );
        }
        this.#restart();
      }
    }
  }

  /**
   * Replaces this idle slot's child when it should not share the machine with a timed call (it
   * still holds memory or burns CPU after its last reply); returns why, or undefined.
   */
  recycleIfTroubled(): string | undefined {
    const trouble = this.#child?.idleTrouble();
    if (trouble !== undefined) this.#restart();
    return trouble;
  }

  /** Kills the child (and one being started) and waits until it is gone. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#spawning?.catch(() => {});
    this.#restart();
    await Promise.all(this.#reaping);
  }

  async #load(
    child: SandboxChild,
    request: NormalizedRequest,
    candidate: PreparedCandidate,
    logs: LogBook,
  ): Promise<Step<undefined>> {
    const { entry, seed } = request;
    const limit = limitOf(Math.max(request.timeoutMs, this.#options.loadTimeoutMs), request);
    if (limit.ms <= 0) return budgetSpent(limit, undefined);
    await child.send({ op: "load", script: candidate.script, entry, seed });
    const event = await child.next(limit.ms);
    if (event.kind === "reply" && event.reply.op === "loaded") {
      logs.add(event.reply.logs);
      return { kind: "ok", value: undefined };
    }
    return this.#unsuccessful(event, undefined, limit, candidate, logs);
  }

  async #call(
    child: SandboxChild,
    request: NormalizedRequest,
    index: number,
    candidate: PreparedCandidate,
    logs: LogBook,
  ): Promise<Step<CallOutcome>> {
    let args: Crossing;
    try {
      args = carry(request.calls[index]);
    } catch (error) {
      throw new SandboxError(
        `sandbox: run(): the arguments of call ${index} cannot be cloned (${
          (error as Error).message
        }); ` +
          "pass plain data",
        { cause: error },
      );
    }
    const { trials, seed, fresh, maxOutputElements, maxOutputBytes } = request;
    if (limitOf(request.timeoutMs, request).ms <= 0) {
      return budgetSpent(limitOf(request.timeoutMs, request), index);
    }
    // The first call of a run gets a fresh instance of the module: nothing of an earlier run stays.
    const reset = index === 0;
    await child.send(
      {
        op: "call",
        args: args.carried,
        trials,
        seed,
        fresh,
        reset,
        maxOutputElements,
        maxOutputBytes,
      },
      args.attachment,
    );
    for (;;) {
      const limit = limitOf(request.timeoutMs, request);
      const event = await child.next(Math.max(0, limit.ms));
      if (event.kind !== "reply" || (event.reply.op !== "tick" && event.reply.op !== "done")) {
        return this.#unsuccessful(event, index, limit, candidate, logs);
      }
      logs.add(event.reply.logs);
      if (event.reply.op === "done") {
        const timesMs = untrustedTimes(event.reply.timesMs);
        try {
          const output = uncarry(event.reply.output, event.attachment);
          return { kind: "ok", value: { output, timesMs } };
        } catch (error) {
          // Only a candidate that broke its own realm's packing can get here.
          const message = `invalid-output: call ${index}: the output could not be decoded (${
            (error as Error).message
          })`;
          return {
            kind: "failure",
            failure: { category: "invalid-output", message, callIndex: index, timesMs },
          };
        }
      }
    }
  }

  /** Turns anything but success into a failure (or a retry), replacing the child when needed. */
  #unsuccessful(
    event: ChildEvent,
    callIndex: number | undefined,
    limit: Limit,
    candidate: PreparedCandidate,
    logs: LogBook,
  ): Step<never> {
    const where = callIndex === undefined ? "" : `call ${callIndex}: `;
    if (event.kind === "reply") {
      const reply = event.reply;
      if (reply.op === "recycle") return { kind: "retry" };
      if (reply.op !== "fail") {
        this.#restart();
        const message = `crash: ${where}the sandbox child answered out of turn ('${reply.op}')`;
        return { kind: "failure", failure: { category: "crash", message, callIndex } };
      }
      logs.add(reply.logs);
      if (reply.discarded) this.#loadedKey = undefined;
      // The child's texts are the candidate's: read as untrusted again on this side.
      const trimmed = trimStack(untrustedText(reply.stack, STACK_CHARS), candidate);
      // The first line only: the rest of a multi-line message is in the (trimmed) stack.
      const first = untrustedText(reply.message, MESSAGE_CHARS).split("\n", 1)[0];
      const text = mapPositions(first, candidate);
      const timesMs = untrustedTimes(reply.timesMs);
      const failure: CandidateFailure = {
        category: reply.category,
        message: `${reply.category}: ${where}${text}`,
        ...trimmed,
        callIndex,
        ...(timesMs.length > 0 ? { timesMs } : {}),
      };
      return { kind: "failure", failure };
    }
    if (this.#closed) {
      throw new SandboxError("sandbox: the pool was closed while this run was in progress");
    }
    this.#restart();
    if (event.kind === "timeout") {
      if (limit.budget !== undefined) return budgetSpent(limit, callIndex);
      const what = callIndex === undefined ? "loading the candidate" : `call ${callIndex}`;
      const message = `timeout: ${what} ran past ${limit.ms} ms`;
      return { kind: "failure", failure: { category: "timeout", message, callIndex } };
    }
    if (event.kind === "corrupt") {
      const message =
        `tamper: ${where}the candidate wrote to the sandbox's private channel (${event.detail})`;
      return { kind: "failure", failure: { category: "tamper", message, callIndex } };
    }
    const message = `${event.category}: ${where}${event.detail}`;
    return { kind: "failure", failure: { category: event.category, message, callIndex } };
  }

  async #ensureChild(): Promise<SandboxChild> {
    for (let attempt = 0;; attempt++) {
      if (this.#closed) throw new SandboxError("sandbox: the pool is closed; start a new one");
      if (this.#child?.alive) return this.#child;
      if (this.#child !== undefined) this.#restart();
      try {
        return await (this.#spawning ?? this.#startSpawn());
      } catch (error) {
        if (attempt > 0 || this.#closed) throw error;
      }
    }
  }

  #startSpawn(): Promise<SandboxChild> {
    const spawning: Promise<SandboxChild> = this.#spawn().finally(() => {
      if (this.#spawning === spawning) this.#spawning = undefined;
    });
    this.#spawning = spawning;
    spawning.catch(() => {});
    return spawning;
  }

  async #spawn(): Promise<SandboxChild> {
    const child = await SandboxChild.spawn({
      memoryMb: this.#options.memoryMb,
      maxLogChars: this.#options.maxLogBytes,
      startTimeoutMs: this.#options.startTimeoutMs,
      homeDir: this.#homeDir,
      ses: await sesSource(),
    });
    if (this.#closed) {
      child.kill();
      await child.closed;
      throw new SandboxError("sandbox: the pool is closed; start a new one");
    }
    this.#child = child;
    this.#loadedKey = undefined;
    if (this.#options.handleSignals) this.#untrack = killOnSignal(() => child.kill());
    return child;
  }

  /** Kills the current child and, unless closed, starts its replacement in the background. */
  #restart(): void {
    const child = this.#child;
    this.#child = undefined;
    this.#loadedKey = undefined;
    if (child !== undefined) {
      child.kill();
      this.#untrack?.();
      this.#untrack = undefined;
      const reaped = child.closed.finally(() => this.#reaping.delete(reaped));
      this.#reaping.add(reaped);
    }
    if (!this.#closed && this.#spawning === undefined) this.#startSpawn();
  }
}

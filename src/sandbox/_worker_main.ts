// Owns the worker bootstrap's main routine and the worker's source text: lock the realm down, then
// serve load and call commands over the private port, each call's trials on fresh copies of the
// arguments, timed by a clock captured before lockdown, with the output read once inside the
// timed window and the clock stopped only once the work the call queued has run. Like _worker.ts, workerMain runs inside the worker as source text.
import { packValue, unpackValue } from "./_codec.ts";
import type { FailReply, Handed, WorkerCommand, WorkerInit, WorkerReply } from "./_protocol.ts";
import type { Packed } from "./_protocol.ts";
import { describeError, makeConsole, makeRandom } from "./_worker.ts";
import {
  ALLOWED_GLOBALS,
  evaluateInFreshRealm,
  LOCKDOWN_OPTIONS,
  lockDownRealm,
  makeEndowments,
} from "./_worker_realm.ts";

/** Returns the worker's main module: SES, the bootstrap functions, then a call to workerMain. */
export function workerSource(ses: string): string {
  const parts = [
    makeRandom,
    makeConsole,
    describeError,
    packValue,
    unpackValue,
    lockDownRealm,
    makeEndowments,
    evaluateInFreshRealm,
  ];
  return [
    ses,
    ...parts.map(String),
    `const LOCKDOWN_OPTIONS = ${JSON.stringify(LOCKDOWN_OPTIONS)};`,
    `const ALLOWED_GLOBALS = ${JSON.stringify(ALLOWED_GLOBALS)};`,
    String(workerMain),
    "workerMain();",
  ].join("\n;\n");
}

/** Runs in the worker: locks the realm down, then loads and serves candidates until terminated. */
export function workerMain(): void {
  // Captured before lockdown and before any candidate: no compartment can reach this realm's
  // clock, globals or ports, and lockdown freezes every intrinsic the code below relies on.
  const now = performance.now.bind(performance);
  lockDownRealm(LOCKDOWN_OPTIONS);
  // A candidate's rejected promise that nobody handles is its own business, not the worker's end.
  globalThis.addEventListener("unhandledrejection", (event) => event.preventDefault());
  const rng = makeRandom();
  // Replies leave from a macrotask, so only once the candidate's microtasks have all run: a call
  // whose candidate keeps queueing them never answers, and times out as its own failure instead
  // of stealing the next call's time.
  const pending: (() => void)[] = [];
  const flush = new MessageChannel();
  flush.port1.onmessage = () => pending.shift()!();
  const later = (task: () => void): void => {
    pending.push(task);
    flush.port2.postMessage(0);
  };

  let port: MessagePort;
  let log: ReturnType<typeof makeConsole>;
  let endowments: Readonly<Record<string, unknown>>;
  /** The loaded candidate's module as a function of `exports`: each call is a fresh instance. */
  let define: ((exports: object) => void) | undefined;
  let entryName = "";
  let entry: ((...args: unknown[]) => unknown) | undefined;
  /** Whether the current module instance has run a call (and so may hold state). */
  let used = false;

  const post = (reply: WorkerReply): void => port.postMessage(reply);
  const fail = (
    category: FailReply["category"],
    message: string,
    stack: string,
    timesMs: number[],
  ): void =>
    later(() => post({ op: "fail", category, message, stack, timesMs, logs: log.drain() }));
  const failWith = (category: FailReply["category"], error: unknown, timesMs: number[]) => {
    const { message, stack } = describeError(error);
    fail(category, message, stack, timesMs);
  };

  /**
   * Runs the module's body once more: a fresh instance (its top-level bindings and functions are
   * new), at the cost of its top level alone, and warm, since V8 shares what it learnt about the
   * functions of every instance. Returns the instance's entry, or why there is none.
   */
  const instantiate = (seed: number): ((...args: unknown[]) => unknown) | string => {
    rng.reseed(seed);
    const exports: Record<string, unknown> = {};
    define!(exports);
    used = false;
    const candidate = exports[entryName];
    if (typeof candidate === "function") return candidate as (...args: unknown[]) => unknown;
    const names = Object.keys(exports).filter((name) => name !== "__esModule").join(", ");
    const found = candidate === undefined ? "does not export" : "exports a non-function";
    return `the candidate ${found} '${entryName}'; it exports: ${names === "" ? "nothing" : names}`;
  };

  const load = (command: Extract<WorkerCommand, { op: "load" }>): void => {
    entryName = command.entry;
    entry = undefined;
    define = undefined;
    let made: ReturnType<typeof instantiate>;
    try {
      // A compartment of its own for each candidate: nothing of an earlier one is in scope.
      define = evaluateInFreshRealm(command.script, ALLOWED_GLOBALS, endowments) as (
        exports: object,
      ) => void;
      made = instantiate(command.seed);
    } catch (error) {
      return failWith("load", error, []);
    }
    if (typeof made === "string") return fail("load", made, "", []);
    entry = made;
    later(() => post({ op: "loaded", logs: log.drain() }));
  };

  const call = (command: Extract<WorkerCommand, { op: "call" }>): void => {
    const { trials, seed, fresh, maxOutputElements } = command;
    const args: Handed = command.args;
    const times: number[] = [];
    let output: Packed | undefined;
    const renew = (): boolean => {
      let made: ReturnType<typeof instantiate>;
      try {
        made = instantiate(seed);
      } catch (error) {
        failWith("exception", error, times);
        return false;
      }
      if (typeof made === "string") {
        fail("exception", made, "", times);
        return false;
      }
      entry = made;
      return true;
    };
    // Reads trial `t`'s output once, inside the clock; false when it failed.
    const settle = (read: () => Packed | ReturnType<typeof packValue>, t: number) => {
      let packed: ReturnType<typeof packValue>;
      try {
        packed = read();
      } catch (error) {
        // A getter or Proxy trap in the output threw while it was read.
        failWith("exception", error, times);
        return false;
      }
      if ("refused" in packed) {
        fail(
          "invalid-output",
          `the output holds ${packed.refused} at ${packed.at}; return a tree of plain data ` +
            "(objects, arrays, numbers, strings, booleans, null)",
          "",
          times,
        );
        return false;
      }
      if (t === 0) output = packed;
      return true;
    };
    // Stops trial `t`'s clock once the work it queued has run: the microtasks a call leaves behind
    // are its own work (a candidate could otherwise compute the next answer after its clock
    // stopped), so the clock stops in a macrotask, after they have all run. Then the next trial.
    const finish = (t: number, t0: number): void =>
      later(() => {
        times[t] = now() - t0;
        if (t < trials - 1) {
          post({ op: "tick", timeMs: times[t], logs: log.drain() });
          run(t + 1);
        } else post({ op: "done", timesMs: times, output: output!, logs: log.drain() });
      });
    const run = (t: number): void => {
      // A fresh module instance for every run, and for every trial when asked.
      if ((fresh || (t === 0 && command.reset)) && used && !renew()) return;
      // Every trial gets its own copy of the arguments.
      const input = args.packed !== null
        ? unpackValue(args.packed) as unknown[]
        : t === trials - 1
        ? args.value as unknown[]
        : structuredClone(args.value) as unknown[];
      rng.reseed(seed);
      used = true;
      let value: unknown;
      const t0 = now();
      try {
        value = Reflect.apply(entry!, undefined, input);
      } catch (error) {
        return failWith("exception", error, times);
      }
      if (!(value instanceof Promise)) {
        if (settle(() => packValue(value, maxOutputElements), t)) finish(t, t0);
        return;
      }
      try {
        // The frozen, shared then(): an own `then` on the promise is never consulted.
        Promise.prototype.then.call(
          value,
          (result: unknown) => {
            if (settle(() => packValue(result, maxOutputElements), t)) finish(t, t0);
          },
          (error: unknown) => failWith("exception", error, times),
        );
      } catch (error) {
        failWith("invalid-output", error, times);
      }
    };
    if (entry === undefined) return fail("exception", "no candidate is loaded", "", []);
    run(0);
  };

  (globalThis as unknown as { onmessage: unknown }).onmessage = (event: MessageEvent) => {
    (globalThis as unknown as { onmessage: unknown }).onmessage = null;
    const init = event.data as WorkerInit;
    port = init.port;
    log = makeConsole(init.maxLogChars);
    endowments = makeEndowments(rng.random, log.console);
    port.onmessage = (message: MessageEvent) => {
      const command = message.data as WorkerCommand;
      if (command.op === "load") load(command);
      else call(command);
    };
    post({ op: "ready" });
  };
}

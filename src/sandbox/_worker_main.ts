// Owns the worker bootstrap's main routine and the worker's source text: strip the realm, load the
// candidate, then time each call on a fresh copy of its arguments and report over the private port.
// Like _worker.ts, workerMain runs inside the worker as source text: see the rules there.
import { packValue, unpackValue } from "./_codec.ts";
import type {
  ChildFailureCategory,
  Handed,
  WorkerCommand,
  WorkerInit,
  WorkerReply,
} from "./_protocol.ts";
import { captureSafe, describeError, makeConsole, makeRandom, put, type Safe } from "./_worker.ts";
import { diffRealm, snapshotRealm } from "./_worker_realm.ts";

/** Globals removed from the candidate's realm: ways to reach stdout, disk, other workers or env. */
const REMOVED_GLOBALS = [
  "Deno",
  "Worker",
  "process",
  "Buffer",
  "global",
  "setImmediate",
  "clearImmediate",
  "caches",
  "CacheStorage",
  "Cache",
  "BroadcastChannel",
];

/** Returns the worker's main module: the bootstrap functions followed by a call to workerMain. */
export function workerSource(): string {
  const parts = [
    captureSafe,
    put,
    makeRandom,
    makeConsole,
    describeError,
    snapshotRealm,
    diffRealm,
    packValue,
    unpackValue,
  ];
  return [
    ...parts.map(String),
    `const REMOVED_GLOBALS = ${JSON.stringify(REMOVED_GLOBALS)};`,
    String(workerMain),
    "workerMain();",
  ].join("\n\n");
}

/** Runs in the worker: prepares the realm, waits for the init message, loads and serves the candidate. */
export function workerMain(): void {
  const safe: Safe = captureSafe();
  const g = globalThis as unknown as Record<string, unknown>;
  for (const name of REMOVED_GLOBALS) delete g[name];
  // Own properties on the global object; the candidate must not post on (or close) the worker's
  // public channel. The host also treats any message there as tampering.
  for (const name of ["postMessage", "close"]) {
    Object.defineProperty(g, name, {
      value: function () {
        throw new TypeError(`sandbox: ${name}() is not available to candidates`);
      },
      writable: true,
      configurable: true,
      enumerable: true,
    });
  }
  const rng = makeRandom(safe);
  Math.random = rng.random;
  // A MessageEvent's `data` is an own data property in Deno, so reading it consults no prototype.
  g.onmessage = (event: MessageEvent) => {
    g.onmessage = null;
    start(event.data as WorkerInit);
  };

  function start(init: WorkerInit): void {
    const log = makeConsole(safe, init.maxLogChars);
    g.console = log.console;
    const port = init.port;
    const post = (reply: WorkerReply) => safe.apply(safe.post, port, [reply]);
    let entry: ((...args: unknown[]) => unknown) | undefined;
    const fail = (
      category: ChildFailureCategory,
      message: string,
      stack: string,
      timesMs: number[],
      logs: string[],
    ): void => {
      const poisoned = diffRealm(safe, snapshot);
      if (poisoned.length > 0 && category !== "tamper") {
        message = `${tamperMessage(poisoned)} (and then: ${message})`;
        category = "tamper";
      }
      post({ op: "fail", category, message, stack, timesMs, logs });
    };
    const failWith = (category: ChildFailureCategory, error: unknown, timesMs: number[]): void => {
      const { message, stack } = describeError(safe, error);
      fail(category, message, stack, timesMs, log.drain());
    };
    const failUncloneable = (error: unknown, timesMs: number[], logs: string[]): void => {
      const { message } = describeError(safe, error);
      fail(
        "invalid-output",
        `the output cannot be cloned out of the sandbox (${message}); return plain data: ` +
          "no functions, symbols, proxies or promises",
        "",
        timesMs,
        logs,
      );
    };
    const tamperMessage = (changed: string[]): string => {
      let text = "";
      for (let i = 0; i < changed.length && i < 8; i++) text += (i === 0 ? "" : ", ") + changed[i];
      if (changed.length > 8) text += ` and ${changed.length - 8} more`;
      return `the candidate changed built-ins or globals: ${text}`;
    };
    const sinkChannel = new MessageChannel();
    sinkChannel.port2.close();
    const sink = sinkChannel.port1;
    const isPromise = (value: unknown): value is Promise<unknown> => {
      try {
        return typeof value === "object" && value !== null &&
          safe.protoOf(value) === safe.promiseProto;
      } catch {
        return false;
      }
    };

    const runCall = (args: Handed, trials: number, seed: number): void => {
      const times: number[] = [];
      let output: Handed = { packed: null, value: undefined };
      // Posting to a closed port serializes and discards: exactly the structured-clone check. It
      // runs inside every trial's timed window, so work hidden in getters (run only when the
      // output is read) is charged to the candidate instead of escaping the clock.
      const cloneCheck = (value: unknown): unknown => {
        try {
          safe.apply(safe.post, sink, [value]);
          return undefined;
        } catch (error) {
          return { error };
        }
      };
      // Records trial `t`; false when it failed (and was reported).
      const settle = (t: number, ms: number, value: unknown, unclonable: unknown): boolean => {
        put(safe, times, t, ms);
        if (unclonable !== undefined) {
          failUncloneable((unclonable as { error: unknown }).error, times, log.drain());
          return false;
        }
        if (t === 0) {
          try {
            // Packed or cloned now, later trials cannot change what is returned.
            const packed = packValue(safe, value);
            output = packed !== undefined
              ? { packed, value: undefined }
              : { packed: null, value: trials > 1 ? safe.clone(value) : value };
          } catch (error) {
            failUncloneable(error, times, log.drain());
            return false;
          }
        }
        if (t < trials - 1) post({ op: "tick", timeMs: ms, logs: log.drain() });
        return true;
      };
      const finish = (): void => {
        const poisoned = diffRealm(safe, snapshot);
        const logs = log.drain();
        if (poisoned.length > 0) return fail("tamper", tamperMessage(poisoned), "", times, logs);
        try {
          post({ op: "done", timesMs: times, output, logs });
        } catch (error) {
          failUncloneable(error, times, logs);
        }
      };
      const next = (t: number): void => {
        for (; t < trials; t++) {
          // Every trial gets its own copy of the arguments.
          const input = args.packed !== null
            ? unpackValue(safe, args.packed) as unknown[]
            : t === trials - 1
            ? args.value as unknown[]
            : safe.clone(args.value) as unknown[];
          rng.reseed(seed);
          let value: unknown, threw = false, error: unknown;
          const t0 = safe.now();
          try {
            value = safe.apply(entry!, undefined, input);
          } catch (e) {
            threw = true;
            error = e;
          }
          if (threw) return failWith("exception", error, times);
          if (isPromise(value)) {
            const trial = t;
            safe.apply(safe.then, value, [
              (result: unknown) => {
                const unclonable = cloneCheck(result);
                if (settle(trial, safe.now() - t0, result, unclonable)) next(trial + 1);
              },
              (e: unknown) => failWith("exception", e, times),
            ]);
            return;
          }
          const unclonable = cloneCheck(value);
          const t1 = safe.now();
          if (!settle(t, t1 - t0, value, unclonable)) return;
        }
        finish();
      };
      next(0);
    };

    // Set before any candidate code runs, while MessagePort's onmessage setter is still genuine.
    port.onmessage = (event: MessageEvent) => {
      const command = event.data as WorkerCommand;
      if (command.op === "retire") post({ op: "retired" });
      else if (entry !== undefined) runCall(command.args, command.trials, command.seed);
    };
    rng.reseed(init.seed);
    const snapshot = snapshotRealm(safe);
    safe.apply(safe.then, import(init.url), [
      (namespace: Record<string, unknown>) => {
        const candidate = namespace[init.entry];
        if (typeof candidate !== "function") {
          const keys = safe.ownKeys(namespace);
          let names = "";
          for (let i = 0; i < keys.length; i++) {
            if (typeof keys[i] === "string") {
              names += (names === "" ? "" : ", ") + (keys[i] as string);
            }
          }
          const found = typeof candidate === "undefined"
            ? "does not export"
            : "exports a non-function";
          return fail(
            "load",
            `the candidate ${found} '${init.entry}'; it exports: ${
              names === "" ? "nothing" : names
            }`,
            "",
            [],
            log.drain(),
          );
        }
        const poisoned = diffRealm(safe, snapshot);
        if (poisoned.length > 0) {
          return fail("tamper", tamperMessage(poisoned), "", [], log.drain());
        }
        entry = candidate as (...args: unknown[]) => unknown;
        post({ op: "loaded", logs: log.drain() });
      },
      (error: unknown) => failWith("load", error, []),
    ]);
  }
}

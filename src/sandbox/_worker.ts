// Owns the worker bootstrap's building blocks that candidates meet: the seeded stand-in for
// Math.random, the capped console, and a careful reader of thrown values.
//
// The host ships these functions to the worker as source text (Function.prototype.toString), so
// each may use only its parameters, globals, and the other functions listed in workerSource().
// They run after lockdown(): every intrinsic they use is frozen, so no candidate can change them.

/** Returns a seeded sfc32 generator (seeded through splitmix32) to stand in for Math.random. */
export function makeRandom(): { random: () => number; reseed: (seed: number) => void } {
  let a = 0, b = 0, c = 0, d = 0, mix = 0;
  const splitmix = (): number => {
    mix = (mix + 0x9e3779b9) | 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) | 0;
  };
  const random = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  const reseed = (seed: number): void => {
    mix = (seed >>> 0) ^ Math.imul((seed / 4294967296) >>> 0, 0x27d4eb2f);
    a = splitmix();
    b = splitmix();
    c = splitmix();
    d = splitmix();
    for (let i = 0; i < 12; i++) random();
  };
  return { random, reseed };
}

/** Returns a console that records lines up to `maxChars` per drain, and the drain. */
export function makeConsole(maxChars: number): { console: object; drain: () => string[] } {
  let lines: string[] = [];
  let used = 0;
  let dropped = 0;
  const format = (args: ArrayLike<unknown>): string => {
    let text = "";
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      let part: string;
      try {
        part = typeof arg === "string"
          ? arg
          : typeof arg === "object" && arg !== null
          ? (JSON.stringify(arg) ?? String(arg))
          : String(arg);
      } catch {
        part = "[unprintable]";
      }
      text = i === 0 ? part : text + " " + part;
    }
    return text;
  };
  const record = (prefix: string, args: ArrayLike<unknown>): void => {
    if (used >= maxChars) {
      dropped++;
      return;
    }
    let line = prefix + format(args);
    if (used + line.length > maxChars) {
      line = line.slice(0, maxChars - used);
      dropped++;
    }
    used += line.length;
    lines.push(line);
  };
  const out: Record<string, unknown> = {};
  const levels = ["log", "info", "debug", "trace", "dir", "dirxml", "table", "warn", "error"];
  for (let i = 0; i < levels.length; i++) {
    const prefix = i < 7 ? "" : "[" + levels[i] + "] ";
    out[levels[i]] = function (...args: unknown[]) {
      record(prefix, args);
    };
  }
  out.assert = function (condition: unknown, ...args: unknown[]) {
    if (!condition) record("[assert] ", args);
  };
  const quiet = [
    "group",
    "groupCollapsed",
    "groupEnd",
    "count",
    "countReset",
    "time",
    "timeEnd",
    "timeLog",
    "clear",
  ];
  for (let i = 0; i < quiet.length; i++) out[quiet[i]] = function () {};
  const drain = (): string[] => {
    const result = lines;
    if (dropped > 0) {
      result.push(
        "[sandbox] logs truncated: " + dropped +
          " line(s) cut or dropped past the cap of " + maxChars + " characters",
      );
    }
    lines = [];
    used = 0;
    dropped = 0;
    return result;
  };
  return { console: out, drain };
}

/**
 * Returns the message and stack of a thrown value without trusting it to behave: each property is
 * read once (a getter may answer differently the second time), kept only when it is a primitive
 * string, and cut with the frozen String.prototype.slice, never the value's own.
 */
export function describeError(error: unknown): { message: string; stack: string } {
  let message = "", stack = "";
  try {
    if ((typeof error === "object" && error !== null) || typeof error === "function") {
      const e = error as { name?: unknown; message?: unknown; stack?: unknown };
      const name = e.name;
      const text = e.message;
      const trace = e.stack;
      message = typeof text === "string"
        ? (typeof name === "string" ? name.slice(0, 200) : "Error") + ": " + text.slice(0, 2000)
        : String(error);
      if (typeof trace === "string") stack = trace.slice(0, 8000);
    } else {
      message = "uncaught " + String(error);
    }
  } catch {
    message = "a thrown value that cannot even be printed";
  }
  return { message: message.slice(0, 2000), stack };
}

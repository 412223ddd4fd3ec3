// Owns turning untrusted values into short, safe text for failure messages and reports.

/** JSON of `value` (cycles, bigint, undefined and non-finite numbers made visible), clipped to `max` chars. */
export function clipJson(value: unknown, max = 2000): string {
  const seen = new WeakSet<object>();
  let text: string;
  try {
    text = JSON.stringify(value, (_key, v) => {
      if (typeof v === "bigint") return `${v}n`;
      if (typeof v === "number" && !Number.isFinite(v)) return String(v);
      if (v === undefined) return "undefined";
      if (typeof v === "object" && v !== null) {
        if (seen.has(v)) return "[cycle]";
        seen.add(v);
      }
      return v;
    }) ?? "undefined";
  } catch (e) {
    text = `[unprintable: ${(e as Error).message}]`;
  }
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more chars)`;
}

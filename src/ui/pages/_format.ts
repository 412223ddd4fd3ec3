// Owns how numbers and times look on the pages: scores, money, tokens, durations, timestamps.

/** A score with 4 significant digits, or "—" when absent. */
export function score(x: number | null | undefined): string {
  if (x === undefined || x === null) return "—";
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : x.toFixed(4);
}

/**
 * A change with its sign ("+0.0123", "−0.0011", "±0"), in the fixed four decimals scores use, so
 * a column of changes never mixes fixed and exponent forms; large ones keep 4 significant digits.
 */
export function signed(x: number | null | undefined): string {
  if (x === undefined || x === null) return "—";
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "±0";
  const body = Math.abs(x) >= 1e5 ? Math.abs(x).toExponential(3) : Math.abs(x).toFixed(4);
  return `${x > 0 ? "+" : "−"}${body}`;
}

/** Dollars with cents, or fractions of a cent for cheap runs. */
export function usd(x: number): string {
  return x === 0 ? "$0" : x < 0.01 ? `$${x.toFixed(4)}` : `$${x.toFixed(2)}`;
}

/** An integer with thousands separators. */
export function count(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** A duration in ms as "850 ms", "3.2 s" or "4 min 10 s". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** An ISO time as "2026-11-26 10:00:05" (UTC, as stored). */
export function time(iso: string | undefined): string {
  return iso ? iso.slice(0, 19).replace("T", " ") : "—";
}

/** How long ago `iso` was, relative to `now`, e.g. "12 s ago". */
export function ago(iso: string | undefined, now: number = Date.now()): string {
  if (!iso) return "—";
  const ms = now - Date.parse(iso);
  if (!Number.isFinite(ms)) return "—";
  return ms < 1000 ? "just now" : `${duration(ms).replace(/ \d+ s$/, "")} ago`;
}

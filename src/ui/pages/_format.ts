// Owns how numbers and times look on the pages: scores, money, tokens, durations, timestamps.

/** A score with 4 significant digits, or "—" when absent. */
export function score(x: number | null | undefined): string {
  if (x === undefined || x === null) return "—";
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : x.toFixed(4);
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

// Owns summing money and token figures the way SQLite's SUM() does (Kahan-Babuska-Neumaier), so a
// total read through the RunReader equals the one a user gets from the database with any SQL tool.
// Hand-written: five lines, and no kept npm package offers exactly this compensated sum.

/** The compensated sum of `values`. */
export function sum(values: Iterable<number>): number {
  let s = 0;
  let c = 0;
  for (const v of values) {
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? (s - t) + v : (v - t) + s;
    s = t;
  }
  return s + c;
}

// Subtly wrong interval scheduling: `>` instead of `>=` treats touching intervals ([0, 1) and
// [1, 2)) as overlapping, so it picks too few whenever an interval starts where another ends.
type Interval = { start: number; end: number };

export function schedule(intervals: Interval[]): number[] {
  const order = intervals.map((_, i) => i).sort((a, b) => intervals[a].end - intervals[b].end);
  const chosen: number[] = [];
  let free = -Infinity;
  for (const i of order) {
    if (intervals[i].start > free) {
      chosen.push(i);
      free = intervals[i].end;
    }
  }
  return chosen;
}

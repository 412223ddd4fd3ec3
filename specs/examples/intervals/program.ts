// Interval scheduling by earliest end (correct).
type Interval = { start: number; end: number };

// EVOLVE-BLOCK-START
export function schedule(intervals: Interval[]): number[] {
  const order = intervals.map((_, i) => i).sort((a, b) => intervals[a].end - intervals[b].end);
  const chosen: number[] = [];
  let free = -Infinity;
  for (const i of order) {
    if (intervals[i].start >= free) {
      chosen.push(i);
      free = intervals[i].end;
    }
  }
  return chosen;
}
// EVOLVE-BLOCK-END

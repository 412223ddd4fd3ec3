// Autoscaling, initial program: provision for the worst burst the problem allows (3x the mean),
// which never drops a request and wastes servers on steady traffic.
// EVOLVE-BLOCK-START
export function servers(load: number, capacity: number, burst: number): number {
  const headroom = 3;
  const weight = 0;
  const factor = headroom + weight * (burst / 100 - headroom);
  return Math.max(1, Math.min(1000, Math.ceil((load * factor) / capacity)));
}
// EVOLVE-BLOCK-END

// Owns reading a child's resource use from Linux's /proc: resident memory of the whole process
// (every thread and isolate, the V8 heap and what lies outside it: ArrayBuffers, wasm memories)
// and the CPU time it has used. Elsewhere there is no /proc, and both read as unknown.

const PAGE_BYTES = 4096;
/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on every Linux we know). */
const TICKS_PER_SECOND = 100;

/** Resident memory of process `pid` in MiB, or undefined when it cannot be read. */
export function residentMb(pid: number): number | undefined {
  try {
    // statm: size resident shared text lib data dt, in pages.
    const fields = Deno.readTextFileSync(`/proc/${pid}/statm`).split(" ");
    return (Number(fields[1]) * PAGE_BYTES) / (1024 * 1024);
  } catch {
    return undefined;
  }
}

/** CPU time (user + system, all threads) process `pid` has used, ms, or undefined. */
export function cpuMs(pid: number): number | undefined {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    // The command name (field 2) may hold spaces; the fields after its closing ')' are fixed.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

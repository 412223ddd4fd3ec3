// Owns what the pages need from a run's spec: the score formula, each metric's goal and kind, and
// the invariants' checks (compare and failure views), read from the spec the run was started with. The run database stores
// only the spec's name and hash, so the spec file is found through the `invocation.json` that
// `deno task evolve` writes beside run.db (its `spec` path is relative to the run folder).
import { join, relative, resolve } from "node:path";
import { loadSpec } from "../../spec/mod.ts";

/** One metric as the score uses it. */
export interface ScoringMetric {
  readonly name: string;
  readonly goal: "max" | "min";
  /** A `measure: time` metric: measured over trials, so it has a spread. */
  readonly timed: boolean;
}

/** The score's formula and metrics, or why they are not known. */
export type Scoring =
  | {
    readonly formula?: string;
    readonly metrics: readonly ScoringMetric[];
    /** Each invariant's check expression by rule id. */
    readonly rules: Readonly<Record<string, string>>;
    readonly spec: string;
  }
  | { readonly unknown: string };

/** Parsed specs by path and modification time: a page view must not re-read an unchanged spec. */
const cache = new Map<string, { mtime: number; scoring: Scoring }>();

/** How the score of the run in `runDir` is formed; never throws (an unknown one says why). */
export async function runScoring(runDir: string): Promise<Scoring> {
  let specPath: string;
  try {
    const invocation = JSON.parse(await Deno.readTextFile(join(runDir, "invocation.json")));
    if (typeof invocation?.spec !== "string") throw new Error("it names no spec");
    specPath = resolve(runDir, invocation.spec);
  } catch (e) {
    return {
      unknown: `the score formula is not shown: ${
        join(runDir, "invocation.json")
      } cannot be read (${(e as Error).message}); runs started by \`deno task evolve\` have it`,
    };
  }
  try {
    const mtime = (await Deno.stat(specPath)).mtime?.getTime() ?? 0;
    const hit = cache.get(specPath);
    if (hit && hit.mtime === mtime) return hit.scoring;
    const spec = await loadSpec(specPath);
    const scoring: Scoring = {
      // As a command run from here would name it (the replay command is copied into a shell).
      spec: relative(Deno.cwd(), specPath) || specPath,
      formula: spec.score?.code,
      rules: Object.fromEntries(spec.invariants.map((r) => [r.id, r.check.code])),
      metrics: spec.metrics.map((m) => ({
        name: m.name,
        goal: m.goal,
        timed: "measure" in m && m.measure === "time",
      })),
    };
    cache.set(specPath, { mtime, scoring });
    return scoring;
  } catch (e) {
    return {
      unknown: `the score formula is not shown: the run's spec ${specPath} cannot be loaded (${
        (e as Error).message.split("\n", 1)[0]
      })`,
    };
  }
}

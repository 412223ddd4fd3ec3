// Owns turning a structurally valid spec document into the resolved `Spec`: defaults filled, paths
// made absolute, expressions located, and the cross-key rules the meta-schema cannot state.
import { dirname, resolve } from "node:path";
import type { SpecIssue } from "../errors/mod.ts";
import { checkArgs } from "./_args.ts";
import { didYouMean } from "./_didyoumean.ts";
import { outputElementBound } from "./_element_bound.ts";
import { toPointer, type YamlSource } from "./_yaml.ts";
import type {
  CascadeConfig,
  DeriveStep,
  EvolveConfig,
  GenerateBlock,
  MetricAggregate,
  MetricSpec,
  ModuleRef,
  Spec,
  SpecExpression,
  StageName,
  WorkloadFamily,
} from "./types.ts";

/** A file or directory the spec names; checked for existence and hashed. */
export interface FileRef {
  readonly path: string;
  readonly pointer: string;
  readonly kind: "file" | "dir";
  /** For `path#export` references: the export that must exist. */
  readonly exportName?: string;
  /** A workload directory that `workloads.generate` can create. */
  readonly mayBeMissing?: boolean;
}

/** The spec without its hash (computed once the referenced files are read). */
export type UnhashedSpec = Omit<Spec, "hash">;

const ALL_STAGES: readonly StageName[] = ["typecheck", "properties", "quick", "train", "holdout"];
/** Default absolute tolerance of `equivalent: true`. */
export const DEFAULT_TOLERANCE = 1e-9;

type Raw = Record<string, unknown>;

const obj = (v: unknown): Raw => (v ?? {}) as Raw;

/** Resolves `source` (already valid against the meta-schema) into a spec, files and issues. */
export function resolveSpec(
  source: YamlSource,
): { spec: UnhashedSpec; files: FileRef[]; issues: SpecIssue[] } {
  const file = source.file;
  const dir = dirname(file);
  const raw = source.data as Raw;
  const issues: SpecIssue[] = [];
  const files: FileRef[] = [];
  const issue = (pointer: string, message: string, part: "key" | "value" = "value") =>
    issues.push({ ...source.locate(pointer, part), pointer, message });
  const path = (
    p: unknown,
    pointer: string,
    kind: "file" | "dir" = "file",
    mayBeMissing = false,
  ) => {
    const abs = resolve(dir, String(p));
    files.push({ path: abs, pointer, kind, mayBeMissing });
    return abs;
  };
  const moduleRef = (ref: unknown, pointer: string): ModuleRef => {
    const [p, name] = String(ref).split("#");
    const abs = resolve(dir, p);
    files.push({ path: abs, pointer, kind: "file", exportName: name });
    return { path: abs, name, at: source.locate(pointer) };
  };
  const expression = (v: unknown, pointer: string): SpecExpression => ({
    code: String(v),
    at: source.locate(pointer),
    pointer,
  });

  const input = raw.input as Spec["input"];
  const inputProps = Object.keys(obj(obj(input).properties));
  const args = (raw.args ?? null) as string[] | null;
  const entry = String(raw.entry);
  if (args) checkArgs(args, inputProps, { args: ["args"], schema: ["input"] }, entry, issue);
  const interaction = raw.interaction === undefined ? undefined : (() => {
    const step = obj(obj(raw.interaction).step);
    const stepArgs = (step.args ?? null) as string[] | null;
    const where = {
      args: ["interaction", "step", "args"],
      schema: ["interaction", "step", "input"],
    };
    if (stepArgs) {
      checkArgs(stepArgs, Object.keys(obj(obj(step.input).properties)), where, entry, issue);
    }
    // The entry implements a step, so top-level args (fields of the episode) could never reach it.
    if (args) {
      issue(
        "/args",
        "`args` maps the input to the entry, but with `interaction` the entry takes a step: move the list to `interaction.step.args`",
      );
    }
    return {
      simulate: moduleRef(obj(raw.interaction).simulate, "/interaction/simulate"),
      step: {
        input: step.input as Spec["input"],
        args: stepArgs,
        output: step.output as Spec["output"],
      },
    };
  })();

  const derive: DeriveStep[] = Object.entries(obj(raw.derive)).map(([field, v]) => {
    const pointer = toPointer(["derive", field]);
    if (!inputProps.includes(field)) {
      issue(
        pointer,
        `derive names \`${field}\`, which is not a property of \`input\`${
          didYouMean(field, inputProps)
        }`,
        "key",
      );
    }
    if (v !== null && typeof v === "object") {
      const shape = (v as { shape: unknown[] }).shape;
      return { field, shape: shape.map((s, i) => expression(s, `${pointer}/shape/${i}`)) };
    }
    return { field, value: expression(v, pointer) };
  });

  const invariants = ((raw.invariants ?? []) as Raw[]).map((r, i) => ({
    id: String(r.id),
    doc: String(r.doc ?? ""),
    check: expression(r.check, `/invariants/${i}/check`),
    ...(r.witness === undefined
      ? {}
      : { witness: expression(r.witness, `/invariants/${i}/witness`) }),
  }));
  reportDuplicates(invariants.map((r) => r.id), (i) => `/invariants/${i}/id`, "invariant", issue);

  let equivalent: Spec["equivalent"];
  if (raw.equivalent !== undefined && raw.equivalent !== false) {
    const tolerance = Number(
      obj(raw.equivalent === true ? {} : raw.equivalent).tolerance ??
        DEFAULT_TOLERANCE,
    );
    equivalent = { tolerance };
    if (raw.reference === undefined) {
      issue("/equivalent", "`equivalent` compares with the `reference` program; add `reference`");
    }
  }

  const metrics: MetricSpec[] = Object.entries(obj(raw.metrics)).map(([name, m]) => {
    const pointer = toPointer(["metrics", name]);
    const { evaluator, measure, expr, aggregate, goal } = m as Raw;
    const kinds = [evaluator, measure, expr].filter((k) => k !== undefined).length;
    if (kinds !== 1) {
      issue(
        pointer,
        "a metric needs exactly one of `evaluator: path#export`, `measure: time` or `expr: <expression>`",
      );
    }
    if (aggregate !== undefined && expr === undefined) {
      issue(
        `${pointer}/aggregate`,
        "`aggregate` combines the values of an `expr` metric; add `expr`",
      );
    }
    const max = (goal ?? "max") as "min" | "max";
    if (expr !== undefined) {
      return {
        name,
        goal: max,
        expr: expression(expr, `${pointer}/expr`),
        aggregate: (aggregate ?? "mean") as MetricAggregate,
      };
    }
    if (evaluator === undefined) {
      return { name, goal: (goal ?? "min") as "min" | "max", measure: "time" as const };
    }
    const at = `${pointer}/evaluator`;
    return { name, goal: max, evaluator: moduleRef(evaluator, at) };
  });

  const workloads = raw.workloads === undefined ? undefined : (() => {
    const w = obj(raw.workloads);
    const canGenerate = w.generate !== undefined;
    return {
      ...(w.cases === undefined ? {} : { cases: moduleRef(w.cases, "/workloads/cases") }),
      train: path(w.train, "/workloads/train", "dir", canGenerate),
      holdout: path(w.holdout, "/workloads/holdout", "dir", canGenerate),
      ...(canGenerate
        ? {
          generate: typeof w.generate === "string"
            ? moduleRef(w.generate, "/workloads/generate")
            : generateBlock(obj(w.generate)),
        }
        : {}),
    };
  })();

  const cascade = resolveCascade(raw.cascade, workloads !== undefined, metrics.length, issue);
  const properties = obj(raw.properties);
  const prompt = obj(raw.prompt);
  const hints = ((prompt.hints ?? []) as Raw[]).map((h) => ({
    id: String(h.id),
    text: String(h.text),
    enabled: h.enabled !== false,
  }));
  reportDuplicates(hints.map((h) => h.id), (i) => `/prompt/hints/${i}/id`, "hint", issue);
  const sandbox = obj(raw.sandbox);

  const spec: UnhashedSpec = {
    file,
    dir,
    name: String(raw.name),
    description: String(raw.description ?? ""),
    entry: String(raw.entry),
    args,
    program: path(raw.program, "/program"),
    ...(raw.reference === undefined ? {} : { reference: path(raw.reference, "/reference") }),
    baselines: Object.fromEntries(
      Object.entries(obj(raw.baselines)).map((
        [k, v],
      ) => [k, path(v, toPointer(["baselines", k]))]),
    ),
    input,
    output: raw.output as Spec["output"],
    ...(raw.params === undefined ? {} : { params: raw.params as Spec["params"] }),
    derive,
    assume: ((raw.assume ?? []) as unknown[]).map((a, i) => expression(a, `/assume/${i}`)),
    invariants,
    ...(equivalent ? { equivalent } : {}),
    properties: {
      runs: Number(properties.runs ?? 100),
      seed: Number(properties.seed ?? 42),
      maxArrayLength: Number(properties.maxArrayLength ?? 32),
      examples: (properties.examples ?? []) as unknown[],
    },
    ...(workloads ? { workloads } : {}),
    metrics,
    ...(raw.score === undefined ? {} : { score: expression(raw.score, "/score") }),
    cascade,
    sandbox: {
      timeoutMs: Number(sandbox.timeoutMs ?? 2000),
      memoryMb: Number(sandbox.memoryMb ?? 512),
      trials: Number(sandbox.trials ?? 3),
      freshRealmPerTrial: sandbox.freshRealmPerTrial === true,
      maxOutputElements: Number(sandbox.maxOutputElements ?? defaultElementCap(raw.output)),
      episodeMs: Number(sandbox.episodeMs ?? 60_000),
      evaluationMs: Number(sandbox.evaluationMs ?? 600_000),
      maxStateBytes: Number(sandbox.maxStateBytes ?? 1024 * 1024),
    },
    prompt: { system: String(prompt.system ?? ""), hints },
    evolve: resolveEvolve(obj(raw.evolve)),
    ...(interaction ? { interaction } : {}),
  };
  return { spec, files, issues };
}

/** The declarative `workloads.generate` block, families in the order written. */
function generateBlock(g: Raw): GenerateBlock {
  const families = (split: "train" | "holdout") =>
    Object.entries(obj(g[split])).map(([name, f], i): WorkloadFamily => {
      const family = obj(f);
      const bounds = Object.fromEntries(
        Object.entries(obj(family.bounds)).map(([field, b]) => [
          field,
          b !== null && typeof b === "object" ? b as Raw : { const: b },
        ]),
      );
      return {
        name,
        count: Number(family.count),
        // Each family its own stream by default, so adding one leaves the others unchanged.
        seed: Number(family.seed ?? (split === "train" ? 0 : 1000) + i),
        bounds,
        pointer: toPointer(["workloads", "generate", split, name]),
      };
    });
  return {
    format: (g.format ?? "json") as GenerateBlock["format"],
    ...(g.gzip === undefined ? {} : { gzip: g.gzip === true }),
    train: families("train"),
    holdout: families("holdout"),
  };
}

/** The output schema's own element bound (at least 1), or 4 million when it sets none. */
function defaultElementCap(output: unknown): number {
  const bound = outputElementBound(output);
  return bound === undefined ? 4_000_000 : Math.max(1, bound);
}

function reportDuplicates(
  ids: readonly string[],
  pointerOf: (i: number) => string,
  what: string,
  issue: (pointer: string, message: string) => void,
): void {
  ids.forEach((id, i) => {
    const first = ids.indexOf(id);
    if (first !== i) {
      issue(pointerOf(i), `duplicate ${what} id \`${id}\` (first used at index ${first})`);
    }
  });
}

function resolveCascade(
  raw: unknown,
  hasWorkloads: boolean,
  metricCount: number,
  issue: (pointer: string, message: string) => void,
): CascadeConfig {
  const o = (Array.isArray(raw) ? { stages: raw } : raw ?? {}) as Record<string, unknown>;
  const pointer = Array.isArray(raw) ? "/cascade" : "/cascade/stages";
  const stages = (o.stages as StageName[] | undefined) ??
    (hasWorkloads && metricCount > 0 ? ALL_STAGES : ALL_STAGES.slice(0, 2));
  const order = stages.map((s) => ALL_STAGES.indexOf(s));
  if (order.some((v, i) => i > 0 && v < order[i - 1])) {
    issue(pointer, `stages must keep the order ${ALL_STAGES.join(" -> ")}; reorder them`);
  }
  const scored = stages.filter((s) => s === "quick" || s === "train" || s === "holdout");
  if (scored.length > 0 && !hasWorkloads) {
    issue(pointer, `stage \`${scored[0]}\` runs workloads; add \`workloads\` or drop the stage`);
  }
  if (scored.length > 0 && metricCount === 0) {
    issue(pointer, `stage \`${scored[0]}\` scores workloads; add \`metrics\` or drop the stage`);
  }
  return {
    stages,
    quickWorkloads: Number(o.quickWorkloads ?? 1),
    quickMinScore: Number(o.quickMinScore ?? -Infinity),
  };
}

function resolveEvolve(e: Raw): EvolveConfig {
  const num = (v: unknown, d: number) => (v === undefined ? d : Number(v));
  return {
    iterations: num(e.iterations, 100),
    islands: num(e.islands, 4),
    migrationInterval: num(e.migrationInterval, 10),
    top: num(e.top, 2),
    diverse: num(e.diverse, 5),
    plateau: num(e.plateau, 0),
    stagnation: num(e.stagnation, 40),
    noiseBand: num(e.noiseBand, 1),
    ...(e.targetScore === undefined ? {} : { targetScore: Number(e.targetScore) }),
    maxSeconds: num(e.maxSeconds, 0),
    budgetUsd: num(e.budgetUsd, 1),
    features: (e.features ?? []) as string[],
    models: ((e.models ?? []) as Raw[]).map((m) => ({
      model: String(m.model),
      ...(m.baseUrl === undefined ? {} : { baseUrl: String(m.baseUrl) }),
      apiKeyEnv: String(m.apiKeyEnv ?? "OPENAI_API_KEY"),
      weight: num(m.weight, 1),
      temperature: num(m.temperature, 0.7),
      maxTokens: num(m.maxTokens, 8192),
      priceInPerM: num(m.priceInPerM, 0),
      priceOutPerM: num(m.priceOutPerM, 0),
    })),
  };
}

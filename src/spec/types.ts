// Owns the resolved form of a problem spec: what the loader returns after YAML parsing,
// meta-schema validation, defaulting and path resolution. Every other layer reads this, never YAML.
//
// YAML keys (see docs/spec-reference.md for the full reference):
//   name, description, entry, args?, program, reference?, baselines?,
//   input, output, params?, derive?, assume?, invariants, equivalent?,
//   properties?, workloads?, metrics?, score?, cascade?, sandbox?, prompt?, evolve?, interaction?
// Paths in the YAML are relative to the spec file; here they are absolute.

/** A JSON Schema (draft 2020-12 subset documented in docs/spec-reference.md). */
export type JsonSchema = { readonly [key: string]: unknown } | boolean;

/** Where something stands in the spec file (1-based). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A TypeScript expression written in the spec, with its location for error messages. */
export interface SpecExpression {
  readonly code: string;
  readonly at: SourceLocation;
  /** JSON pointer of the expression in the spec file, e.g. `/invariants/0/check` (set by the loader). */
  readonly pointer?: string;
}

/** `module#export`, e.g. `../evaluators/eplb.ts#balancedness`, resolved to an absolute path. */
export interface ModuleRef {
  readonly path: string;
  readonly name: string;
  readonly at: SourceLocation;
}

/**
 * One `derive` step: an input field computed from `params` and earlier input fields
 * (`value`), or generated from its schema with array lengths fixed by expressions (`shape`).
 */
export type DeriveStep =
  | { readonly field: string; readonly value: SpecExpression }
  | { readonly field: string; readonly shape: readonly SpecExpression[] };

/** A relational property over `input` and `output` (TypeScript boolean expression). */
export interface InvariantRule {
  readonly id: string;
  /** One line saying what the rule protects; shown in failures and prompts. */
  readonly doc: string;
  readonly check: SpecExpression;
  /** What to print with a failure (e.g. the offending task), over `input` and `output`. */
  readonly witness?: SpecExpression;
}

export interface PropertiesConfig {
  /** Generated cases per property-gate run. @default 100 */
  readonly runs: number;
  /** fast-check seed. @default 42 */
  readonly seed: number;
  /** Cap on generated array lengths where the schema gives none. @default 32 */
  readonly maxArrayLength: number;
  /** Inputs that always run first (already validated against `input`). */
  readonly examples: readonly unknown[];
}

export interface WorkloadsConfig {
  /**
   * Trusted function turning one workload file into the cases a candidate is called on; without
   * it, files are read by the built-in formats (JSON, JSON Lines, CSV, each optionally gzipped).
   */
  readonly cases?: ModuleRef;
  /** Directories (absolute) holding workload files. */
  readonly train: string;
  readonly holdout: string;
  /**
   * How `deno task workloads` writes the sets: a trusted `GenerateFn`, or named families of cases
   * drawn from the spec's own `params`/`derive` generator.
   */
  readonly generate?: ModuleRef | GenerateBlock;
}

/** Declarative `workloads.generate`: families of generated cases per set, one file each. */
export interface GenerateBlock {
  /** @default "json" */
  readonly format: "json" | "jsonl" | "csv";
  /** @default true for json and jsonl, false for csv */
  readonly gzip?: boolean;
  readonly train: readonly WorkloadFamily[];
  readonly holdout: readonly WorkloadFamily[];
}

/** One named family: `count` cases from seed `seed`, with some parameters narrowed. */
export interface WorkloadFamily {
  readonly name: string;
  readonly count: number;
  readonly seed: number;
  /** Schema keywords (`minimum`, `maximum`, `enum`, `const`) per `params` or `input` field. */
  readonly bounds: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** JSON pointer of the family in the spec, for messages. */
  readonly pointer: string;
}

/**
 * A closed-loop problem: the trusted simulator drives the candidate one step at a time, so the
 * candidate sees only what the simulator hands it (the past), never the whole episode.
 */
export interface InteractionConfig {
  /** Trusted `SimulateFn` (src/evaluate/types.ts) that runs one episode. */
  readonly simulate: ModuleRef;
  /** What one candidate call receives and returns. */
  readonly step: {
    readonly input: JsonSchema;
    /** Step-input fields passed positionally to `entry`; null: the step input is the one argument. */
    readonly args: readonly string[] | null;
    readonly output: JsonSchema;
  };
}

/** How an `expr` metric's per-case values become the workload's value. */
export type MetricAggregate = "mean" | "sum" | "min" | "max" | "geomean";

/**
 * A metric: computed by trusted code from outputs, the sandbox's trusted timer, or an expression
 * over each case's `input`, `output` and `context`, aggregated over the cases of a workload file.
 */
export type MetricSpec =
  | { readonly name: string; readonly goal: "max" | "min"; readonly evaluator: ModuleRef }
  | { readonly name: string; readonly goal: "max" | "min"; readonly measure: "time" }
  | {
    readonly name: string;
    readonly goal: "max" | "min";
    readonly expr: SpecExpression;
    readonly aggregate: MetricAggregate;
  };

export type StageName = "typecheck" | "properties" | "quick" | "train" | "holdout";

export interface CascadeConfig {
  /**
   * Stages in order; `typecheck` and `properties` gate, `holdout` is never used for selection.
   * @default all five when `workloads` and `metrics` are given, else `typecheck`, `properties`
   */
  readonly stages: readonly StageName[];
  /** Train workloads in the quick stage. @default 1 */
  readonly quickWorkloads: number;
  /** Minimum quick-stage score to go on to full train. @default -Infinity */
  readonly quickMinScore: number;
}

export interface SandboxConfig {
  /** Per-call wall-clock limit, ms. @default 2000 */
  readonly timeoutMs: number;
  /** Memory cap of each sandbox child (resident memory as a whole, and V8 heap), MB. @default 512 */
  readonly memoryMb: number;
  /** Timed trials per workload call. @default 3 */
  readonly trials: number;
  /** A fresh instance of the candidate's module for each trial, so state cannot carry over. @default false */
  readonly freshRealmPerTrial: boolean;
  /**
   * Most array elements plus object properties one output may hold; checked while the output is
   * read, before validation. @default the bound the output schema's maxItems/maxProperties give,
   * else 4000000
   */
  readonly maxOutputElements: number;
  /** Wall-clock budget of one closed-loop episode, all its steps together, ms. @default 60000 */
  readonly episodeMs: number;
  /** Wall-clock budget of one candidate's whole evaluation (every stage), ms. @default 600000 */
  readonly evaluationMs: number;
  /** Largest step output (decision and carried state) of a closed-loop candidate, bytes. @default 1048576 */
  readonly maxStateBytes: number;
}

export interface PromptHint {
  readonly id: string;
  readonly text: string;
  /** Hints can hurt (ADRS lesson); each can be switched off for an ablation. @default true */
  readonly enabled: boolean;
}

export interface ModelConfig {
  readonly model: string;
  /** Base URL of an OpenAI-compatible API; falls back to OPENAI_BASE_URL. */
  readonly baseUrl?: string;
  /** Name of the env var holding the key (never the key itself). @default "OPENAI_API_KEY" */
  readonly apiKeyEnv: string;
  /** Relative chance of this model in the ensemble. @default 1 */
  readonly weight: number;
  /** @default 0.7 */
  readonly temperature: number;
  /** @default 8192 */
  readonly maxTokens: number;
  /** Dollars per million input / output tokens. @default 0 */
  readonly priceInPerM: number;
  readonly priceOutPerM: number;
}

export interface EvolveConfig {
  /** @default 100 */
  readonly iterations: number;
  /** @default 4 */
  readonly islands: number;
  /** Migrate between islands (ring) every this many iterations. @default 10 */
  readonly migrationInterval: number;
  /** Inspirations: best programs and diverse ones. @default 2 and 5 (as the ADRS EPLB run) */
  readonly top: number;
  readonly diverse: number;
  /** Stop after this many iterations with no gain in best train score; 0 = never. @default 0 */
  readonly plateau: number;
  /**
   * Reseed an island with the run's best when its own best has not changed for this many
   * iterations; 0 = never. @default 40
   */
  readonly stagnation: number;
  /**
   * A candidate becomes an island's or the run's best only when its train score beats the best's
   * by more than noiseBand x (the two scores' spreads added); within that band the untimed
   * metrics decide, in spec order. 0: plain score order. Spreads exist with sandbox.trials > 1.
   * @default 1
   */
  readonly noiseBand: number;
  /** Stop when the best train score reaches this. */
  readonly targetScore?: number;
  /** Stop after this many seconds; 0 = never. @default 0 */
  readonly maxSeconds: number;
  /** Hard cap on LLM spend in dollars; 0 allows no paid calls. @default 1 */
  readonly budgetUsd: number;
  /**
   * MAP-Elites feature dimensions: metric names or code features (`code_length`, `loops`...).
   * @default [] (the engine's choice)
   */
  readonly features: readonly string[];
  /** LLM ensemble; empty runs the offline mutator unless the environment names an endpoint. @default [] */
  readonly models: readonly ModelConfig[];
}

/** A loaded, validated spec. */
export interface Spec {
  /** Absolute path of the YAML file and its directory. */
  readonly file: string;
  readonly dir: string;
  /** sha256 (hex) over the YAML text and every file it references. */
  readonly hash: string;
  readonly name: string;
  readonly description: string;
  /** Exported function every candidate implements. */
  readonly entry: string;
  /** Input fields passed positionally to `entry`; null: the whole input object is the one argument. */
  readonly args: readonly string[] | null;
  /** Absolute path of the initial program (with EVOLVE-BLOCK markers). */
  readonly program: string;
  readonly reference?: string;
  readonly baselines: Readonly<Record<string, string>>;
  readonly input: JsonSchema;
  readonly output: JsonSchema;
  readonly params?: JsonSchema;
  readonly derive: readonly DeriveStep[];
  readonly assume: readonly SpecExpression[];
  readonly invariants: readonly InvariantRule[];
  /** Compare with `reference` on every generated case; absolute tolerance for numbers (`true`: 1e-9). */
  readonly equivalent?: { readonly tolerance: number };
  readonly properties: PropertiesConfig;
  readonly workloads?: WorkloadsConfig;
  readonly metrics: readonly MetricSpec[];
  /** TypeScript expression over metric names giving the score to maximise. */
  readonly score?: SpecExpression;
  readonly cascade: CascadeConfig;
  readonly sandbox: SandboxConfig;
  readonly prompt: { readonly system: string; readonly hints: readonly PromptHint[] };
  readonly evolve: EvolveConfig;
  /**
   * Closed-loop problems only. Then `input` is an episode, `output` the episode result the
   * simulator returns (what rules and metrics see), and `entry` implements one step.
   */
  readonly interaction?: InteractionConfig;
}

// Test doubles for the engine: a deterministic fake proposer, a fake evaluator whose score is the
// number a program returns, and a spec/engine-options builder. Programs look like
//   export function f(): number { return 1.25; }
// and a `// FAIL:<category>` marker makes the evaluator fail them with that category.
import type {
  EvaluateOptions,
  Evaluation,
  Evaluator,
  StageResult,
} from "../../src/evaluate/types.ts";
import type { FailureCategory } from "../../src/sandbox/types.ts";
import type { EvolveConfig } from "../../src/spec/types.ts";
import { Rng } from "../../src/random/rng.ts";
import type {
  ProposalOutcome,
  ProposalRequest,
  ProposalResult,
  Proposer,
} from "../../src/evolve/records/proposal.ts";
import type { EngineSpec } from "../../src/evolve/engine/options.ts";

/** A program returning `value`. */
export function program(value: number, extra = ""): string {
  return `export function f(): number {\n  return ${value};\n}\n${extra}`;
}

/** The value a fake program returns. */
export function valueOf(source: string): number {
  const m = /return (-?[\d.e+-]+);/.exec(source);
  if (!m) throw new Error(`fake: no return value in ${JSON.stringify(source)}`);
  return Number(m[1]);
}

export function fakeSpec(evolve: Partial<EvolveConfig> = {}, hash = "hash-1"): EngineSpec {
  return {
    name: "fake",
    hash,
    metrics: [{ name: "value" }],
    evolve: {
      iterations: 10,
      islands: 1,
      migrationInterval: 0,
      top: 2,
      diverse: 2,
      plateau: 0,
      stagnation: 0,
      noiseBand: 1,
      maxSeconds: 0,
      budgetUsd: 0,
      features: [],
      models: [],
      ...evolve,
    },
  };
}

type Script = (request: ProposalRequest) => ProposalResult | undefined;

/**
 * Proposes parent value + a seeded step in [-0.3, 0.7); `script` may answer a request instead
 * (to fail, duplicate, or cost money). Records every request.
 */
export class FakeProposer implements Proposer {
  readonly name = "fake";
  readonly requests: ProposalRequest[] = [];
  readonly outcomes: ProposalOutcome[] = [];
  readonly #script?: Script;
  readonly #delayMs: number;

  constructor(options: { script?: Script; delayMs?: number } = {}) {
    this.#script = options.script;
    this.#delayMs = options.delayMs ?? 0;
  }

  async propose(request: ProposalRequest): Promise<ProposalResult> {
    this.requests.push(request);
    if (this.#delayMs > 0) await sleep(this.#delayMs);
    const scripted = this.#script?.(request);
    if (scripted) return scripted;
    const step = new Rng(request.seed).float() - 0.3;
    const value = Math.round((valueOf(request.parent.source) + step) * 1000) / 1000;
    return {
      ok: true,
      proposal: {
        // The iteration tag keeps proposals unique, so only scripted duplicates are duplicates.
        source: program(value, `export const born = ${request.iteration};\n`),
        description: `step ${step.toFixed(3)}`,
        proposer: "fake:step",
      },
    };
  }

  observe(outcome: ProposalOutcome): void {
    this.outcomes.push(outcome);
  }
}

export interface FakeEvaluatorOptions {
  /** Delay of every evaluate call, ms. @default 0 */
  readonly delayMs?: number;
  /** Holdout score of a program with train score v. @default v - 0.1 */
  readonly holdout?: (value: number) => number;
  /** Make the evaluator itself throw on this source (an internal error, not a candidate failure). */
  readonly throwOn?: (source: string) => boolean;
}

/** Scores a program by the number it returns; tracks calls and concurrency. */
export class FakeEvaluator implements Evaluator {
  readonly calls: { source: string; holdout: boolean }[] = [];
  maxInFlight = 0;
  #inFlight = 0;
  readonly #options: FakeEvaluatorOptions;

  constructor(options: FakeEvaluatorOptions = {}) {
    this.#options = options;
  }

  async evaluate(source: string, options: EvaluateOptions = {}): Promise<Evaluation> {
    this.calls.push({ source, holdout: options.holdout ?? false });
    this.#inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.#inFlight);
    try {
      if (this.#options.delayMs) await sleep(this.#options.delayMs);
      if (this.#options.throwOn?.(source)) throw new Error("fake evaluator: sandbox broke");
      return fakeEvaluation(source, options.holdout ?? false, this.#options.holdout);
    } finally {
      this.#inFlight--;
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Sources evaluated on train (not the holdout re-runs). */
  trainSources(): string[] {
    return this.calls.filter((c) => !c.holdout).map((c) => c.source);
  }
}

/** The Evaluation the fake returns for `source`. */
export function fakeEvaluation(
  source: string,
  holdout: boolean,
  holdoutOf: (v: number) => number = (v) => v - 0.1,
): Evaluation {
  const fail = /FAIL:([a-z-]+)/.exec(source);
  const typecheck: StageResult = { stage: "typecheck", ok: true, ms: 1 };
  if (fail) {
    const category = fail[1] as FailureCategory;
    const failure = { category, message: `${category}: fake failure` };
    const stage: StageResult = { stage: "properties", ok: false, ms: 3, failure };
    return { ok: false, stages: [typecheck, stage], failure };
  }
  const value = valueOf(source);
  const set = (score: number) => ({ metrics: { value: score }, score, perWorkload: {} });
  const stages: StageResult[] = [
    typecheck,
    { stage: "properties", ok: true, ms: 3, cases: 10 },
    { stage: "train", ok: true, ms: 20, result: set(value) },
  ];
  if (holdout) stages.push({ stage: "holdout", ok: true, ms: 20, result: set(holdoutOf(value)) });
  return {
    ok: true,
    stages,
    train: set(value),
    holdout: holdout ? set(holdoutOf(value)) : undefined,
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

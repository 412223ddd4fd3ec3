// Shared fixtures of the LLM tests: a small spec, a parent program with EVOLVE-BLOCKs, a fake key
// distinctive enough to grep for, and options pointing the client at a mock server.
import type { Spec } from "../../../src/spec/types.ts";
import type { ProposalRequest } from "../../../src/evolve/records/proposal.ts";
import {
  type LlmFlags,
  type ResolvedLlmOptions,
  resolveLlmOptions,
} from "../../../src/evolve/llm/options.ts";

/** A fake key; no test may find it in any prompt, record, error or report. */
export const FAKE_KEY = "sk-test-LEAKCANARY-9f8e7d6c5b4a39281706";

export const PARENT = `// Balances load over bins.
export function place(weights: number[], bins: number): number[] {
  const out: number[] = [];
  // EVOLVE-BLOCK-START
  for (let i = 0; i < weights.length; i++) {
    out.push(i % bins);
  }
  // EVOLVE-BLOCK-END
  return out;
}
`;

const at = { file: "/specs/toy.yaml", line: 1, column: 1 };

/** A spec as the loader would return it, small enough to read in a failing assert. */
export function toySpec(overrides: Partial<Spec> = {}): Spec {
  return {
    file: "/specs/toy.yaml",
    dir: "/specs",
    hash: "0".repeat(64),
    name: "toy-balance",
    description: "Assign each weighted item to a bin so the heaviest bin is as light as possible.",
    entry: "place",
    args: ["weights", "bins"],
    program: "/specs/toy/initial.ts",
    baselines: {},
    input: { type: "object" },
    output: { type: "array" },
    derive: [],
    assume: [],
    invariants: [
      {
        id: "bin-in-range",
        doc: "every item goes to a bin between 0 and bins-1",
        check: { code: "true", at },
      },
      { id: "one-per-item", doc: "the output has one bin per item", check: { code: "true", at } },
    ],
    properties: { runs: 100, seed: 42, maxArrayLength: 32, examples: [] },
    metrics: [
      {
        name: "balance",
        goal: "max",
        evaluator: { path: "/evaluators/toy.ts", name: "balance", at },
      },
      { name: "runtime_ms", goal: "min", measure: "time" },
    ],
    score: { code: "0.9 * balance + 0.1 * speed(runtime_ms)", at },
    cascade: {
      stages: ["typecheck", "properties", "train"],
      quickWorkloads: 1,
      quickMinScore: -Infinity,
    },
    sandbox: {
      timeoutMs: 2000,
      memoryMb: 512,
      trials: 3,
      freshRealmPerTrial: false,
      maxOutputElements: 4_000_000,
      episodeMs: 60_000,
      evaluationMs: 600_000,
      maxStateBytes: 1024 * 1024,
    },
    prompt: {
      system: "Prefer simple greedy heuristics over exhaustive search.",
      hints: [
        {
          id: "sort-first",
          text: "Sorting items by weight, heaviest first, often helps.",
          enabled: true,
        },
        { id: "lpt", text: "Longest-processing-time-first is a classic for this.", enabled: false },
      ],
    },
    evolve: {
      iterations: 10,
      islands: 1,
      migrationInterval: 5,
      top: 2,
      diverse: 5,
      plateau: 0,
      stagnation: 0,
      noiseBand: 1,
      maxSeconds: 0,
      budgetUsd: 0,
      features: [],
      models: [],
    },
    ...overrides,
  };
}

export const TYPES = "export type Input = { weights: number[]; bins: number };\n" +
  "export declare function place(weights: number[], bins: number): number[];";

/** A request for the toy parent, with optional overrides. */
export function request(overrides: Partial<ProposalRequest> = {}): ProposalRequest {
  return {
    parent: { id: "p1", source: PARENT, score: 0.5, metrics: { balance: 0.55, runtime_ms: 1.2 } },
    inspirations: [],
    iteration: 1,
    seed: 7,
    feedback: [],
    ...overrides,
  };
}

/** Client options for models served by the mock at `url`, with tiny retry delays. */
export function mockOptions(
  url: string,
  models: { model: string; weight?: number; priceInPerM?: number; priceOutPerM?: number }[] = [
    { model: "mock-a" },
  ],
  flags: LlmFlags = {},
): ResolvedLlmOptions {
  const resolution = resolveLlmOptions(
    {
      budgetUsd: 0,
      models: models.map((m) => ({
        model: m.model,
        baseUrl: url,
        apiKeyEnv: "TEST_LLM_KEY",
        weight: m.weight ?? 1,
        temperature: 0.5,
        maxTokens: 1000,
        priceInPerM: m.priceInPerM ?? 1,
        priceOutPerM: m.priceOutPerM ?? 2,
      })),
    },
    { TEST_LLM_KEY: FAKE_KEY },
    { retries: 2, retryBaseDelayMs: 1, retryMaxDelayMs: 5, timeoutMs: 10_000, ...flags },
  );
  if (!resolution.configured) throw new Error(`fixture: ${resolution.reason}`);
  return resolution.options;
}

import assert from "node:assert/strict";
import type { ModelConfig } from "../../../src/spec/types.ts";
import { UsageError } from "../../../src/errors/usage_error.ts";
import {
  OPENAI_DEFAULT_BASE_URL,
  resolveBudgetUsd,
  resolveLlmOptions,
} from "../../../src/evolve/llm/options.ts";
import { FAKE_KEY } from "./_fixtures.ts";

const model = (over: Partial<ModelConfig> = {}): ModelConfig => ({
  model: "gpt-4o-mini",
  apiKeyEnv: "OPENAI_API_KEY",
  weight: 1,
  temperature: 0.7,
  maxTokens: 4096,
  priceInPerM: 0.15,
  priceOutPerM: 0.6,
  ...over,
});

Deno.test("resolveLlmOptions() is not configured when no model is named, and says how to name one", () => {
  const r = resolveLlmOptions({ models: [], budgetUsd: 0 }, { OPENAI_API_KEY: FAKE_KEY });
  assert.equal(r.configured, false);
  assert.ok(
    !r.configured && /--model/.test(r.reason) && /OPENAI_API_KEY/.test(r.reason),
    String(!r.configured && r.reason),
  );
  assert.ok(!JSON.stringify(r).includes(FAKE_KEY));
});

Deno.test("resolveLlmOptions() uses the spec's models with the key from their env var", () => {
  const r = resolveLlmOptions({ models: [model()], budgetUsd: 2 }, { OPENAI_API_KEY: FAKE_KEY });
  assert.ok(r.configured);
  const m = r.options.models[0];
  assert.equal(m.baseUrl, OPENAI_DEFAULT_BASE_URL);
  assert.equal(m.apiKey.reveal(), FAKE_KEY);
  assert.equal(r.options.budgetUsd, 2);
  assert.ok(!JSON.stringify(r).includes(FAKE_KEY), "the key must not serialise");
  assert.ok(!Deno.inspect(r, { depth: 10 }).includes(FAKE_KEY), "the key must not print");
});

Deno.test("resolveLlmOptions() falls back to OPENAI_BASE_URL, and --base-url wins over everything", () => {
  const env = { OPENAI_API_KEY: FAKE_KEY, OPENAI_BASE_URL: "http://127.0.0.1:9/v1/" };
  const own = model({ model: "own", baseUrl: "https://api.deepseek.com/v1" });
  const r = resolveLlmOptions({ models: [model(), own], budgetUsd: 0 }, env);
  assert.ok(r.configured);
  assert.deepEqual(r.options.models.map((m) => m.baseUrl), [
    "http://127.0.0.1:9/v1",
    "https://api.deepseek.com/v1",
  ]);
  const f = resolveLlmOptions({ models: [model(), own], budgetUsd: 0 }, env, {
    baseUrl: "http://localhost:8000/v1",
  });
  assert.ok(f.configured);
  assert.deepEqual(f.options.models.map((m) => m.baseUrl), [
    "http://localhost:8000/v1",
    "http://localhost:8000/v1",
  ]);
});

Deno.test("resolveLlmOptions() lets --model and SPECEVOLVE_MODELS replace the spec's models", () => {
  const env = { OPENAI_API_KEY: FAKE_KEY, SPECEVOLVE_MODELS: "env-a, env-b" };
  const viaEnv = resolveLlmOptions({ models: [model()], budgetUsd: 0 }, env);
  assert.ok(viaEnv.configured);
  assert.deepEqual(viaEnv.options.models.map((m) => m.model), ["env-a", "env-b"]);
  const viaFlag = resolveLlmOptions({ models: [model()], budgetUsd: 0 }, env, {
    models: ["flag-m"],
  });
  assert.ok(viaFlag.configured);
  assert.deepEqual(viaFlag.options.models.map((m) => [m.model, m.weight]), [["flag-m", 1]]);
});

Deno.test("resolveLlmOptions() takes budgets from flags over env over the spec", () => {
  const spec = { models: [model()], budgetUsd: 5 };
  const env = {
    OPENAI_API_KEY: FAKE_KEY,
    SPECEVOLVE_BUDGET_USD: "3",
    SPECEVOLVE_BUDGET_TOKENS: "9000",
  };
  const a = resolveLlmOptions(spec, env);
  assert.ok(a.configured);
  assert.deepEqual([a.options.budgetUsd, a.options.budgetTokens], [3, 9000]);
  const b = resolveLlmOptions(spec, env, { budgetUsd: 1, budgetTokens: 10 });
  assert.ok(b.configured);
  assert.deepEqual([b.options.budgetUsd, b.options.budgetTokens], [1, 10]);
  assert.throws(
    () => resolveLlmOptions(spec, { ...env, SPECEVOLVE_BUDGET_USD: "lots" }),
    UsageError,
  );
});

Deno.test("resolveLlmOptions() skips an OpenAI model without a key but calls a local server without one", () => {
  const local = model({ model: "qwen2.5-coder:7b", baseUrl: "http://localhost:11434/v1" });
  const r = resolveLlmOptions({ models: [model(), local], budgetUsd: 0 }, {});
  assert.ok(r.configured);
  assert.deepEqual(r.options.models.map((m) => m.model), ["qwen2.5-coder:7b"]);
  assert.ok(
    r.warnings.some((w) => w.includes("gpt-4o-mini skipped") && w.includes("$OPENAI_API_KEY")),
  );
  assert.ok(r.warnings.some((w) => w.includes("without a key")));
  const none = resolveLlmOptions({ models: [model()], budgetUsd: 0 }, {});
  assert.equal(none.configured, false);
});

Deno.test("resolveLlmOptions() reports --offline as the reason for not using a configured model", () => {
  const r = resolveLlmOptions({ models: [model()], budgetUsd: 0 }, { OPENAI_API_KEY: FAKE_KEY }, {
    offline: true,
  });
  assert.equal(r.configured, false);
  assert.ok(!r.configured && r.reason.includes("--offline"));
});

Deno.test("resolveLlmOptions() gives repeated model names distinct labels", () => {
  const env = { K: FAKE_KEY };
  const models = [
    model({ apiKeyEnv: "K", baseUrl: "http://a.local/v1" }),
    model({ apiKeyEnv: "K", baseUrl: "http://b.local/v1" }),
    model({ apiKeyEnv: "K", baseUrl: "http://b.local/v1" }),
  ];
  const r = resolveLlmOptions({ models, budgetUsd: 0 }, env);
  assert.ok(r.configured);
  const labels = r.options.models.map((m) => m.label);
  assert.equal(new Set(labels).size, 3, labels.join(" "));
  assert.equal(labels[0], "gpt-4o-mini@a.local");
});

Deno.test("resolveLlmOptions() rejects bad numbers, bad URLs and zero weights with a usage message", () => {
  const spec = { models: [model()], budgetUsd: 0 };
  const env = { OPENAI_API_KEY: FAKE_KEY };
  assert.throws(() => resolveLlmOptions(spec, env, { concurrency: 0 }), /concurrency=0/);
  assert.throws(() => resolveLlmOptions(spec, env, { retries: 1.5 }), UsageError);
  assert.throws(() => resolveLlmOptions(spec, env, { baseUrl: "ftp://x" }), /not an http\(s\) URL/);
  const zero = resolveLlmOptions({ models: [model({ weight: 0 })], budgetUsd: 0 }, env);
  assert.equal(zero.configured, false);
  assert.ok(zero.warnings[0].includes("weight 0"));
});

Deno.test("resolveLlmOptions() warns when a dollar budget meets a model without prices", () => {
  const r = resolveLlmOptions(
    { models: [model({ priceInPerM: 0, priceOutPerM: 0 })], budgetUsd: 1 },
    { OPENAI_API_KEY: FAKE_KEY },
  );
  assert.ok(r.configured);
  assert.ok(r.warnings.some((w) => w.includes("has no price")));
});

Deno.test("resolveBudgetUsd() takes the flag, else SPECEVOLVE_BUDGET_USD, else the spec, with or without a model", () => {
  assert.equal(resolveBudgetUsd({ budgetUsd: 5 }, {}, {}), 5);
  assert.equal(resolveBudgetUsd({ budgetUsd: 5 }, { SPECEVOLVE_BUDGET_USD: "3" }, {}), 3);
  assert.equal(
    resolveBudgetUsd({ budgetUsd: 5 }, { SPECEVOLVE_BUDGET_USD: "3" }, { budgetUsd: 1 }),
    1,
  );
  const offline = resolveLlmOptions({ models: [], budgetUsd: 5 }, { SPECEVOLVE_BUDGET_USD: "3" });
  assert.equal(offline.configured, false);
});

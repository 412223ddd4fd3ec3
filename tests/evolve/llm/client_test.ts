import assert from "node:assert/strict";
import { LlmClient } from "../../../src/evolve/llm/client.ts";
import { BudgetExceeded, LlmError } from "../../../src/errors/mod.ts";
import { startMockOpenAI } from "../../../src/testing/mod.ts";
import { FAKE_KEY, mockOptions } from "./_fixtures.ts";

const prompt = { system: "You write code.", user: "Improve this program." };

Deno.test("LlmClient.complete() returns the text and books tokens and dollars at the model's prices", async () => {
  await using server = startMockOpenAI([
    { content: "answer", usage: { prompt_tokens: 1000, completion_tokens: 500 } },
  ]);
  const client = new LlmClient(
    mockOptions(server.url, [{ model: "m", priceInPerM: 2, priceOutPerM: 8 }]),
  );
  const c = await client.complete(prompt, 0);
  assert.equal(c.text, "answer");
  assert.deepEqual(
    { ...c.usage },
    { inputTokens: 1000, outputTokens: 500, costUsd: 0.006, model: "m", estimated: false },
  );
  assert.equal(c.attempts, 1);
  assert.deepEqual(client.stats().calls, 1);
  assert.equal(client.stats().spentTokens, 1500);
  assert.ok(Math.abs(client.stats().spentUsd - 0.006) < 1e-12);
  const sent = server.requests[0];
  assert.equal(sent.path, "/v1/chat/completions");
  assert.equal(sent.authorization, `Bearer ${FAKE_KEY}`);
  assert.deepEqual(sent.body.messages, [
    { role: "system", content: prompt.system },
    { role: "user", content: prompt.user },
  ]);
  assert.equal(sent.body.model, "m");
  assert.equal(sent.body.temperature, 0.5);
  assert.equal(sent.body.max_tokens, 1000);
});

Deno.test("LlmClient.complete() estimates usage from characters when the server reports none", async () => {
  await using server = startMockOpenAI([{ content: "x".repeat(400), usage: null }]);
  const client = new LlmClient(mockOptions(server.url));
  const c = await client.complete(prompt, 0);
  assert.equal(c.usage.estimated, true);
  assert.equal(c.usage.outputTokens, 100);
  assert.ok(c.usage.inputTokens > 0 && c.usage.costUsd > 0);
});

Deno.test("LlmClient.complete() retries a 429 and then succeeds", async () => {
  await using server = startMockOpenAI([
    { status: 429, error: "rate limited", headers: { "retry-after-ms": "1" } },
    { status: 429, error: "rate limited" },
    { content: "finally" },
  ]);
  const client = new LlmClient(mockOptions(server.url));
  const c = await client.complete(prompt, 0);
  assert.equal(c.text, "finally");
  assert.equal(c.attempts, 3);
  assert.equal(server.requests.length, 3);
  assert.equal(client.stats().calls, 1, "failed attempts are not billed calls");
});

Deno.test("LlmClient.complete() gives up after the configured retries on repeated 500s", async () => {
  await using server = startMockOpenAI([], { status: 500, error: "upstream exploded" });
  const client = new LlmClient(mockOptions(server.url, undefined, { retries: 2 }));
  let error: LlmError | undefined;
  try {
    await client.complete(prompt, 0);
  } catch (x) {
    error = x as LlmError;
  }
  assert.ok(error instanceof LlmError);
  assert.equal(error.status, 500);
  assert.equal(error.transient, true);
  assert.equal(error.attempts, 3);
  assert.match(error.message, /^llm: mock-a .*HTTP 500.*upstream exploded.*gave up after 3/);
  assert.equal(server.requests.length, 3);
});

Deno.test("LlmClient.complete() does not retry a 401 and never echoes the key", async () => {
  await using server = startMockOpenAI([], {
    status: 401,
    error: `Incorrect API key provided: ${FAKE_KEY}`,
  });
  const client = new LlmClient(mockOptions(server.url));
  let error: LlmError | undefined;
  try {
    await client.complete(prompt, 0);
  } catch (x) {
    error = x as LlmError;
  }
  assert.ok(error instanceof LlmError);
  assert.equal(error.transient, false);
  assert.equal(server.requests.length, 1);
  assert.match(error.message, /\$TEST_LLM_KEY/);
  for (const text of [error.message, String(error), error.stack ?? "", Deno.inspect(error)]) {
    assert.ok(!text.includes(FAKE_KEY), text);
  }
});

Deno.test("LlmClient.complete() times out a slow answer, retries it, then reports the timeout", async () => {
  await using server = startMockOpenAI([], { delayMs: 20_000, content: "too late" });
  // Generous enough for a loaded machine; the server would answer only after 20 s.
  const client = new LlmClient(
    mockOptions(server.url, undefined, { timeoutMs: 300, retries: 1 }),
  );
  let error: LlmError | undefined;
  try {
    await client.complete(prompt, 0);
  } catch (x) {
    error = x as LlmError;
  }
  assert.ok(error instanceof LlmError);
  assert.equal(error.transient, true);
  assert.equal(error.status, undefined);
  assert.match(error.message, /no answer within 300 ms/);
  assert.equal(server.requests.length, 2);
});

Deno.test("LlmClient.complete() keeps at most `concurrency` calls in flight", async () => {
  let inFlight = 0;
  let most = 0;
  await using server = startMockOpenAI(() => {
    inFlight++;
    most = Math.max(most, inFlight);
    return { delayMs: 30, content: "ok" };
  });
  const client = new LlmClient(mockOptions(server.url, undefined, { concurrency: 2 }));
  const done = () => inFlight--;
  await Promise.all(
    Array.from({ length: 6 }, () => client.complete(prompt, 0).then(done)),
  );
  assert.equal(server.requests.length, 6);
  assert.ok(most <= 2, `saw ${most} in flight`);
});

Deno.test("LlmClient.complete() stops with BudgetExceeded and starts no call once the budget is spent", async () => {
  await using server = startMockOpenAI(() => ({
    content: "ok",
    usage: { prompt_tokens: 100_000, completion_tokens: 100_000 },
  }));
  // 1 + 2 $/M: each call costs $0.30 by the server's count; the worst case reserved is
  // (prompt chars / 3) * 1e-6 + 1000 * 2e-6, about $0.002.
  const client = new LlmClient(mockOptions(server.url, undefined, { budgetUsd: 1 }));
  let calls = 0;
  let stopped: unknown;
  for (let i = 0; i < 10 && !stopped; i++) {
    try {
      await client.complete(prompt, 0);
      calls++;
    } catch (e) {
      stopped = e;
    }
  }
  assert.ok(stopped instanceof BudgetExceeded, String(stopped));
  assert.equal(calls, 4, "$0.30 x 4 = $1.20: the fourth call was admitted at $0.90 spent");
  assert.equal(server.requests.length, 4, "no request after the budget was spent");
  await assert.rejects(() => client.complete(prompt, 0), BudgetExceeded);
  assert.equal(server.requests.length, 4);
});

Deno.test("LlmClient.complete() enforces the token budget before calling", async () => {
  await using server = startMockOpenAI(() => ({ content: "ok" }));
  // Worst case of one call: ~12 prompt tokens + maxTokens 1000; the first books 150.
  const client = new LlmClient(mockOptions(server.url, undefined, { budgetTokens: 1100 }));
  await client.complete(prompt, 0);
  await assert.rejects(
    () => client.complete(prompt, 0),
    (e: unknown) => e instanceof BudgetExceeded && e.budget === "tokens",
  );
  assert.equal(server.requests.length, 1);
});

Deno.test("LlmClient.complete() redacts a key that appears in a prompt before sending it", async () => {
  await using server = startMockOpenAI([{ content: `echo ${FAKE_KEY}` }]);
  const client = new LlmClient(mockOptions(server.url));
  const c = await client.complete({ system: "s", user: `the key is ${FAKE_KEY}` }, 0);
  assert.ok(!JSON.stringify(server.requests[0].body).includes(FAKE_KEY));
  assert.ok(!c.text.includes(FAKE_KEY));
});

Deno.test("LlmClient.close() aborts a call in flight and refuses new ones", async () => {
  await using server = startMockOpenAI([], { delayMs: 20_000, content: "late" });
  const client = new LlmClient(mockOptions(server.url));
  const pending = client.complete(prompt, 0);
  while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
  await client.close();
  await assert.rejects(pending, (e: unknown) => e instanceof LlmError && !e.transient);
  await assert.rejects(() => client.complete(prompt, 0), LlmError);
  assert.equal(server.requests.length, 1);
});

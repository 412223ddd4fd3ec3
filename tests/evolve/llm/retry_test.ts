import assert from "node:assert/strict";
import { APIConnectionTimeoutError, APIError } from "openai";
import { backoffMs, classify } from "../../../src/evolve/llm/_retry.ts";

const policy = { baseMs: 100, maxMs: 1000 };

Deno.test("backoffMs() doubles per retry, jitters the upper half, and stops at the cap", () => {
  assert.deepEqual([0, 1, 2, 3].map((r) => backoffMs(r, policy, () => 0)), [50, 100, 200, 400]);
  assert.deepEqual([0, 1, 2, 3].map((r) => backoffMs(r, policy, () => 0.999999)).map(Math.round), [
    100,
    200,
    400,
    800,
  ]);
  assert.equal(backoffMs(10, policy, () => 1), 1000);
});

Deno.test("backoffMs() follows the server's Retry-After, capped", () => {
  assert.equal(backoffMs(0, policy, () => 0.5, 300), 300);
  assert.equal(backoffMs(0, policy, () => 0.5, 60_000), 1000);
});

Deno.test("classify() retries rate limits, server errors and timeouts but not client errors", () => {
  const status = (s: number, headers: Record<string, string> = {}) =>
    classify(APIError.generate(s, { message: `e${s}` }, undefined, new Headers(headers)), 1000);
  assert.equal(status(429).transient, true);
  assert.equal(status(500).transient, true);
  assert.equal(status(503).transient, true);
  assert.equal(status(400).transient, false);
  assert.equal(status(401).transient, false);
  assert.equal(status(404).transient, false);
  assert.equal(status(429, { "retry-after": "2" }).retryAfterMs, 2000);
  assert.equal(status(429, { "retry-after-ms": "15" }).retryAfterMs, 15);
  const timeout = classify(new APIConnectionTimeoutError(), 1234);
  assert.deepEqual([timeout.transient, timeout.message], [true, "no answer within 1234 ms"]);
  assert.equal(classify(new TypeError("boom"), 1).transient, false);
});

import assert from "node:assert/strict";
import { LlmClient } from "../../../src/evolve/llm/client.ts";
import { BudgetExceeded, LlmError } from "../../../src/errors/mod.ts";
import { createLlmProposer, type LlmCallLog } from "../../../src/evolve/llm/proposer.ts";
import type { ResolvedLlmOptions } from "../../../src/evolve/llm/options.ts";
import type { PromptOptions } from "../../../src/evolve/llm/prompt.ts";
import { startMockOpenAI } from "../../../src/testing/mod.ts";
import { FAKE_KEY, mockOptions, PARENT, request, toySpec, TYPES } from "./_fixtures.ts";

const DIFF_ANSWER = [
  "Spread items by a stride so neighbours land apart.",
  "<<<<<<< SEARCH",
  "    out.push(i % bins);",
  "=======",
  "    out.push((i * 7) % bins);",
  ">>>>>>> REPLACE",
].join("\n");

async function setup(
  options: ResolvedLlmOptions,
  prompt: PromptOptions = { fullRewriteRatio: 0 },
) {
  const logs: LlmCallLog[] = [];
  const proposer = await createLlmProposer({
    client: new LlmClient(options),
    spec: toySpec(),
    types: TYPES,
    prompt,
    onCall: (log) => void logs.push(log),
  });
  return { proposer, logs };
}

Deno.test("LlmProposer.propose() turns a SEARCH/REPLACE answer into a new program with usage", async () => {
  await using server = startMockOpenAI([
    { content: DIFF_ANSWER, usage: { prompt_tokens: 2000, completion_tokens: 300 } },
  ]);
  const { proposer, logs } = await setup(mockOptions(server.url));
  const r = await proposer.propose(request());
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.proposal.source, PARENT.replace("i % bins", "(i * 7) % bins"));
  assert.equal(r.proposal.proposer, "llm:mock-a");
  assert.equal(r.proposal.description, "Spread items by a stride so neighbours land apart.");
  assert.ok(r.proposal.diff?.includes("<<<<<<< SEARCH\n    out.push(i % bins);\n======="));
  // 2000 * $1/M + 300 * $2/M
  assert.deepEqual(r.proposal.usage, {
    inputTokens: 2000,
    outputTokens: 300,
    costUsd: 0.0026,
    model: "mock-a",
  });
  assert.equal(logs.length, 1);
  const log = logs[0];
  assert.equal(log.outcome, "ok");
  assert.equal(log.response, DIFF_ANSWER);
  assert.equal(log.iteration, 1);
  assert.equal(log.parentId, "p1");
  assert.equal(log.mode, "diff");
  assert.ok(log.prompt.startsWith("=== system ===\n"));
  // The record's prompt is exactly what the server received.
  const sent = server.requests[0].body.messages;
  assert.equal(log.prompt, `=== system ===\n${sent[0].content}\n=== user ===\n${sent[1].content}`);
  assert.ok(sent[1].content.includes("every item goes to a bin between 0 and bins-1"));
});

Deno.test("LlmProposer.propose() takes a full rewrite in a typescript fence", async () => {
  const rewritten = PARENT.replace("out.push(i % bins);", "out.push(0);");
  await using server = startMockOpenAI([{
    content: "All in bin 0.\n```typescript\n" + rewritten + "```",
  }]);
  const { proposer, logs } = await setup(mockOptions(server.url), { fullRewriteRatio: 1 });
  const r = await proposer.propose(request());
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.proposal.source, rewritten);
  assert.equal(r.proposal.diff, undefined);
  assert.equal(logs[0].mode, "rewrite");
  assert.ok(server.requests[0].body.messages[1].content.includes("complete new program"));
});

Deno.test("LlmProposer.propose() reports malformed output as ok:false with the reason and the cost", async () => {
  await using server = startMockOpenAI([
    {
      content: "I would use a heap, but here is no code.",
      usage: { prompt_tokens: 1000, completion_tokens: 1000 },
    },
  ]);
  const { proposer, logs } = await setup(mockOptions(server.url));
  const r = await proposer.propose(request());
  assert.equal(r.ok, false);
  assert.ok(!r.ok);
  assert.match(r.reason, /^llm mock-a: the answer had no SEARCH\/REPLACE block/);
  assert.equal(r.proposer, "llm:mock-a");
  assert.deepEqual(r.usage, {
    inputTokens: 1000,
    outputTokens: 1000,
    costUsd: 0.003,
    model: "mock-a",
  });
  assert.equal(logs[0].outcome, "rejected");
  assert.equal(logs[0].error, r.reason);
  assert.equal(logs[0].response, "I would use a heap, but here is no code.");
  assert.equal(proposer.stats().models[0].rewards, 1, "the bandit counts the failure as no gain");
});

Deno.test("LlmProposer.propose() reports a diff that does not apply, and one outside the blocks", async () => {
  await using server = startMockOpenAI([
    { content: "<<<<<<< SEARCH\nnot in the program\n=======\nx\n>>>>>>> REPLACE" },
    {
      content: "<<<<<<< SEARCH\n  return out;\n=======\n  return [];\n>>>>>>> REPLACE",
      finishReason: "stop",
    },
    {
      content: "<<<<<<< SEARCH\n    out.push(i % bins);\n=======\n    out.push(",
      finishReason: "length",
    },
  ]);
  const { proposer } = await setup(mockOptions(server.url));
  const miss = await proposer.propose(request());
  assert.ok(!miss.ok && /does not match the current program/.test(miss.reason));
  const outside = await proposer.propose(request());
  assert.ok(!outside.ok && /outside the EVOLVE-BLOCKs/.test(outside.reason));
  const cut = await proposer.propose(request());
  assert.ok(!cut.ok && /not closed/.test(cut.reason) && /max_tokens limit/.test(cut.reason));
});

Deno.test("LlmProposer.propose() retries a 429 and records one call", async () => {
  await using server = startMockOpenAI([
    { status: 429, error: "slow down" },
    { content: DIFF_ANSWER },
  ]);
  const { proposer, logs } = await setup(mockOptions(server.url));
  const r = await proposer.propose(request());
  assert.ok(r.ok);
  assert.equal(logs.length, 1);
  assert.equal(logs[0].attempts, 2);
});

Deno.test("LlmProposer.propose() returns ok:false when 500s exhaust the retries", async () => {
  await using server = startMockOpenAI([], { status: 503, error: "overloaded" });
  const { proposer, logs } = await setup(mockOptions(server.url, undefined, { retries: 1 }));
  const r = await proposer.propose(request());
  assert.ok(!r.ok);
  assert.match(r.reason, /HTTP 503.*overloaded.*gave up after 2/);
  assert.equal(server.requests.length, 2);
  assert.equal(logs[0].outcome, "failed");
  assert.equal(logs[0].attempts, 2);
  assert.equal(logs[0].response, undefined);
});

Deno.test("LlmProposer.propose() throws on a rejected key, and no record, error or prompt holds the key", async () => {
  await using server = startMockOpenAI([], {
    status: 401,
    error: `Incorrect API key provided: ${FAKE_KEY}`,
  });
  const { proposer, logs } = await setup(mockOptions(server.url));
  // A key pasted into a program must not reach the model either.
  const leaky = request({
    parent: { id: "p1", source: PARENT.replace("// Balances", `// key ${FAKE_KEY}; balances`) },
    feedback: [`earlier error mentioned ${FAKE_KEY}`],
  });
  let error: unknown;
  try {
    await proposer.propose(leaky);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof LlmError && !error.transient);
  const seen = [
    String(error),
    (error as Error).stack ?? "",
    JSON.stringify(logs),
    JSON.stringify(server.requests.map((r) => r.body)),
    JSON.stringify(proposer.stats()),
    Deno.inspect(proposer, { depth: 8 }),
    proposer.render(leaky).user,
  ];
  for (const text of seen) assert.ok(!text.includes(FAKE_KEY), text.slice(0, 400));
  assert.equal(
    server.requests[0].authorization,
    `Bearer ${FAKE_KEY}`,
    "the key goes in the header only",
  );
});

Deno.test("LlmProposer.propose() gives up a slow answer after the timeout as ok:false", async () => {
  await using server = startMockOpenAI([], { delayMs: 20_000, content: DIFF_ANSWER });
  const { proposer } = await setup(
    mockOptions(server.url, undefined, { timeoutMs: 250, retries: 0 }),
  );
  const r = await proposer.propose(request());
  assert.ok(!r.ok && /no answer within 250 ms/.test(r.reason), JSON.stringify(r));
});

Deno.test("LlmProposer.propose() stops with BudgetExceeded and never spends past the dollar budget", async () => {
  // A realistic server: ~4 characters per prompt token, and the answer uses all of max_tokens.
  await using server = startMockOpenAI((req) => ({
    content: DIFF_ANSWER,
    usage: {
      prompt_tokens: Math.ceil(req.body.messages.reduce((n, m) => n + m.content.length, 0) / 4),
      completion_tokens: req.body.max_tokens!,
    },
  }));
  const budgetUsd = 0.02;
  const { proposer } = await setup(mockOptions(server.url, undefined, { budgetUsd }));
  let made = 0;
  let stop: unknown;
  while (!stop && made < 50) {
    try {
      assert.ok((await proposer.propose(request())).ok);
      made++;
    } catch (e) {
      stop = e;
    }
  }
  assert.ok(stop instanceof BudgetExceeded, String(stop));
  assert.match(stop.message, /dollar budget spent .*raise --budget-usd/);
  const spent = proposer.stats().spentUsd;
  assert.ok(made >= 3, `made ${made}`);
  assert.ok(spent <= budgetUsd, `spent ${spent}`);
  assert.ok(spent > budgetUsd / 2, `stopped early at ${spent}`);
  assert.equal(server.requests.length, made, "no request was sent for the refused call");
  await assert.rejects(() => proposer.propose(request()), BudgetExceeded);
  assert.equal(server.requests.length, made);
});

Deno.test("LlmProposer.propose() honours the engine's budgetLeftUsd (a resumed run's books)", async () => {
  await using server = startMockOpenAI(() => ({ content: DIFF_ANSWER }));
  const { proposer } = await setup(mockOptions(server.url));
  await assert.rejects(() => proposer.propose(request({ budgetLeftUsd: 0.0001 })), BudgetExceeded);
  assert.equal(server.requests.length, 0);
  assert.ok((await proposer.propose(request({ budgetLeftUsd: 1 }))).ok);
});

Deno.test("LlmProposer.propose() gives up when the run is aborted and says so", async () => {
  await using server = startMockOpenAI([], { delayMs: 20_000, content: DIFF_ANSWER });
  const { proposer, logs } = await setup(mockOptions(server.url));
  const controller = new AbortController();
  const pending = proposer.propose(request({ signal: controller.signal }));
  while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
  controller.abort();
  const r = await pending;
  assert.ok(!r.ok && /aborted/.test(r.reason), JSON.stringify(r));
  assert.equal(logs[0].outcome, "failed");
});

Deno.test("LlmProposer picks ensemble models by weight, reproducibly per seed", async () => {
  await using server = startMockOpenAI(() => ({ content: DIFF_ANSWER }));
  const options = mockOptions(server.url, [
    { model: "heavy", weight: 4 },
    { model: "light", weight: 1 },
  ]);
  const run = async () => {
    const { proposer } = await setup(options);
    const used: string[] = [];
    for (let seed = 0; seed < 40; seed++) {
      const r = await proposer.propose(request({ seed }));
      assert.ok(r.ok);
      used.push(r.proposal.usage!.model);
    }
    return used;
  };
  const first = await run();
  assert.deepEqual(await run(), first, "same seeds, same models");
  const heavy = first.filter((m) => m === "heavy").length;
  assert.ok(heavy >= 24 && heavy <= 38, `heavy used ${heavy}/40`);
  const sentModels = server.requests.map((r) => r.body.model);
  assert.deepEqual(sentModels.slice(0, 40), first, "the request names the chosen model");
});

Deno.test("LlmProposer.observe() feeds the bandit, which then prefers the model whose children gain", async () => {
  await using server = startMockOpenAI(() => ({ content: DIFF_ANSWER }));
  const options = mockOptions(
    server.url,
    [{ model: "stale" }, { model: "sharp" }],
    { selection: "bandit" },
  );
  const { proposer } = await setup(options);
  const picks: Record<string, number> = { stale: 0, sharp: 0 };
  for (let seed = 0; seed < 30; seed++) {
    const r = await proposer.propose(request({ seed }));
    assert.ok(r.ok);
    const model = r.proposal.usage!.model;
    picks[model]++;
    proposer.observe({
      proposal: r.proposal,
      parentScore: 0.5,
      childScore: model === "sharp" ? 0.6 : 0.5,
    });
  }
  assert.ok(picks.sharp > 2 * picks.stale, JSON.stringify(picks));
  const stats = proposer.stats().models;
  assert.equal(stats[1].label, "sharp");
  assert.ok(stats[1].meanReward > 0 && stats[0].meanReward === 0);
  assert.ok(Math.abs(stats[1].totalGain - 0.1 * picks.sharp) < 1e-9);
});

Deno.test("LlmProposer.observe() ignores proposals of other proposers", async () => {
  await using server = startMockOpenAI([]);
  const { proposer } = await setup(mockOptions(server.url));
  proposer.observe({
    proposal: { source: "", description: "", proposer: "offline:constant" },
    parentScore: 0,
    childScore: 1,
  });
  assert.equal(proposer.stats().models[0].rewards, 0);
});

import assert from "node:assert/strict";
import { Budget } from "../../../src/evolve/llm/budget.ts";
import { BudgetExceeded } from "../../../src/errors/mod.ts";

Deno.test("Budget.reserve() refuses a call whose worst case would pass the dollar limit", () => {
  const b = new Budget({ maxUsd: 1 });
  const r = b.reserve({ usd: 0.6, tokens: 10 });
  b.settle(r, { usd: 0.5, tokens: 8 });
  assert.deepEqual(b.spent, { usd: 0.5, tokens: 8, calls: 1 });
  b.settle(b.reserve({ usd: 0.5, tokens: 1 }), { usd: 0.5, tokens: 1 });
  assert.throws(() => b.reserve({ usd: 0.01, tokens: 1 }), BudgetExceeded);
  assert.ok(b.exhausted);
});

Deno.test("Budget.reserve() counts calls in flight at their worst case so concurrent calls cannot overshoot", () => {
  const b = new Budget({ maxUsd: 1 });
  const first = b.reserve({ usd: 0.7, tokens: 0 });
  assert.throws(() => b.reserve({ usd: 0.7, tokens: 0 }), (e: unknown) => {
    assert.ok(e instanceof BudgetExceeded);
    assert.equal(e.budget, "usd");
    assert.match(e.message, /budget-usd/);
    return true;
  });
  b.settle(first, { usd: 0.1, tokens: 0 });
  b.reserve({ usd: 0.7, tokens: 0 });
});

Deno.test("Budget.reserve() enforces the token limit independently", () => {
  const b = new Budget({ maxTokens: 100 });
  b.settle(b.reserve({ usd: 0, tokens: 60 }), { usd: 0, tokens: 60 });
  assert.throws(
    () => b.reserve({ usd: 0, tokens: 41 }),
    (e: unknown) => e instanceof BudgetExceeded && e.budget === "tokens",
  );
  b.reserve({ usd: 0, tokens: 40 });
});

Deno.test("Budget with no limits never refuses, and a failed call books nothing", () => {
  const b = new Budget();
  for (let i = 0; i < 100; i++) {
    b.settle(b.reserve({ usd: 1e6, tokens: 1e9 }), { usd: 0, tokens: 0 }, false);
  }
  assert.deepEqual(b.spent, { usd: 0, tokens: 0, calls: 0 });
  assert.equal(b.exhausted, false);
});

Deno.test("Budget.settle() is idempotent for one reservation", () => {
  const b = new Budget({ maxUsd: 1 });
  const r = b.reserve({ usd: 0.9, tokens: 0 });
  b.settle(r, { usd: 0.2, tokens: 0 });
  b.settle(r, { usd: 0.2, tokens: 0 });
  assert.equal(b.spent.usd, 0.2);
  b.reserve({ usd: 0.8, tokens: 0 });
});

Deno.test("Budget starts from the spend carried over from an earlier session", () => {
  const b = new Budget({ maxUsd: 1, maxTokens: 1000, spent: { usd: 0.95, tokens: 10 } });
  assert.throws(() => b.reserve({ usd: 0.1, tokens: 1 }), BudgetExceeded);
  b.reserve({ usd: 0.05, tokens: 1 });
});

Deno.test("Budget.reserve() also refuses what the caller's own books cannot cover", () => {
  const b = new Budget();
  const held = b.reserve({ usd: 0.3, tokens: 0 }, 0.5);
  assert.throws(() => b.reserve({ usd: 0.3, tokens: 0 }, 0.5), BudgetExceeded);
  b.settle(held, { usd: 0.3, tokens: 0 });
  // The caller's books now include the settled call, so its leftUsd shrinks accordingly.
  b.reserve({ usd: 0.2, tokens: 0 }, 0.2);
});

import assert from "node:assert/strict";
import { redact, REDACTED, Secret } from "../../../src/evolve/llm/redact.ts";
import { FAKE_KEY } from "./_fixtures.ts";

Deno.test("redact() replaces a known key wherever it appears", () => {
  const text = `401: Incorrect API key provided: ${FAKE_KEY}. Key=${FAKE_KEY}`;
  const out = redact(text, [FAKE_KEY]);
  assert.ok(!out.includes(FAKE_KEY));
  assert.equal(out.split(REDACTED).length - 1, 2);
});

Deno.test("redact() hides credential-shaped tokens it was never told about", () => {
  const cases: [string, string][] = [
    ["Authorization: Bearer abc.def-ghi_123", "abc.def-ghi_123"],
    ["key sk-proj-ABCDEFGHIJKLMNOPQRSTUV in text", "ABCDEFGHIJKLMNOPQRSTUV"],
    ["gemini AIzaSyA1234567890abcdefghijklmnopq here", "1234567890abcdefghij"],
    ["https://host/v1?key=supersecretvalue&x=1", "supersecretvalue"],
    ["https://user:hunter2pass@proxy.example/v1", "hunter2pass"],
  ];
  for (const [text, secret] of cases) {
    const out = redact(text);
    assert.ok(!out.includes(secret), `${text} -> ${out}`);
    assert.ok(out.includes(REDACTED), out);
  }
  assert.ok(redact("https://host/v1?key=x&x=1").endsWith("&x=1"));
});

Deno.test("redact() hides the longer of two overlapping keys whole", () => {
  assert.equal(
    redact("k=secret-abc-and-more", ["secret-abc", "secret-abc-and-more"]),
    `k=${REDACTED}`,
  );
});

Deno.test("redact() leaves ordinary text and very short placeholder keys alone", () => {
  assert.equal(redact("const x = 1; // none", ["none", ""]), "const x = 1; // none");
});

Deno.test("Secret never shows its value when printed, serialised or inspected", () => {
  const s = new Secret(FAKE_KEY);
  const shown = [
    String(s),
    `${s}`,
    JSON.stringify({ s }),
    Deno.inspect(s),
    Deno.inspect({ nested: { s } }, { depth: 5 }),
  ];
  for (const text of shown) assert.ok(!text.includes(FAKE_KEY), text);
  assert.equal(s.reveal(), FAKE_KEY);
});

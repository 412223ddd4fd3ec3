// Tests draft's LLM path with the real `openai` client against a loopback mock: the first answer
// has a rule that does not type-check (the located error goes back and the repair is used), a rule
// the function breaks (the researcher is asked, with the counterexample), and after the audit a
// survivor-killing rule raises the mutation score.
import assert from "node:assert/strict";
import { join } from "node:path";
import { type BrokenRule, draftSpec, llmAdvisor, yamlBlock } from "../../src/draft/mod.ts";
import { loadSpec } from "../../src/spec/mod.ts";
import { startMockOpenAI } from "../../src/testing/mod.ts";
import { inDraftDir, mockClient } from "./_setup.ts";

const yaml = (text: string) => "Here is the proposal.\n```yaml\n" + text + "```\n";

const INPUT = `input:
  type: object
  properties:
    xs: { type: array, items: { type: integer, minimum: -50, maximum: 50 }, maxItems: 12 }
    k: { type: integer, minimum: 0, maximum: 12 }
  required: [xs, k]
`;
const RULES = `invariants:
  - { id: length, doc: at most k values, check: "output.length <= input.k" }
  - { id: exactly-k, doc: exactly k values, check: "output.length === input.k" }
  - id: descending
    doc: largest first
    check: "all(range(output.length - 1), (i) => output[i] >= output[i + 1])"
`;
// The first answer misspells a property in one rule: a load error the repair must fix.
const PROPOSE = yaml(
  `description: the k largest values of xs, largest first\n${INPUT}` +
    RULES.replace("output.length <= input.k", "output.lenght <= input.k"),
);
const REPAIR = yaml(RULES);
const KILL = yaml(`invariants:
  - id: from-input
    doc: every value returned occurs in xs at least as often
    check: "all(Object.entries(histogram(output)), ([v, c]) => (histogram(input.xs)[v] ?? 0) >= c)"
  - id: largest
    doc: nothing left out is larger than the smallest value returned
    check: "output.length === 0 || count(input.xs, (x) => x > output[output.length - 1]) < output.length"
`);

Deno.test("draftSpec() with an LLM repairs a load error, asks about a broken rule and kills survivors", async () => {
  await using server = startMockOpenAI([{ content: PROPOSE }, { content: REPAIR }, {
    content: KILL,
  }]);
  const client = mockClient(server.url);
  await inDraftDir(
    "specs/examples/topk/program.ts",
    "topk.ts",
    async ({ dir, modulePath, sandbox }) => {
      const asked: BrokenRule[] = [];
      const result = await draftSpec({
        modulePath,
        entry: "topK",
        out: join(dir, "topk.yaml"),
        description: "Return the k largest values of xs.",
        sandbox,
        advisor: llmAdvisor(client),
        auditMutants: 4,
        ask: (rule) => {
          asked.push(rule);
          return Promise.resolve("drop");
        },
      });
      assert.equal(server.requests.length, 3);
      // The repair prompt carries the loader's located error for the typo.
      const repairPrompt = server.requests[1].body.messages.map((m) => m.content).join("\n");
      assert.match(repairPrompt, /topk\.yaml:\d+:\d+/);
      assert.match(repairPrompt, /lenght/);
      assert.equal(result.repairs, 1);
      // topK returns fewer than k values when xs is shorter: the function breaks exactly-k.
      assert.ok(asked.some((r) => r.id === "exactly-k"), JSON.stringify(asked));
      const broken = asked.find((r) => r.id === "exactly-k")!;
      const ce = broken.counterexample as { xs: number[]; k: number };
      assert.ok(ce.xs.length < ce.k, JSON.stringify(ce));
      // The survivor prompt lists the audit's survivors; the new rules the function passes are kept.
      assert.match(server.requests[2].body.messages.map((m) => m.content).join("\n"), /survived/);
      assert.deepEqual([...result.auditRules].sort(), ["from-input", "largest"]);
      assert.ok(
        result.score !== null && result.scoreAfter !== undefined && result.scoreAfter !== null,
      );
      assert.ok(result.scoreAfter > result.score, `${result.score} -> ${result.scoreAfter}`);
      const spec = await loadSpec(result.path);
      assert.deepEqual(
        spec.invariants.map((r) => r.id),
        ["length", "descending", "from-input", "largest"],
      );
    },
  ).finally(() => client.close());
});

Deno.test("draftSpec() sends an input the function fails on back to the LLM, which narrows the schema", async () => {
  const narrowed = yaml(`input:
  type: object
  properties:
    total: { type: integer, minimum: 0, maximum: 1000 }
    parts: { type: integer, minimum: 1, maximum: 8 }
  required: [total, parts]
`);
  // First answer: nothing to add; the keyless schema lets `parts` be 0 or 0.5 (new Array throws).
  await using server = startMockOpenAI([{ content: yaml("{}\n") }, { content: narrowed }], {
    content: yaml("invariants: []\n"),
  });
  const client = mockClient(server.url);
  await inDraftDir(
    "tests/audit/fixtures/shares/program.ts",
    "shares.ts",
    async ({ dir, modulePath, sandbox }) => {
      const result = await draftSpec({
        modulePath,
        entry: "split",
        out: join(dir, "shares.yaml"),
        sandbox,
        advisor: llmAdvisor(client),
        auditMutants: 2,
        ask: () => Promise.resolve("drop"),
      });
      const repairPrompt = server.requests[1].body.messages.map((m) => m.content).join("\n");
      assert.match(repairPrompt, /fails on this generated input/);
      assert.match(repairPrompt, /"parts":0/);
      assert.equal(result.repairs, 1);
      assert.equal(
        result.failure,
        undefined,
        "the narrowed schema gives the function valid inputs",
      );
      assert.deepEqual(result.rules, ["finite-numbers", "output-length-parts"]);
      assert.doesNotMatch(await Deno.readTextFile(result.path), /WARNING/);
    },
  ).finally(() => client.close());
});

Deno.test("yamlBlock() reads the first fenced block and gives {} for prose or a list", () => {
  assert.deepEqual(yamlBlock("x\n```yaml\nscore: -error\n```"), { score: "-error" });
  assert.deepEqual(yamlBlock("no block here"), {});
  assert.deepEqual(yamlBlock("```yaml\n- a\n```"), {});
  assert.deepEqual(yamlBlock("```yaml\n: : :\n```"), {});
});

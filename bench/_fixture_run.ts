// Builds run databases through the Store API for the bench and the UI tests (they import it from
// here, so bench/ never imports tests/): programs in a lineage over islands, passing and failing
// evaluations (rules, counterexamples), holdout scores, events, island copies and LLM calls — with
// hostile text where a page must escape it.
import { createHash } from "node:crypto";
import type { Evaluation, ScoredSet, StageResult } from "../src/evaluate/types.ts";
import { createRunDir, openRunStore, type Store } from "../src/evolve/database/mod.ts";
import { type ProgramRecord } from "../src/evolve/records/mod.ts";
import { Rng } from "../src/random/rng.ts";

/** A program whose text tries to close the page's script and run its own. */
export const HOSTILE_SOURCE = `// EVOLVE-BLOCK-START
// </script><script>alert("source")</script>
export function solve(xs: number[]): string {
  return "<img src=x onerror=alert('img')>" + xs.length;
}
// EVOLVE-BLOCK-END
`;

/** An LLM answer full of markup. */
export const HOSTILE_ANSWER =
  `Sure! <script>alert("answer")</script><img src=x onerror="alert('answer-img')">` +
  "\n```ts\n// </script><b>bold?</b>\n```";

/** A failure message and rule doc with markup in them. */
export const HOSTILE_MESSAGE = `invariant: <svg onload=alert("message")> broke`;

export interface FixtureOptions {
  /** Programs besides the initial one. @default 40 */
  readonly programs?: number;
  readonly islands?: number;
  readonly seed?: number;
  /** Leave the run "running" (with the last program not yet evaluated). @default false */
  readonly running?: boolean;
  /** Record an LLM call per iteration. @default true */
  readonly llm?: boolean;
  /** Source each program starts from (a line per iteration is appended). @default a one-liner */
  readonly baseSource?: string;
}

export interface FixtureRun {
  readonly dir: string;
  readonly name: string;
  readonly initialId: number;
  readonly bestId: number;
  readonly hostileId: number;
  /** The first program that broke an invariant (rule, counterexample, output). */
  readonly failedId: number;
  readonly pendingId?: number;
  readonly bestTrain: number;
  readonly store: Store;
}

const FEATURES = { code_length: 100, loops: 2, branches: 3, functions: 1, calls: 4 };

function scored(score: number, workloads: readonly string[]): ScoredSet {
  const metric = (w: number) => ({ balancedness: score - 0.01 * w, runtime_ms: 2 + w });
  return {
    score,
    metrics: metric(0),
    perWorkload: Object.fromEntries(workloads.map((name, i) => [name, metric(i)])),
  };
}

function passing(score: number): Evaluation {
  const train = scored(score, ["train-0.json", "train-1.json"]);
  const stages: StageResult[] = [
    { stage: "typecheck", ok: true, ms: 60 },
    { stage: "properties", ok: true, ms: 300, cases: 200 },
    { stage: "quick", ok: true, ms: 200, result: scored(score, ["train-0.json"]) },
    { stage: "train", ok: true, ms: 900, result: train },
  ];
  return { ok: true, stages, train };
}

function failing(i: number, message: string): Evaluation {
  const failure = i % 3 === 0
    ? { category: "type" as const, message: `type: TS2322 at line ${i}`, line: 3, column: 7 }
    : {
      category: "invariant" as const,
      message,
      rule: "every-expert-served",
      doc: "each logical expert keeps at least one replica <b>(no dropped requests)</b>",
      counterexample: { weight: [[1, 2, 3], [4, 5, 6]], numReplicas: 4 },
      output: '{"logcnt":[[0,2,2]]}',
      seed: 42,
      path: "0:1",
    };
  const stages: StageResult[] = failure.category === "type"
    ? [{ stage: "typecheck", ok: false, ms: 50, failure }]
    : [{ stage: "typecheck", ok: true, ms: 55 }, {
      stage: "properties",
      ok: false,
      ms: 120,
      cases: 13,
      failure,
    }];
  return { ok: false, stages, failure };
}

/** Creates a run under `root` with `programs` programs and everything a page shows. */
export function makeFixtureRun(root: string, options: FixtureOptions = {}): FixtureRun {
  const n = options.programs ?? 40;
  const islands = options.islands ?? 4;
  const rng = new Rng(options.seed ?? 7);
  const dir = createRunDir(root, "eplb");
  const store = openRunStore(dir);
  store.createRun({
    specName: "eplb",
    specHash: "f".repeat(64),
    config: { evolve: { islands, iterations: n } },
    rngState: { algorithm: "test", seed: options.seed ?? 7 },
  });
  store.addEvent({ kind: "started", payload: { seed: 7 } });
  const add = (
    source: string,
    parent: ProgramRecord | undefined,
    iteration: number,
    proposer: string,
  ) =>
    store.addProgram({
      source,
      hash: createHash("sha256").update(source).digest("hex"),
      parentId: parent?.id,
      island: parent ? iteration % islands : 0,
      generation: parent ? (parent.generation + 1) : 0,
      iteration,
      seed: iteration * 31,
      proposer,
      description: `change ${iteration} <i>in place</i>`,
      features: FEATURES,
      usage: proposer.startsWith("llm:")
        ? { model: "gpt-test", inputTokens: 1200, outputTokens: 300, costUsd: 0.002 }
        : undefined,
    });
  const initial = add("export function solve() { return 1; }\n", undefined, 0, "initial");
  store.recordEvaluation(initial.id, passing(0.3), 1500);
  store.recordHoldout(initial.id, {
    stage: "holdout",
    ok: true,
    ms: 800,
    result: scored(0.28, ["holdout-0.json"]),
  });
  const parents: { program: ProgramRecord; score: number }[] = [{ program: initial, score: 0.3 }];
  let best = { id: initial.id, score: 0.3 };
  let failedId = 0;
  let hostileId = 0;
  let pendingId: number | undefined;
  for (let it = 1; it <= n; it++) {
    const parent =
      parents[Math.min(parents.length - 1, Math.floor(rng.float() ** 2 * parents.length))];
    const hostile = it === 2;
    const source = hostile
      ? HOSTILE_SOURCE
      : `${options.baseSource ?? "export function solve() { return 1; }\n"}// v${it}\n`;
    const proposer = options.llm === false ? "offline:constant" : "llm:gpt-test";
    const p = add(source, parent.program, it, proposer);
    if (options.llm !== false) {
      store.addLlmCall({
        iteration: it,
        model: "gpt-test",
        prompt: `## Task\nImprove program #${parent.program.id} <b>carefully</b>`,
        response: hostile ? HOSTILE_ANSWER : `Changed the constant to ${it}.`,
        inputTokens: 1200,
        outputTokens: 300,
        costUsd: 0.002,
        ms: 900,
      });
    }
    if (hostile) hostileId = p.id;
    if (options.running && it === n) {
      pendingId = p.id;
      break;
    }
    if (rng.float() < 0.35 && !hostile) {
      const evaluation = failing(it, HOSTILE_MESSAGE);
      store.recordEvaluation(p.id, evaluation, 200);
      if (evaluation.failure?.category === "invariant") failedId ||= p.id;
      continue;
    }
    const score = Math.min(0.95, parent.score + (rng.float() - 0.45) * 0.05);
    store.recordEvaluation(p.id, passing(score), 1500);
    parents.push({ program: p, score });
    if (score > best.score) {
      best = { id: p.id, score };
      store.recordHoldout(p.id, {
        stage: "holdout",
        ok: true,
        ms: 800,
        result: scored(score - 0.03, ["holdout-0.json"]),
      });
      store.addEvent({
        kind: "new-best",
        iteration: it,
        programId: p.id,
        payload: { trainScore: score },
      });
    }
    if (it % 10 === 0) {
      store.addIslandCopies([{ programId: best.id, island: (it / 10) % islands, iteration: it }]);
      store.addEvent({
        kind: "migration",
        iteration: it,
        payload: { migrants: [{ programId: best.id, from: 0, to: (it / 10) % islands }] },
      });
    }
    if (it % 7 === 0) {
      store.addEvent({ kind: "duplicate-rejected", iteration: it, payload: { duplicateOf: 1 } });
    }
  }
  store.addEvent({ kind: "proposal-failed", iteration: n, payload: { reason: "<b>no diff</b>" } });
  if (!options.running) {
    store.addEvent({ kind: "stopped", payload: { reason: "iterations" } });
    store.updateRun({
      status: "finished",
      stopReason: "iterations",
      finishedAt: new Date().toISOString(),
    });
  }
  return {
    dir,
    name: dir.split("/").pop()!,
    initialId: initial.id,
    bestId: best.id,
    hostileId,
    failedId,
    pendingId,
    bestTrain: best.score,
    store,
  };
}

import assert from "node:assert/strict";
import {
  type ControlMessage,
  type ControlSource,
  parseControlCommand,
  sendControl,
  StoreControlSource,
} from "../../../src/evolve/engine/control.ts";
import { SqliteStore } from "../../../src/evolve/database/sqlite_store.ts";
import { EvolveError, exitCodeOf } from "../../../src/errors/mod.ts";
import { FakeProposer, program } from "../_fakes.ts";
import { runEngine } from "./_engine.ts";

/** Answers each poll with the next scripted batch, then nothing. */
class ScriptedControl implements ControlSource {
  polls = 0;
  readonly #batches: ControlMessage[][];
  readonly #onPoll: (poll: number) => void;
  constructor(batches: ControlMessage[][], onPoll: (poll: number) => void = () => {}) {
    this.#batches = batches;
    this.#onPoll = onPoll;
  }
  poll(): Promise<ControlMessage[]> {
    this.#onPoll(this.polls);
    return Promise.resolve(this.#batches[this.polls++] ?? []);
  }
}

Deno.test("evolve() starts no candidate while paused and goes on after resume", async () => {
  const proposer = new FakeProposer();
  let requestsWhilePaused = -1;
  const control = new ScriptedControl(
    [[], [{ kind: "pause" }], [], [], [], [{ kind: "resume" }]],
    (poll) => poll === 5 && (requestsWhilePaused = proposer.requests.length),
  );
  const { store, result } = await runEngine({
    proposer,
    control,
    pollMs: 1,
    evolveConfig: { iterations: 4 },
  });
  assert.equal(requestsWhilePaused, 0, "paused before the first proposal: none made while paused");
  assert.equal(result.stopReason, "iterations");
  assert.equal(proposer.requests.length, 4);
  assert.deepEqual(store.listEvents(["pause", "resume"]).map((e) => e.kind), ["pause", "resume"]);
  store.close();
});

Deno.test("evolve() shows every hint to the proposer from the moment it arrives", async () => {
  const store = SqliteStore.open(":memory:");
  sendControl(store, { kind: "hint", text: "try sorting by load" });
  const { proposer } = await runEngine({ store, evolveConfig: { iterations: 3 } });
  assert.ok(proposer.requests.every((r) => r.hints?.[0] === "try sorting by load"));
  assert.deepEqual(
    store.listEvents(["hint"]).map((e) => (e.payload as { text: string }).text),
    ["try sorting by load"],
  );
  store.close();
});

Deno.test("evolve() evaluates an injected program as proposer 'human' and can select it", async () => {
  const store = SqliteStore.open(":memory:");
  sendControl(store, { kind: "inject", source: program(100), description: "hand-tuned" });
  const { proposer, result } = await runEngine({ store, evolveConfig: { iterations: 6 } });
  const human = store.listPrograms().find((p) => p.proposer === "human")!;
  assert.equal(human.description, "hand-tuned");
  assert.equal(human.parentId, undefined);
  assert.equal(human.evaluation?.train?.score, 100);
  assert.ok(result.best!.trainScore >= 100, "the search builds on it");
  assert.ok(proposer.requests.some((r) => r.parent.id === String(human.id)));
  assert.equal(store.listEvents(["inject"])[0].programId, human.id);
  store.close();
});

Deno.test("evolve() rejects an injected duplicate of a known program", async () => {
  const store = SqliteStore.open(":memory:");
  sendControl(store, { kind: "inject", source: `${program(1)}// same as the initial program\n` });
  await runEngine({ store, evolveConfig: { iterations: 2 } });
  assert.equal(store.listPrograms().filter((p) => p.proposer === "human").length, 0);
  const dup = store.listEvents(["duplicate-rejected"])[0];
  assert.equal((dup.payload as { proposer: string }).proposer, "human");
  store.close();
});

Deno.test("StoreControlSource.poll() returns valid steer commands once and skips bad ones", async () => {
  const store = SqliteStore.open(":memory:");
  const source = new StoreControlSource(store);
  sendControl(store, { kind: "pause" });
  store.addEvent({ kind: "steer", payload: { kind: "explode" } });
  sendControl(store, { kind: "hint", text: "h" });
  const polled = await source.poll();
  assert.deepEqual(polled.map((m) => m.kind), ["pause", "hint"]);
  assert.ok(polled.every((m) => typeof m.steerEventId === "number"));
  assert.equal(source.rejected.length, 1);
  assert.match(source.rejected[0].reason, /unknown command kind "explode"/);
  assert.deepEqual(await source.poll(), []);
  store.close();
});

Deno.test("sendControl() refuses a malformed command with a usage error", () => {
  const store = SqliteStore.open(":memory:");
  assert.throws(
    () => sendControl(store, { kind: "hint", text: "  " }),
    (e: unknown) =>
      e instanceof EvolveError && exitCodeOf(e.kind) === 64 && /non-empty text/.test(e.message),
  );
  assert.equal(typeof parseControlCommand({ kind: "inject" }), "string");
  assert.equal(store.listEvents().length, 0);
  store.close();
});

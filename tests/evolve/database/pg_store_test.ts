// Tests the PostgreSQL run store against a real throwaway cluster (one per file): the same reads as
// the SQLite store after the same writes, migrations, read-only sessions, the coordinator lock and
// reconnecting after a server restart.
import assert from "node:assert/strict";
import pg from "pg";
import { PgStore } from "../../../src/evolve/database/pg_store.ts";
import { PG_MIGRATIONS } from "../../../src/evolve/database/pg_migrations.ts";
import { MIGRATIONS } from "../../../src/evolve/database/migrations.ts";
import { SqliteStore } from "../../../src/evolve/database/sqlite_store.ts";
import {
  copyPostgresToSqlite,
  copySqliteToPostgres,
} from "../../../src/evolve/database/transfer.ts";
import { tempDbPath } from "./_store.ts";
import type { Store } from "../../../src/evolve/database/store.ts";
import { fakeEvaluation, program } from "../_fakes.ts";
import { newProgram } from "./_store.ts";
import { skipWithoutPostgres, startTestCluster } from "../../_helpers/postgres.ts";

const ignore = skipWithoutPostgres();

const RUN = {
  specName: "fake",
  specHash: "h1",
  config: { evolve: { iterations: 3 } },
  rngState: { algorithm: "x", seed: 9 },
};

/** The same writes the engine makes over a short run. */
function writeRun(store: Store): void {
  store.createRun(RUN);
  const usage = { model: "m", inputTokens: 10, outputTokens: 5, costUsd: 0.25 };
  const a = store.addProgram(newProgram(program(1.5), { seed: 4_000_000_000, usage, diff: "d" }));
  store.recordEvaluation(a.id, fakeEvaluation(program(1.5), true), 12.5);
  const b = store.addProgram(newProgram(program(0.5), { parentId: a.id, iteration: 1 }));
  store.recordEvaluation(b.id, fakeEvaluation(program(0.5), false), 3);
  store.addProgram(newProgram(program(2), { parentId: a.id, iteration: 2 }));
  store.addIslandCopies([{ programId: a.id, island: 1, iteration: 2 }]);
  store.addIslandCopies([{ programId: a.id, island: 1, iteration: 3 }]);
  store.addEvent({ kind: "started", payload: { seed: 1 } });
  store.addEvent({ kind: "steer", payload: { kind: "pause" } });
  store.addLlmCall({
    iteration: 1,
    model: "m",
    prompt: "p",
    response: "r",
    inputTokens: 3,
    outputTokens: 4,
    costUsd: 0.01,
    ms: 5,
  });
  store.updateRun({ status: "finished", stopReason: "iterations", config: { x: 1 } });
}

/** Every read of the RunReader (times aside unless `withTimes`). */
function readAll(store: Store, withTimes = false): unknown {
  const strip = (v: unknown): unknown =>
    JSON.parse(
      JSON.stringify(v, (k, x) => !withTimes && /(At|^time)$/.test(k) ? undefined : x),
    );
  return strip({
    run: store.getRun(),
    programs: store.listPrograms(),
    summaries: store.listProgramSummaries({ offset: 1, limit: 5 }),
    children: store.listProgramSummaries({ parentId: 1 }),
    stages: store.listStageOutcomes(),
    one: store.getProgram(2),
    copies: store.listIslandCopies(),
    events: store.listEvents(undefined, { newestFirst: true }),
    steer: store.listEvents(["steer"], { unprocessed: true }),
    taken: store.takeSteerEvents().map((e) => e.kind),
    afterTake: store.listEvents(["steer"], { unprocessed: true }),
    calls: store.listLlmCalls({ program: { id: 99, iteration: 1 } }),
    usage: store.listLlmUsage(),
  });
}

Deno.test({
  name: "PgStore",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async (t) => {
    const cluster = await startTestCluster();
    try {
      await t.step("reads back exactly what SqliteStore reads after the same writes", () => {
        const pg = PgStore.open(cluster.url, "parity");
        const lite = SqliteStore.open(":memory:");
        writeRun(pg);
        writeRun(lite);
        assert.deepEqual(readAll(pg), readAll(lite));
        pg.close();
        lite.close();
      });

      await t.step("a run copied SQLite -> PostgreSQL -> SQLite reads exactly as before", () => {
        const path = tempDbPath();
        const lite = SqliteStore.open(path);
        writeRun(lite);
        lite.close();
        const rows = copySqliteToPostgres(path, cluster.url, "moved");
        assert.ok(rows >= 9, `copied ${rows} rows`);
        const back = `${path}.back`;
        copyPostgresToSqlite(cluster.url, "moved", back);
        const [a, b, pg] = [
          SqliteStore.open(path),
          SqliteStore.open(back),
          PgStore.open(cluster.url, "moved"),
        ];
        const want = readAll(a, true);
        assert.deepEqual(readAll(pg, true), want);
        assert.deepEqual(readAll(b, true), want);
        // New rows continue after the copied ids.
        assert.equal(pg.addProgram(newProgram(program(9))).id, 4);
        assert.throws(
          () => copySqliteToPostgres(path, cluster.url, "moved"),
          /already holds a run/,
        );
        [a, b, pg].forEach((s) => s.close());
      });

      await t.step("has the same schema versions as the SQLite migrations", () => {
        assert.deepEqual(PG_MIGRATIONS.map((m) => m.version), MIGRATIONS.map((m) => m.version));
        const pg = PgStore.open(cluster.url, "parity");
        pg.close();
      });

      await t.step("keeps runs apart: one schema per run", () => {
        const a = PgStore.open(cluster.url, "run_a");
        a.createRun(RUN);
        const b = PgStore.open(cluster.url, "run_b");
        assert.equal(b.getRun(), undefined);
        a.close();
        b.close();
      });

      await t.step("rolls back a transaction that throws", () => {
        const s = PgStore.open(cluster.url, "rollback");
        s.createRun(RUN);
        assert.throws(() =>
          s.transaction(() => {
            s.addProgram(newProgram(program(1)));
            throw new Error("boom");
          }), /boom/);
        assert.equal(s.listPrograms().length, 0);
        s.close();
      });

      await t.step("opens read-only: writes are refused, a missing run is an error", async () => {
        assert.throws(
          () => PgStore.open(cluster.url, "nothing_here", { readOnly: true }),
          /not a run database/,
        );
        const c = new pg.Client({ connectionString: cluster.url });
        await c.connect();
        const ns = await c.query("SELECT to_regnamespace('nothing_here') AS ns");
        await c.end();
        assert.equal(ns.rows[0].ns, null, "a reader creates no schema");
        const r = PgStore.open(cluster.url, "parity", { readOnly: true });
        assert.equal(r.getRun()?.specName, "fake");
        assert.throws(() => r.addEvent({ kind: "started", payload: null }), /read-only/);
        r.close();
      });

      await t.step("refuses a second coordinator on one run (advisory lock)", () => {
        const first = PgStore.open(cluster.url, "locked", { exclusive: true });
        assert.throws(
          () => PgStore.open(cluster.url, "locked", { exclusive: true }),
          /another coordinator is driving this run/,
        );
        first.close();
        const again = PgStore.open(cluster.url, "locked", { exclusive: true });
        again.close();
      });

      await t.step("rejects a schema name that is not a plain identifier", () => {
        assert.throws(() => PgStore.open(cluster.url, 'x"; DROP TABLE run; --'), /run schema name/);
      });

      await t.step("never shows the password in its location", () => {
        const url = cluster.url.replace("spec@", "spec:s3cret@");
        const s = PgStore.open(url, "parity"); // trust auth ignores the password
        assert.ok(!s.location.includes("s3cret"), s.location);
        s.close();
      });

      await t.step("reconnects after PostgreSQL restarts between statements", async () => {
        const s = PgStore.open(cluster.url, "restart");
        s.createRun(RUN);
        await cluster.restart();
        s.addEvent({ kind: "started", payload: null });
        assert.equal(s.listEvents().length, 1);
        s.close();
      });
    } finally {
      await cluster.stop();
    }
  },
});

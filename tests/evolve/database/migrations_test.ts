import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import {
  migrate,
  type Migration,
  MIGRATIONS,
  SCHEMA_VERSION,
  schemaVersion,
} from "../../../src/evolve/database/migrations.ts";
import { SqliteStore } from "../../../src/evolve/database/sqlite_store.ts";
import { EvolveError } from "../../../src/errors/mod.ts";
import { fakeEvaluation, program } from "../_fakes.ts";
import { newProgram, tempDbPath } from "./_store.ts";

Deno.test("SqliteStore.open() brings a new file to the latest schema version", () => {
  const path = tempDbPath();
  SqliteStore.open(path).close();
  const db = new DatabaseSync(path);
  assert.equal(schemaVersion(db), SCHEMA_VERSION);
  assert.equal(SCHEMA_VERSION, MIGRATIONS.length);
  db.close();
});

Deno.test("SqliteStore.open() upgrades a version-1 database in place, keeping its data", () => {
  const path = tempDbPath();
  const old = new DatabaseSync(path);
  migrate(old, MIGRATIONS.slice(0, 1));
  assert.equal(schemaVersion(old), 1);
  old.prepare(
    `INSERT INTO programs (source, hash, island, generation, iteration, proposer, description,
       features_json, created_at) VALUES ('src', 'h', 0, 0, 0, 'initial', 'd', '{}', 'now')`,
  ).run();
  old.prepare(
    `INSERT INTO evaluations (program_id, ok, stages_json, train_score, eval_ms, wall_ms,
       created_at) VALUES (1, 1, '[]', 0.5, 1, 1, 'now')`,
  ).run();
  old.close();

  const store = SqliteStore.open(path);
  assert.equal(store.listPrograms()[0].evaluation?.ok, true);
  store.close();
  const db = new DatabaseSync(path);
  assert.equal(schemaVersion(db), SCHEMA_VERSION);
  const best = db.prepare("SELECT id, train_score FROM best_programs").all();
  assert.deepEqual(best.map((r) => ({ ...r })), [{ id: 1, train_score: 0.5 }]);
  db.close();
});

Deno.test("migrate() applies only the migrations a database lacks, in order", () => {
  const db = new DatabaseSync(":memory:");
  const applied: number[] = [];
  const steps: Migration[] = [1, 2, 3].map((version) => ({
    version,
    description: `step ${version}`,
    sql: `CREATE TABLE t${version} (x); INSERT INTO t${version} VALUES (${version});`,
  }));
  assert.deepEqual(migrate(db, steps.slice(0, 2)), { from: 0, to: 2 });
  assert.deepEqual(migrate(db, steps), { from: 2, to: 3 });
  for (const v of [1, 2, 3]) {
    applied.push(...db.prepare(`SELECT x FROM t${v}`).all().map((r) => Number(r.x)));
  }
  assert.deepEqual(applied, [1, 2, 3]);
  assert.deepEqual(migrate(db, steps), { from: 3, to: 3 });
  db.close();
});

Deno.test("migrate() rolls back a failing migration and leaves the earlier ones in place", () => {
  const db = new DatabaseSync(":memory:");
  const steps: Migration[] = [
    { version: 1, description: "ok", sql: "CREATE TABLE a (x);" },
    { version: 2, description: "broken", sql: "CREATE TABLE b (x); SELECT * FROM missing;" },
  ];
  assert.throws(
    () => migrate(db, steps),
    (e: unknown) =>
      e instanceof EvolveError && /migration 2 \(broken\) failed/.test(e.message) &&
      /left at version 1/.test(e.message),
  );
  assert.equal(schemaVersion(db), 1);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
  assert.deepEqual(tables.map((t) => t.name), ["a"]);
  db.close();
});

Deno.test("migrate() refuses a database written by a newer specevolve", () => {
  const path = tempDbPath();
  const db = new DatabaseSync(path);
  db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
  db.close();
  assert.throws(
    () => SqliteStore.open(path),
    (e: unknown) =>
      e instanceof EvolveError && /newer than this specevolve/.test(e.message) &&
      e.message.includes(path),
  );
});

Deno.test("best_programs lists evaluated ok programs by train score, best first", () => {
  const path = tempDbPath();
  const store = SqliteStore.open(path);
  for (
    const [i, source] of [program(0.5), program(2), program(9, "// FAIL:timeout"), program(1)]
      .entries()
  ) {
    const p = store.addProgram(newProgram(source, { iteration: i }));
    store.recordEvaluation(p.id, fakeEvaluation(source, false), 1);
  }
  store.addProgram(newProgram(program(7), { iteration: 9 })); // pending: no evaluation yet
  store.close();
  const db = new DatabaseSync(path, { readOnly: true });
  const rows = db.prepare("SELECT id, train_score, holdout_score FROM best_programs").all();
  assert.deepEqual(rows.map((r) => [r.id, r.train_score]), [[2, 2], [4, 1], [1, 0.5]]);
  db.close();
});

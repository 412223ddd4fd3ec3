// Tests where a PostgreSQL store's URL comes from and how it is shown: never a password.
import assert from "node:assert/strict";
import {
  isPostgresUrl,
  redactUrl,
  resolveDatabaseUrl,
} from "../../../src/evolve/database/pg_url.ts";
import { runSchemaName } from "../../../src/evolve/database/run_dir.ts";

Deno.test("redactUrl() drops the password and keeps user, host, port and database", () => {
  assert.equal(redactUrl("postgres://ann:s3cret@db:5433/lab"), "postgres://ann@db:5433/lab");
  assert.equal(redactUrl("postgres://ann@db/lab"), "postgres://ann@db/lab");
});

Deno.test("resolveDatabaseUrl() refuses a password on the command line", () => {
  assert.throws(
    () => resolveDatabaseUrl("postgres://ann:s3cret@db/lab", {}, "evolve"),
    (e: Error) => /carries a password/.test(e.message) && !e.message.includes("s3cret"),
  );
});

Deno.test("resolveDatabaseUrl() prefers SPECEVOLVE_DATABASE_URL, which may hold the password", () => {
  const env = { SPECEVOLVE_DATABASE_URL: "postgres://ann:s3cret@db/lab" };
  assert.equal(resolveDatabaseUrl("postgres://ann@db/lab", env, "x"), env.SPECEVOLVE_DATABASE_URL);
  assert.equal(resolveDatabaseUrl("postgres://ann@db/lab", {}, "x"), "postgres://ann@db/lab");
  assert.throws(() => resolveDatabaseUrl(undefined, { SPECEVOLVE_DATABASE_URL: "mysql://x" }, "x"));
});

Deno.test("isPostgresUrl() tells URLs from paths", () => {
  assert.ok(isPostgresUrl("postgresql://h/d"));
  assert.ok(!isPostgresUrl("specs/eplb.yaml"));
});

Deno.test("runSchemaName() makes a plain identifier of any run folder name", () => {
  assert.equal(runSchemaName("runs/eplb-2026-11-26T10-00-00"), "eplb_2026_11_26t10_00_00");
  assert.equal(runSchemaName("runs/9lives"), "r_9lives");
  assert.match(runSchemaName(`runs/${"x".repeat(100)}`), /^[a-z_][a-z0-9_]{0,62}$/);
});

// Owns the run Store over PostgreSQL: the same records, schema versions and transactions as the
// SQLite store, one run per PostgreSQL schema, so a lab shares one database among many runs and
// the reports and the UI read it through the same RunReader.
import type { Evaluation, StageResult } from "../../evaluate/types.ts";
import { EvolveError } from "../../errors/mod.ts";
import { PgConnection, type PgConnectionOptions } from "./_pg_conn.ts";
import { pgMigrate } from "./pg_migrations.ts";
import { redactUrl } from "./pg_url.ts";
import {
  type Row,
  rowToEvaluation,
  rowToEvent,
  rowToLlmCall,
  rowToProgram,
  rowToRun,
  rowToStageOutcomes,
  rowToSummary,
  toJson,
} from "./_rows.ts";
import type { EventQuery, LlmCallQuery, Page, ProgramQuery, Store } from "./store.ts";
import type {
  EventKind,
  EventRecord,
  IslandCopy,
  LlmCallRecord,
  LlmUsageRecord,
  NewEvent,
  NewLlmCall,
  NewProgram,
  NewRun,
  ProgramRecord,
  ProgramSummary,
  RunPatch,
  RunRecord,
  StageOutcomes,
  StoredProgram,
} from "../records/mod.ts";

/** Options of `PgStore.open`. */
export interface PgStoreOptions extends PgConnectionOptions {
  /** Read only: every transaction of the session is read-only, and nothing is migrated. */
  readonly readOnly?: boolean;
  /**
   * Hold the run's advisory lock for the session: a second process asking for it is refused, so
   * two coordinators never drive one run. @default false
   */
  readonly exclusive?: boolean;
}

/** PostgreSQL identifiers a run schema may have: created by `runSchemaName`, never quoted. */
const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

const now = (): string => new Date().toISOString();

const real = (x: number | undefined): number | null =>
  x !== undefined && Number.isFinite(x) ? x : null;

const RUN_COLUMNS: Readonly<Record<keyof RunPatch, string>> = {
  status: "status",
  stopReason: "stop_reason",
  lastMigration: "last_migration",
  finishedAt: "finished_at",
  specHash: "spec_hash",
  config: "config_json",
};

const PROGRAM_WITH_EVALUATION =
  `SELECT p.*, e.program_id AS e_program_id, e.ok AS e_ok, e.failure_json AS e_failure_json,
     e.stages_json AS e_stages_json, e.train_json AS e_train_json, e.eval_ms AS e_eval_ms,
     e.wall_ms AS e_wall_ms, e.created_at AS e_created_at, e.holdout_json AS e_holdout_json,
     e.holdout_at AS e_holdout_at
   FROM programs p LEFT JOIN evaluations e ON e.program_id = p.id`;

const PROGRAM_SUMMARY =
  `SELECT p.id, p.parent_id, p.island, p.generation, p.iteration, p.proposer, p.description,
     p.model, p.input_tokens, p.output_tokens, p.cost_usd, p.created_at,
     e.program_id AS e_program_id, e.ok AS e_ok, e.failure_category AS e_failure_category,
     e.train_score AS e_train_score, e.holdout_score AS e_holdout_score, e.wall_ms AS e_wall_ms,
     e.created_at AS e_created_at, e.holdout_at AS e_holdout_at
   FROM programs p LEFT JOIN evaluations e ON e.program_id = p.id`;

// PostgreSQL walks the stage lists, so the metrics per workload never reach JavaScript.
const STAGE_OUTCOMES = `SELECT e.program_id,
     (SELECT coalesce(json_agg(json_build_array(s.value->'stage', s.value->'ok', s.value->'ms')
        ORDER BY s.ordinality), '[]'::json)::text
      FROM json_array_elements(e.stages_json::json) WITH ORDINALITY s) AS stages
   FROM evaluations e`;

/** `LIMIT ? OFFSET ?` values of a page (NULL: no limit). */
function window(page: Page = {}): unknown[] {
  return [page.limit ?? null, page.offset ?? 0];
}

/** One run's database in a schema of a PostgreSQL database. */
export class PgStore implements Store {
  readonly location: string;
  readonly #conn: PgConnection;
  #depth = 0;

  private constructor(location: string, conn: PgConnection) {
    this.location = location;
    this.#conn = conn;
  }

  /**
   * Opens the run in `schema` of the database at `url` (created and migrated unless read-only).
   * The location it reports never carries the password.
   */
  static open(url: string, schema: string, options: PgStoreOptions = {}): PgStore {
    if (!SCHEMA.test(schema)) {
      throw new EvolveError(
        `run store: "${schema}" is not a run schema name (lower-case letters, digits, _)`,
        { kind: "usage" },
      );
    }
    const location = `${redactUrl(url)}#${schema}`;
    const conn = PgConnection.open(url, schema, `run store ${location}`, {
      ...options,
      create: !options.readOnly,
    });
    try {
      if (options.exclusive) lockRun(conn, location);
      if (options.readOnly) {
        conn.query("SET default_transaction_read_only = on");
        if (!conn.query("SELECT to_regclass('run') AS t").rows[0]?.t) {
          throw new EvolveError(`${location} is not a run database: it holds no run table`);
        }
      } else pgMigrate(conn, `run store ${location}`);
    } catch (e) {
      conn.close();
      throw e;
    }
    return new PgStore(location, conn);
  }

  transaction<T>(fn: () => T): T {
    if (this.#depth > 0) return fn();
    this.#conn.query("BEGIN");
    this.#depth++;
    try {
      const result = fn();
      this.#conn.query("COMMIT");
      return result;
    } catch (e) {
      try {
        this.#conn.query("ROLLBACK");
      } catch { /* a lost connection rolled it back already */ }
      throw e;
    } finally {
      this.#depth--;
    }
  }

  getRun(): RunRecord | undefined {
    const row = this.#get("SELECT * FROM run WHERE id = 1");
    return row && rowToRun(row);
  }

  listPrograms(): StoredProgram[] {
    return this.#all(`${PROGRAM_WITH_EVALUATION} ORDER BY p.id`).map(storedProgram);
  }

  listProgramSummaries(query: ProgramQuery = {}): ProgramSummary[] {
    const where = query.parentId === undefined ? "" : "WHERE p.parent_id = ?";
    const params = query.parentId === undefined ? [] : [query.parentId];
    return this.#all(
      `${PROGRAM_SUMMARY} ${where} ORDER BY p.id LIMIT ? OFFSET ?`,
      ...params,
      ...window(query),
    ).map(rowToSummary);
  }

  listStageOutcomes(page?: Page): StageOutcomes[] {
    return this.#all(`${STAGE_OUTCOMES} ORDER BY e.program_id LIMIT ? OFFSET ?`, ...window(page))
      .map(rowToStageOutcomes);
  }

  getProgram(id: number): StoredProgram | undefined {
    const row = this.#get(`${PROGRAM_WITH_EVALUATION} WHERE p.id = ?`, id);
    return row && storedProgram(row);
  }

  listIslandCopies(programId?: number): IslandCopy[] {
    const where = programId === undefined ? "" : "WHERE program_id = ?";
    const params = programId === undefined ? [] : [programId];
    return this.#all(`SELECT * FROM island_copies ${where} ORDER BY seq`, ...params).map((r) => ({
      programId: Number(r.program_id),
      island: Number(r.island),
      iteration: Number(r.iteration),
    }));
  }

  listEvents(kinds?: readonly EventKind[], query: EventQuery = {}): EventRecord[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (kinds) {
      where.push(`kind IN (${kinds.map(() => "?").join(", ")})`);
      params.push(...kinds);
    }
    if (query.programId !== undefined) {
      where.push("program_id = ?");
      params.push(query.programId);
    }
    if (query.unprocessed) where.push("kind = 'steer' AND processed_at IS NULL");
    const filter = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const order = query.newestFirst ? "DESC" : "";
    return this.#all(
      `SELECT * FROM events ${filter} ORDER BY id ${order} LIMIT ? OFFSET ?`,
      ...params,
      ...window(query),
    ).map(rowToEvent);
  }

  listLlmCalls(query: LlmCallQuery = {}): LlmCallRecord[] {
    const p = query.program;
    const filter = p ? "WHERE program_id = ? OR (program_id IS NULL AND iteration = ?)" : "";
    const params = p ? [p.id, p.iteration] : [];
    return this.#all(
      `SELECT * FROM llm_calls ${filter} ORDER BY id LIMIT ? OFFSET ?`,
      ...params,
      ...window(query),
    ).map(rowToLlmCall);
  }

  listLlmUsage(): LlmUsageRecord[] {
    return this.#all(
      `SELECT id, iteration, program_id, model, input_tokens, output_tokens, cost_usd, ms,
         error IS NOT NULL AS failed FROM llm_calls ORDER BY id`,
    ).map((r) => ({
      id: Number(r.id),
      iteration: r.iteration === null ? undefined : Number(r.iteration),
      programId: r.program_id === null ? undefined : Number(r.program_id),
      model: String(r.model),
      inputTokens: Number(r.input_tokens),
      outputTokens: Number(r.output_tokens),
      costUsd: Number(r.cost_usd),
      ms: Number(r.ms),
      failed: r.failed === true,
    }));
  }

  createRun(run: NewRun): RunRecord {
    this.#run(
      `INSERT INTO run (id, spec_name, spec_hash, config_json, rng_state_json, status, started_at)
       VALUES (1, ?, ?, ?, ?, 'running', ?)`,
      run.specName,
      run.specHash,
      toJson(run.config),
      toJson(run.rngState),
      now(),
    );
    return this.getRun()!;
  }

  updateRun(patch: RunPatch): void {
    const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as [
      keyof RunPatch,
      unknown,
    ][];
    if (entries.length === 0) return;
    const sets = entries.map(([k]) => `${RUN_COLUMNS[k]} = ?`).join(", ");
    const values = entries.map(([k, v]) => k === "config" && v !== null ? toJson(v) : v);
    this.#run(`UPDATE run SET ${sets} WHERE id = 1`, ...values);
  }

  addProgram(p: NewProgram): ProgramRecord {
    const createdAt = now();
    const id = this.#insert(
      `INSERT INTO programs (source, hash, parent_id, island, generation, iteration, seed, proposer,
         description, diff, features_json, model, input_tokens, output_tokens, cost_usd, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      p.source,
      p.hash,
      p.parentId ?? null,
      p.island,
      p.generation,
      p.iteration,
      p.seed ?? null,
      p.proposer,
      p.description,
      p.diff ?? null,
      toJson(p.features),
      p.usage?.model ?? null,
      p.usage?.inputTokens ?? null,
      p.usage?.outputTokens ?? null,
      real(p.usage?.costUsd),
      createdAt,
    );
    return { ...p, id, createdAt };
  }

  recordEvaluation(programId: number, evaluation: Evaluation, wallMs: number): void {
    const gating = evaluation.stages.filter((s) => s.stage !== "holdout");
    const train = evaluation.ok ? evaluation.train : undefined;
    const failure = evaluation.failure;
    this.transaction(() => {
      this.#run(
        `INSERT INTO evaluations (program_id, ok, failure_category, failure_message, failure_json,
           stages_json, train_metrics_json, train_score, train_json, eval_ms, wall_ms, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        programId,
        evaluation.ok ? 1 : 0,
        failure?.category ?? null,
        failure?.message ?? null,
        failure ? toJson(failure) : null,
        toJson(gating),
        train ? toJson(train.metrics) : null,
        real(train?.score),
        train ? toJson(train) : null,
        gating.reduce((sum, s) => sum + s.ms, 0),
        wallMs,
        now(),
      );
      const holdout = evaluation.stages.find((s) => s.stage === "holdout");
      if (holdout) this.recordHoldout(programId, holdout);
    });
  }

  recordHoldout(programId: number, holdout: StageResult): void {
    const { rowCount } = this.#run(
      `UPDATE evaluations SET holdout_metrics_json = ?, holdout_score = ?, holdout_json = ?,
         holdout_ms = ?, holdout_at = ? WHERE program_id = ?`,
      holdout.result ? toJson(holdout.result.metrics) : null,
      real(holdout.result?.score),
      toJson(holdout),
      holdout.ms,
      now(),
      programId,
    );
    if (rowCount !== 1) {
      throw new Error(`${this.location}: recordHoldout: program ${programId} has no evaluation`);
    }
  }

  addIslandCopies(copies: readonly IslandCopy[]): void {
    this.transaction(() => {
      for (const c of copies) {
        this.#run(
          `INSERT INTO island_copies (program_id, island, iteration) VALUES (?, ?, ?)
           ON CONFLICT DO NOTHING`,
          c.programId,
          c.island,
          c.iteration,
        );
      }
    });
  }

  addEvent(event: NewEvent): EventRecord {
    const time = now();
    const id = this.#insert(
      `INSERT INTO events (time, kind, iteration, program_id, payload_json) VALUES (?, ?, ?, ?, ?)
       RETURNING id`,
      time,
      event.kind,
      event.iteration ?? null,
      event.programId ?? null,
      toJson(event.payload ?? null),
    );
    return { ...event, id, time };
  }

  takeSteerEvents(): EventRecord[] {
    // One statement takes them: FOR UPDATE SKIP LOCKED is unneeded with one engine per run.
    const at = now();
    return this.#all(
      `UPDATE events SET processed_at = ? WHERE kind = 'steer' AND processed_at IS NULL
       RETURNING *`,
      at,
    ).map(rowToEvent).sort((a, b) => a.id - b.id);
  }

  addLlmCall(call: NewLlmCall): LlmCallRecord {
    const createdAt = now();
    const id = this.#insert(
      `INSERT INTO llm_calls (iteration, program_id, model, prompt, response, error, input_tokens,
         output_tokens, cost_usd, ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       RETURNING id`,
      call.iteration ?? null,
      call.programId ?? null,
      call.model,
      call.prompt,
      call.response ?? null,
      call.error ?? null,
      call.inputTokens,
      call.outputTokens,
      real(call.costUsd) ?? 0,
      call.ms,
      createdAt,
    );
    return { ...call, id, createdAt };
  }

  close(): void {
    this.#conn.close();
  }

  #get(sql: string, ...params: unknown[]): Row | undefined {
    return this.#conn.query(sql, params).rows[0];
  }

  #all(sql: string, ...params: unknown[]): Row[] {
    return this.#conn.query(sql, params).rows;
  }

  #run(sql: string, ...params: unknown[]): { rowCount: number } {
    return this.#conn.query(sql, params);
  }

  #insert(sql: string, ...params: unknown[]): number {
    return Number(this.#conn.query(sql, params).rows[0].id);
  }
}

/** Takes the run's session advisory lock, or refuses: another coordinator drives this run. */
function lockRun(conn: PgConnection, location: string): void {
  const got = conn.query("SELECT pg_try_advisory_lock(hashtext(current_schema())) AS got").rows[0];
  if (got?.got !== true) {
    throw new EvolveError(
      `${location}: another coordinator is driving this run (it holds the run's advisory lock); ` +
        "stop it first, or start a new run",
      { kind: "usage" },
    );
  }
}

function storedProgram(row: Row): StoredProgram {
  return { ...rowToProgram(row), evaluation: rowToEvaluation(row) };
}

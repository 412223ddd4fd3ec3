// Owns the writes of the SQLite run Store (`node:sqlite`, WAL): one file per run, every write
// committed before the method returns, readable with any SQLite tool while the run goes on. The
// reads are SqliteRunReader's.
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import type { Evaluation, StageResult } from "../../evaluate/types.ts";
import { migrate } from "./migrations.ts";
import { SqliteRunReader } from "./sqlite_reader.ts";
import type { Store } from "./store.ts";
import type {
  EventRecord,
  IslandCopy,
  LlmCallRecord,
  NewEvent,
  NewLlmCall,
  NewProgram,
  NewRun,
  ProgramRecord,
  RunPatch,
  RunRecord,
} from "../records/mod.ts";
import { rowToEvent, toJson } from "./_rows.ts";

/** Options of `SqliteStore.open`. */
export interface SqliteStoreOptions {
  /** How long a write waits for another connection (steer command, UI) to let go, ms. @default 5000 */
  readonly busyTimeoutMs?: number;
}

const now = (): string => new Date().toISOString();

/** Finite numbers only: SQLite has no NaN, and a NULL score sorts last in `best_programs`. */
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

/** The run database in one SQLite file. */
export class SqliteStore extends SqliteRunReader implements Store {
  /** Opens (creating if needed) the database at `path` and migrates it to the current schema. */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    const db = new DatabaseSync(path);
    // WAL lets the UI and `steer` read and write while the engine writes; FULL sync makes each
    // commit survive power loss, not only a killed process (commits are one per evaluation).
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = FULL");
    db.exec(`PRAGMA busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
    db.exec("PRAGMA foreign_keys = ON");
    try {
      migrate(db, undefined, `run database ${path}`);
    } catch (e) {
      db.close();
      throw e;
    }
    return new SqliteStore(path, db);
  }

  transaction<T>(fn: () => T): T {
    if (this.db.isTransaction) return fn();
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = fn();
      this.db.exec("COMMIT");
      return result;
    } catch (e) {
      this.db.exec("ROLLBACK");
      throw e;
    }
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
    const values = entries.map(([k, v]) =>
      (k === "config" && v !== null ? toJson(v) : v) as SQLInputValue
    );
    this.#run(`UPDATE run SET ${sets} WHERE id = 1`, ...values);
  }

  addProgram(p: NewProgram): ProgramRecord {
    const createdAt = now();
    const { lastInsertRowid } = this.#run(
      `INSERT INTO programs (source, hash, parent_id, island, generation, iteration, seed, proposer,
         description, diff, features_json, model, input_tokens, output_tokens, cost_usd, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
    return { ...p, id: Number(lastInsertRowid), createdAt };
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
    const { changes } = this.#run(
      `UPDATE evaluations SET holdout_metrics_json = ?, holdout_score = ?, holdout_json = ?,
         holdout_ms = ?, holdout_at = ? WHERE program_id = ?`,
      holdout.result ? toJson(holdout.result.metrics) : null,
      real(holdout.result?.score),
      toJson(holdout),
      holdout.ms,
      now(),
      programId,
    );
    if (Number(changes) !== 1) {
      throw new Error(`${this.location}: recordHoldout: program ${programId} has no evaluation`);
    }
  }

  addIslandCopies(copies: readonly IslandCopy[]): void {
    this.transaction(() => {
      for (const c of copies) {
        this.#run(
          "INSERT OR IGNORE INTO island_copies (program_id, island, iteration) VALUES (?, ?, ?)",
          c.programId,
          c.island,
          c.iteration,
        );
      }
    });
  }

  addEvent(event: NewEvent): EventRecord {
    const time = now();
    const { lastInsertRowid } = this.#run(
      "INSERT INTO events (time, kind, iteration, program_id, payload_json) VALUES (?, ?, ?, ?, ?)",
      time,
      event.kind,
      event.iteration ?? null,
      event.programId ?? null,
      toJson(event.payload ?? null),
    );
    return { ...event, id: Number(lastInsertRowid), time };
  }

  takeSteerEvents(): EventRecord[] {
    // Polled between iterations: look without taking the write lock, lock only to take.
    const waiting = this.get(
      "SELECT 1 AS any FROM events WHERE kind = 'steer' AND processed_at IS NULL LIMIT 1",
    );
    if (!waiting) return [];
    return this.transaction(() => {
      const rows = this.all(
        "SELECT * FROM events WHERE kind = 'steer' AND processed_at IS NULL ORDER BY id",
      );
      const at = now();
      for (const r of rows) {
        this.#run("UPDATE events SET processed_at = ? WHERE id = ?", at, Number(r.id));
      }
      return rows.map((r) => ({ ...rowToEvent(r), processedAt: at }));
    });
  }

  addLlmCall(call: NewLlmCall): LlmCallRecord {
    const createdAt = now();
    const { lastInsertRowid } = this.#run(
      `INSERT INTO llm_calls (iteration, program_id, model, prompt, response, error, input_tokens,
         output_tokens, cost_usd, ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
    return { ...call, id: Number(lastInsertRowid), createdAt };
  }

  #run(sql: string, ...params: SQLInputValue[]) {
    return this.db.prepare(sql).run(...params);
  }
}

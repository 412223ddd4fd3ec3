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
import {
  evaluationValues,
  holdoutValues,
  INSERT_EVALUATION,
  INSERT_EVENT,
  INSERT_LLM_CALL,
  INSERT_PROGRAM,
  llmCallValues,
  now,
  programValues,
  runPatchSql,
  UPDATE_HOLDOUT,
} from "./_sql.ts";

/** Options of `SqliteStore.open`. */
export interface SqliteStoreOptions {
  /** How long a write waits for another connection (steer command, UI) to let go, ms. @default 5000 */
  readonly busyTimeoutMs?: number;
}

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
    const sql = runPatchSql(patch);
    if (sql) this.#run(`UPDATE run SET ${sql.sets} WHERE id = 1`, ...sql.values as SQLInputValue[]);
  }

  addProgram(p: NewProgram): ProgramRecord {
    const createdAt = now();
    const { lastInsertRowid } = this.#run(
      INSERT_PROGRAM,
      ...programValues(p, createdAt) as SQLInputValue[],
    );
    return { ...p, id: Number(lastInsertRowid), createdAt };
  }

  recordEvaluation(programId: number, evaluation: Evaluation, wallMs: number): void {
    const { values, holdout } = evaluationValues(programId, evaluation, wallMs);
    this.transaction(() => {
      this.#run(INSERT_EVALUATION, ...values as SQLInputValue[]);
      if (holdout) this.recordHoldout(programId, holdout);
    });
  }

  recordHoldout(programId: number, holdout: StageResult): void {
    const { changes } = this.#run(
      UPDATE_HOLDOUT,
      ...holdoutValues(programId, holdout) as SQLInputValue[],
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
      INSERT_EVENT,
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
      INSERT_LLM_CALL,
      ...llmCallValues(call, createdAt) as SQLInputValue[],
    );
    return { ...call, id: Number(lastInsertRowid), createdAt };
  }

  #run(sql: string, ...params: SQLInputValue[]) {
    return this.db.prepare(sql).run(...params);
  }
}

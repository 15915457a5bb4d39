// The embedded store: one SQLite file (WAL) holding runs, events, reports, served scripted turns and,
// through the same connection, LangGraph's official SqliteSaver checkpoints. better-sqlite3 is
// synchronous, so a flush is one short transaction and reads never interleave with writes.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import type { RunEvent } from "@/lib/protocol/events";
import type { ListOptions, RunPatch, RunRecord, ServedTurn, Store, StoredReport, WriteBatch } from "./types";
import { likePattern, patchColumns, recordFromRow, type RunRow } from "./rows";

export const SQLITE_FILE = "fathom.db";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS fathom_runs (
  id TEXT PRIMARY KEY,
  thread_id TEXT NOT NULL,
  parent_run_id TEXT,
  question TEXT NOT NULL,
  title TEXT NOT NULL,
  title_edited INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  settings TEXT NOT NULL,
  locale TEXT NOT NULL,
  demo TEXT,
  scenario_file TEXT,
  source_count INTEGER NOT NULL DEFAULT 0,
  last_seq INTEGER NOT NULL DEFAULT 0,
  owner TEXT,
  heartbeat_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS fathom_runs_created ON fathom_runs (created_at DESC);
CREATE INDEX IF NOT EXISTS fathom_runs_status ON fathom_runs (status);
CREATE TABLE IF NOT EXISTS fathom_events (
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  ts INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fathom_reports (
  run_id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  markdown TEXT NOT NULL,
  sources TEXT NOT NULL,
  quality TEXT,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS fathom_turns (
  run_id TEXT NOT NULL,
  n INTEGER NOT NULL,
  turn_index INTEGER NOT NULL,
  agent TEXT NOT NULL,
  step TEXT,
  seq INTEGER NOT NULL,
  PRIMARY KEY (run_id, n)
);
`;

export class SqliteStore implements Store {
  readonly kind = "sqlite" as const;
  readonly location: string;
  readonly checkpointer: SqliteSaver;
  private readonly db: Database.Database;
  private readonly insertRun: Database.Statement;
  private readonly insertEvent: Database.Statement;
  private readonly insertTurn: Database.Statement;
  private readonly upsertReport: Database.Statement;

  constructor(file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.location = file;
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(SCHEMA);
    this.checkpointer = new SqliteSaver(this.db);
    // Create the checkpoint tables now: deleteThread() does not create them itself.
    (this.checkpointer as unknown as { setup(): void }).setup();
    this.insertRun = this.db.prepare(`INSERT INTO fathom_runs (id, thread_id, parent_run_id, question, title, title_edited, status, created_at, updated_at, settings, locale, demo, scenario_file, source_count, last_seq, owner, heartbeat_at)
      VALUES (@id, @threadId, @parentRunId, @question, @title, @titleEdited, @status, @createdAt, @updatedAt, @settings, @locale, @demo, @scenarioFile, @sourceCount, @lastSeq, @owner, @heartbeatAt)`);
    this.insertEvent = this.db.prepare(`INSERT INTO fathom_events (run_id, seq, type, ts, data) VALUES (?, ?, ?, ?, ?)`);
    this.insertTurn = this.db.prepare(`INSERT OR IGNORE INTO fathom_turns (run_id, n, turn_index, agent, step, seq) VALUES (?, ?, ?, ?, ?, ?)`);
    this.upsertReport = this.db.prepare(`INSERT INTO fathom_reports (run_id, title, markdown, sources, quality, created_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (run_id) DO UPDATE SET title = excluded.title, markdown = excluded.markdown, sources = excluded.sources, quality = excluded.quality, created_at = excluded.created_at`);
  }

  async commit(batch: WriteBatch): Promise<void> {
    this.db.transaction(() => {
      for (const r of batch.runs) {
        this.insertRun.run({ ...r, titleEdited: r.titleEdited ? 1 : 0, settings: JSON.stringify(r.settings) });
      }
      for (const e of batch.events) this.insertEvent.run(e.runId, e.seq, e.type, e.ts, JSON.stringify(e));
      for (const t of batch.turns) this.insertTurn.run(t.runId, t.n, t.turnIndex, t.agent, t.step, t.seq);
      for (const r of batch.reports) {
        this.upsertReport.run(r.runId, r.title, r.markdown, JSON.stringify(r.sources), r.quality ? JSON.stringify(r.quality) : null, r.createdAt);
      }
      for (const [id, patch] of batch.patches) this.applyPatch(id, patch);
    })();
  }

  private applyPatch(id: string, patch: RunPatch) {
    const { sets, values } = patchColumns(patch, () => "?");
    if (patch.autoTitle !== undefined) {
      sets.push("title = CASE WHEN title_edited = 1 THEN title ELSE ? END");
      values.push(patch.autoTitle);
    }
    if (!sets.length) return;
    this.db.prepare(`UPDATE fathom_runs SET ${sets.join(", ")} WHERE id = ?`).run(...values, id);
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const row = this.db.prepare(`SELECT * FROM fathom_runs WHERE id = ?`).get(id) as RunRow | undefined;
    return row ? recordFromRow(row) : undefined;
  }

  async listRuns(opts: ListOptions = {}): Promise<RunRecord[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (opts.query?.trim()) {
      where.push(`(title LIKE ? ESCAPE '\\' OR question LIKE ? ESCAPE '\\')`);
      const p = likePattern(opts.query);
      values.push(p, p);
    }
    if (opts.statuses?.length) {
      where.push(`status IN (${opts.statuses.map(() => "?").join(", ")})`);
      values.push(...opts.statuses);
    }
    const sql = `SELECT * FROM fathom_runs ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at DESC, id LIMIT ?`;
    const rows = this.db.prepare(sql).all(...values, opts.limit ?? 200) as RunRow[];
    return rows.map(recordFromRow);
  }

  async renameRun(id: string, title: string): Promise<boolean> {
    return this.db.prepare(`UPDATE fathom_runs SET title = ?, title_edited = 1, updated_at = ? WHERE id = ?`).run(title, Date.now(), id).changes > 0;
  }

  async claimRun(id: string, owner: string, expected: string | null): Promise<boolean> {
    const now = Date.now();
    return this.db.prepare(`UPDATE fathom_runs SET owner = ?, heartbeat_at = ? WHERE id = ? AND owner IS ?`).run(owner, now, id, expected).changes > 0;
  }

  async readEvents(runId: string, after: number, limit?: number): Promise<RunEvent[]> {
    const rows = (limit === undefined
      ? this.db.prepare(`SELECT data FROM fathom_events WHERE run_id = ? AND seq > ? ORDER BY seq`).all(runId, after)
      : this.db.prepare(`SELECT data FROM fathom_events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?`).all(runId, after, limit)) as { data: string }[];
    return rows.map((r) => JSON.parse(r.data) as RunEvent);
  }

  async getReport(runId: string): Promise<StoredReport | undefined> {
    const row = this.db.prepare(`SELECT * FROM fathom_reports WHERE run_id = ?`).get(runId) as
      | { run_id: string; title: string; markdown: string; sources: string; quality: string | null; created_at: number }
      | undefined;
    if (!row) return undefined;
    return {
      runId: row.run_id,
      title: row.title,
      markdown: row.markdown,
      sources: JSON.parse(row.sources),
      quality: row.quality ? JSON.parse(row.quality) : undefined,
      createdAt: row.created_at,
    };
  }

  async servedTurns(runId: string): Promise<ServedTurn[]> {
    const rows = this.db.prepare(`SELECT * FROM fathom_turns WHERE run_id = ? ORDER BY n`).all(runId) as
      { run_id: string; n: number; turn_index: number; agent: string; step: string | null; seq: number }[];
    return rows.map((r) => ({ runId: r.run_id, n: r.n, turnIndex: r.turn_index, agent: r.agent, step: r.step, seq: r.seq }));
  }

  async deleteRun(id: string): Promise<boolean> {
    const existed = this.db.transaction(() => {
      this.db.prepare(`DELETE FROM fathom_events WHERE run_id = ?`).run(id);
      this.db.prepare(`DELETE FROM fathom_turns WHERE run_id = ?`).run(id);
      this.db.prepare(`DELETE FROM fathom_reports WHERE run_id = ?`).run(id);
      this.db.prepare(`UPDATE fathom_runs SET parent_run_id = NULL WHERE parent_run_id = ?`).run(id);
      return this.db.prepare(`DELETE FROM fathom_runs WHERE id = ?`).run(id).changes > 0;
    })();
    await this.checkpointer.deleteThread(id);
    return existed;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

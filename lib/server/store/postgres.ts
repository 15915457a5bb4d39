// The PostgreSQL store (DATABASE_URL=postgres://…): the same tables as the SQLite store, and
// LangGraph's official PostgresSaver on the same pool (its `setup()` creates its own tables).
import pg from "pg";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import type { RunEvent } from "@/lib/protocol/events";
import type { ListOptions, RunPatch, RunRecord, ServedTurn, Store, StoredReport, WriteBatch } from "./types";
import { likePattern, patchColumns, recordFromRow, type RunRow } from "./rows";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS fathom_runs (
  id TEXT PRIMARY KEY,
  thread_id TEXT NOT NULL,
  parent_run_id TEXT,
  question TEXT NOT NULL,
  title TEXT NOT NULL,
  title_edited BOOLEAN NOT NULL DEFAULT FALSE,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  settings TEXT NOT NULL,
  locale TEXT NOT NULL,
  demo TEXT,
  scenario_file TEXT,
  source_count INTEGER NOT NULL DEFAULT 0,
  last_seq INTEGER NOT NULL DEFAULT 0,
  owner TEXT,
  heartbeat_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS fathom_runs_created ON fathom_runs (created_at DESC);
CREATE INDEX IF NOT EXISTS fathom_runs_status ON fathom_runs (status);
CREATE TABLE IF NOT EXISTS fathom_events (
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  ts BIGINT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
);
CREATE TABLE IF NOT EXISTS fathom_reports (
  run_id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  markdown TEXT NOT NULL,
  sources TEXT NOT NULL,
  quality TEXT,
  created_at BIGINT NOT NULL
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

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://…";
  }
}

export class PostgresStore implements Store {
  readonly kind = "postgres" as const;
  readonly location: string;
  readonly checkpointer: PostgresSaver;
  private readonly pool: pg.Pool;

  private constructor(url: string) {
    this.location = redactUrl(url);
    this.pool = new pg.Pool({ connectionString: url, max: 8 });
    // An idle client losing its connection must not crash the server.
    this.pool.on("error", (err) => console.error("[fathom] PostgreSQL pool error:", err.message));
    this.checkpointer = new PostgresSaver(this.pool);
  }

  static async open(url: string): Promise<PostgresStore> {
    const store = new PostgresStore(url);
    try {
      await store.pool.query(SCHEMA);
      await store.checkpointer.setup();
    } catch (err) {
      await store.pool.end().catch(() => {});
      throw err;
    }
    return store;
  }

  async commit(batch: WriteBatch): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      for (const r of batch.runs) {
        await client.query(
          `INSERT INTO fathom_runs (id, thread_id, parent_run_id, question, title, title_edited, status, created_at, updated_at, settings, locale, demo, scenario_file, source_count, last_seq, owner, heartbeat_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)`,
          [r.id, r.threadId, r.parentRunId, r.question, r.title, r.titleEdited, r.status, r.createdAt, r.updatedAt, JSON.stringify(r.settings), r.locale, r.demo, r.scenarioFile, r.sourceCount, r.lastSeq, r.owner, r.heartbeatAt],
        );
      }
      if (batch.events.length) {
        const e = batch.events;
        await client.query(
          `INSERT INTO fathom_events (run_id, seq, type, ts, data)
           SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::bigint[], $5::text[])`,
          [e.map((x) => x.runId), e.map((x) => x.seq), e.map((x) => x.type), e.map((x) => x.ts), e.map((x) => JSON.stringify(x))],
        );
      }
      if (batch.turns.length) {
        const t = batch.turns;
        await client.query(
          `INSERT INTO fathom_turns (run_id, n, turn_index, agent, step, seq)
           SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::text[], $6::int[]) ON CONFLICT DO NOTHING`,
          [t.map((x) => x.runId), t.map((x) => x.n), t.map((x) => x.turnIndex), t.map((x) => x.agent), t.map((x) => x.step), t.map((x) => x.seq)],
        );
      }
      for (const r of batch.reports) {
        await client.query(
          `INSERT INTO fathom_reports (run_id, title, markdown, sources, quality, created_at) VALUES ($1,$2,$3,$4,$5,$6)
           ON CONFLICT (run_id) DO UPDATE SET title = EXCLUDED.title, markdown = EXCLUDED.markdown, sources = EXCLUDED.sources, quality = EXCLUDED.quality, created_at = EXCLUDED.created_at`,
          [r.runId, r.title, r.markdown, JSON.stringify(r.sources), r.quality ? JSON.stringify(r.quality) : null, r.createdAt],
        );
      }
      for (const [id, patch] of batch.patches) await this.applyPatch(client, id, patch);
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  private async applyPatch(client: pg.PoolClient, id: string, patch: RunPatch) {
    const { sets, values } = patchColumns(patch, (i) => `$${i}`);
    if (patch.autoTitle !== undefined) {
      values.push(patch.autoTitle);
      sets.push(`title = CASE WHEN title_edited THEN title ELSE $${values.length} END`);
    }
    if (!sets.length) return;
    values.push(id);
    await client.query(`UPDATE fathom_runs SET ${sets.join(", ")} WHERE id = $${values.length}`, values);
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const { rows } = await this.pool.query<RunRow>(`SELECT * FROM fathom_runs WHERE id = $1`, [id]);
    return rows[0] ? recordFromRow(rows[0]) : undefined;
  }

  async listRuns(opts: ListOptions = {}): Promise<RunRecord[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (opts.query?.trim()) {
      values.push(likePattern(opts.query));
      where.push(`(title ILIKE $${values.length} OR question ILIKE $${values.length})`);
    }
    if (opts.statuses?.length) {
      values.push(opts.statuses);
      where.push(`status = ANY($${values.length}::text[])`);
    }
    values.push(opts.limit ?? 200);
    const { rows } = await this.pool.query<RunRow>(
      `SELECT * FROM fathom_runs ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at DESC, id LIMIT $${values.length}`,
      values,
    );
    return rows.map(recordFromRow);
  }

  async renameRun(id: string, title: string): Promise<boolean> {
    const r = await this.pool.query(`UPDATE fathom_runs SET title = $1, title_edited = TRUE, updated_at = $2 WHERE id = $3`, [title, Date.now(), id]);
    return (r.rowCount ?? 0) > 0;
  }

  async claimRun(id: string, owner: string, expected: string | null): Promise<boolean> {
    const r = await this.pool.query(
      `UPDATE fathom_runs SET owner = $1, heartbeat_at = $2 WHERE id = $3 AND owner IS NOT DISTINCT FROM $4`,
      [owner, Date.now(), id, expected],
    );
    return (r.rowCount ?? 0) > 0;
  }

  async readEvents(runId: string, after: number, limit?: number): Promise<RunEvent[]> {
    const { rows } = await this.pool.query<{ data: string }>(
      `SELECT data FROM fathom_events WHERE run_id = $1 AND seq > $2 ORDER BY seq ${limit === undefined ? "" : "LIMIT $3"}`,
      limit === undefined ? [runId, after] : [runId, after, limit],
    );
    return rows.map((r) => JSON.parse(r.data) as RunEvent);
  }

  async getReport(runId: string): Promise<StoredReport | undefined> {
    const { rows } = await this.pool.query<{ run_id: string; title: string; markdown: string; sources: string; quality: string | null; created_at: string }>(
      `SELECT * FROM fathom_reports WHERE run_id = $1`,
      [runId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      runId: row.run_id,
      title: row.title,
      markdown: row.markdown,
      sources: JSON.parse(row.sources),
      quality: row.quality ? JSON.parse(row.quality) : undefined,
      createdAt: Number(row.created_at),
    };
  }

  async servedTurns(runId: string): Promise<ServedTurn[]> {
    const { rows } = await this.pool.query<{ run_id: string; n: number; turn_index: number; agent: string; step: string | null; seq: number }>(
      `SELECT * FROM fathom_turns WHERE run_id = $1 ORDER BY n`,
      [runId],
    );
    return rows.map((r) => ({ runId: r.run_id, n: r.n, turnIndex: r.turn_index, agent: r.agent, step: r.step, seq: r.seq }));
  }

  async deleteRun(id: string): Promise<boolean> {
    const client = await this.pool.connect();
    let existed = false;
    try {
      await client.query("BEGIN");
      await client.query(`DELETE FROM fathom_events WHERE run_id = $1`, [id]);
      await client.query(`DELETE FROM fathom_turns WHERE run_id = $1`, [id]);
      await client.query(`DELETE FROM fathom_reports WHERE run_id = $1`, [id]);
      await client.query(`UPDATE fathom_runs SET parent_run_id = NULL WHERE parent_run_id = $1`, [id]);
      existed = ((await client.query(`DELETE FROM fathom_runs WHERE id = $1`, [id])).rowCount ?? 0) > 0;
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
    await this.checkpointer.deleteThread(id);
    return existed;
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => {});
  }
}

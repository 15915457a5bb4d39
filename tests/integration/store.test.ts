// Pins the store contract on both backends, SQLite (embedded) and PostgreSQL (a throwaway cluster):
// one transaction per batch, events back in seq order from any point, history listing and search,
// titles, ownership claims, and delete removing every trace including the LangGraph checkpoints.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import Database from "better-sqlite3";
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import type { RunEvent, RunSettings } from "@/lib/protocol/events";
import { SqliteStore } from "@/lib/server/store/sqlite";
import { PostgresStore } from "@/lib/server/store/postgres";
import { emptyBatch, type RunRecord, type Store, type WriteBatch } from "@/lib/server/store/types";
import { startPostgres, type PostgresCluster } from "../helpers/postgres";

const settings: RunSettings = { autoAccept: true, maxSteps: 4, maxSearchResults: 5, backgroundInvestigation: true, reportStyle: "academic", locale: "auto", concurrency: 3 };

function record(id: string, question: string, createdAt: number, over: Partial<RunRecord> = {}): RunRecord {
  return { id, threadId: id, parentRunId: null, question, title: question, titleEdited: false, status: "running", createdAt, updatedAt: createdAt, settings, locale: "en-US", demo: null, scenarioFile: null, sourceCount: 0, lastSeq: 0, owner: "h:1:a", heartbeatAt: createdAt, ...over };
}

function events(runId: string, n: number, from = 1): RunEvent[] {
  return Array.from({ length: n }, (_, i) => ({ type: "notice", level: "info", message: `event ${from + i}`, runId, seq: from + i, ts: 1000 + i }) as RunEvent);
}

function batch(fill: Partial<WriteBatch>): WriteBatch {
  return { ...emptyBatch(), ...fill };
}

/** Writes a real checkpoint for thread `id` through a one-node graph on the store's checkpointer. */
async function checkpoint(store: Store, id: string) {
  const graph = new StateGraph(Annotation.Root({ n: Annotation<number>() }))
    .addNode("a", (s) => ({ n: s.n + 1 }))
    .addEdge(START, "a")
    .addEdge("a", END)
    .compile({ checkpointer: store.checkpointer });
  await graph.invoke({ n: 1 }, { configurable: { thread_id: id } });
  expect(await store.checkpointer.getTuple({ configurable: { thread_id: id } })).toBeDefined();
}

interface Backend {
  name: string;
  open(): Promise<Store>;
  /** Rows left in the checkpointer's own tables for a thread. */
  checkpointRows(id: string): Promise<number>;
  close(): Promise<void>;
}

let cluster: PostgresCluster | undefined;
let pgUrl = "";
const sqliteFile = path.join(mkdtempSync(path.join(os.tmpdir(), "fathom-store-")), "fathom.db");

const backends: Backend[] = [
  {
    name: "sqlite",
    open: async () => new SqliteStore(sqliteFile),
    async checkpointRows(id) {
      const db = new Database(sqliteFile, { readonly: true });
      try {
        const a = db.prepare("SELECT count(*) AS n FROM checkpoints WHERE thread_id = ?").get(id) as { n: number };
        const b = db.prepare("SELECT count(*) AS n FROM writes WHERE thread_id = ?").get(id) as { n: number };
        return a.n + b.n;
      } finally {
        db.close();
      }
    },
    close: async () => {},
  },
  {
    name: "postgres",
    open: () => PostgresStore.open(pgUrl),
    async checkpointRows(id) {
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      try {
        let n = 0;
        for (const t of ["checkpoints", "checkpoint_blobs", "checkpoint_writes"]) n += Number((await client.query(`SELECT count(*) AS n FROM ${t} WHERE thread_id = $1`, [id])).rows[0].n);
        return n;
      } finally {
        await client.end();
      }
    },
    close: async () => {},
  },
];

beforeAll(async () => {
  cluster = await startPostgres();
  pgUrl = await cluster.createDatabase("fathom_store_test");
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

describe.each(backends)("$name store", (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it("writes a batch in one transaction and reads events back in order from any seq", async () => {
    await store.commit(batch({ runs: [record("r1", "How do heat pumps work?", 1000)], events: events("r1", 120), patches: new Map([["r1", { lastSeq: 120, sourceCount: 7 }]]) }));
    await store.commit(batch({ events: events("r1", 5, 121), patches: new Map([["r1", { lastSeq: 125, status: "completed", autoTitle: "Heat pumps in 2024" }]]) }));
    const all = await store.readEvents("r1", 0);
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 125 }, (_, i) => i + 1));
    expect(all[41]).toEqual(events("r1", 120)[41]);
    expect((await store.readEvents("r1", 100, 10)).map((e) => e.seq)).toEqual([101, 102, 103, 104, 105, 106, 107, 108, 109, 110]);
    expect(await store.readEvents("r1", 125)).toEqual([]);
    expect(await store.getRun("r1")).toMatchObject({ status: "completed", lastSeq: 125, sourceCount: 7, title: "Heat pumps in 2024", settings });
  });

  it("rolls the whole batch back when one write fails", async () => {
    const bad = batch({ runs: [record("r-bad", "x", 1500)], events: [...events("r-bad", 2), ...events("r-bad", 1, 2)] });
    await expect(store.commit(bad)).rejects.toThrow();
    expect(await store.getRun("r-bad")).toBeUndefined();
    expect(await store.readEvents("r-bad", 0)).toEqual([]);
  });

  it("lists newest first, searches title and question case-insensitively, and keeps a renamed title", async () => {
    await store.commit(batch({ runs: [record("r2", "Solid-state batteries 100%_ready?", 2000), record("r3", "量子计算的威胁", 3000, { status: "awaiting_plan_review" })] }));
    expect((await store.listRuns()).map((r) => r.id).slice(0, 3)).toEqual(["r3", "r2", "r1"]);
    expect((await store.listRuns({ query: "HEAT PUMPS" })).map((r) => r.id)).toEqual(["r1"]);
    expect((await store.listRuns({ query: "100%_" })).map((r) => r.id)).toEqual(["r2"]);
    expect((await store.listRuns({ query: "0%x" })).map((r) => r.id)).toEqual([]);
    expect((await store.listRuns({ query: "量子" })).map((r) => r.id)).toEqual(["r3"]);
    expect((await store.listRuns({ statuses: ["awaiting_plan_review", "completed"] })).map((r) => r.id)).toEqual(["r3", "r1"]);
    expect(await store.renameRun("r1", "My heat pump notes")).toBe(true);
    await store.commit(batch({ patches: new Map([["r1", { autoTitle: "A title from the report" }]]) }));
    expect(await store.getRun("r1")).toMatchObject({ title: "My heat pump notes", titleEdited: true });
    expect((await store.listRuns({ query: "notes" })).map((r) => r.id)).toEqual(["r1"]);
    expect(await store.renameRun("nope", "x")).toBe(false);
  });

  it("lets only one process claim a run from its previous owner", async () => {
    expect(await store.claimRun("r2", "h:2:b", "h:1:a")).toBe(true);
    expect(await store.claimRun("r2", "h:3:c", "h:1:a")).toBe(false);
    expect(await store.getRun("r2")).toMatchObject({ owner: "h:2:b" });
  });

  it("delete removes the run row, events, report, served turns and checkpoints", async () => {
    const id = "r-del";
    await store.commit(batch({
      runs: [record(id, "to delete", 4000), record("r-child", "follow-up", 5000, { threadId: id, parentRunId: id })],
      events: events(id, 30),
      turns: [{ runId: id, n: 1, turnIndex: 0, agent: "coordinator", step: null, seq: 2 }],
      reports: [{ runId: id, title: "T", markdown: "# T", sources: [], createdAt: 4001 }],
    }));
    await checkpoint(store, id);
    await checkpoint(store, "r1");
    expect(await backend.checkpointRows(id)).toBeGreaterThan(0);
    expect(await store.getReport(id)).toMatchObject({ title: "T", markdown: "# T" });
    expect(await store.servedTurns(id)).toHaveLength(1);
    expect(await store.deleteRun(id)).toBe(true);
    expect(await store.getRun(id)).toBeUndefined();
    expect(await store.readEvents(id, 0)).toEqual([]);
    expect(await store.getReport(id)).toBeUndefined();
    expect(await store.servedTurns(id)).toEqual([]);
    expect(await backend.checkpointRows(id)).toBe(0);
    expect(await store.checkpointer.getTuple({ configurable: { thread_id: id } })).toBeUndefined();
    // Other threads keep their checkpoints; a follow-up loses only its link to the deleted run.
    expect(await backend.checkpointRows("r1")).toBeGreaterThan(0);
    expect(await store.getRun("r-child")).toMatchObject({ parentRunId: null, threadId: id });
    expect(await store.deleteRun(id)).toBe(false);
  });
});

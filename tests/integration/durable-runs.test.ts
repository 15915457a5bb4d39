// Pins durable runs through the real run manager, graph and scripted servers, on SQLite and on
// PostgreSQL: every event, the report and the title are stored as the run streams; after a restart
// (a new manager on the same store) the log replays exactly from the store, a paused plan review
// still takes its decision, an orphan that cannot continue becomes `interrupted` until Resume,
// follow-ups carry the earlier report, and rename/delete work (delete leaves no trace).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync } from "node:fs";
import { rename } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseConfig } from "@/lib/server/config";
import {
  configureRunManager,
  decide,
  deleteRun,
  follow,
  getRun,
  listRuns,
  renameRun,
  resumeRun,
  shutdownRunManager,
  startRun,
  type Run,
} from "@/lib/server/runs";
import type { RunEvent, RunSettings } from "@/lib/protocol/events";
import { SqliteStore } from "@/lib/server/store/sqlite";
import { PostgresStore } from "@/lib/server/store/postgres";
import { emptyBatch, type Store } from "@/lib/server/store/types";
import { loadScenario } from "@/lib/scripted/scenario";
import { runScenario, ofType } from "../helpers/run-scenario";
import { handoff, planJson, searchEntry, writeScenario } from "../helpers/inline-scenario";
import { startPostgres, type PostgresCluster } from "../helpers/postgres";

const reportsDir = mkdtempSync(path.join(os.tmpdir(), "fathom-durable-reports-"));
const config = parseConfig({ FATHOM_REPORTS_DIR: reportsDir });

function quickScenario(marker: string, question = `What is ${marker}?`) {
  return writeScenario({
    question,
    model: [
      handoff(marker),
      { agent: "planner", content: planJson(`${marker} report`, [{ title: "Find data" }]) },
      { agent: "researcher", step: "Find data", tool_calls: [{ name: "web_search", args: { query: `${marker} 2024` } }] },
      { agent: "researcher", step: "Find data", content: `${marker} grew 42% in 2024 ([Result 1](https://example.org/${marker})).` },
      { agent: "reporter", content: `# ${marker} report\n\n## Key Points\n\n- ${marker} grew 42% in 2024 [1].\n\n## Overview\n\nThe ${marker} marker paragraph.\n` },
    ],
    search: [searchEntry(`${marker} 2024`, [`https://example.org/${marker}`])],
  });
}

/** Resolves with the run's final `done` (not a pause for plan review), following from `after`. */
function finished(run: Run, after = 0): Promise<RunEvent & { type: "done" }> {
  return new Promise((resolve) => {
    const stop = follow(run, after, (e) => {
      if (e.type === "done" && e.status !== "awaiting_plan_review") {
        queueMicrotask(() => stop());
        resolve(e);
      }
    });
  });
}

function expectContiguous(events: RunEvent[]) {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
}

interface Backend {
  name: string;
  open(): Promise<Store>;
}

let cluster: PostgresCluster | undefined;
let pgUrl = "";
const sqliteFile = path.join(mkdtempSync(path.join(os.tmpdir(), "fathom-durable-")), "fathom.db");
const backends: Backend[] = [
  { name: "sqlite", open: async () => new SqliteStore(sqliteFile) },
  { name: "postgres", open: () => PostgresStore.open(pgUrl) },
];

beforeAll(async () => {
  cluster = await startPostgres();
  pgUrl = await cluster.createDatabase("fathom_durable_test");
}, 60_000);

afterAll(async () => {
  await shutdownRunManager();
  await cluster?.stop();
});

describe.each(backends)("durable runs on $name", (backend) => {
  let store: Store;
  /** Simulates a server restart: the manager and its store go away, a new pair opens the same data. */
  async function restart(resumeOnStart = false) {
    await shutdownRunManager();
    store = await backend.open();
    configureRunManager({ store, resumeOnStart });
  }

  beforeAll(async () => {
    await shutdownRunManager();
    store = await backend.open();
    configureRunManager({ store, resumeOnStart: false });
  });

  it("stores every event, the report, title and source count as the run streams, and replays them exactly after a restart", async () => {
    const r = await runScenario(await quickScenario("graphene"), { autoAccept: true });
    expect(r.done.status).toBe("completed");
    const id = r.run.id;
    expectContiguous(r.events);
    expect(await store.readEvents(id, 0)).toEqual(r.events);
    const final = ofType(r.events, "report_final")[0]!;
    expect(await store.getReport(id)).toMatchObject({ title: final.title, markdown: final.markdown });
    expect(await store.getRun(id)).toMatchObject({ status: "completed", title: "graphene report", lastSeq: r.events.length, threadId: id });
    expect((await store.getRun(id))!.sourceCount).toBeGreaterThan(0);

    await restart();
    const again = (await getRun(id))!;
    expect(again.status).toBe("completed");
    expect(again.events).toEqual(r.events);
    const tail: RunEvent[] = [];
    follow(again, 7, (e) => tail.push(e));
    expect(tail).toEqual(r.events.slice(7));
    expect((await listRuns("GRAPHENE")).map((s) => s.id)).toContain(id);
  });

  it("a plan review that was pending at the restart takes its decision afterwards, and no scripted turn is served twice", async () => {
    const file = await quickScenario("perovskite");
    const run = await startRun({ question: "", settings: { autoAccept: false } }, config, { scenarioFile: file });
    await new Promise<void>((resolve) => follow(run, 0, (e) => e.type === "plan_review" && resolve()));
    await restart();
    const paused = (await getRun(run.id))!;
    expect(paused).not.toBe(run);
    expect(paused.status).toBe("awaiting_plan_review");
    const before = paused.delivered;
    decide(paused, { action: "accept" });
    expect((await finished(paused, before)).status).toBe("completed");
    expectContiguous(paused.events);
    expect(await store.readEvents(run.id, 0)).toEqual(paused.events);
    const served = (await store.servedTurns(run.id)).map((t) => t.turnIndex).sort();
    const scenario = await loadScenario(file);
    expect(served).toEqual(scenario.model.map((_, i) => i));
    expect(ofType(paused.events, "plan_decision")).toHaveLength(1);
  });

  it("an orphaned run that cannot continue becomes interrupted, and Resume continues it once it can", async () => {
    const file = await quickScenario("kelp");
    const away = `${file}.away`;
    await rename(file, away);
    const id = `orphan-${backend.name}`;
    const settings: RunSettings = { autoAccept: true, maxSteps: 4, maxSearchResults: 5, backgroundInvestigation: false, reportStyle: "academic", locale: "auto", concurrency: 3 };
    const started = { type: "run_started", question: "What is kelp?", settings, locale: "en-US", runId: id, seq: 1, ts: Date.now() } as RunEvent;
    await store.commit({
      ...emptyBatch(),
      runs: [{ id, threadId: id, parentRunId: null, question: "What is kelp?", title: "What is kelp?", titleEdited: false, status: "running", createdAt: Date.now(), updatedAt: Date.now(), settings, locale: "en-US", demo: null, scenarioFile: file, sourceCount: 0, lastSeq: 1, owner: "another-host:4242:dead", heartbeatAt: 0 }],
      events: [started],
    });
    await restart(true);
    const run = (await getRun(id))!;
    expect((await finished(run)).status).toBe("interrupted");
    expect(run.status).toBe("interrupted");
    expect(ofType(run.events, "notice").at(-1)!.message).toMatch(/no longer available.*Resume/);
    await expect(resumeRun(run)).rejects.toMatchObject({ status: 409 });

    await rename(away, file);
    const at = run.delivered;
    await resumeRun(run);
    expect((await finished(run, at)).status).toBe("completed");
    expect(run.events.map((e) => e.type).slice(0, 5)).toEqual(["run_started", "notice", "done", "run_resumed", "agent_started"]);
    expect(ofType(run.events, "run_resumed")).toEqual([expect.objectContaining({ reason: "manual" })]);
    expect(ofType(run.events, "report_final")).toHaveLength(1);
    expectContiguous(run.events);
    expect(await store.getRun(id)).toMatchObject({ status: "completed", title: "kelp report" });
  });

  it("a follow-up continues the thread, and its coordinator, planner and reporter see the earlier report", async () => {
    const parent = await runScenario(await quickScenario("lithium"), { autoAccept: true });
    const child = await startRun({ question: "", parentRunId: parent.run.id, settings: { autoAccept: true } }, config, {
      scenarioFile: await quickScenario("sodium", "And how does sodium compare?"),
    });
    const scripted = child.scripted!;
    expect((await finished(child)).status).toBe("completed");
    expect(child.threadId).toBe(parent.run.threadId);
    expect(ofType(child.events, "run_started")[0]!.parentRunId).toBe(parent.run.id);
    expect(await store.getRun(child.id)).toMatchObject({ parentRunId: parent.run.id, threadId: parent.run.id });
    for (const agent of ["coordinator", "planner", "reporter"]) {
      const request = JSON.stringify(scripted.log.find((l) => l.kind === "chat" && l.agent === agent)!.requestBody);
      expect(request, agent).toContain("Earlier question: What is lithium?");
      expect(request, agent).toContain("The lithium marker paragraph.");
    }
    await expect(startRun({ question: "x", parentRunId: "no-such-run" }, config, { scenarioFile: await quickScenario("x") })).rejects.toMatchObject({ status: 400 });
  });

  it("renames a run, and deletes it with its events, report, report file, served turns and checkpoints", async () => {
    const r = await runScenario(await quickScenario("bismuth"), { autoAccept: true });
    const id = r.run.id;
    expect(await renameRun(id, "My bismuth notes")).toMatchObject({ id, title: "My bismuth notes" });
    expect((await listRuns("bismuth notes")).map((s) => s.id)).toEqual([id]);
    const file = r.run.report!.file!;
    expect(path.basename(file)).toBe(`${id}.md`);
    expect(existsSync(file)).toBe(true);
    expect(await store.checkpointer.getTuple({ configurable: { thread_id: id } })).toBeDefined();
    expect(await deleteRun(id)).toBe(true);
    expect(await store.getRun(id)).toBeUndefined();
    expect(await store.readEvents(id, 0)).toEqual([]);
    expect(await store.getReport(id)).toBeUndefined();
    expect(await store.servedTurns(id)).toEqual([]);
    expect(await store.checkpointer.getTuple({ configurable: { thread_id: id } })).toBeUndefined();
    expect(existsSync(file)).toBe(false);
    expect(await getRun(id)).toBeUndefined();
    expect(await deleteRun(id)).toBe(false);
  });

  it("deleting a running run stops it first, and nothing of it is written afterwards", async () => {
    const run = await startRun({ question: "", settings: { autoAccept: true } }, config, { scenarioFile: path.resolve("tests/fixtures/scenarios/slow-steps.json") });
    await new Promise<void>((resolve) => follow(run, 0, (e) => e.type === "agent_started" && e.stepIndex !== undefined && resolve()));
    expect(await deleteRun(run.id)).toBe(true);
    expect(run.abort.signal.aborted).toBe(true);
    expect(run.scripted).toBeUndefined();
    expect(await store.getRun(run.id)).toBeUndefined();
    expect(await store.readEvents(run.id, 0)).toEqual([]);
    expect(await store.servedTurns(run.id)).toEqual([]);
    expect(await store.checkpointer.getTuple({ configurable: { thread_id: run.id } })).toBeUndefined();
    expect((await listRuns()).map((s) => s.id)).not.toContain(run.id);
  });
});

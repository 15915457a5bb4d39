// Pins surviving a killed server: a child process runs the slow-steps demo through the run manager,
// is SIGKILLed after step 1 finished while step 2 runs, and a second process resumes the run from
// its checkpoint. The run completes with every step done exactly once (step 1 is not redone and its
// scripted turns are not served again) and one event log without gaps or duplicates; on SQLite
// and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import type { RunEvent } from "@/lib/protocol/events";
import { SqliteStore, SQLITE_FILE } from "@/lib/server/store/sqlite";
import { PostgresStore } from "@/lib/server/store/postgres";
import type { Store } from "@/lib/server/store/types";
import { loadScenario } from "@/lib/scripted/scenario";
import { startPostgres, type PostgresCluster } from "../helpers/postgres";

const SCENARIO = path.resolve("tests/fixtures/scenarios/slow-steps.json");
const CHILD = path.resolve("tests/helpers/restart-child.ts");

function child(args: string[], env: Record<string, string>): { proc: ChildProcess; lines: AsyncIterableIterator<string> } {
  // node --import tsx: one process, so SIGKILL really kills the run manager (no wrapper in between).
  const proc = spawn(process.execPath, ["--import", "tsx", CHILD, ...args], {
    env: { ...process.env, ...env, LLM_API_KEY: "", LLM_BASE_URL: "", OPENAI_API_KEY: "", TAVILY_API_KEY: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  proc.stderr!.on("data", (d) => (stderr += String(d)));
  proc.on("exit", (code, signal) => {
    if (code && code !== 0) console.error(`child ${args[0]} exited ${code ?? signal}:\n${stderr}`);
  });
  return { proc, lines: readline.createInterface({ input: proc.stdout! })[Symbol.asyncIterator]() };
}

async function firstJson(lines: AsyncIterableIterator<string>): Promise<Record<string, string>> {
  for (;;) {
    const { value, done } = await lines.next();
    if (done) throw new Error("the child ended without printing its result");
    if (value.startsWith("{")) return JSON.parse(value);
  }
}

const exited = (proc: ChildProcess) => new Promise<void>((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.once("exit", () => resolve())));

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const is = (e: RunEvent, type: string, stepIndex?: number, status?: string) =>
  e.type === type && (stepIndex === undefined || ("stepIndex" in e && e.stepIndex === stepIndex)) && (status === undefined || ("status" in e && e.status === status));

let cluster: PostgresCluster | undefined;
let pgUrl = "";
const backends: { name: string; env: () => Record<string, string>; open: (env: Record<string, string>) => Promise<Store> }[] = [
  {
    name: "sqlite",
    env: () => ({ FATHOM_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "fathom-restart-")), DATABASE_URL: "" }),
    open: async (env) => new SqliteStore(path.join(env.FATHOM_DATA_DIR!, SQLITE_FILE)),
  },
  {
    name: "postgres",
    env: () => ({ FATHOM_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "fathom-restart-")), DATABASE_URL: pgUrl }),
    open: () => PostgresStore.open(pgUrl),
  },
];

beforeAll(async () => {
  cluster = await startPostgres();
  pgUrl = await cluster.createDatabase("fathom_restart_test");
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

describe.each(backends)("a server killed mid-run, on $name", (backend) => {
  it("resumes in the next process: each step done once, finished steps not redone, one gap-free log", async () => {
    const env = { ...backend.env(), FATHOM_REPORTS_DIR: mkdtempSync(path.join(os.tmpdir(), "fathom-restart-reports-")) };
    const first = child(["start", SCENARIO], env);
    const { runId } = await firstJson(first.lines);
    const store = await backend.open(env);
    try {
      // Kill once step 0 is done and step 1 has started (steps run one at a time here).
      const atKill = await waitFor("step 0 done and step 1 started", async () => {
        const events = await store.readEvents(runId!, 0);
        return events.some((e) => is(e, "agent_finished", 0, "done")) && events.some((e) => is(e, "agent_started", 1)) ? events : undefined;
      });
      first.proc.kill("SIGKILL");
      await exited(first.proc);
      const stored = await store.readEvents(runId!, 0);
      expect(stored.length).toBeGreaterThanOrEqual(atKill.length);
      expect(stored.some((e) => e.type === "done")).toBe(false);
      expect(await store.getRun(runId!)).toMatchObject({ status: "running" });

      const second = child(["resume", runId!], env);
      expect(await firstJson(second.lines)).toEqual({ status: "completed" });
      await exited(second.proc);
      expect(second.proc.exitCode).toBe(0);

      const events = await store.readEvents(runId!, 0);
      // One log: what the first process stored, unchanged, then the second process's events.
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events.slice(0, stored.length)).toEqual(stored);
      expect(events[stored.length]).toMatchObject({ type: "run_resumed", reason: "restart" });
      expect(events.filter((e) => e.type === "run_resumed")).toHaveLength(1);
      expect(events.at(-1)).toMatchObject({ type: "done", status: "completed" });
      expect(events.filter((e) => e.type === "report_final")).toHaveLength(1);
      // Every step finished exactly once; the step finished before the kill never started again.
      for (const i of [0, 1, 2, 3]) expect(events.filter((e) => is(e, "agent_finished", i)), `step ${i}`).toEqual([expect.objectContaining({ status: "done" })]);
      expect(events.filter((e) => is(e, "agent_started", 0))).toHaveLength(1);
      // Its scripted model turns were served once; every turn of the script was served.
      const scenario = await loadScenario(SCENARIO);
      const turns = (await store.servedTurns(runId!)).map((t) => t.turnIndex);
      const step0 = scenario.model.flatMap((t, i) => (t.step === scenario.model.find((m) => m.agent === "researcher")!.step ? [i] : []));
      for (const i of step0) expect(turns.filter((t) => t === i), `turn ${i}`).toHaveLength(1);
      expect([...new Set(turns)].sort((a, b) => a - b)).toEqual(scenario.model.map((_, i) => i));
      expect(await store.getRun(runId!)).toMatchObject({ status: "completed" });
      expect(await store.getReport(runId!)).toBeDefined();
    } finally {
      first.proc.kill("SIGKILL");
      await store.close();
    }
  }, 120_000);
});

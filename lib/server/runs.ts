// The run manager: starts research runs in the background, numbers every event and writes it to the
// store (lib/server/store) before any client sees it, lets any number of clients follow a run from
// any sequence number, takes plan decisions, stops, renames and deletes runs, and keeps runs going
// across server restarts.
//
// Durability: events are queued as they are emitted and written once per tick, in one transaction
// per tick; listeners get an event only after its transaction committed. A client therefore never
// sees an event the store lost, and after a restart the sequence goes on from the stored last seq:
// no gaps, no duplicates. A run does not depend on a connection: closing the tab leaves it running.
//
// Restart: on first use in a process, runs still marked `running` whose driving process is gone are
// resumed from their last LangGraph checkpoint (finished steps are not redone) with a `run_resumed`
// event; demo runs re-create their scripted server from the scenario file, skipping the model turns
// finished invocations consumed (lib/server/resume.ts). Runs waiting for a plan decision simply wait
// on. When resuming is impossible (the demo's scenario is gone, live keys are missing) the run ends
// `interrupted`, and POST /api/runs/:id/resume tries again.
import { randomUUID } from "node:crypto";
import { AsyncResource } from "node:async_hooks";
import { setMaxListeners } from "node:events";
import { access, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pLimit, { type LimitFunction } from "p-limit";
import type { BaseCheckpointSaver, Checkpoint } from "@langchain/langgraph";
import type { RunnableConfig } from "@langchain/core/runnables";
import {
  MAX_QUESTION_CHARS,
  RunEvent,
  RunSettings,
  type PlanDecision,
  type RunEventInput,
  type Source,
  type StartRunRequest,
} from "@/lib/protocol/events";
import { titleFromQuestion, type RunRecordStatus, type RunSummary } from "@/lib/protocol/history";
import { buildGraph, type ResearchGraph } from "@/graph/builder";
import { runLeg, type LegInput } from "@/graph/run";
import { resolveLocale } from "@/agents/shared/locale";
import type { PriorReport } from "@/agents/shared/follow-up";
import { startScripted, type ScriptedOptions, type ScriptedServer, type ServedTurnInfo } from "@/lib/scripted/server";
import { redactEvent } from "./redact";
import { getConfig, missingForLive, withScripted, type AppConfig } from "./config";
import { findDemo } from "./demos";
import { openStore } from "./store";
import { batchIsEmpty, emptyBatch, type PublicSource, type RunPatch, type RunRecord, type Store, type StoredReport, type WriteBatch } from "./store/types";
import { checkpointProgress, reconcile, turnsToSkip } from "./resume";

export const MAX_ACTIVE_RUNS = 8;

export type RunStatus = RunRecordStatus;

interface Listener {
  /** Only events with a larger seq are passed on. */
  after: number;
  onEvent: (e: RunEvent) => void;
  /** Called when the run is deleted while followed. */
  onEnd?: () => void;
}

export interface Run {
  id: string;
  /** The thread (conversation) the run belongs to: its own id, or its parent's thread for a follow-up. */
  threadId: string;
  parentRunId?: string;
  question: string;
  title: string;
  settings: RunSettings;
  locale: string;
  demo?: string;
  /** The scenario a scripted run replays (demo or CLI --scenario). */
  scenarioFile?: string;
  status: RunStatus;
  /** Every event of the run in seq order (loaded from the store for runs this process did not start). */
  events: RunEvent[];
  report?: { title: string; markdown: string; file?: string };
  createdAt: number;
  /** The configuration the run is driven with; unset until this process drives it. */
  config?: AppConfig;
  scripted?: ScriptedServer;
  abort: AbortController;
  stepSlots: LimitFunction;
  listeners: Set<Listener>;
  /** Highest seq assigned. */
  lastSeq: number;
  /** Highest seq written to the store and handed to listeners. */
  delivered: number;
  /** The graph leg in progress, if any. */
  leg?: Promise<void>;
  /** Driven by another live process: its new events are polled from the store. */
  foreign: boolean;
  deleted: boolean;
  titleEdited: boolean;
  /** Scripted model turns recorded so far (numbers the store's rows). */
  servedCount: number;
  lastAccess: number;
  poll?: NodeJS.Timeout;
}

export class RunRequestError extends Error {
  constructor(public status: number, public code: "bad_request" | "config_missing" | "internal", message: string, public hint?: string) {
    super(message);
  }
}

/** Why a run cannot be continued here and now (shown to the user; the run becomes `interrupted`). */
class Unresumable extends Error {}

export interface RunManagerOptions {
  /** Use this store instead of opening one from the configuration (tests, benchmarks). */
  store?: Store;
  /** Where the store lives; default: the process configuration (FATHOM_DATA_DIR, DATABASE_URL). */
  config?: Pick<AppConfig, "dataDir" | "databaseUrl">;
  /** Resume orphaned runs on first use (default true; the CLI turns it off). */
  resumeOnStart?: boolean;
}

interface Manager {
  store: Store;
  graph: ResearchGraph;
  /** The graph's checkpointer wrapper: knows each thread's writes in flight and ignores deleted threads. */
  checkpoints: GuardedCheckpoints;
  runs: Map<string, Run>;
  loading: Map<string, Promise<Run | undefined>>;
  /** `host:pid:boot`: who drives a run, written to its row. */
  owner: string;
  writer: Writer;
  timers: NodeJS.Timeout[];
  recovery: Promise<void>;
}

/** A live owner writes its runs' heartbeat this often; an owner silent for STALE_MS is gone. */
const HEARTBEAT_MS = 15_000;
const STALE_MS = 60_000;
/** Finished runs nobody follows leave memory after this long (they stay in the store). */
const IDLE_EVICT_MS = 10 * 60_000;
const POLL_MS = 500;

// Kept on globalThis so Next's dev reloads (and its separate route bundles) share one manager.
const g = globalThis as typeof globalThis & {
  __fathomRuns?: Promise<Manager>;
  __fathomRunsReady?: Manager;
  __fathomRunsOptions?: RunManagerOptions;
};

/** Chooses the store and restart behaviour; call before the first use of the run manager. */
export function configureRunManager(options: RunManagerOptions): void {
  if (g.__fathomRuns) throw new Error("configureRunManager: the run manager is already in use");
  g.__fathomRunsOptions = options;
}

/** Opens the store and starts resuming orphaned runs (server start, see instrumentation.ts). */
export async function initRunManager(): Promise<void> {
  await manager();
}

/** Waits until everything emitted so far is stored, stops timers and closes the store (tests, CLI, benchmarks). */
export async function shutdownRunManager(): Promise<void> {
  const pending = g.__fathomRuns;
  if (!pending) return;
  const mgr = await pending.catch(() => undefined);
  g.__fathomRuns = undefined;
  g.__fathomRunsReady = undefined;
  g.__fathomRunsOptions = undefined;
  if (!mgr) return;
  for (const t of mgr.timers) clearInterval(t);
  await mgr.recovery.catch(() => {});
  for (const run of mgr.runs.values()) {
    stopPolling(run);
    await release(run);
  }
  await mgr.writer.drain();
  await mgr.store.close();
}

function manager(): Promise<Manager> {
  g.__fathomRuns ??= createManager(g.__fathomRunsOptions ?? {}).catch((err) => {
    g.__fathomRuns = undefined;
    throw err;
  });
  return g.__fathomRuns;
}

/** The manager, for functions that take a Run (one exists, so the manager does too). */
function ready(): Manager {
  const mgr = g.__fathomRunsReady;
  if (!mgr) throw new Error("the run manager is not initialised");
  return mgr;
}

async function createManager(options: RunManagerOptions): Promise<Manager> {
  const store = options.store ?? (await openStore(options.config ?? getConfig()));
  const checkpoints = guardCheckpoints(store.checkpointer);
  const mgr: Manager = {
    store,
    checkpoints,
    graph: buildGraph(checkpoints.saver),
    runs: new Map(),
    loading: new Map(),
    owner: `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    writer: new Writer(store),
    timers: [],
    recovery: Promise.resolve(),
  };
  g.__fathomRunsReady = mgr;
  const heartbeat = setInterval(() => {
    const now = Date.now();
    for (const run of mgr.runs.values()) {
      if (run.config && !run.foreign && (run.status === "running" || run.status === "awaiting_plan_review")) {
        mgr.writer.add((b) => mergePatch(b, run.id, { heartbeatAt: now }));
      }
    }
  }, HEARTBEAT_MS);
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const run of mgr.runs.values()) {
      const driving = run.leg !== undefined && (run.status === "running" || run.status === "awaiting_plan_review");
      if (!driving && !run.listeners.size && now - run.lastAccess > IDLE_EVICT_MS && run.status !== "running") {
        stopPolling(run);
        mgr.runs.delete(run.id);
      }
    }
  }, 60_000);
  heartbeat.unref();
  sweep.unref();
  mgr.timers.push(heartbeat, sweep);
  if (options.resumeOnStart !== false) {
    mgr.recovery = recoverOrphans(mgr).catch((err) => console.error("[fathom] resuming interrupted runs failed:", err));
  }
  return mgr;
}

/** Every run still `running` whose process is gone: take it over and resume it. */
async function recoverOrphans(mgr: Manager): Promise<void> {
  const rows = await mgr.store.listRuns({ statuses: ["running"], limit: 1000 });
  for (const rec of rows) {
    if (mgr.runs.has(rec.id) || ownerAlive(rec, mgr.owner)) continue;
    await loadRun(mgr, rec.id);
  }
}

function ownerAlive(rec: Pick<RunRecord, "owner" | "heartbeatAt">, me: string): boolean {
  if (!rec.owner) return false;
  if (rec.owner === me) return true;
  const [host, pidText] = rec.owner.split(":");
  const fresh = Date.now() - rec.heartbeatAt < STALE_MS;
  if (host !== os.hostname()) return fresh;
  const pid = Number(pidText);
  // Same pid, other boot id: an earlier process (containers restart with the same pid).
  if (!Number.isInteger(pid) || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  return fresh;
}

// ---------------------------------------------------------------------------------------------
// Checkpoints of deleted runs. LangGraph saves a task's writes without waiting for them, and a run
// stopped mid-step can still have some in flight when its leg has ended: deleting its thread then
// would leave rows that arrive later. The graph's checkpointer is wrapped so that deleting waits for
// the thread's writes in flight, and anything arriving for a deleted thread afterwards is dropped.

interface GuardedCheckpoints {
  saver: BaseCheckpointSaver;
  /** Stops writing the thread and resolves when its writes in flight have settled. */
  retire(threadId: string): Promise<void>;
}

function guardCheckpoints(saver: BaseCheckpointSaver): GuardedCheckpoints {
  const retired = new Set<string>();
  const inflight = new Map<string, Set<Promise<unknown>>>();
  const track = (id: string, p: Promise<unknown>) => {
    let set = inflight.get(id);
    if (!set) inflight.set(id, (set = new Set()));
    set.add(p);
    void p.catch(() => {}).finally(() => {
      set.delete(p);
      if (!set.size && inflight.get(id) === set) inflight.delete(id);
    });
    return p;
  };
  const threadOf = (config: RunnableConfig) => String(config.configurable?.thread_id ?? "");
  const wrapped = new Proxy(saver, {
    get(target, prop) {
      if (prop === "put") {
        return (config: RunnableConfig, checkpoint: Checkpoint, ...rest: unknown[]) => {
          const id = threadOf(config);
          if (retired.has(id)) return Promise.resolve({ configurable: { ...config.configurable, checkpoint_id: checkpoint.id } });
          return track(id, (target.put as (...a: unknown[]) => Promise<RunnableConfig>).call(target, config, checkpoint, ...rest));
        };
      }
      if (prop === "putWrites") {
        return (config: RunnableConfig, ...rest: unknown[]) => {
          const id = threadOf(config);
          if (retired.has(id)) return Promise.resolve();
          return track(id, (target.putWrites as (...a: unknown[]) => Promise<void>).call(target, config, ...rest));
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return {
    saver: wrapped,
    async retire(threadId) {
      retired.add(threadId);
      await Promise.allSettled([...(inflight.get(threadId) ?? [])]);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Writing: one transaction per tick, then delivery.

class Writer {
  /**
   * Delivery runs in the context the writer was made in, never in the async context of the graph
   * node whose event started a flush: a listener that starts the next leg (a plan decision) would
   * otherwise run the graph inside the previous leg's LangGraph context, which breaks resuming.
   */
  private readonly scope = new AsyncResource("fathom-run-writer");
  private batch = emptyBatch();
  private after: (() => void)[] = [];
  private running = false;
  private idle: (() => void)[] = [];

  constructor(private readonly store: Store) {}

  /** Adds to the next transaction; `then` runs once it committed. */
  add(fill: (b: WriteBatch) => void, then?: () => void): void {
    fill(this.batch);
    if (then) this.after.push(then);
    if (this.running) return;
    this.running = true;
    this.scope.runInAsyncScope(() => setImmediate(() => void this.loop()));
  }

  private async loop() {
    while (!batchIsEmpty(this.batch) || this.after.length) {
      const batch = this.batch;
      const after = this.after;
      this.batch = emptyBatch();
      this.after = [];
      if (!batchIsEmpty(batch)) await this.commit(batch);
      for (const fn of after) {
        try {
          fn();
        } catch (err) {
          console.error("[fathom] a run listener failed:", err);
        }
      }
    }
    this.running = false;
    const idle = this.idle;
    this.idle = [];
    for (const resolve of idle) resolve();
  }

  private async commit(batch: WriteBatch) {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.store.commit(batch);
        return;
      } catch (err) {
        if (attempt >= 2) {
          console.error(`[fathom] could not store ${batch.events.length} events (kept in memory only):`, err);
          return;
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }

  /** Resolves once everything added so far is committed and delivered. */
  drain(): Promise<void> {
    if (!this.running && batchIsEmpty(this.batch) && !this.after.length) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }
}

function mergePatch(b: WriteBatch, id: string, patch: RunPatch) {
  b.patches.set(id, { ...b.patches.get(id), ...patch });
}

// ---------------------------------------------------------------------------------------------
// Reading runs.

/** A run by id: from memory, else loaded from the store (an orphaned `running` run is resumed). */
export async function getRun(id: string): Promise<Run | undefined> {
  const mgr = await manager();
  const hot = mgr.runs.get(id);
  if (hot) {
    hot.lastAccess = Date.now();
    return hot;
  }
  return loadRun(mgr, id);
}

function loadRun(mgr: Manager, id: string): Promise<Run | undefined> {
  let pending = mgr.loading.get(id);
  if (!pending) {
    pending = hydrate(mgr, id).finally(() => mgr.loading.delete(id));
    mgr.loading.set(id, pending);
  }
  return pending;
}

async function hydrate(mgr: Manager, id: string): Promise<Run | undefined> {
  const rec = await mgr.store.getRun(id);
  if (!rec) return undefined;
  const events = await mgr.store.readEvents(id, 0);
  const existing = mgr.runs.get(id);
  if (existing) return existing;
  const run = newRun({
    id,
    threadId: rec.threadId,
    parentRunId: rec.parentRunId ?? undefined,
    question: rec.question,
    title: rec.title,
    titleEdited: rec.titleEdited,
    settings: rec.settings,
    locale: rec.locale,
    demo: rec.demo ?? undefined,
    scenarioFile: rec.scenarioFile ?? undefined,
    status: rec.status,
    createdAt: rec.createdAt,
  });
  run.events = events;
  run.lastSeq = run.delivered = events.at(-1)?.seq ?? 0;
  run.servedCount = (await mgr.store.servedTurns(id)).length;
  const final = events.findLast((e) => e.type === "report_final");
  if (final?.type === "report_final") run.report = { title: final.title, markdown: final.markdown };
  mgr.runs.set(id, run);
  const alive = ownerAlive(rec, mgr.owner);
  if (rec.status === "running" && !alive) void takeOver(mgr, run, rec.owner, "restart");
  else if ((rec.status === "running" || rec.status === "awaiting_plan_review") && alive) run.foreign = true;
  return run;
}

function newRun(init: Pick<Run, "id" | "threadId" | "parentRunId" | "question" | "title" | "titleEdited" | "settings" | "locale" | "demo" | "scenarioFile" | "status" | "createdAt">): Run {
  const run: Run = {
    ...init,
    events: [],
    abort: new AbortController(),
    stepSlots: pLimit(init.settings.concurrency),
    listeners: new Set(),
    lastSeq: 0,
    delivered: 0,
    foreign: false,
    deleted: false,
    servedCount: 0,
    lastAccess: Date.now(),
  };
  // Every in-flight model, search and page call listens on the run's signal.
  setMaxListeners(1000, run.abort.signal);
  return run;
}

export function runSummary(run: Run): RunSummary {
  return {
    id: run.id,
    threadId: run.threadId,
    parentRunId: run.parentRunId ?? null,
    title: run.title,
    question: run.question,
    status: run.status,
    createdAt: run.createdAt,
    updatedAt: run.events.at(-1)?.ts ?? run.createdAt,
    demo: run.demo ?? null,
    sourceCount: sourceCountOf(run.events),
    lastSeq: run.delivered,
  };
}

function recordSummary(rec: RunRecord): RunSummary {
  const { id, threadId, parentRunId, title, question, status, createdAt, updatedAt, demo, sourceCount, lastSeq } = rec;
  return { id, threadId, parentRunId, title, question, status, createdAt, updatedAt, demo, sourceCount, lastSeq };
}

/** Past and present runs, newest first; `query` matches title or question. */
export async function listRuns(query?: string, limit = 200): Promise<RunSummary[]> {
  const mgr = await manager();
  const rows = await mgr.store.listRuns({ query, limit });
  // Runs of this process may be one tick ahead of their rows.
  return rows.map((rec) => {
    const hot = mgr.runs.get(rec.id);
    return hot && !hot.foreign ? { ...recordSummary(rec), ...runSummary(hot), title: hot.title } : recordSummary(rec);
  });
}

/** The finished report with its sources and quality summary, from memory or the store. */
export async function runReport(run: Run): Promise<StoredReport | undefined> {
  const final = run.events.findLast((e) => e.type === "report_final");
  if (final?.type === "report_final") {
    return { runId: run.id, title: final.title, markdown: final.markdown, sources: final.sources, quality: final.quality, createdAt: final.ts };
  }
  return ready().store.getReport(run.id);
}

/** The run's source registry with the text that was read (server-only: events carry no text). */
export async function runSources(run: Run): Promise<Source[]> {
  const snapshot = await ready().graph.getState({ configurable: { thread_id: run.id } });
  return (snapshot.values as { sources?: Source[] }).sources ?? [];
}

// ---------------------------------------------------------------------------------------------
// Starting, deciding, stopping, resuming.

export interface StartOptions {
  /** Run this scenario file against built-in scripted servers (CLI --scenario), like a demo. */
  scenarioFile?: string;
  /** Simulated model speed and injected faults for the scripted servers (benchmarks). */
  scripted?: Pick<ScriptedOptions, "latencyMs" | "tokensPerS" | "faults">;
  /** Raises the cap on running researches for this start (soak benchmark); default MAX_ACTIVE_RUNS. */
  maxActiveRuns?: number;
}

export async function startRun(req: StartRunRequest, baseConfig: AppConfig = getConfig(), opts: StartOptions = {}): Promise<Run> {
  const mgr = await manager();
  const question = req.question.trim();
  if (question.length > MAX_QUESTION_CHARS)
    throw new RunRequestError(400, "bad_request", `The question is ${question.length} characters long; the limit is ${MAX_QUESTION_CHARS}.`);
  const active = [...mgr.runs.values()].filter((r) => r.status === "running" && !r.foreign).length;
  if (active >= (opts.maxActiveRuns ?? MAX_ACTIVE_RUNS))
    throw new RunRequestError(429, "bad_request", `This server is already running ${active} researches; try again when one finishes.`);
  let parent: RunRecord | undefined;
  let prior: PriorReport | undefined;
  if (req.parentRunId) {
    parent = await mgr.store.getRun(req.parentRunId);
    if (!parent) throw new RunRequestError(400, "bad_request", "There is no earlier research with this id to follow up on.");
    const report = await mgr.store.getReport(parent.id);
    if (!report) throw new RunRequestError(400, "bad_request", "The earlier research has no finished report yet; a follow-up needs one.");
    prior = { question: parent.question, title: report.title, markdown: report.markdown };
  }
  const settings = RunSettings.parse({ ...parent?.settings, ...req.settings });
  let config = baseConfig;
  let demo: { file: string; question: string } | undefined;
  let finalQuestion = question;
  if (req.demo || opts.scenarioFile) {
    demo = opts.scenarioFile ? { file: opts.scenarioFile, question: "" } : await findDemo(baseConfig.demoDirs, req.demo!);
    if (!demo) throw new RunRequestError(400, "bad_request", `There is no demo called "${req.demo}".`);
  } else {
    if (!question) throw new RunRequestError(400, "bad_request", "Type a question first: it is empty.");
    const missing = missingForLive(baseConfig);
    if (missing.length)
      throw new RunRequestError(503, "config_missing", `Live research needs ${missing.join(" and ")}. Until then, try one of the recorded demos.`, "Set them in .env.local (see .env.example) and restart.");
  }
  const id = randomUUID();
  const scenarioFile = demo ? path.resolve(demo.file) : undefined;
  // The scripted server serves turns only once the run exists (its first leg starts below).
  const holder: { run?: Run } = {};
  let scripted: ScriptedServer | undefined;
  if (scenarioFile) {
    scripted = await startScripted({ scenarioPath: scenarioFile, ...opts.scripted, onServe: (t) => holder.run && recordTurn(holder.run, t) });
    config = withScripted(baseConfig, scripted.env);
    finalQuestion = req.demo ? demo!.question : question || scripted.scenario.question;
  }
  const locale = resolveLocale(settings.locale, finalQuestion);
  const now = Date.now();
  const run = newRun({
    id,
    threadId: parent?.threadId ?? id,
    parentRunId: parent?.id,
    question: finalQuestion,
    title: titleFromQuestion(finalQuestion),
    titleEdited: false,
    settings,
    locale,
    demo: req.demo,
    scenarioFile,
    status: "running",
    createdAt: now,
  });
  run.config = config;
  run.scripted = scripted;
  holder.run = run;
  mgr.runs.set(id, run);
  const record: RunRecord = {
    id,
    threadId: run.threadId,
    parentRunId: run.parentRunId ?? null,
    question: finalQuestion,
    title: run.title,
    titleEdited: false,
    status: "running",
    createdAt: now,
    updatedAt: now,
    settings,
    locale,
    demo: req.demo ?? null,
    scenarioFile: scenarioFile ?? null,
    sourceCount: 0,
    lastSeq: 0,
    owner: mgr.owner,
    heartbeatAt: now,
  };
  mgr.writer.add((b) => b.runs.push(record));
  emit(run, { type: "run_started", question: finalQuestion, settings, demo: req.demo, locale, ...(parent ? { parentRunId: parent.id } : {}) });
  run.leg = leg(run, { start: { question: finalQuestion, locale, prior } });
  return run;
}

export function decide(run: Run, decision: PlanDecision): void {
  if (run.status !== "awaiting_plan_review") throw new RunRequestError(409, "bad_request", `This run is ${run.status}; it is not waiting for a plan decision.`);
  if (run.foreign) throw new RunRequestError(409, "bad_request", "Another Fathom process is driving this run; answer its plan review there.");
  run.status = "running";
  const mgr = ready();
  mgr.writer.add((b) => mergePatch(b, run.id, { status: "running", updatedAt: Date.now() }));
  run.leg = (async () => {
    if (!run.config) {
      // Paused before this process started: take it over and re-create what drives it.
      const rec = await mgr.store.getRun(run.id);
      if (rec && rec.owner !== mgr.owner) await mgr.store.claimRun(run.id, mgr.owner, rec.owner);
      try {
        await prepareDriver(mgr, run);
      } catch (err) {
        markInterrupted(run, err);
        return;
      }
    }
    await leg(run, { decision });
  })();
}

export function stopRun(run: Run): void {
  if (run.foreign) return;
  if (run.status === "interrupted") {
    emit(run, { type: "done", status: "cancelled" });
    return;
  }
  if (run.status !== "running" && run.status !== "awaiting_plan_review") return;
  const waiting = run.status === "awaiting_plan_review";
  run.abort.abort();
  if (waiting) {
    emit(run, { type: "done", status: "cancelled" });
    void release(run);
  }
}

/** POST /api/runs/:id/resume: continues an `interrupted` run from its last checkpoint. */
export async function resumeRun(run: Run): Promise<void> {
  if (run.status !== "interrupted") throw new RunRequestError(409, "bad_request", `This run is ${run.status}; only an interrupted run can be resumed.`);
  const mgr = ready();
  const active = [...mgr.runs.values()].filter((r) => r.status === "running" && !r.foreign).length;
  if (active >= MAX_ACTIVE_RUNS) throw new RunRequestError(429, "bad_request", `This server is already running ${active} researches; try again when one finishes.`);
  const rec = await mgr.store.getRun(run.id);
  if (rec && rec.owner !== mgr.owner && !(await mgr.store.claimRun(run.id, mgr.owner, rec.owner)))
    throw new RunRequestError(409, "bad_request", "Another Fathom process has just taken this run over.");
  try {
    await continueRun(mgr, run, "manual");
  } catch (err) {
    if (err instanceof Unresumable) throw new RunRequestError(409, "config_missing", err.message);
    throw err;
  }
}

/** An orphaned run found on start (or when loaded): claim it, then resume it or mark it interrupted. */
async function takeOver(mgr: Manager, run: Run, expectedOwner: string | null, reason: "restart") {
  if (!(await mgr.store.claimRun(run.id, mgr.owner, expectedOwner))) {
    run.foreign = true;
    return;
  }
  try {
    await continueRun(mgr, run, reason);
  } catch (err) {
    markInterrupted(run, err);
  }
}

function markInterrupted(run: Run, err: unknown) {
  const why = err instanceof Unresumable ? err.message : `The run could not be resumed: ${err instanceof Error ? err.message : String(err)}`;
  if (!(err instanceof Unresumable)) console.error("[fathom] resuming a run failed:", err);
  emit(run, { type: "notice", level: "warning", message: `${why} Press Resume to try again.` });
  emit(run, { type: "done", status: "interrupted" });
}

/**
 * Continues a run from its last checkpoint: checks it can be driven, logs `run_resumed` and the
 * events finished invocations could not log, re-creates a demo's scripted server after the turns
 * already consumed, and runs the graph on. Finished steps keep their saved writes and are not redone.
 */
async function continueRun(mgr: Manager, run: Run, reason: "restart" | "manual") {
  if (run.abort.signal.aborted) {
    emit(run, { type: "done", status: "cancelled" });
    return;
  }
  const scenario = run.scenarioFile || run.demo ? await scenarioPath(run) : undefined;
  if (!scenario) liveConfigOrThrow();
  const tuple = await mgr.store.checkpointer.getTuple({ configurable: { thread_id: run.id, checkpoint_ns: "" } });
  emit(run, { type: "run_resumed", reason });
  const progress = checkpointProgress(tuple?.checkpoint.channel_values, tuple?.pendingWrites as [string, string, unknown][] | undefined);
  for (const e of reconcile(run.events, progress)) emit(run, e);
  await prepareDriver(mgr, run, scenario);
  if (tuple) {
    run.leg = leg(run, { resume: true });
    return;
  }
  // Killed before the first checkpoint: start again from the question.
  const prior = run.parentRunId ? await priorOf(mgr, run.parentRunId) : undefined;
  run.leg = leg(run, { start: { question: run.question, locale: run.locale, prior } });
}

async function priorOf(mgr: Manager, parentRunId: string): Promise<PriorReport | undefined> {
  const [parent, report] = await Promise.all([mgr.store.getRun(parentRunId), mgr.store.getReport(parentRunId)]);
  return parent && report ? { question: parent.question, title: report.title, markdown: report.markdown } : undefined;
}

async function scenarioPath(run: Run): Promise<string> {
  if (run.scenarioFile) {
    try {
      await access(run.scenarioFile);
      return run.scenarioFile;
    } catch {
      // moved or deleted: look the demo up by id below
    }
  }
  const demo = run.demo ? await findDemo(getConfig().demoDirs, run.demo) : undefined;
  if (demo) return demo.file;
  throw new Unresumable(`This research replays the scenario ${run.demo ? `of the demo "${run.demo}"` : run.scenarioFile}, which is no longer available.`);
}

function liveConfigOrThrow(): AppConfig {
  const config = getConfig();
  const missing = missingForLive(config);
  if (missing.length) throw new Unresumable(`The server restarted and live research now lacks ${missing.join(" and ")}.`);
  return config;
}

/** Sets up what drives a run in this process: the live config, or a scripted server resumed after its consumed turns. */
async function prepareDriver(mgr: Manager, run: Run, scenario?: string) {
  const file = scenario ?? (run.scenarioFile || run.demo ? await scenarioPath(run) : undefined);
  if (!file) {
    run.config = liveConfigOrThrow();
    return;
  }
  await mgr.writer.drain();
  const served = await mgr.store.servedTurns(run.id);
  run.servedCount = served.length;
  const skip = turnsToSkip(served, run.events);
  const scripted = await startScripted({ scenarioPath: file, skipTurns: skip, onServe: (t) => recordTurn(run, t) });
  run.scripted = scripted;
  run.config = withScripted(getConfig(), scripted.env);
}

async function leg(run: Run, input: Pick<LegInput, "start" | "decision" | "resume">) {
  const mgr = ready();
  const { outcome } = await runLeg({
    graph: mgr.graph,
    ctx: { runId: run.id, config: run.config!, signal: run.abort.signal, emit: (e) => emit(run, e), stepSlots: run.stepSlots },
    settings: run.settings,
    ...input,
  });
  // While waiting, the status was set when plan_review was emitted, and a decision may already
  // have started the next leg: only a real ending releases the run's servers.
  if (outcome === "awaiting_plan_review" && !run.abort.signal.aborted) return;
  await release(run);
}

async function release(run: Run) {
  const s = run.scripted;
  run.scripted = undefined;
  await s?.close().catch(() => {});
}

function recordTurn(run: Run, t: ServedTurnInfo) {
  const n = ++run.servedCount;
  const seq = run.lastSeq;
  ready().writer.add((b) => b.turns.push({ runId: run.id, n, turnIndex: t.turnIndex, agent: t.agent, step: t.step ?? null, seq }));
}

// ---------------------------------------------------------------------------------------------
// Renaming and deleting.

export async function renameRun(id: string, title: string): Promise<RunSummary | undefined> {
  const mgr = await manager();
  if (!(await mgr.store.renameRun(id, title))) return undefined;
  const hot = mgr.runs.get(id);
  if (hot) {
    hot.title = title;
    hot.titleEdited = true;
  }
  const rec = await mgr.store.getRun(id);
  return rec ? recordSummary(rec) : undefined;
}

/** Deletes a run with every trace: events, report (row and file), served turns and checkpoints. */
export async function deleteRun(id: string): Promise<boolean> {
  const mgr = await manager();
  const run = mgr.runs.get(id) ?? (await mgr.loading.get(id));
  if (run) {
    if (run.foreign && (run.status === "running" || run.status === "awaiting_plan_review"))
      throw new RunRequestError(409, "bad_request", "Another Fathom process is driving this run; stop it there first.");
    run.abort.abort();
    await run.leg?.catch(() => {});
    run.deleted = true;
    stopPolling(run);
    await mgr.writer.drain();
    mgr.runs.delete(id);
    for (const l of run.listeners) l.onEnd?.();
    run.listeners.clear();
    await release(run);
  }
  await mgr.checkpoints.retire(id);
  const existed = await mgr.store.deleteRun(id);
  await rm(path.join((run?.config ?? getConfig()).reportsDir, `${id}.md`), { force: true }).catch(() => {});
  return existed || run !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Events.

/**
 * Follows a run: replays its stored events after `after`, then live ones, each exactly once and in
 * order. Returns the unsubscribe function. `onEnd` is called if the run is deleted meanwhile.
 */
export function follow(run: Run, after: number, onEvent: (e: RunEvent) => void, onEnd?: () => void): () => void {
  run.lastAccess = Date.now();
  const from = Math.max(0, Math.floor(after));
  for (let i = from; i < run.events.length; i++) {
    const e = run.events[i]!;
    if (e.seq > run.delivered) break;
    if (e.seq > after) onEvent(e);
  }
  const listener: Listener = { after: Math.max(after, run.delivered), onEvent, onEnd };
  run.listeners.add(listener);
  if (run.foreign) startPolling(run);
  return () => {
    run.listeners.delete(listener);
    run.lastAccess = Date.now();
  };
}

function deliver(run: Run, event: RunEvent) {
  if (event.seq <= run.delivered) return;
  run.delivered = event.seq;
  for (const l of run.listeners) {
    if (event.seq <= l.after) continue;
    l.after = event.seq;
    try {
      l.onEvent(event);
    } catch (err) {
      console.error("[fathom] a run listener failed:", err);
    }
  }
}

const pagesOf = (sources: readonly PublicSource[]) => sources.filter((s) => s.kind === "page").length;

function sourceCountOf(events: readonly RunEvent[]): number {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === "report_final") return e.quality?.uniqueSources ?? pagesOf(e.sources);
    if (e.type === "sources") return pagesOf(e.sources);
  }
  return 0;
}

/** What an event changes on the in-memory run (also for events polled from another process). */
function absorb(run: Run, event: RunEvent): RunPatch {
  const patch: RunPatch = { lastSeq: event.seq, updatedAt: event.ts };
  switch (event.type) {
    case "plan_review":
      run.status = patch.status = "awaiting_plan_review";
      break;
    case "run_resumed":
      run.status = patch.status = "running";
      break;
    case "done":
      if (event.status !== "awaiting_plan_review") run.status = patch.status = event.status;
      break;
    case "plan":
      patch.autoTitle = event.plan.title;
      if (!run.titleEdited && event.plan.title.trim()) run.title = event.plan.title;
      break;
    case "sources":
      patch.sourceCount = pagesOf(event.sources);
      break;
    case "report_final":
      patch.autoTitle = event.title;
      patch.sourceCount = event.quality?.uniqueSources ?? pagesOf(event.sources);
      if (!run.titleEdited && event.title.trim()) run.title = event.title;
      run.report = { ...run.report, title: event.title, markdown: event.markdown };
      break;
    default:
      break;
  }
  return patch;
}

function emit(run: Run, input: RunEventInput) {
  if (run.deleted) return;
  const candidate = redactEvent({ ...input, runId: run.id, seq: run.lastSeq + 1, ts: Date.now() });
  const parsed = RunEvent.safeParse(candidate);
  if (!parsed.success) {
    console.error("[fathom] dropped an invalid event:", parsed.error.message, JSON.stringify(candidate).slice(0, 500));
    return;
  }
  const event = parsed.data;
  run.lastSeq = event.seq;
  run.events.push(event);
  const patch = absorb(run, event);
  if (patch.autoTitle !== undefined && !patch.autoTitle.trim()) delete patch.autoTitle;
  let report: StoredReport | undefined;
  if (event.type === "report_final") {
    report = { runId: run.id, title: event.title, markdown: event.markdown, sources: event.sources, quality: event.quality, createdAt: event.ts };
    void saveReportFile(run, event.markdown);
  }
  ready().writer.add(
    (b) => {
      b.events.push(event);
      if (report) b.reports.push(report);
      mergePatch(b, run.id, patch);
    },
    () => deliver(run, event),
  );
}

async function saveReportFile(run: Run, markdown: string) {
  const dir = (run.config ?? getConfig()).reportsDir;
  const file = path.join(dir, `${run.id}.md`);
  if (run.report) run.report.file = file;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(file, markdown, "utf8");
  } catch (err) {
    console.error("[fathom] could not save the report file:", err);
  }
}

// ---------------------------------------------------------------------------------------------
// Runs driven by another process (e.g. the CLI on the same data folder): poll their new events.

function startPolling(run: Run) {
  if (run.poll) return;
  let busy = false;
  run.poll = setInterval(() => {
    if (busy) return;
    busy = true;
    void pollOnce(run).finally(() => {
      busy = false;
    });
  }, POLL_MS);
  run.poll.unref();
}

function stopPolling(run: Run) {
  if (run.poll) clearInterval(run.poll);
  run.poll = undefined;
}

async function pollOnce(run: Run) {
  const mgr = ready();
  try {
    const fresh = await mgr.store.readEvents(run.id, run.lastSeq);
    for (const e of fresh) {
      run.lastSeq = e.seq;
      run.events.push(e);
      absorb(run, e);
      deliver(run, e);
    }
    const rec = await mgr.store.getRun(run.id);
    if (!rec) return stopPolling(run);
    const active = rec.status === "running" || rec.status === "awaiting_plan_review";
    if (!active || !run.listeners.size) {
      run.foreign = active;
      stopPolling(run);
    } else if (rec.status === "running" && !ownerAlive(rec, mgr.owner)) {
      stopPolling(run);
      run.foreign = false;
      await takeOver(mgr, run, rec.owner, "restart");
    }
  } catch (err) {
    console.error("[fathom] polling a run failed:", err);
  }
}

// The run manager: starts research runs in the background, numbers and keeps every event, lets any
// number of clients follow a run from any sequence number, and takes plan decisions and stops.
// A run does not depend on a connection: closing the tab leaves it running to the end.
import { randomUUID } from "node:crypto";
import { setMaxListeners } from "node:events";
import pLimit, { type LimitFunction } from "p-limit";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { MemorySaver } from "@langchain/langgraph";
import {
  MAX_QUESTION_CHARS,
  RunEvent,
  RunSettings,
  type PlanDecision,
  type RunEventInput,
  type Source,
  type StartRunRequest,
} from "@/lib/protocol/events";
import { buildGraph, type ResearchGraph } from "@/graph/builder";
import { runLeg } from "@/graph/run";
import { resolveLocale } from "@/agents/shared/locale";
import { getConfig, missingForLive, withScripted, type AppConfig } from "./config";
import { findDemo } from "./demos";
import { startScripted, type ScriptedServer } from "@/lib/scripted/server";

export const MAX_ACTIVE_RUNS = 8;

export type RunStatus = "running" | "awaiting_plan_review" | "completed" | "failed" | "cancelled";

export interface Run {
  id: string;
  question: string;
  settings: RunSettings;
  demo?: string;
  status: RunStatus;
  events: RunEvent[];
  report?: { title: string; markdown: string; file: string };
  listeners: Set<(e: RunEvent) => void>;
  abort: AbortController;
  stepSlots: LimitFunction;
  config: AppConfig;
  scripted?: ScriptedServer;
  createdAt: number;
}

export class RunRequestError extends Error {
  constructor(public status: number, public code: "bad_request" | "config_missing" | "internal", message: string, public hint?: string) {
    super(message);
  }
}

interface Manager {
  runs: Map<string, Run>;
  graph: ResearchGraph;
}

// Kept on globalThis so Next's dev reloads do not lose runs or build a second graph.
const g = globalThis as typeof globalThis & { __fathomRuns?: Manager };
function manager(): Manager {
  g.__fathomRuns ??= { runs: new Map(), graph: buildGraph(new MemorySaver()) };
  return g.__fathomRuns;
}

export function getRun(id: string): Run | undefined {
  return manager().runs.get(id);
}

export interface StartOptions {
  /** Run this scenario file against built-in scripted servers (CLI --scenario), like a demo. */
  scenarioFile?: string;
  /** Simulated model speed for the scripted servers (benchmarks). */
  scripted?: { latencyMs?: number; tokensPerS?: number };
}

export async function startRun(req: StartRunRequest, baseConfig: AppConfig = getConfig(), opts: StartOptions = {}): Promise<Run> {
  const question = req.question.trim();
  if (question.length > MAX_QUESTION_CHARS)
    throw new RunRequestError(400, "bad_request", `The question is ${question.length} characters long; the limit is ${MAX_QUESTION_CHARS}.`);
  const active = [...manager().runs.values()].filter((r) => r.status === "running").length;
  if (active >= MAX_ACTIVE_RUNS)
    throw new RunRequestError(429, "bad_request", `This server is already running ${active} researches; try again when one finishes.`);
  const settings = RunSettings.parse(req.settings ?? {});
  let config = baseConfig;
  let scripted: ScriptedServer | undefined;
  let finalQuestion = question;
  if (req.demo || opts.scenarioFile) {
    const demo = opts.scenarioFile ? { file: opts.scenarioFile, question: "" } : await findDemo(baseConfig.demoDirs, req.demo!);
    if (!demo) throw new RunRequestError(400, "bad_request", `There is no demo called "${req.demo}".`);
    scripted = await startScripted({ scenarioPath: demo.file, ...opts.scripted });
    config = withScripted(baseConfig, scripted.env);
    finalQuestion = req.demo ? demo.question : question || scripted.scenario.question;
  } else {
    if (!question) throw new RunRequestError(400, "bad_request", "Type a question first: it is empty.");
    const missing = missingForLive(baseConfig);
    if (missing.length)
      throw new RunRequestError(503, "config_missing", `Live research needs ${missing.join(" and ")}. Until then, try one of the recorded demos.`, "Set them in .env.local (see .env.example) and restart.");
  }
  const run: Run = {
    id: randomUUID(),
    question: finalQuestion,
    settings,
    demo: req.demo,
    status: "running",
    events: [],
    listeners: new Set(),
    abort: new AbortController(),
    stepSlots: pLimit(settings.concurrency),
    config,
    scripted,
    createdAt: Date.now(),
  };
  // Every in-flight model, search and page call listens on the run's signal.
  setMaxListeners(1000, run.abort.signal);
  manager().runs.set(run.id, run);
  const locale = resolveLocale(settings.locale, finalQuestion);
  emit(run, { type: "run_started", question: finalQuestion, settings, demo: req.demo, locale });
  void leg(run, { start: { question: finalQuestion, locale } });
  return run;
}

export function decide(run: Run, decision: PlanDecision): void {
  if (run.status !== "awaiting_plan_review") throw new RunRequestError(409, "bad_request", `This run is ${run.status}; it is not waiting for a plan decision.`);
  run.status = "running";
  void leg(run, { decision });
}

export function stopRun(run: Run): void {
  if (run.status !== "running" && run.status !== "awaiting_plan_review") return;
  const waiting = run.status === "awaiting_plan_review";
  run.abort.abort();
  if (waiting) {
    run.status = "cancelled";
    emit(run, { type: "done", status: "cancelled" });
    void release(run);
  }
}

/** The run's source registry with the text that was read (server-only: events carry no text). */
export async function runSources(run: Run): Promise<Source[]> {
  const snapshot = await manager().graph.getState({ configurable: { thread_id: run.id } });
  return (snapshot.values as { sources?: Source[] }).sources ?? [];
}

/** Follows a run: replays events after `after`, then live ones. Returns the unsubscribe function. */
export function follow(run: Run, after: number, onEvent: (e: RunEvent) => void): () => void {
  for (const e of run.events) if (e.seq > after) onEvent(e);
  run.listeners.add(onEvent);
  return () => run.listeners.delete(onEvent);
}

async function leg(run: Run, input: { start?: { question: string; locale: string }; decision?: PlanDecision }) {
  const { outcome } = await runLeg({
    graph: manager().graph,
    ctx: { runId: run.id, config: run.config, signal: run.abort.signal, emit: (e) => emit(run, e), stepSlots: run.stepSlots },
    settings: run.settings,
    ...input,
  });
  // While waiting, the status was set when plan_review was emitted, and a decision may already
  // have started the next leg: only a real ending changes it here.
  if (outcome === "awaiting_plan_review" && !run.abort.signal.aborted) return;
  run.status = run.abort.signal.aborted ? "cancelled" : outcome;
  await release(run);
}

async function release(run: Run) {
  const s = run.scripted;
  run.scripted = undefined;
  await s?.close().catch(() => {});
}

function emit(run: Run, input: RunEventInput) {
  const candidate = { ...input, runId: run.id, seq: run.events.length + 1, ts: Date.now() };
  const parsed = RunEvent.safeParse(candidate);
  if (!parsed.success) {
    console.error("[fathom] dropped an invalid event:", parsed.error.message, JSON.stringify(candidate).slice(0, 500));
    return;
  }
  const event = parsed.data;
  run.events.push(event);
  if (event.type === "plan_review") run.status = "awaiting_plan_review";
  if (event.type === "report_final") void saveReport(run, event.title, event.markdown);
  for (const l of run.listeners) {
    try {
      l(event);
    } catch (err) {
      console.error("[fathom] a run listener failed:", err);
    }
  }
}

async function saveReport(run: Run, title: string, markdown: string) {
  const file = path.join(run.config.reportsDir, `${run.id}.md`);
  run.report = { title, markdown, file };
  try {
    await mkdir(run.config.reportsDir, { recursive: true });
    await writeFile(file, markdown, "utf8");
  } catch (err) {
    console.error("[fathom] could not save the report file:", err);
  }
}

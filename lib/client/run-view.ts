// The browser's view model of one research run. Built only by run-reducer.ts from RunEvents;
// components read it, never write it.
import type { Agent, ErrorCode, Plan, QualitySummary, RunSettings, Source, ToolResult } from "@/lib/protocol/events";

export type RunStatus = "connecting" | "running" | "awaiting_plan_review" | "completed" | "failed" | "cancelled" | "interrupted";
export type InvocationStatus = "queued" | "running" | "done" | "failed" | "cancelled";

/** A structured tool result, or plain text when the tool output was not one of the known shapes. */
export type ToolResultView = ToolResult | { kind: "text"; text: string };

export interface ToolCallView {
  callId: string;
  tool: string;
  args: Record<string, unknown>;
  status: "running" | "done" | "failed" | "cancelled";
  startedAt: number;
  finishedAt?: number;
  durationMs?: number;
  ok?: boolean;
  result?: ToolResultView;
}

/** One agent invocation: a plan step (stepIndex set) or a single-shot agent (coordinator, background, planner, reporter). */
export interface InvocationView {
  agent: Agent;
  stepIndex?: number;
  title?: string;
  status: InvocationStatus;
  startedAt?: number;
  finishedAt?: number;
  text: string;
  thinking: string;
  tools: ToolCallView[];
  error?: string;
}

export interface PlanView {
  plan: Plan;
  revision: number;
}

export interface DecisionView {
  action: "accept" | "edit";
  feedback?: string;
  /** The plan revision the decision was about. */
  revision: number;
  ts: number;
}

export interface NoticeView {
  seq: number;
  ts: number;
  level: "info" | "warning";
  message: string;
  agent?: Agent;
  stepIndex?: number;
}

export interface ErrorView {
  seq: number;
  ts: number;
  code: ErrorCode;
  message: string;
  hint?: string;
  agent?: Agent;
  stepIndex?: number;
}

export type SourceView = Omit<Source, "text">;

export interface ReportView {
  /** Raw streamed markdown (report_delta concatenated). */
  text: string;
  startedAt?: number;
  final?: { title: string; markdown: string; ts: number };
  quality?: QualitySummary;
}

export interface RunView {
  runId?: string;
  question: string;
  settings?: RunSettings;
  locale?: string;
  demo?: string;
  /** A follow-up: the earlier run of the thread whose report it builds on. */
  parentRunId?: string;
  status: RunStatus;
  /** True when the last applied event was `done` (the server closes the stream after it). */
  ended: boolean;
  startedAt?: number;
  finishedAt?: number;
  /** Invocations without a step index, by agent (coordinator reply, background search, planner, reporter). */
  agents: Partial<Record<Agent, InvocationView>>;
  plan?: PlanView;
  awaitingReview: boolean;
  decisions: DecisionView[];
  /** Plan-step invocations, sorted by stepIndex. */
  steps: InvocationView[];
  sources: SourceView[];
  report: ReportView;
  notices: NoticeView[];
  errors: ErrorView[];
  /** Highest applied seq; -1 before any event. */
  lastSeq: number;
}

export function createRunView(runId?: string): RunView {
  return {
    runId,
    question: "",
    status: "connecting",
    ended: false,
    agents: {},
    awaitingReview: false,
    decisions: [],
    steps: [],
    sources: [],
    report: { text: "" },
    notices: [],
    errors: [],
    lastSeq: -1,
  };
}

export function blankInvocation(agent: Agent, stepIndex?: number): InvocationView {
  return { agent, stepIndex, status: "running", text: "", thinking: "", tools: [] };
}

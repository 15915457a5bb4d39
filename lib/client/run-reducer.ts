// PURE reducer from the event protocol to the run's view model: reduceRun(view, event) → view.
// Exhaustive over RunEvent["type"] (a new event type fails the type check), immutable, and
// idempotent: events at or below lastSeq are ignored, so replaying a log twice equals once.
import type { Agent, RunEvent } from "@/lib/protocol/events";
import { normalizeArgs, normalizePlan, normalizeToolResult } from "./normalize";
import {
  blankInvocation,
  type InvocationStatus,
  type InvocationView,
  type RunView,
  type SourceView,
  type ToolCallView,
} from "./run-view";

export { createRunView } from "./run-view";

export function reduceRun(state: RunView, event: RunEvent): RunView {
  if (typeof event?.seq !== "number" || event.seq <= state.lastSeq) return state;
  if (state.runId !== undefined && event.runId !== state.runId) return state;
  const next = apply(state, event);
  return { ...next, lastSeq: event.seq, ended: event.type === "done" };
}

/** Folds a whole event list (a recorded log, a replay). */
export function reduceAll(state: RunView, events: readonly RunEvent[]): RunView {
  return events.reduce(reduceRun, state);
}

function apply(s: RunView, e: RunEvent): RunView {
  switch (e.type) {
    case "run_started":
      return {
        ...s,
        runId: s.runId ?? e.runId,
        question: e.question,
        settings: e.settings,
        locale: e.locale,
        demo: e.demo,
        parentRunId: e.parentRunId,
        status: "running",
        startedAt: e.ts,
      };
    case "agent_started":
      // A reporter that starts again (resumed after a restart) streams the report from the beginning.
      if (e.agent === "reporter" && e.stepIndex === undefined && !s.report.final && s.report.text) s = { ...s, report: { text: "" } };
      return wake(
        updateInvocation(s, e.agent, e.stepIndex, (prev) => ({
          ...blankInvocation(e.agent, e.stepIndex),
          title: e.title ?? prev.title,
          startedAt: e.ts,
        })),
      );
    case "agent_finished":
      return updateInvocation(s, e.agent, e.stepIndex, (inv) => ({
        ...inv,
        status: e.status,
        finishedAt: e.ts,
        error: e.error ?? inv.error,
        tools: closeTools(inv.tools, e.status === "done" ? "done" : "cancelled", e.ts),
      }));
    case "text_delta":
      return updateInvocation(s, e.agent, e.stepIndex, (inv) => ({ ...inv, text: inv.text + e.text }));
    case "thinking_delta":
      return updateInvocation(s, e.agent, e.stepIndex, (inv) => ({ ...inv, thinking: inv.thinking + e.text }));
    case "plan":
      return { ...s, plan: { plan: normalizePlan(e.plan), revision: e.revision }, awaitingReview: false };
    case "plan_review":
      return {
        ...s,
        plan: { plan: normalizePlan(e.plan), revision: e.revision },
        awaitingReview: true,
        status: "awaiting_plan_review",
      };
    case "plan_decision":
      return {
        ...s,
        awaitingReview: false,
        status: "running",
        finishedAt: undefined,
        decisions: [
          ...s.decisions,
          { action: e.action, feedback: e.feedback, revision: s.plan?.revision ?? 0, ts: e.ts },
        ],
      };
    case "tool_started": {
      const call: ToolCallView = {
        callId: e.callId,
        tool: e.tool,
        args: normalizeArgs(e.args),
        status: "running",
        startedAt: e.ts,
      };
      return updateInvocation(s, e.agent, e.stepIndex, (inv) => ({
        ...inv,
        tools: [...inv.tools.filter((t) => t.callId !== e.callId), call],
      }));
    }
    case "tool_finished":
      return updateInvocation(s, e.agent, e.stepIndex, (inv) => {
        const prev = inv.tools.find((t) => t.callId === e.callId);
        const done: ToolCallView = {
          callId: e.callId,
          tool: e.tool,
          args: prev?.args ?? {},
          startedAt: prev?.startedAt ?? e.ts - (e.durationMs || 0),
          status: e.ok ? "done" : "failed",
          ok: e.ok,
          result: normalizeToolResult(e.result),
          durationMs: e.durationMs,
          finishedAt: e.ts,
        };
        const tools = prev ? inv.tools.map((t) => (t === prev ? done : t)) : [...inv.tools, done];
        return { ...inv, tools };
      });
    case "sources":
      return { ...s, sources: mergeSources(s.sources, e.sources) };
    case "report_delta":
      return { ...s, report: { ...s.report, text: s.report.text + e.text, startedAt: s.report.startedAt ?? e.ts } };
    case "report_final":
      return {
        ...s,
        sources: mergeSources(s.sources, e.sources ?? []),
        report: {
          ...s.report,
          startedAt: s.report.startedAt ?? e.ts,
          final: { title: e.title, markdown: e.markdown, ts: e.ts },
          quality: e.quality,
        },
      };
    case "notice":
      return {
        ...s,
        notices: [
          ...s.notices,
          { seq: e.seq, ts: e.ts, level: e.level, message: e.message, agent: e.agent, stepIndex: e.stepIndex },
        ],
      };
    case "error":
      return {
        ...s,
        errors: [
          ...s.errors,
          {
            seq: e.seq,
            ts: e.ts,
            code: e.code,
            message: e.message,
            hint: e.hint,
            agent: e.agent,
            stepIndex: e.stepIndex,
          },
        ],
      };
    case "run_resumed":
      return {
        ...s,
        status: "running",
        finishedAt: undefined,
        notices: [
          ...s.notices,
          {
            seq: e.seq,
            ts: e.ts,
            level: "info",
            message: e.reason === "restart" ? "The server restarted; the research continues from its last saved step." : "Resumed from the last saved step.",
          },
        ],
      };
    case "done":
      return finish(s, e.status, e.ts);
    default:
      return unhandled(e, s);
  }
}

/** Compile-time exhaustiveness: adding an event type to the protocol makes this call fail to type-check. */
function unhandled(_event: never, s: RunView): RunView {
  return s;
}

/** An agent starting means the run is moving again (even if a plan_decision was missed). */
function wake(s: RunView): RunView {
  if (s.status === "connecting" || s.status === "awaiting_plan_review") {
    return { ...s, status: "running", awaitingReview: false };
  }
  return s;
}

function finish(s: RunView, status: RunView["status"], ts: number): RunView {
  if (status === "awaiting_plan_review") return { ...s, status, awaitingReview: s.plan !== undefined };
  const closed: InvocationStatus = status === "completed" ? "done" : "cancelled";
  const close = (inv: InvocationView): InvocationView =>
    inv.status === "running"
      ? { ...inv, status: closed, finishedAt: ts, tools: closeTools(inv.tools, closed, ts) }
      : inv;
  const agents: RunView["agents"] = {};
  for (const [agent, inv] of Object.entries(s.agents) as [Agent, InvocationView][]) agents[agent] = close(inv);
  return { ...s, status, finishedAt: ts, awaitingReview: false, agents, steps: s.steps.map(close) };
}

function closeTools(tools: ToolCallView[], status: "done" | "cancelled", ts: number): ToolCallView[] {
  if (!tools.some((t) => t.status === "running")) return tools;
  return tools.map((t) => (t.status === "running" ? { ...t, status, finishedAt: ts } : t));
}

function updateInvocation(
  s: RunView,
  agent: Agent,
  stepIndex: number | undefined,
  fn: (inv: InvocationView) => InvocationView,
): RunView {
  if (stepIndex === undefined) {
    const prev = s.agents[agent] ?? blankInvocation(agent);
    return { ...s, agents: { ...s.agents, [agent]: fn(prev) } };
  }
  const i = s.steps.findIndex((st) => st.stepIndex === stepIndex);
  if (i >= 0) return { ...s, steps: s.steps.map((st, j) => (j === i ? fn(st) : st)) };
  const steps = [...s.steps, fn(blankInvocation(agent, stepIndex))];
  steps.sort((a, b) => (a.stepIndex ?? 0) - (b.stepIndex ?? 0));
  return { ...s, steps };
}

function mergeSources(prev: SourceView[], incoming: readonly SourceView[]): SourceView[] {
  if (incoming.length === 0) return prev;
  const byId = new Map(prev.map((src) => [src.id, src]));
  for (const src of incoming) byId.set(src.id, { ...byId.get(src.id), ...src });
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

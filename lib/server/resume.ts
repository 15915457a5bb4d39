// Pure rules for continuing a run after the server process died (no I/O here; runs.ts applies them).
//
// The checkpoint is the truth about what finished: LangGraph saves a task's writes as soon as the
// task ends, even inside a superstep that never completed, and re-runs only the tasks without
// writes. The event log can lag it by one flush (events are written on the next tick), so before
// continuing, `reconcile` emits the few events a finished-but-unlogged invocation never got to write.
// After that, the log says exactly which agent invocations finished, and `turnsToSkip` uses it to
// tell a demo's re-created scripted server which model turns were already consumed: the turns
// served to finished invocations; an invocation cut off by the restart runs again from its start and
// is served its turns again.
import type { Agent, Plan, RunEvent, RunEventInput, Source } from "@/lib/protocol/events";
import type { StepResult } from "@/graph/state";
import type { PublicSource, ServedTurn } from "./store/types";

/** What the checkpoint (channel values plus the pending writes of an unfinished superstep) says is done. */
export interface CheckpointProgress {
  route?: string;
  plan?: Plan;
  planRevision: number;
  stepResults: Record<number, StepResult>;
  report?: { title: string; markdown: string };
  sources: Source[];
}

type PendingWrite = [taskId: string, channel: string, value: unknown];

export function checkpointProgress(values: Record<string, unknown> | undefined, pendingWrites: readonly PendingWrite[] = []): CheckpointProgress {
  const v = values ?? {};
  const p: CheckpointProgress = {
    route: v.route as string | undefined,
    plan: v.plan as Plan | undefined,
    planRevision: (v.planRevision as number | undefined) ?? 0,
    stepResults: { ...((v.stepResults as Record<number, StepResult> | undefined) ?? {}) },
    report: v.report as CheckpointProgress["report"],
    sources: (v.sources as Source[] | undefined) ?? [],
  };
  for (const [, channel, value] of pendingWrites) {
    if (channel === "stepResults" && value && typeof value === "object") Object.assign(p.stepResults, value);
    else if (channel === "route") p.route = value as string;
    else if (channel === "plan" && value) p.plan = value as Plan;
    else if (channel === "planRevision" && typeof value === "number") p.planRevision = value;
    else if (channel === "report" && value) p.report = value as CheckpointProgress["report"];
  }
  return p;
}

type Started = Extract<RunEvent, { type: "agent_started" }>;

interface Invocation {
  started: Started;
  finished: boolean;
}

const keyOf = (agent: Agent, stepIndex: number | undefined) => `${agent}#${stepIndex ?? ""}`;

/** Every agent invocation in the log, in order, with whether it logged its end. */
export function invocations(events: readonly RunEvent[]): Invocation[] {
  const all: Invocation[] = [];
  const open = new Map<string, Invocation>();
  for (const e of events) {
    if (e.type === "agent_started") {
      const inv = { started: e, finished: false };
      all.push(inv);
      open.set(keyOf(e.agent, e.stepIndex), inv);
    } else if (e.type === "agent_finished") {
      const inv = open.get(keyOf(e.agent, e.stepIndex));
      if (inv) inv.finished = true;
      open.delete(keyOf(e.agent, e.stepIndex));
    }
  }
  return all;
}

const publicSource = ({ text: _text, ...rest }: Source): PublicSource => rest;

/**
 * Events that finished invocations could not log before the process died: for each invocation still
 * open in the log whose result the checkpoint holds, its closing events. Open invocations without a
 * saved result get nothing: they run again, and their new `agent_started` resets them in the view.
 */
export function reconcile(events: readonly RunEvent[], progress: CheckpointProgress): RunEventInput[] {
  const out: RunEventInput[] = [];
  const latest = new Map<string, Invocation>();
  for (const inv of invocations(events)) latest.set(keyOf(inv.started.agent, inv.started.stepIndex), inv);
  const loggedRevision = Math.max(0, ...events.filter((e) => e.type === "plan").map((e) => (e.type === "plan" ? e.revision : 0)));
  const hasReport = events.some((e) => e.type === "report_final");
  for (const { started, finished } of latest.values()) {
    if (finished) continue;
    const { agent, stepIndex } = started;
    if (stepIndex !== undefined) {
      const result = progress.stepResults[stepIndex];
      if (result) out.push({ type: "agent_finished", agent, stepIndex, status: result.status, ...(result.error ? { error: result.error } : {}) });
    } else if (agent === "coordinator" && progress.route) {
      out.push({ type: "agent_finished", agent, status: "done" });
    } else if (agent === "planner" && progress.plan && progress.planRevision > loggedRevision) {
      out.push({ type: "plan", plan: progress.plan, revision: progress.planRevision });
      out.push({ type: "agent_finished", agent, status: "done" });
    } else if (agent === "reporter" && progress.report) {
      if (!hasReport) {
        out.push({ type: "report_final", title: progress.report.title, markdown: progress.report.markdown, sources: progress.sources.map(publicSource) });
      }
      out.push({ type: "agent_finished", agent, status: "done" });
    }
  }
  return out;
}

/**
 * The scripted model turns a resumed demo must not serve again: those served to an invocation that
 * logged its end. A turn belongs to the latest invocation of its agent (and, for researcher and
 * coder, of its step title) started at or before the turn's recorded seq.
 */
export function turnsToSkip(turns: readonly ServedTurn[], events: readonly RunEvent[]): number[] {
  const all = invocations(events);
  const skip: number[] = [];
  for (const t of turns) {
    let owner: Invocation | undefined;
    for (const inv of all) {
      const s = inv.started;
      if (s.seq > t.seq) break;
      if (s.agent !== t.agent) continue;
      if (t.step !== null && s.title !== t.step) continue;
      owner = inv;
    }
    if (owner?.finished) skip.push(t.turnIndex);
  }
  return skip;
}

// Pure read helpers over RunView for the components (what to show where). No state of their own.
import type { Agent, PlanStep } from "@/lib/protocol/events";
import type { ErrorView, InvocationView, NoticeView, RunStatus, RunView } from "./run-view";

export type StepCardStatus = InvocationView["status"] | "skipped";

export interface StepCardModel {
  stepIndex: number;
  agent: Agent;
  title: string;
  planStep?: PlanStep;
  status: StepCardStatus;
  invocation?: InvocationView;
}

export function isActive(status: RunStatus): boolean {
  return status === "connecting" || status === "running" || status === "awaiting_plan_review";
}

export function isFinished(status: RunStatus): boolean {
  return status === "completed" || status === "failed" || status === "cancelled";
}

/** The plan was accepted (explicitly, automatically, or evidently because steps started). */
export function planAccepted(v: RunView): boolean {
  if (v.steps.length > 0) return true;
  if (!v.plan || v.awaitingReview) return false;
  const last = v.decisions.at(-1);
  if (last && last.revision === v.plan.revision) return last.action === "accept";
  return v.settings?.autoAccept === true && !v.plan.plan.hasEnoughContext;
}

/** One card per plan step (queued until it starts) plus any step the plan does not list. */
export function stepCards(v: RunView): StepCardModel[] {
  const planSteps = planAccepted(v) ? (v.plan?.plan.steps ?? []) : [];
  const byIndex = new Map(v.steps.map((s) => [s.stepIndex ?? -1, s]));
  const count = Math.max(planSteps.length, ...v.steps.map((s) => (s.stepIndex ?? -1) + 1), 0);
  const cards: StepCardModel[] = [];
  for (let i = 0; i < count; i++) {
    const inv = byIndex.get(i);
    const planStep = planSteps[i];
    if (!inv && !planStep) continue;
    const agent: Agent = inv?.agent ?? (planStep?.stepType === "processing" ? "coder" : "researcher");
    const status: StepCardStatus = inv ? inv.status : isFinished(v.status) ? "skipped" : "queued";
    cards.push({ stepIndex: i, agent, title: inv?.title || planStep?.title || `Step ${i + 1}`, planStep, status, invocation: inv });
  }
  return cards;
}

export function countByStatus(cards: StepCardModel[]): Partial<Record<StepCardStatus, number>> {
  const out: Partial<Record<StepCardStatus, number>> = {};
  for (const c of cards) out[c.status] = (out[c.status] ?? 0) + 1;
  return out;
}

/** Errors that belong to a plan step, or (stepIndex undefined) to anything outside the steps. */
export function stepErrors(v: RunView, stepIndex: number): ErrorView[] {
  return v.errors.filter((e) => e.stepIndex === stepIndex);
}

export function runErrors(v: RunView): ErrorView[] {
  return v.errors.filter((e) => e.stepIndex === undefined);
}

export function stepNotices(v: RunView, stepIndex: number): NoticeView[] {
  return v.notices.filter((n) => n.stepIndex === stepIndex);
}

export function runNotices(v: RunView): NoticeView[] {
  return v.notices.filter((n) => n.stepIndex === undefined);
}

/** The markdown to show: the final report once it exists, the streamed text before. */
export function reportMarkdown(v: RunView): string {
  return v.report.final?.markdown ?? v.report.text;
}

export type ReportPhase = "none" | "waiting" | "streaming" | "final" | "stopped" | "failed";

export function reportPhase(v: RunView): ReportPhase {
  if (v.report.final) return "final";
  const reporter = v.agents.reporter;
  const hasText = v.report.text.length > 0;
  if (!reporter && !hasText) return "none";
  if (v.status === "cancelled" || v.status === "interrupted") return hasText ? "stopped" : "none";
  if (v.status === "failed" || reporter?.status === "failed") return "failed";
  if (isFinished(v.status) || reporter?.status === "cancelled") return hasText ? "stopped" : "none";
  return hasText ? "streaming" : "waiting";
}

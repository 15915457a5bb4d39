"use client";
// The live timeline: question → coordinator reply → background search → plan → steps → report
// progress, each with its own errors. Memoized so report deltas do not re-render it.
import { memo } from "react";
import type { Agent } from "@/lib/protocol/events";
import type { RunView } from "@/lib/client/run-view";
import { runNotices, stepCards } from "@/lib/client/run-selectors";
import type { ApiError } from "@/lib/client/api";
import type { PendingAction } from "@/lib/client/use-run";
import { formatElapsed } from "@/lib/client/format";
import { ErrorBanner } from "@/components/ui/error-banner";
import { AgentCard, CoordinatorReply, QuestionBubble } from "./agent-sections";
import { Notices } from "./notices";
import { PlanCard } from "./plan-card";
import { RunErrors } from "./run-errors";
import { StepsSection } from "./steps-section";

interface Props {
  view: RunView;
  pending: PendingAction;
  actionError: ApiError | null;
  onAccept: () => Promise<boolean>;
  onEdit: (feedback: string) => Promise<boolean>;
}

function TimelineImpl({ view, pending, actionError, onAccept, onEdit }: Props) {
  const { agents, plan } = view;
  const placed = new Set<Agent>(["coordinator", "background", "planner", "reporter"]);
  const cardIndexes = new Set(stepCards(view).map((c) => c.stepIndex));
  const errorsOf = (agent: Agent) => view.errors.filter((e) => e.stepIndex === undefined && e.agent === agent);
  /** Errors with no better place: run-level, or naming a step that has no card. */
  const otherErrors = view.errors.filter((e) =>
    e.stepIndex === undefined ? !e.agent || !placed.has(e.agent) : !cardIndexes.has(e.stepIndex),
  );
  const planner = agents.planner;
  const replanning = planner?.status === "running" && plan !== undefined;
  return (
    <div className="space-y-4">
      {view.question ? <QuestionBubble question={view.question} demo={view.demo} /> : null}
      {agents.coordinator ? <CoordinatorReply inv={agents.coordinator} /> : null}
      <RunErrors errors={errorsOf("coordinator")} />
      {agents.background ? <AgentCard inv={agents.background} title="Context for the planner" runningLabel="Searching the web…" /> : null}
      <RunErrors errors={errorsOf("background")} />
      {planner && !plan ? <AgentCard inv={planner} title="Planning" runningLabel="Drafting a research plan…" /> : null}
      {plan ? (
        <PlanCard
          plan={plan}
          awaitingReview={view.awaitingReview}
          decisions={view.decisions}
          replanning={replanning}
          pending={pending}
          onAccept={onAccept}
          onEdit={onEdit}
        />
      ) : null}
      <RunErrors errors={errorsOf("planner")} />
      {actionError ? (
        <ErrorBanner title="That did not go through" message={actionError.message} hint={actionError.hint} code={actionError.code} />
      ) : null}
      <StepsSection view={view} />
      {agents.reporter ? <AgentCard inv={agents.reporter} title="Report" runningLabel="Writing the report…" /> : null}
      <RunErrors errors={errorsOf("reporter")} />
      <RunErrors errors={otherErrors} />
      <Notices notices={runNotices(view)} />
      <RunOutcome view={view} />
    </div>
  );
}

function RunOutcome({ view }: { view: RunView }) {
  const { status, startedAt, finishedAt } = view;
  if (status !== "completed" && status !== "failed" && status !== "cancelled") return null;
  const took = startedAt !== undefined && finishedAt !== undefined ? ` in ${formatElapsed(finishedAt - startedAt)}` : "";
  const text = { completed: `Research completed${took}.`, failed: `The run failed${took}.`, cancelled: `Stopped${took}.` }[status];
  return <p className="px-1 text-center text-xs text-zinc-400 dark:text-zinc-500">{text}</p>;
}

/** The fields of RunView the timeline reads; the report's fields are deliberately absent. */
const KEYS = ["question", "demo", "agents", "plan", "awaitingReview", "decisions", "steps", "settings", "status", "errors", "notices", "startedAt", "finishedAt"] as const;

export const Timeline = memo(
  TimelineImpl,
  (a: Props, b: Props) =>
    KEYS.every((k) => a.view[k] === b.view[k]) &&
    a.pending === b.pending &&
    a.actionError === b.actionError &&
    a.onAccept === b.onAccept &&
    a.onEdit === b.onEdit,
);

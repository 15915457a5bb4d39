"use client";
// The research plan: title, thought, numbered steps; while awaiting review, Start research or
// Edit plan (feedback → a revised plan replaces this card, shown as "revision N").
import { memo, useState } from "react";
import type { DecisionView, PlanView } from "@/lib/client/run-view";
import type { PendingAction } from "@/lib/client/use-run";
import { Spinner } from "@/components/ui/spinner";

const MAX_FEEDBACK = 4000;

function PlanCardImpl({
  plan,
  awaitingReview,
  decisions,
  replanning,
  pending,
  onAccept,
  onEdit,
}: {
  plan: PlanView;
  awaitingReview: boolean;
  decisions: DecisionView[];
  replanning: boolean;
  pending: PendingAction;
  onAccept: () => Promise<boolean>;
  onEdit: (feedback: string) => Promise<boolean>;
}) {
  const [editing, setEditing] = useState(false);
  const [feedback, setFeedback] = useState("");
  const { plan: p, revision } = plan;
  const busy = pending === "accept" || pending === "edit";
  const submit = async () => {
    if (!feedback.trim() || busy) return;
    if (await onEdit(feedback)) {
      setEditing(false);
      setFeedback("");
    }
  };
  const accepted = decisions.some((d) => d.action === "accept" && d.revision === revision);
  return (
    <article
      data-testid="plan-card"
      data-revision={revision}
      className={`rounded-2xl border bg-white p-4 dark:bg-zinc-900 ${awaitingReview ? "border-indigo-300 shadow-sm dark:border-indigo-800" : "border-zinc-200 dark:border-zinc-800"}`}
    >
      <header className="flex flex-wrap items-center gap-2">
        <span className="text-[11px] font-medium tracking-wide text-violet-600 uppercase dark:text-violet-400">Plan</span>
        {revision > 1 ? (
          <span data-testid="plan-revision" className="rounded-full bg-violet-100 px-2 py-0.5 text-[11px] font-medium text-violet-700 dark:bg-violet-950 dark:text-violet-300">
            revision {revision}
          </span>
        ) : null}
        {accepted ? <span className="text-[11px] text-emerald-600 dark:text-emerald-400">Accepted</span> : null}
        {replanning ? (
          <span className="ml-auto inline-flex items-center gap-1.5 text-xs text-zinc-500">
            <Spinner className="size-3" /> Revising…
          </span>
        ) : null}
      </header>
      <h3 className="mt-1 text-base font-semibold break-words">{p.title}</h3>
      {p.thought ? <p className="mt-1 text-sm break-words text-zinc-600 dark:text-zinc-400">{p.thought}</p> : null}
      {p.steps.length > 0 ? (
        <ol className="mt-3 space-y-2">
          {p.steps.map((s, i) => (
            <li key={i} data-testid="plan-step" className="flex gap-2.5">
              <span className="mt-0.5 inline-flex size-5 shrink-0 items-center justify-center rounded-full bg-zinc-100 text-[11px] font-semibold text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
                {i + 1}
              </span>
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
                  <span className="break-words">{s.title}</span>
                  <span
                    className={`rounded px-1.5 py-0.5 text-[10px] font-medium ${
                      s.stepType === "processing"
                        ? "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300"
                        : "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300"
                    }`}
                  >
                    {s.stepType}
                  </span>
                </p>
                {s.description ? <p className="text-xs break-words text-zinc-500 dark:text-zinc-400">{s.description}</p> : null}
              </div>
            </li>
          ))}
        </ol>
      ) : (
        <p className="mt-3 text-sm text-zinc-500">The plan has no steps.</p>
      )}
      {decisions.some((d) => d.action === "edit") ? (
        <ul className="mt-3 space-y-1 border-t border-zinc-100 pt-2 dark:border-zinc-800">
          {decisions
            .filter((d) => d.action === "edit")
            .map((d, i) => (
              <li key={i} className="text-xs text-zinc-500 dark:text-zinc-400">
                <span className="font-medium">Your feedback on revision {d.revision}:</span> {d.feedback}
              </li>
            ))}
        </ul>
      ) : null}
      {awaitingReview ? (
        <div className="mt-4 space-y-2">
          {editing ? (
            <>
              <textarea
                data-testid="plan-feedback"
                value={feedback}
                maxLength={MAX_FEEDBACK}
                onChange={(e) => setFeedback(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) void submit();
                }}
                rows={3}
                autoFocus
                placeholder="What should change? e.g. “Add a step on costs”, “Focus on Europe”"
                className="block w-full resize-y rounded-xl border border-zinc-300 bg-white px-3 py-2 text-sm outline-none focus:border-indigo-400 dark:border-zinc-700 dark:bg-zinc-950"
              />
              <div className="flex gap-2">
                <button
                  type="button"
                  data-testid="submit-feedback"
                  disabled={!feedback.trim() || busy}
                  onClick={() => void submit()}
                  className="inline-flex items-center gap-1.5 rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
                >
                  {pending === "edit" ? <Spinner className="size-3" /> : null}
                  Revise plan
                </button>
                <button type="button" onClick={() => setEditing(false)} className="rounded-lg px-3 py-1.5 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800">
                  Cancel
                </button>
              </div>
            </>
          ) : (
            <div className="flex flex-wrap gap-2">
              <button
                type="button"
                data-testid="accept-plan"
                disabled={busy}
                onClick={() => void onAccept()}
                className="inline-flex items-center gap-1.5 rounded-lg bg-indigo-600 px-3.5 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
              >
                {pending === "accept" ? <Spinner className="size-3" /> : null}
                Start research
              </button>
              <button
                type="button"
                data-testid="edit-plan"
                disabled={busy}
                onClick={() => setEditing(true)}
                className="rounded-lg border border-zinc-300 px-3.5 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
              >
                Edit plan
              </button>
            </div>
          )}
        </div>
      ) : null}
    </article>
  );
}

export const PlanCard = memo(PlanCardImpl);

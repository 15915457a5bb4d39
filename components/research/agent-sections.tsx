"use client";
// Timeline pieces for the single-shot agents: the question, the coordinator's reply, the
// background search and the planner/reporter progress lines.
import { memo } from "react";
import type { InvocationView } from "@/lib/client/run-view";
import { Collapsible } from "@/components/ui/collapsible";
import { Spinner } from "@/components/ui/spinner";
import { AGENT_META } from "./agent-meta";
import { StatusPill } from "./status-pill";
import { ToolCall } from "./tool-call";

export function QuestionBubble({ question, demo }: { question: string; demo?: string }) {
  return (
    <div className="flex justify-end">
      <div className="max-w-[90%] rounded-2xl rounded-br-md bg-indigo-600 px-4 py-2.5 text-white shadow-sm">
        {demo ? <p className="mb-1 text-[10px] font-medium tracking-wide uppercase opacity-75">Recorded demo</p> : null}
        <p data-testid="question" className="text-sm leading-relaxed break-words whitespace-pre-wrap">
          {question}
        </p>
      </div>
    </div>
  );
}

export const CoordinatorReply = memo(function CoordinatorReply({ inv }: { inv: InvocationView }) {
  if (!inv.text && inv.status !== "running") return null;
  return (
    <div className="flex gap-3">
      <span className="mt-0.5 inline-flex size-7 shrink-0 items-center justify-center rounded-lg bg-zinc-900 text-xs font-semibold text-white dark:bg-zinc-100 dark:text-zinc-900">
        F
      </span>
      <div className="min-w-0 flex-1 pt-1">
        {inv.text ? (
          <p data-testid="coordinator-reply" className="text-sm leading-relaxed break-words whitespace-pre-wrap">
            {inv.text}
          </p>
        ) : (
          <p className="flex items-center gap-2 text-sm text-zinc-500">
            <Spinner /> Thinking…
          </p>
        )}
      </div>
    </div>
  );
});

/** Background search, planner and reporter: a compact card with status, tools and thinking. */
export const AgentCard = memo(function AgentCard({
  inv,
  title,
  runningLabel,
}: {
  inv: InvocationView;
  title?: string;
  runningLabel?: string;
}) {
  const meta = AGENT_META[inv.agent];
  return (
    <article
      data-testid={`${inv.agent}-card`}
      data-status={inv.status}
      className="rounded-2xl border border-zinc-200 bg-white p-3.5 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <header className="flex flex-wrap items-center gap-2">
        <span className={`rounded px-1.5 py-0.5 text-[10px] font-medium ${meta.badge}`}>{meta.label}</span>
        <span className="min-w-0 flex-1 truncate text-sm font-medium">
          {inv.status === "running" && runningLabel ? runningLabel : (title ?? inv.title ?? "")}
        </span>
        <StatusPill status={inv.status} startedAt={inv.startedAt} finishedAt={inv.finishedAt} />
      </header>
      {inv.error ? <p className="mt-2 text-xs break-words text-red-600 dark:text-red-400">{inv.error}</p> : null}
      {inv.tools.length > 0 ? (
        <div className="mt-2 space-y-2">
          {inv.tools.map((t) => (
            <ToolCall key={t.callId} call={t} />
          ))}
        </div>
      ) : null}
      {inv.thinking ? (
        <div className="mt-2">
          <Collapsible label="Thinking">
            <p className="max-h-72 overflow-auto rounded-lg bg-zinc-50 px-3 py-2 text-xs whitespace-pre-wrap text-zinc-600 dark:bg-zinc-950/60 dark:text-zinc-400">
              {inv.thinking}
            </p>
          </Collapsible>
        </div>
      ) : null}
    </article>
  );
});

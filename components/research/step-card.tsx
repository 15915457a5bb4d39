"use client";
// One plan step (researcher or coder): status with live time, errors where they happened, tool calls,
// and the agent's notes and thinking collapsed by default.
import { memo } from "react";
import type { StepCardModel } from "@/lib/client/run-selectors";
import type { ErrorView, NoticeView } from "@/lib/client/run-view";
import { Collapsible } from "@/components/ui/collapsible";
import { MarkdownBlocks } from "@/components/report/markdown-blocks-view";
import { AGENT_META } from "./agent-meta";
import { Notices } from "./notices";
import { StatusPill } from "./status-pill";
import { ToolCall } from "./tool-call";

const kchars = (s: string) => (s.length < 1000 ? `${s.length} chars` : `${(s.length / 1000).toFixed(1)}k chars`);

function StepCardImpl({ card, errors, notices }: { card: StepCardModel; errors: ErrorView[]; notices: NoticeView[] }) {
  const inv = card.invocation;
  const meta = AGENT_META[card.agent];
  const running = card.status === "running";
  return (
    <article
      data-testid="step-card"
      data-step-index={card.stepIndex}
      data-status={card.status}
      className={`rounded-2xl border bg-white p-3.5 transition dark:bg-zinc-900 ${
        running
          ? "border-indigo-300 shadow-sm shadow-indigo-100 dark:border-indigo-800 dark:shadow-none"
          : card.status === "failed"
            ? "border-red-200 dark:border-red-900/60"
            : "border-zinc-200 dark:border-zinc-800"
      }`}
    >
      <header className="flex items-start gap-2.5">
        <span className="mt-0.5 inline-flex size-5 shrink-0 items-center justify-center rounded-full bg-zinc-100 text-[11px] font-semibold text-zinc-600 tabular-nums dark:bg-zinc-800 dark:text-zinc-300">
          {card.stepIndex + 1}
        </span>
        <div className="min-w-0 flex-1">
          <h3 className="text-sm leading-snug font-medium break-words text-zinc-900 dark:text-zinc-100">{card.title}</h3>
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <span className={`rounded px-1.5 py-0.5 text-[10px] font-medium ${meta.badge}`}>{meta.label}</span>
            <StatusPill status={card.status} startedAt={inv?.startedAt} finishedAt={inv?.finishedAt} />
          </div>
        </div>
      </header>
      {card.planStep?.description && card.status === "queued" ? (
        <p className="mt-2 ml-7.5 text-xs text-zinc-500 dark:text-zinc-400">{card.planStep.description}</p>
      ) : null}
      <div className="mt-2 ml-7.5 space-y-2 empty:hidden">
        {inv?.error && !errors.some((e) => e.message === inv.error) ? (
          <p data-testid="step-error" className="rounded-lg bg-red-50 px-2.5 py-1.5 text-xs break-words text-red-700 dark:bg-red-950/40 dark:text-red-300">
            {inv.error}
          </p>
        ) : null}
        {errors.map((e) => (
          <div key={e.seq} data-testid="step-error" className="rounded-lg bg-red-50 px-2.5 py-1.5 text-xs break-words text-red-700 dark:bg-red-950/40 dark:text-red-300">
            <p className="font-medium">{e.message}</p>
            {e.hint ? <p className="opacity-80">{e.hint}</p> : null}
          </div>
        ))}
        <Notices notices={notices} />
        {inv?.tools.map((t) => <ToolCall key={t.callId} call={t} />)}
        {inv?.text ? (
          <Collapsible label="Notes" meta={running ? `writing… ${kchars(inv.text)}` : kchars(inv.text)} testId="step-notes">
            <div className="prose prose-sm prose-zinc max-w-none rounded-lg bg-zinc-50 px-3 py-2 dark:prose-invert dark:bg-zinc-950/60">
              <MarkdownBlocks markdown={inv.text} appendOnly />
            </div>
          </Collapsible>
        ) : null}
        {inv?.thinking ? (
          <Collapsible label="Thinking" meta={kchars(inv.thinking)} testId="step-thinking">
            <p className="max-h-72 overflow-auto rounded-lg bg-zinc-50 px-3 py-2 text-xs whitespace-pre-wrap text-zinc-600 dark:bg-zinc-950/60 dark:text-zinc-400">
              {inv.thinking}
            </p>
          </Collapsible>
        ) : null}
      </div>
    </article>
  );
}

type Props = Parameters<typeof StepCardImpl>[0];
const sameList = <T,>(a: T[], b: T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Re-renders only when this step changed (the reducer keeps untouched invocations identical). */
export const StepCard = memo(
  StepCardImpl,
  (a: Props, b: Props) =>
    a.card.invocation === b.card.invocation &&
    a.card.status === b.card.status &&
    a.card.title === b.card.title &&
    a.card.agent === b.card.agent &&
    a.card.planStep === b.card.planStep &&
    sameList(a.errors, b.errors) &&
    sameList(a.notices, b.notices),
);

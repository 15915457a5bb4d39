"use client";
// The research page: live timeline beside the report (stacked on small screens).
import Link from "next/link";
import { useCallback, useEffect, useRef } from "react";
import { useRun } from "@/lib/client/use-run";
import { countByStatus, isActive, reportMarkdown, reportPhase, stepCards } from "@/lib/client/run-selectors";
import { ReportPanel } from "@/components/report/report-panel";
import { Spinner } from "@/components/ui/spinner";
import { RunHeader } from "./run-header";
import { Timeline } from "./timeline";
import { useFollow } from "./use-follow";

export function ResearchView({ runId }: { runId: string }) {
  const { view, connection, pending, actionError, accept, edit, stop } = useRun(runId);
  const onStop = useCallback(() => void stop(), [stop]);
  const column = useRef<HTMLDivElement>(null);
  const live = view.status === "running" && connection === "open";
  useFollow(null, view.lastSeq, live);
  useFollow(column, view.lastSeq, live);

  useEffect(() => {
    if (view.question) document.title = `${view.question.slice(0, 60)} · Fathom`;
  }, [view.question]);

  if (connection === "not_found" && view.lastSeq < 0) {
    return (
      <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-3 px-4 text-center">
        <h1 className="text-lg font-semibold">Run not found</h1>
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          There is no research run with this id on the server (it may have been restarted).
        </p>
        <Link href="/" className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          Start a new research
        </Link>
      </main>
    );
  }

  const phase = reportPhase(view);
  const hasReport = phase !== "none";
  const running = countByStatus(stepCards(view)).running ?? 0;
  const canStop = view.status === "running" || view.status === "awaiting_plan_review";
  return (
    <div className="min-h-dvh">
      <RunHeader question={view.question} status={view.status} running={running} canStop={canStop} pending={pending} onStop={onStop} />
      {connection === "not_found" ? (
        <p role="status" className="bg-amber-50 px-4 py-1.5 text-center text-xs text-amber-800 dark:bg-amber-950/50 dark:text-amber-300">
          The server no longer knows this run (it may have restarted); showing what was received.
        </p>
      ) : null}
      {connection === "reconnecting" && !view.ended ? (
        <p role="status" className="bg-amber-50 px-4 py-1.5 text-center text-xs text-amber-800 dark:bg-amber-950/50 dark:text-amber-300">
          Connection lost, reconnecting…
        </p>
      ) : null}
      <main
        className={
          hasReport
            ? "mx-auto grid max-w-[112rem] gap-6 px-3 py-5 sm:px-4 lg:grid-cols-[minmax(20rem,2fr)_minmax(0,3fr)] lg:items-start"
            : "mx-auto max-w-3xl px-3 py-5 sm:px-4"
        }
      >
        <div
          ref={column}
          className={
            hasReport
              ? "min-w-0 lg:sticky lg:top-[4.75rem] lg:max-h-[calc(100dvh-6rem)] lg:overflow-y-auto lg:overscroll-contain lg:pr-1"
              : "min-w-0"
          }
        >
          {hasReport ? (
            <a href="#report" className="mb-3 block text-center text-xs font-medium text-indigo-600 lg:hidden dark:text-indigo-400">
              Jump to the report ↓
            </a>
          ) : null}
          {view.lastSeq < 0 ? (
            <p className="flex items-center justify-center gap-2 py-16 text-sm text-zinc-500">
              <Spinner /> Loading the run…
            </p>
          ) : (
            <Timeline view={view} pending={pending} actionError={actionError} onAccept={accept} onEdit={edit} />
          )}
        </div>
        {hasReport ? (
          <ReportPanel
            runId={runId}
            markdown={reportMarkdown(view)}
            isFinal={view.report.final !== undefined}
            phase={phase}
            quality={view.report.quality}
            sources={view.sources}
          />
        ) : null}
      </main>
      {isActive(view.status) ? null : <div className="h-8" />}
    </div>
  );
}

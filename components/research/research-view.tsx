"use client";
// The research page: live timeline beside the report (stacked on small screens). The same layout
// shows a recorded run replayed at real speed (`?replay=realtime`).
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { useRun, type RunHandle } from "@/lib/client/use-run";
import { useReplay, type ReplayState } from "@/lib/client/use-replay";
import { countByStatus, isActive, reportMarkdown, reportPhase, stepCards } from "@/lib/client/run-selectors";
import { ReportPanel } from "@/components/report/report-panel";
import { Spinner } from "@/components/ui/spinner";
import { RunHeader } from "./run-header";
import { Timeline } from "./timeline";
import { useFollow } from "./use-follow";
import { FollowUpForm } from "./follow-up-form";
import { FollowUpOf, InterruptedBanner, ReplayBar } from "./run-banners";

export function ResearchView({ runId, replay }: { runId: string; replay?: "realtime" }) {
  return replay === "realtime" ? <ReplayResearch runId={runId} /> : <LiveResearch runId={runId} />;
}

function LiveResearch({ runId }: { runId: string }) {
  return <ResearchBody runId={runId} handle={useRun(runId)} />;
}

const nothing = async () => false;

function ReplayResearch({ runId }: { runId: string }) {
  const { view, state, skip } = useReplay(runId);
  const handle = useMemo<RunHandle>(
    () => ({
      view,
      connection: state === "not_found" ? "not_found" : state === "playing" ? "open" : "closed",
      pending: null,
      actionError: null,
      invalidFrames: 0,
      stats: { received: 0, duplicates: 0, gaps: 0 },
      accept: nothing,
      edit: nothing,
      stop: nothing,
      resume: nothing,
    }),
    [view, state],
  );
  return <ResearchBody runId={runId} handle={handle} replay={state} onSkip={skip} />;
}

function ResearchBody({ runId, handle, replay, onSkip }: { runId: string; handle: RunHandle; replay?: ReplayState; onSkip?: () => void }) {
  const { view, connection, pending, actionError, accept, edit, stop, resume, stats } = handle;
  const onStop = useCallback(() => void stop(), [stop]);
  const onResume = useCallback(() => void resume(), [resume]);
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
          There is no research run with this id on the server (it may have been deleted).
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
  const canStop = !replay && (view.status === "running" || view.status === "awaiting_plan_review");
  const finished = view.ended && (view.status === "completed" || view.status === "failed" || view.status === "cancelled");
  return (
    <div className="min-h-dvh">
      <RunHeader question={view.question} status={view.status} running={running} canStop={canStop} pending={pending} onStop={onStop} />
      {connection === "not_found" ? (
        <p role="status" className="bg-amber-50 px-4 py-1.5 text-center text-xs text-amber-800 dark:bg-amber-950/50 dark:text-amber-300">
          The server no longer knows this run (it may have been deleted); showing what was received.
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
            <div className="space-y-3">
              <FollowUpOf parentRunId={view.parentRunId} />
              {replay ? <ReplayBar runId={runId} replay={replay} onSkip={onSkip} /> : null}
              {!replay ? <InterruptedBanner view={view} pending={pending} error={actionError} onResume={onResume} /> : null}
              <Timeline view={view} pending={pending} actionError={actionError} onAccept={accept} onEdit={edit} />
              {finished && !replay ? <ReplayBar runId={runId} /> : null}
            </div>
          )}
        </div>
        {hasReport ? (
          <div className="min-w-0 space-y-4">
            <ReportPanel
              runId={runId}
              markdown={reportMarkdown(view)}
              isFinal={view.report.final !== undefined}
              phase={phase}
              quality={view.report.quality}
              sources={view.sources}
            />
            {view.status === "completed" && view.report.final && !replay ? <FollowUpForm runId={runId} /> : null}
          </div>
        ) : null}
      </main>
      <span
        hidden
        data-testid="stream-stats"
        data-received={stats.received}
        data-duplicates={stats.duplicates}
        data-gaps={stats.gaps}
        data-last-seq={view.lastSeq}
      />
      {isActive(view.status) ? null : <div className="h-8" />}
    </div>
  );
}

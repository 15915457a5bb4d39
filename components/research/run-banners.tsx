"use client";
// Notes above the timeline about the run as a whole: interrupted by a server restart (with Resume),
// a follow-up's link to its earlier research, and replay controls for a finished run.
import Link from "next/link";
import type { ApiError } from "@/lib/client/api";
import type { PendingAction } from "@/lib/client/use-run";
import type { ReplayState } from "@/lib/client/use-replay";
import type { RunView } from "@/lib/client/run-view";
import { Spinner } from "@/components/ui/spinner";

const bar = "flex flex-wrap items-center gap-x-3 gap-y-1 rounded-xl border px-3 py-2 text-sm";

export function InterruptedBanner({ view, pending, error, onResume }: { view: RunView; pending: PendingAction; error: ApiError | null; onResume: () => void }) {
  if (view.status !== "interrupted") return null;
  const why = view.notices.findLast((n) => n.level === "warning")?.message;
  return (
    <div role="status" data-testid="interrupted-banner" className={`${bar} border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-100`}>
      <p className="min-w-0 flex-1">
        <span className="font-medium">This research was interrupted.</span> {why ?? "The server stopped while it ran."}
      </p>
      <button
        type="button"
        data-testid="resume-button"
        onClick={onResume}
        disabled={pending === "resume"}
        className="inline-flex items-center gap-1.5 rounded-lg bg-amber-600 px-3 py-1 text-xs font-semibold text-white hover:bg-amber-700 disabled:opacity-60"
      >
        {pending === "resume" ? <Spinner className="size-3" /> : null}
        Resume
      </button>
      {error ? (
        <p data-testid="resume-error" className="w-full text-xs text-red-700 dark:text-red-300">
          {error.message}
        </p>
      ) : null}
    </div>
  );
}

export function FollowUpOf({ parentRunId }: { parentRunId?: string }) {
  if (!parentRunId) return null;
  return (
    <p className="px-1 text-xs text-zinc-500 dark:text-zinc-400">
      A follow-up to{" "}
      <Link data-testid="parent-run-link" href={`/research/${encodeURIComponent(parentRunId)}`} className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
        the earlier research
      </Link>
      ; its agents read that report.
    </p>
  );
}

/** Live view of a finished run: offer a replay at real speed. Replay view: progress, skip, back. */
export function ReplayBar({ runId, replay, onSkip }: { runId: string; replay?: ReplayState; onSkip?: () => void }) {
  const href = `/research/${encodeURIComponent(runId)}`;
  if (!replay) {
    return (
      <p className="flex items-center justify-end gap-2 px-1 text-xs text-zinc-500 dark:text-zinc-400">
        Replay:
        <span className="font-medium text-zinc-700 dark:text-zinc-200">instantly</span>
        <span aria-hidden="true">·</span>
        <Link data-testid="replay-realtime" href={`${href}?replay=realtime`} className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          at real speed
        </Link>
      </p>
    );
  }
  return (
    <div data-testid="replay-bar" data-state={replay} className={`${bar} border-indigo-200 bg-indigo-50 text-indigo-900 dark:border-indigo-900/60 dark:bg-indigo-950/40 dark:text-indigo-100`}>
      {replay === "loading" || replay === "playing" ? <Spinner className="size-3" /> : null}
      <p className="min-w-0 flex-1">{replay === "done" ? "Replay finished." : replay === "loading" ? "Loading the recorded run…" : replay === "playing" ? "Replaying at the speed it ran (long pauses shortened)…" : "This run could not be replayed."}</p>
      {replay === "playing" ? (
        <button type="button" data-testid="replay-skip" onClick={onSkip} className="rounded-lg px-2 py-0.5 text-xs font-medium hover:bg-indigo-100 dark:hover:bg-indigo-900">
          Skip to the end
        </button>
      ) : null}
      <Link href={href} className="rounded-lg px-2 py-0.5 text-xs font-medium hover:bg-indigo-100 dark:hover:bg-indigo-900">
        Show instantly
      </Link>
    </div>
  );
}

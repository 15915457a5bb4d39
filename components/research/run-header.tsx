"use client";
// Sticky top bar of the research view: home link, question, run status, Stop, theme.
import Link from "next/link";
import type { RunStatus } from "@/lib/client/run-view";
import type { PendingAction } from "@/lib/client/use-run";
import { Spinner } from "@/components/ui/spinner";
import { StopIcon } from "@/components/ui/icons";
import { ThemeToggle } from "@/components/ui/theme-toggle";

const STATUS: Record<RunStatus, { label: string; tone: string }> = {
  connecting: { label: "Connecting", tone: "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300" },
  running: { label: "Researching", tone: "bg-indigo-50 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300" },
  awaiting_plan_review: { label: "Review the plan", tone: "bg-violet-50 text-violet-700 dark:bg-violet-950 dark:text-violet-300" },
  completed: { label: "Completed", tone: "bg-emerald-50 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300" },
  failed: { label: "Failed", tone: "bg-red-50 text-red-700 dark:bg-red-950 dark:text-red-300" },
  cancelled: { label: "Stopped", tone: "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300" },
  interrupted: { label: "Interrupted", tone: "bg-amber-50 text-amber-800 dark:bg-amber-950 dark:text-amber-300" },
};

export function RunHeader({
  question,
  status,
  running,
  canStop,
  pending,
  onStop,
}: {
  question: string;
  status: RunStatus;
  running: number;
  canStop: boolean;
  pending: PendingAction;
  onStop: () => void;
}) {
  const s = STATUS[status];
  return (
    <header className="sticky top-0 z-30 border-b border-zinc-200 bg-zinc-50/85 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/85">
      <div className="mx-auto flex h-14 max-w-[112rem] items-center gap-3 px-4">
        <Link href="/" className="flex shrink-0 items-center gap-2 font-semibold tracking-tight" aria-label="Fathom home">
          <span className="inline-flex size-7 items-center justify-center rounded-lg bg-indigo-600 text-sm text-white">F</span>
          <span className="hidden sm:inline">Fathom</span>
        </Link>
        <p className="hidden min-w-0 flex-1 truncate text-sm text-zinc-600 md:block dark:text-zinc-400" title={question}>
          {question}
        </p>
        <span className="flex-1 md:hidden" />
        <span className={`inline-flex shrink-0 items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ${s.tone}`}>
          {status === "running" || status === "connecting" ? <Spinner className="size-3" /> : null}
          <span aria-hidden="true">{s.label}</span>
          {status === "running" && running > 1 ? <span className="hidden opacity-75 sm:inline">· {running} running</span> : null}
          <span data-testid="run-status" className="sr-only">
            {status}
          </span>
        </span>
        {canStop ? (
          <button
            type="button"
            data-testid="stop-button"
            onClick={onStop}
            disabled={pending === "stop"}
            className="inline-flex shrink-0 items-center gap-1.5 rounded-lg border border-zinc-300 bg-white px-2.5 py-1 text-xs font-medium text-zinc-700 hover:border-red-300 hover:text-red-600 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300 dark:hover:border-red-800 dark:hover:text-red-400"
          >
            {pending === "stop" ? <Spinner className="size-3" /> : <StopIcon className="size-3" />}
            Stop
          </button>
        ) : null}
        <ThemeToggle />
      </div>
    </header>
  );
}

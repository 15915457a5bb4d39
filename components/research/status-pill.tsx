"use client";
// Status of an agent invocation or step: icon + label + live elapsed time.
import type { StepCardStatus } from "@/lib/client/run-selectors";
import { formatElapsed } from "@/lib/client/format";
import { useNow } from "@/lib/client/use-now";
import { Spinner } from "@/components/ui/spinner";
import { CheckIcon, StopIcon, XIcon } from "@/components/ui/icons";

const LABELS: Record<StepCardStatus, string> = {
  queued: "Queued",
  running: "Running",
  done: "Done",
  failed: "Failed",
  cancelled: "Stopped",
  skipped: "Not run",
};

const COLORS: Record<StepCardStatus, string> = {
  queued: "text-zinc-500 dark:text-zinc-400",
  running: "text-indigo-600 dark:text-indigo-400",
  done: "text-emerald-600 dark:text-emerald-400",
  failed: "text-red-600 dark:text-red-400",
  cancelled: "text-zinc-500 dark:text-zinc-400",
  skipped: "text-zinc-400 dark:text-zinc-500",
};

export function Elapsed({ startedAt, finishedAt }: { startedAt?: number; finishedAt?: number }) {
  const live = startedAt !== undefined && finishedAt === undefined;
  const now = useNow(live);
  if (startedAt === undefined) return null;
  const end = finishedAt ?? (now || startedAt);
  return <span className="tabular-nums">{formatElapsed(end - startedAt)}</span>;
}

export function StatusPill({
  status,
  startedAt,
  finishedAt,
}: {
  status: StepCardStatus;
  startedAt?: number;
  finishedAt?: number;
}) {
  return (
    <span className={`inline-flex shrink-0 items-center gap-1.5 text-xs font-medium ${COLORS[status]}`}>
      {status === "running" ? <Spinner className="size-3" /> : null}
      {status === "done" ? <CheckIcon className="size-3.5" /> : null}
      {status === "failed" ? <XIcon className="size-3.5" /> : null}
      {status === "cancelled" ? <StopIcon className="size-3" /> : null}
      {status === "queued" ? <span className="size-2 rounded-full border border-current" /> : null}
      <span>{LABELS[status]}</span>
      {status !== "queued" && status !== "skipped" ? (
        <span className="font-normal text-zinc-400 dark:text-zinc-500">
          <Elapsed startedAt={startedAt} finishedAt={finishedAt} />
        </span>
      ) : null}
    </span>
  );
}

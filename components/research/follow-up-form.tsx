"use client";
// Under a finished report: ask a follow-up. It starts a new run in the same thread whose agents see
// this report, and opens it.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { startRun, type ApiError } from "@/lib/client/api";
import { useSettings } from "@/lib/client/settings-store";
import { ErrorBanner } from "@/components/ui/error-banner";
import { ArrowUpIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";

export function FollowUpForm({ runId }: { runId: string }) {
  const router = useRouter();
  const [settings] = useSettings();
  const [question, setQuestion] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async () => {
    const q = question.trim();
    if (!q || busy) return;
    setBusy(true);
    setError(null);
    const res = await startRun({ question: q, settings, parentRunId: runId });
    if (res.ok) {
      router.push(`/research/${encodeURIComponent(res.data.runId)}`);
      return;
    }
    setBusy(false);
    setError(res.error);
  };
  return (
    <section aria-label="Ask a follow-up" className="space-y-2 rounded-2xl border border-zinc-200 bg-white p-3 sm:p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        className="flex items-end gap-2"
      >
        <textarea
          data-testid="follow-up-input"
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void submit();
            }
          }}
          rows={2}
          maxLength={10_000}
          placeholder="Ask a follow-up question about this report…"
          aria-label="Follow-up question"
          className="min-h-[2.75rem] flex-1 resize-y rounded-xl border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm outline-none focus:border-indigo-400 dark:border-zinc-700 dark:bg-zinc-950"
        />
        <button
          type="submit"
          data-testid="follow-up-send"
          disabled={!question.trim() || busy}
          aria-label="Ask the follow-up"
          className="inline-flex size-10 shrink-0 items-center justify-center rounded-xl bg-indigo-600 text-white hover:bg-indigo-700 disabled:opacity-40"
        >
          {busy ? <Spinner className="size-4" /> : <ArrowUpIcon className="size-4" />}
        </button>
      </form>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">A follow-up starts a new research in this thread; its planner and writer see this report.</p>
      {error ? (
        <ErrorBanner
          title={error.code === "config_missing" ? "Live research is not configured" : "Could not start the follow-up"}
          message={error.message}
          hint={error.hint}
          code={error.code}
        />
      ) : null}
    </section>
  );
}

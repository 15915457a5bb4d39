"use client";
// The report: streamed markdown (memoized blocks) until report_final, then the final markdown;
// outline, copy, download of the stored file, and the quality summary.
import { memo, useMemo, useState } from "react";
import type { QualitySummary as Quality } from "@/lib/protocol/events";
import type { ReportPhase } from "@/lib/client/run-selectors";
import type { SourceView } from "@/lib/client/run-view";
import { reportDownloadUrl } from "@/lib/client/api";
import { outlineOf } from "@/lib/client/outline";
import { Collapsible } from "@/components/ui/collapsible";
import { CheckIcon, CopyIcon, DownloadIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { BlockList, needsWholeDocument, useMarkdownBlocks } from "./markdown-blocks-view";
import { QualitySummary } from "./quality-summary";
import { ExportLinks } from "./export-links";
import { ReportOutline } from "./report-outline";
import { SourcesProvider } from "./sources-context";

const PHASE_LABEL: Record<ReportPhase, string> = {
  none: "none",
  waiting: "waiting",
  streaming: "streaming",
  final: "final",
  stopped: "stopped",
  failed: "failed",
};

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = document.createElement("textarea");
    ta.value = text;
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand("copy");
    ta.remove();
    return ok;
  }
}

const button =
  "inline-flex items-center gap-1.5 rounded-lg border border-zinc-200 px-2.5 py-1 text-xs font-medium text-zinc-700 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800";

function ReportPanelImpl({
  runId,
  markdown,
  isFinal,
  phase,
  quality,
  sources,
}: {
  runId: string;
  markdown: string;
  isFinal: boolean;
  phase: ReportPhase;
  quality?: Quality;
  sources: SourceView[];
}) {
  const [copied, setCopied] = useState<"ok" | "failed" | null>(null);
  const whole = isFinal && needsWholeDocument(markdown);
  const split = useMarkdownBlocks(markdown, !isFinal);
  const blocks = useMemo(() => (whole ? [markdown] : split), [whole, markdown, split]);
  const outline = useMemo(() => outlineOf(split), [split]);
  const onCopy = async () => {
    const ok = await copyText(markdown);
    setCopied(ok ? "ok" : "failed");
    setTimeout(() => setCopied(null), 2000);
  };
  return (
    <section
      id="report"
      data-testid="report"
      aria-label="Report"
      className="scroll-mt-16 rounded-2xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
    >
      <header className="sticky top-14 z-10 flex flex-wrap items-center gap-2 rounded-t-2xl border-b border-zinc-200 bg-white/90 px-4 py-2.5 backdrop-blur sm:px-6 dark:border-zinc-800 dark:bg-zinc-900/90">
        <h2 className="text-sm font-semibold">Report</h2>
        <span
          data-testid="report-status"
          data-phase={phase}
          className="inline-flex items-center gap-1 rounded-full bg-zinc-100 px-2 py-0.5 text-[11px] font-medium text-zinc-600 capitalize dark:bg-zinc-800 dark:text-zinc-300"
        >
          {PHASE_LABEL[phase]}
        </span>
        {phase === "streaming" || phase === "waiting" ? <Spinner className="size-3 text-indigo-500" /> : null}
        <span className="ml-auto flex items-center gap-2">
          <button type="button" data-testid="copy-md" onClick={() => void onCopy()} disabled={!markdown} className={`${button} disabled:opacity-50`}>
            {copied === "ok" ? <CheckIcon className="size-3.5" /> : <CopyIcon className="size-3.5" />}
            {copied === "ok" ? "Copied" : copied === "failed" ? "Copy failed" : "Copy markdown"}
          </button>
          {isFinal ? (
            <a data-testid="download-md" href={reportDownloadUrl(runId)} download className={button}>
              <DownloadIcon className="size-3.5" />
              Download .md
            </a>
          ) : null}
          {isFinal ? <ExportLinks runId={runId} className={button} /> : null}
        </span>
      </header>
      <SourcesProvider sources={sources} evidenceRunId={isFinal ? runId : undefined}>
        <div className="gap-8 px-4 py-5 sm:px-8 sm:py-7 xl:grid xl:grid-cols-[minmax(0,1fr)_12rem]">
          <div className="min-w-0">
            {outline.length > 1 ? (
              <div className="mb-4 xl:hidden">
                <Collapsible label="Contents" meta={`${outline.length} sections`}>
                  <ReportOutline items={outline} />
                </Collapsible>
              </div>
            ) : null}
            {markdown ? (
              <article className="report-prose prose prose-zinc max-w-none dark:prose-invert prose-headings:scroll-mt-20 prose-a:text-indigo-600 prose-pre:bg-zinc-900 prose-img:rounded-lg dark:prose-a:text-indigo-400">
                <BlockList blocks={blocks} streaming={phase === "streaming"} />
              </article>
            ) : (
              <p className="flex items-center gap-2 text-sm text-zinc-500 dark:text-zinc-400">
                {phase === "waiting" ? <Spinner /> : null}
                {phase === "waiting" ? "Writing the report…" : "No report was written."}
              </p>
            )}
          </div>
          <aside className="hidden xl:block">
            <div className="sticky top-30">
              <ReportOutline items={outline} />
            </div>
          </aside>
        </div>
        {quality ? (
          <div className="px-4 pb-5 sm:px-8">
            <QualitySummary quality={quality} />
          </div>
        ) : null}
      </SourcesProvider>
    </section>
  );
}

export const ReportPanel = memo(ReportPanelImpl);

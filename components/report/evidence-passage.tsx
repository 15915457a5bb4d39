"use client";
// The evidence part of a citation card: the cited sentence's supporting passage in the source, or plainly
// that none was found (the claim may still be right, but this source's text does not show it).
import { plainText } from "@/lib/report/evidence";
import { Spinner } from "@/components/ui/spinner";
import { useEvidence } from "./use-evidence";

/** Passages come from the read page's markdown: show them as prose ("## Costs **fell**" → "Costs fell"). */
const prose = (passage: string) => plainText(passage.replace(/(^|\s)#{1,6}\s+/g, "$1"));

export function EvidencePassage({ runId, sourceId, sentence }: { runId: string; sourceId: number; sentence: string }) {
  const evidence = useEvidence(runId, sourceId, sentence);
  if (!evidence) return null;
  return (
    <span className="mt-2.5 block border-t border-zinc-100 pt-2 dark:border-zinc-800">
      <span className="block text-[10px] font-medium tracking-wide text-zinc-400 uppercase dark:text-zinc-500">Supporting passage</span>
      {evidence.state === "loading" ? (
        <span data-testid="evidence-loading" className="mt-1 flex items-center gap-1.5 text-zinc-500 dark:text-zinc-400">
          <Spinner className="size-3" /> Looking in the source…
        </span>
      ) : evidence.state === "found" ? (
        <span
          data-testid="evidence-passage"
          className="mt-1 block max-h-40 overflow-y-auto border-l-2 border-emerald-400 pl-2 text-zinc-700 dark:border-emerald-600 dark:text-zinc-300"
        >
          {prose(evidence.passage)}
        </span>
      ) : evidence.state === "none" ? (
        <span data-testid="evidence-none" className="mt-1 block text-amber-700 dark:text-amber-400">
          No supporting passage was found in this source.
        </span>
      ) : (
        <span data-testid="evidence-error" className="mt-1 block text-red-600 dark:text-red-400">
          Could not look up the passage: {evidence.message}
        </span>
      )}
    </span>
  );
}

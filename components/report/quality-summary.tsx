// The report's quality numbers (citation validity, sources, grounding), small and tidy.
import type { QualitySummary as Quality } from "@/lib/protocol/events";
import { formatPercent } from "@/lib/client/format";

function Stat({ label, value, warn = false }: { label: string; value: string; warn?: boolean }) {
  return (
    <div className="min-w-0">
      <dt className="truncate text-[11px] text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className={`text-sm font-semibold tabular-nums ${warn ? "text-amber-600 dark:text-amber-400" : ""}`}>{value}</dd>
    </div>
  );
}

export function QualitySummary({ quality }: { quality: Quality }) {
  const validity = quality.citationValidity > 1 ? quality.citationValidity / 100 : quality.citationValidity;
  const removed = quality.removedLinks.length + quality.removedImages.length;
  return (
    <section
      data-testid="quality-summary"
      aria-label="Report quality"
      className="rounded-xl border border-zinc-200 bg-zinc-50 px-4 py-3 dark:border-zinc-800 dark:bg-zinc-950/50"
    >
      <h3 className="mb-2 text-xs font-medium text-zinc-500 uppercase dark:text-zinc-400">Quality check</h3>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-5">
        <Stat
          label="Citations valid"
          value={`${formatPercent(validity)} (${quality.validCitedLinks}/${quality.citedLinks})`}
          warn={validity < 0.9 && quality.citedLinks > 0}
        />
        <Stat label="Sources cited" value={String(quality.uniqueSources)} />
        <Stat label="Domains" value={String(quality.uniqueDomains)} />
        <Stat
          label="Paragraphs w/o citation"
          value={String(quality.paragraphsWithoutCitation)}
          warn={quality.paragraphsWithoutCitation > 0}
        />
        <Stat
          label="Numbers grounded"
          value={quality.numbersChecked > 0 ? `${quality.numbersGrounded}/${quality.numbersChecked}` : "—"}
          warn={quality.numbersGrounded < quality.numbersChecked}
        />
      </dl>
      {quality.incomplete || removed > 0 || quality.danglingReferences > 0 ? (
        <p className="mt-2 text-xs text-amber-700 dark:text-amber-400">
          {[
            quality.incomplete ? "The report may be incomplete." : "",
            removed > 0 ? `${removed} unverifiable link${removed === 1 ? "" : "s"} or image${removed === 1 ? "" : "s"} removed.` : "",
            quality.danglingReferences > 0 ? `${quality.danglingReferences} dangling reference${quality.danglingReferences === 1 ? "" : "s"}.` : "",
          ]
            .filter(Boolean)
            .join(" ")}
        </p>
      ) : null}
    </section>
  );
}

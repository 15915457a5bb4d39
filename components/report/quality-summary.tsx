// The report's quality numbers (citation validity, sources, grounding), small and tidy, and what the
// citation check removed (links and images no search returned), listed on demand.
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

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function removedSummary(links: number, images: number): string {
  const parts = [links ? plural(links, "unverified link", "unverified links") : "", images ? plural(images, "image", "images") : ""];
  return `${parts.filter(Boolean).join(" and ")} not returned by any search ${links + images === 1 ? "was" : "were"} removed`;
}

function UrlList({ label, urls }: { label: string; urls: string[] }) {
  if (urls.length === 0) return null;
  return (
    <div className="mt-1.5">
      <p className="text-[11px] font-medium text-zinc-500 dark:text-zinc-400">{label}</p>
      <ul className="mt-0.5 space-y-0.5">
        {urls.map((u, i) => (
          <li key={i} data-testid="removed-url" className="font-mono text-[11px] break-all text-zinc-600 dark:text-zinc-400">
            {u}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Shown only when something was removed; the URLs are text, never fetched or linked. */
function RemovedContent({ links, images }: { links: string[]; images: string[] }) {
  if (links.length + images.length === 0) return null;
  return (
    <details data-testid="removed-content" className="group mt-3 rounded-lg border border-amber-200 bg-amber-50/60 px-3 py-2 text-xs dark:border-amber-900/60 dark:bg-amber-950/30">
      <summary className="cursor-pointer text-amber-800 marker:text-amber-500 dark:text-amber-300">
        {removedSummary(links.length, images.length)}
        <span className="ml-1 text-amber-600/80 group-open:hidden dark:text-amber-400/70">· show</span>
      </summary>
      <UrlList label="Links (unlinked in the text)" urls={links} />
      <UrlList label="Images (left out of the report)" urls={images} />
    </details>
  );
}

export function QualitySummary({ quality }: { quality: Quality }) {
  const validity = quality.citationValidity > 1 ? quality.citationValidity / 100 : quality.citationValidity;
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
      {quality.incomplete || quality.danglingReferences > 0 ? (
        <p className="mt-2 text-xs text-amber-700 dark:text-amber-400">
          {[
            quality.incomplete ? "The report may be incomplete." : "",
            quality.danglingReferences > 0 ? `${quality.danglingReferences} dangling reference${quality.danglingReferences === 1 ? "" : "s"}.` : "",
          ]
            .filter(Boolean)
            .join(" ")}
        </p>
      ) : null}
      <RemovedContent links={quality.removedLinks} images={quality.removedImages} />
    </section>
  );
}

// Table of contents from the report's h2/h3 headings (ids shared with the renderer via slugify).
import { memo } from "react";
import type { OutlineItem } from "@/lib/client/outline";

function ReportOutlineImpl({ items }: { items: OutlineItem[] }) {
  if (items.length === 0) return null;
  return (
    <nav aria-label="Report outline" data-testid="report-outline" className="text-sm">
      <p className="mb-2 text-xs font-medium text-zinc-500 uppercase dark:text-zinc-400">Contents</p>
      <ol className="space-y-1 border-l border-zinc-200 dark:border-zinc-800">
        {items.map((it, i) => (
          <li key={`${it.id}-${i}`}>
            <a
              href={`#${it.id}`}
              className={`-ml-px block border-l border-transparent py-0.5 leading-snug text-zinc-600 hover:border-indigo-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100 ${
                it.level === 3 ? "pl-6 text-[13px]" : "pl-3"
              }`}
            >
              {it.text}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

const sameItems = (a: { items: OutlineItem[] }, b: { items: OutlineItem[] }) =>
  a.items.length === b.items.length && a.items.every((it, i) => it.id === b.items[i]?.id && it.text === b.items[i]?.text && it.level === b.items[i]?.level);

/** A streamed delta recomputes the outline; it re-renders only when a heading changed. */
export const ReportOutline = memo(ReportOutlineImpl, sameItems);

"use client";
// Search results: letter avatar (no favicon fetch), title, domain, snippet; image thumbnails.
import { useState } from "react";
import type { ImageHit, SearchHit } from "@/lib/protocol/events";
import { domainOf } from "@/lib/client/normalize";
import { LetterAvatar } from "@/components/ui/letter-avatar";
import { SafeImage } from "@/components/ui/safe-image";

const SHOWN = 5;

export function SearchHits({ hits, images }: { hits: SearchHit[]; images: ImageHit[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? hits : hits.slice(0, SHOWN);
  if (hits.length === 0 && images.length === 0) {
    return <p className="text-xs text-zinc-500 dark:text-zinc-400">No results.</p>;
  }
  return (
    <div className="space-y-2">
      <ul className="space-y-1">
        {shown.map((h, i) => {
          const domain = h.domain || domainOf(h.url) || "source";
          return (
            <li key={`${h.url}-${i}`} data-testid="search-hit">
              <a
                href={h.url || undefined}
                target="_blank"
                rel="noreferrer noopener"
                className="group flex gap-2.5 rounded-lg p-1.5 hover:bg-zinc-100 dark:hover:bg-zinc-800/70"
              >
                <LetterAvatar domain={domain} className="mt-0.5 size-5 text-[10px]" />
                <span className="min-w-0 flex-1">
                  <span className="block truncate text-sm font-medium text-zinc-800 group-hover:text-indigo-600 dark:text-zinc-200 dark:group-hover:text-indigo-400">
                    {h.title || h.url}
                  </span>
                  <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400">{domain}</span>
                  {h.snippet ? (
                    <span className="mt-0.5 line-clamp-2 block text-xs text-zinc-600 dark:text-zinc-400">{h.snippet}</span>
                  ) : null}
                </span>
              </a>
            </li>
          );
        })}
      </ul>
      {hits.length > SHOWN ? (
        <button
          type="button"
          onClick={() => setAll((a) => !a)}
          className="px-1.5 text-xs text-indigo-600 hover:underline dark:text-indigo-400"
        >
          {all ? "Show fewer" : `Show all ${hits.length} results`}
        </button>
      ) : null}
      {images.length > 0 ? (
        <div className="flex gap-2 overflow-x-auto pb-1">
          {images.slice(0, 8).map((img, i) => (
            <a
              key={`${img.url}-${i}`}
              href={img.url}
              target="_blank"
              rel="noreferrer noopener"
              title={img.description}
              className="shrink-0"
            >
              <SafeImage
                src={img.url}
                alt={img.description}
                className="h-16 w-24 rounded-md border border-zinc-200 bg-zinc-100 object-cover dark:border-zinc-800 dark:bg-zinc-800"
              />
            </a>
          ))}
        </div>
      ) : null}
    </div>
  );
}

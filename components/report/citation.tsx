"use client";
// A numbered citation link ([3]) as a superscript chip with a hover/focus/tap card: the source (title,
// domain, snippet) and, in the final report, the passage of that source supporting the cited sentence.
import { memo, useCallback, useEffect, useRef, useState } from "react";
import { domainOf } from "@/lib/client/normalize";
import { LetterAvatar } from "@/components/ui/letter-avatar";
import { citationSentence } from "./citation-sentence";
import { EvidencePassage } from "./evidence-passage";
import { useEvidenceRunId, useSource } from "./sources-context";

const CARD_WIDTH = 320;
/** Below the chip unless there is less room than this there (and more above). */
const ROOM_BELOW = 280;

interface Open {
  top?: number;
  bottom?: number;
  left: number;
  sentence: string;
}

/** `label` is the citation number as text ("3"). */
export const Citation = memo(function Citation({ href, label }: { href: string | undefined; label: string }) {
  const source = useSource(href);
  const title = source?.title;
  const evidenceRunId = useEvidenceRunId();
  const anchor = useRef<HTMLAnchorElement>(null);
  const [open, setOpen] = useState<Open | null>(null);
  const closeTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** A touch tap on a closed chip opens the card instead of leaving the page. */
  const tapOpens = useRef(false);

  const show = useCallback(() => {
    if (closeTimer.current) clearTimeout(closeTimer.current);
    const el = anchor.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    const left = Math.max(8, Math.min(r.left, window.innerWidth - CARD_WIDTH - 8));
    const below = window.innerHeight - r.bottom >= ROOM_BELOW || r.top < window.innerHeight - r.bottom;
    const place = below ? { top: r.bottom + 6 } : { bottom: window.innerHeight - r.top + 6 };
    setOpen((prev) => prev ?? { ...place, left, sentence: citationSentence(el, title) });
  }, [title]);
  const close = useCallback(() => {
    if (closeTimer.current) clearTimeout(closeTimer.current);
    closeTimer.current = setTimeout(() => setOpen(null), 150);
  }, []);

  useEffect(() => {
    if (!open) return;
    const hide = () => setOpen(null);
    window.addEventListener("scroll", hide, { capture: true, passive: true });
    window.addEventListener("resize", hide);
    return () => {
      window.removeEventListener("scroll", hide, { capture: true });
      window.removeEventListener("resize", hide);
    };
  }, [open]);
  useEffect(() => () => void (closeTimer.current && clearTimeout(closeTimer.current)), []);

  const domain = source?.domain || (href ? domainOf(href) : "");
  return (
    <span className="inline" onMouseEnter={show} onMouseLeave={close}>
      <a
        ref={anchor}
        href={href}
        target="_blank"
        rel="noreferrer noopener"
        data-testid="citation"
        onFocus={show}
        onBlur={close}
        onPointerDown={(e) => void (tapOpens.current = e.pointerType !== "mouse" && open === null)}
        onClick={(e) => {
          if (!tapOpens.current) return;
          tapOpens.current = false;
          e.preventDefault();
          show();
        }}
        onKeyDown={(e) => e.key === "Escape" && setOpen(null)}
        aria-label={source ? `Source ${label}: ${source.title}` : `Source ${label}`}
        className="not-prose relative -top-1.5 mx-0.5 inline-flex h-4 min-w-4 items-center justify-center rounded-full bg-indigo-50 px-1 align-baseline text-[10px] leading-none font-semibold text-indigo-700 no-underline ring-1 ring-indigo-200 transition hover:bg-indigo-600 hover:text-white focus-visible:bg-indigo-600 focus-visible:text-white dark:bg-indigo-950 dark:text-indigo-300 dark:ring-indigo-800"
      >
        {label}
      </a>
      {open ? (
        <span
          role="tooltip"
          data-testid="citation-card"
          style={{ top: open.top, bottom: open.bottom, left: open.left, width: CARD_WIDTH }}
          className="not-prose fixed z-50 block max-h-[min(26rem,calc(100dvh-1rem))] overflow-y-auto rounded-xl border border-zinc-200 bg-white p-3 text-left text-xs leading-snug font-normal text-zinc-700 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300"
        >
          <span className="flex items-center gap-2">
            <LetterAvatar domain={domain || "?"} className="size-4 text-[9px]" />
            <span className="truncate text-zinc-500 dark:text-zinc-400">{domain || "unknown source"}</span>
            <span className="ml-auto shrink-0 text-[10px] text-zinc-400 tabular-nums dark:text-zinc-500">[{label}]</span>
          </span>
          <a
            href={href}
            target="_blank"
            rel="noreferrer noopener"
            data-testid="citation-title"
            className="mt-1.5 line-clamp-2 block text-sm font-medium text-zinc-900 no-underline hover:underline dark:text-zinc-100"
          >
            {source?.title || href || "Source"}
          </a>
          {source?.snippet ? (
            <span className="mt-1 line-clamp-3 block text-zinc-600 dark:text-zinc-400">{source.snippet}</span>
          ) : null}
          {evidenceRunId && source ? <EvidencePassage runId={evidenceRunId} sourceId={source.id} sentence={open.sentence} /> : null}
        </span>
      ) : null}
    </span>
  );
});

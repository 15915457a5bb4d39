"use client";
// A numbered citation link ([3]) as a superscript chip with a hover/focus card (title, domain, snippet).
import { useCallback, useEffect, useRef, useState } from "react";
import { domainOf } from "@/lib/client/normalize";
import { LetterAvatar } from "@/components/ui/letter-avatar";
import { useSource } from "./sources-context";

const CARD_WIDTH = 288;

/** `label` is the citation number as text ("3"). */
export function Citation({ href, label }: { href: string | undefined; label: string }) {
  const source = useSource(href);
  const anchor = useRef<HTMLAnchorElement>(null);
  const [pos, setPos] = useState<{ top: number; left: number } | null>(null);
  const closeTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const open = useCallback(() => {
    if (closeTimer.current) clearTimeout(closeTimer.current);
    const r = anchor.current?.getBoundingClientRect();
    if (!r) return;
    const left = Math.max(8, Math.min(r.left, window.innerWidth - CARD_WIDTH - 8));
    setPos({ top: r.bottom + 6, left });
  }, []);
  const close = useCallback(() => {
    if (closeTimer.current) clearTimeout(closeTimer.current);
    closeTimer.current = setTimeout(() => setPos(null), 120);
  }, []);

  useEffect(() => {
    if (!pos) return;
    const hide = () => setPos(null);
    window.addEventListener("scroll", hide, { capture: true, passive: true });
    window.addEventListener("resize", hide);
    return () => {
      window.removeEventListener("scroll", hide, { capture: true });
      window.removeEventListener("resize", hide);
    };
  }, [pos]);
  useEffect(() => () => void (closeTimer.current && clearTimeout(closeTimer.current)), []);

  const domain = source?.domain || (href ? domainOf(href) : "");
  return (
    <span className="inline" onMouseEnter={open} onMouseLeave={close}>
      <a
        ref={anchor}
        href={href}
        target="_blank"
        rel="noreferrer noopener"
        data-testid="citation"
        onFocus={open}
        onBlur={close}
        onKeyDown={(e) => e.key === "Escape" && setPos(null)}
        aria-label={source ? `Source ${label}: ${source.title}` : `Source ${label}`}
        className="not-prose relative -top-1.5 mx-0.5 inline-flex h-4 min-w-4 items-center justify-center rounded-full bg-indigo-50 px-1 align-baseline text-[10px] leading-none font-semibold text-indigo-700 no-underline ring-1 ring-indigo-200 transition hover:bg-indigo-600 hover:text-white focus-visible:bg-indigo-600 focus-visible:text-white dark:bg-indigo-950 dark:text-indigo-300 dark:ring-indigo-800"
      >
        {label}
      </a>
      {pos ? (
        <span
          role="tooltip"
          data-testid="citation-card"
          style={{ top: pos.top, left: pos.left, width: CARD_WIDTH }}
          className="not-prose fixed z-50 block rounded-xl border border-zinc-200 bg-white p-3 text-left text-xs leading-snug shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <span className="flex items-center gap-2">
            <LetterAvatar domain={domain || "?"} className="size-4 text-[9px]" />
            <span className="truncate text-zinc-500 dark:text-zinc-400">{domain || "unknown source"}</span>
          </span>
          <span className="mt-1.5 line-clamp-2 block text-sm font-medium text-zinc-900 dark:text-zinc-100">
            {source?.title || href || "Source"}
          </span>
          {source?.snippet ? (
            <span className="mt-1 line-clamp-4 block text-zinc-600 dark:text-zinc-400">{source.snippet}</span>
          ) : null}
        </span>
      ) : null}
    </span>
  );
}

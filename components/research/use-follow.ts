"use client";
// Keeps a live run in view: while events arrive and the reader sits at the bottom of the page (or of
// the timeline column), scroll along; scrolling up stops following, scrolling back down resumes.
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from "react";

const NEAR_PX = 160;
/** A replayed run renders in a burst right after mount; following starts only after it. */
const ARM_AFTER_MS = 1500;

function scrollable(el: HTMLElement | null): el is HTMLElement {
  return !!el && el.scrollHeight > el.clientHeight + 1 && getComputedStyle(el).overflowY !== "visible";
}

function nearBottom(el: HTMLElement | null): boolean {
  if (el) return el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_PX;
  return document.documentElement.scrollHeight - window.scrollY - window.innerHeight < NEAR_PX;
}

/** `column`: follow this element when it scrolls on its own; null: follow the window. */
export function useFollow(column: RefObject<HTMLElement | null> | null, trigger: unknown, live: boolean): void {
  const follow = useRef(true);
  const [armed, setArmed] = useState(false);

  useEffect(() => {
    const t = setTimeout(() => setArmed(true), ARM_AFTER_MS);
    return () => clearTimeout(t);
  }, []);

  useEffect(() => {
    const el = column?.current ?? null;
    const target: HTMLElement | Window = el ?? window;
    const onScroll = () => {
      follow.current = nearBottom(el);
    };
    target.addEventListener("scroll", onScroll, { passive: true });
    return () => target.removeEventListener("scroll", onScroll);
  }, [column]);

  useLayoutEffect(() => {
    if (!armed || !live || !follow.current) return;
    if (column) {
      const el = column.current;
      if (scrollable(el)) el.scrollTo({ top: el.scrollHeight });
      return;
    }
    window.scrollTo({ top: document.documentElement.scrollHeight });
  }, [armed, live, trigger, column]);
}

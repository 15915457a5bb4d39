"use client";
// A disclosure whose children mount only when open (streamed notes cost nothing while collapsed).
import { useId, useState, type ReactNode } from "react";
import { ChevronIcon } from "./icons";

export function Collapsible({
  label,
  meta,
  defaultOpen = false,
  children,
  testId,
}: {
  label: ReactNode;
  meta?: ReactNode;
  defaultOpen?: boolean;
  children: ReactNode;
  testId?: string;
}) {
  const [open, setOpen] = useState(defaultOpen);
  const id = useId();
  return (
    <div data-testid={testId}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        className="flex w-full items-center gap-1.5 py-1 text-left text-xs font-medium text-zinc-500 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200"
      >
        <ChevronIcon className={`size-3 transition-transform ${open ? "rotate-90" : ""}`} />
        <span>{label}</span>
        {meta ? <span className="font-normal text-zinc-400 dark:text-zinc-500">{meta}</span> : null}
      </button>
      {open ? (
        <div id={id} className="mt-1">
          {children}
        </div>
      ) : null}
    </div>
  );
}

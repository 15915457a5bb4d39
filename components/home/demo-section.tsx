"use client";
// Demo mode: what live research needs, and the recorded demos as one-click cards.
import type { DemoInfo } from "@/lib/client/api";
import { localeLabel } from "@/lib/client/format";
import { Spinner } from "@/components/ui/spinner";

export function DemoBanner({ missing }: { missing: string[] }) {
  return (
    <div
      data-testid="demo-banner"
      className="rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-900/60 dark:bg-amber-950/30 dark:text-amber-100"
    >
      <p className="font-semibold">Live research needs a model and a search key</p>
      <p className="mt-1 text-amber-900/80 dark:text-amber-100/80">
        This server runs in demo mode: the cards below replay recorded runs. To research your own questions, configure:
      </p>
      {missing.length > 0 ? (
        <ul className="mt-2 list-disc space-y-0.5 pl-5 font-mono text-xs">
          {missing.map((m) => (
            <li key={m} className="break-words">
              {m}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function DemoCards({
  demos,
  startingId,
  onStart,
}: {
  demos: DemoInfo[];
  startingId: string | null;
  onStart: (demo: DemoInfo) => void;
}) {
  if (demos.length === 0) return null;
  return (
    <section aria-labelledby="demos-heading" className="space-y-3">
      <h2 id="demos-heading" className="text-sm font-medium text-zinc-500 dark:text-zinc-400">
        Recorded demos
      </h2>
      <div className="grid gap-3 sm:grid-cols-2">
        {demos.map((d) => (
          <button
            key={d.id}
            type="button"
            data-testid="demo-card"
            data-demo-id={d.id}
            disabled={startingId !== null}
            onClick={() => onStart(d)}
            className="group flex flex-col gap-2 rounded-xl border border-zinc-200 bg-white p-4 text-left transition hover:border-indigo-300 hover:shadow-sm disabled:opacity-60 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-indigo-700"
          >
            <span className="flex items-center gap-2 text-[11px] font-medium tracking-wide text-indigo-600 uppercase dark:text-indigo-400">
              Recorded demo
              <span className="rounded bg-zinc-100 px-1.5 py-0.5 tracking-normal text-zinc-600 normal-case dark:bg-zinc-800 dark:text-zinc-300">
                {localeLabel(d.locale)}
              </span>
              {startingId === d.id ? <Spinner className="ml-auto size-3.5" /> : null}
            </span>
            <span className="font-semibold text-zinc-900 dark:text-zinc-100">{d.title}</span>
            <span className="line-clamp-3 text-sm text-zinc-600 dark:text-zinc-400">{d.question}</span>
          </button>
        ))}
      </div>
    </section>
  );
}

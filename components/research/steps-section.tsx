"use client";
// All plan steps with a live summary ("3 running · 1 done"); several run at once.
import type { RunView } from "@/lib/client/run-view";
import { countByStatus, stepCards, stepErrors, stepNotices, type StepCardStatus } from "@/lib/client/run-selectors";
import { Spinner } from "@/components/ui/spinner";
import { StepCard } from "./step-card";

const ORDER: [StepCardStatus, string][] = [
  ["running", "running"],
  ["done", "done"],
  ["failed", "failed"],
  ["queued", "queued"],
  ["cancelled", "stopped"],
  ["skipped", "not run"],
];

export function StepsSection({ view }: { view: RunView }) {
  const cards = stepCards(view);
  if (cards.length === 0) return null;
  const counts = countByStatus(cards);
  const running = counts.running ?? 0;
  return (
    <section aria-label="Research steps" className="space-y-2.5">
      <h2 className="flex flex-wrap items-center gap-x-2 gap-y-1 px-1 text-xs font-medium text-zinc-500 dark:text-zinc-400">
        <span className="text-zinc-800 dark:text-zinc-200">Research steps</span>
        <span data-testid="steps-summary" className="inline-flex items-center gap-1.5">
          {running > 0 ? <Spinner className="size-3 text-indigo-500" /> : null}
          {ORDER.filter(([s]) => counts[s])
            .map(([s, label]) => `${counts[s]} ${label}`)
            .join(" · ")}
        </span>
      </h2>
      <div className="space-y-2.5">
        {cards.map((card) => (
          <StepCard
            key={card.stepIndex}
            card={card}
            errors={stepErrors(view, card.stepIndex)}
            notices={stepNotices(view, card.stepIndex)}
          />
        ))}
      </div>
    </section>
  );
}

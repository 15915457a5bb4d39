// The one research state that coordinator, planner, research team and reporter share.
// Step results live in a map keyed by step index, merged by a reducer: concurrent steps never
// overwrite each other, and nothing is mutated in place.
import { Annotation } from "@langchain/langgraph";
import type { Plan, RunSettings, Source } from "@/lib/protocol/events";
import type { Retrieved } from "@/tools/types";
import { addToRegistry } from "@/lib/report/registry";
import type { PriorReport } from "@/agents/shared/follow-up";

export interface StepResult {
  status: "done" | "failed" | "cancelled";
  /** The agent's findings (researcher notes or coder explanation with outputs). */
  notes: string;
  error?: string;
}

export const ResearchState = Annotation.Root({
  question: Annotation<string>(),
  locale: Annotation<string>(),
  settings: Annotation<RunSettings>(),
  /** Follow-up runs: the earlier report of the thread, which coordinator, planner and reporter see. */
  prior: Annotation<PriorReport | undefined>(),
  /** Set by the coordinator: "research" goes to planning, "reply" ends the run with its reply. */
  route: Annotation<"research" | "reply" | undefined>(),
  reply: Annotation<string | undefined>(),
  researchTopic: Annotation<string | undefined>(),
  backgroundNotes: Annotation<string | undefined>(),
  plan: Annotation<Plan | undefined>(),
  planRevision: Annotation<number>({ reducer: (_a, b) => b, default: () => 0 }),
  /** Feedback from plan edits, oldest first; the planner sees all of it. */
  planFeedback: Annotation<string[]>({ reducer: (a, b) => [...a, ...b], default: () => [] }),
  planAccepted: Annotation<boolean>({ reducer: (_a, b) => b, default: () => false }),
  stepResults: Annotation<Record<number, StepResult>>({
    reducer: (a, b) => ({ ...a, ...b }),
    default: () => ({}),
  }),
  /** The source registry: every retrieved page and image, with stable ids. */
  sources: Annotation<Source[], Retrieved[]>({
    reducer: (a, b) => addToRegistry(a, b),
    default: () => [],
  }),
  /** Failure that ends the run (plan could not be made, etc.). */
  fatal: Annotation<string | undefined>(),
  report: Annotation<{ title: string; markdown: string } | undefined>(),
});

export type ResearchStateType = typeof ResearchState.State;
export type ResearchUpdate = typeof ResearchState.Update;

/** What a fanned-out step node receives (via Send): the whole state plus which step to run. */
export type StepInput = ResearchStateType & { stepIndex: number };

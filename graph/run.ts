// Drives one run of the graph: the first leg from the question, later legs from plan decisions, and
// after a server restart a leg that continues from the last checkpoint.
// It is the only module that knows LangGraph's stream chunk shapes; it numbers nothing itself
// (the run's sink does) and turns every ending into exactly one `done` event.
import { Command } from "@langchain/langgraph";
import type { PlanDecision, RunSettings } from "@/lib/protocol/events";
import { isAbortError } from "@/lib/llm/errors";
import type { ResearchGraph } from "./builder";
import { registerContext, type RunContext } from "./context";
import type { ResearchStateType } from "./state";
import type { PriorReport } from "@/agents/shared/follow-up";

export type LegOutcome = "completed" | "failed" | "cancelled" | "awaiting_plan_review";

export interface LegInput {
  graph: ResearchGraph;
  ctx: RunContext;
  settings: RunSettings;
  /** The first leg starts from the question; later legs resume the plan-review interrupt. */
  start?: { question: string; locale: string; prior?: PriorReport };
  decision?: PlanDecision;
  /**
   * Continue from the thread's last checkpoint (after a restart): LangGraph re-runs only the tasks of
   * the interrupted superstep that have no saved writes; finished steps are not redone.
   */
  resume?: true;
}

export async function runLeg(input: LegInput): Promise<{ outcome: LegOutcome; state?: ResearchStateType }> {
  const { graph, ctx, settings } = input;
  const unregister = registerContext(ctx);
  const cfg = {
    configurable: { thread_id: ctx.runId },
    signal: ctx.signal,
    recursionLimit: 100,
    streamMode: "updates" as const,
  };
  let outcome: LegOutcome = "completed";
  try {
    const payload = input.start
      ? { question: input.start.question, locale: input.start.locale, settings, ...(input.start.prior ? { prior: input.start.prior } : {}) }
      : input.decision
        ? new Command({ resume: input.decision })
        : null;
    const stream = await graph.stream(payload as Parameters<ResearchGraph["stream"]>[0], cfg);
    for await (const chunk of stream) {
      const interrupts = (chunk as Record<string, unknown>).__interrupt__;
      if (Array.isArray(interrupts) && interrupts.length) outcome = "awaiting_plan_review";
    }
    const snapshot = await graph.getState({ configurable: { thread_id: ctx.runId } });
    const state = snapshot.values as ResearchStateType;
    if (outcome === "awaiting_plan_review" && state.plan) {
      ctx.emit({ type: "plan_review", plan: state.plan, revision: state.planRevision });
    } else if (state.fatal) outcome = "failed";
    return { outcome, state };
  } catch (err) {
    if (isAbortError(err) || ctx.signal.aborted) {
      outcome = "cancelled";
    } else {
      outcome = "failed";
      console.error("[fathom] run failed:", err);
      ctx.emit({ type: "error", code: "internal", message: `The run failed unexpectedly: ${err instanceof Error ? err.message : String(err)}` });
    }
    return { outcome };
  } finally {
    ctx.emit({ type: "done", status: ctx.signal.aborted ? "cancelled" : outcome });
    unregister();
  }
}

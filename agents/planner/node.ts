// Planner node: asks for a JSON plan, parses it robustly, re-asks once with the validation errors
// (or for a shorter plan when the reply was cut off), then fails with a clear error (C01, C03, C04).
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { callModel } from "@/lib/llm/model";
import { parsePlan, planRepairPrompt } from "@/lib/llm/plan-parser";
import { runContext } from "@/graph/context";
import type { ResearchStateType, ResearchUpdate } from "@/graph/state";
import { plannerSystem, plannerUser } from "./prompt";
import { failAgent } from "../shared/fail";

const MAX_REASKS = 1;

export async function plannerNode(state: ResearchStateType, config: LangGraphRunnableConfig): Promise<ResearchUpdate> {
  const ctx = runContext(config);
  const { maxSteps } = state.settings;
  ctx.emit({ type: "agent_started", agent: "planner" });
  const messages: BaseMessage[] = [
    new SystemMessage(plannerSystem(state.locale, maxSteps)),
    new HumanMessage(plannerUser(state.question, state.researchTopic, state.backgroundNotes, state.plan, state.planFeedback, state.prior)),
  ];
  try {
    for (let attempt = 0; ; attempt++) {
      const reply = await callModel({
        config: ctx.config.llm,
        tier: "basic",
        messages,
        signal: ctx.signal,
        onText: (text) => ctx.emit({ type: "text_delta", agent: "planner", text }),
        onThinking: (text) => ctx.emit({ type: "thinking_delta", agent: "planner", text }),
      });
      const truncated = reply.finishReason === "length";
      const parsed = truncated
        ? ({ ok: false, code: "llm_truncated", errors: ["The reply was cut off at the output limit."] } as const)
        : parsePlan(reply.content, { maxSteps, locale: state.locale });
      if (parsed.ok) {
        // The app decides the language (C20): the model's locale field is not trusted.
        const plan = { ...parsed.plan, locale: state.locale };
        for (const w of parsed.warnings) ctx.emit({ type: "notice", level: "warning", agent: "planner", message: w });
        const revision = state.planRevision + 1;
        ctx.emit({ type: "plan", plan, revision });
        ctx.emit({ type: "agent_finished", agent: "planner", status: "done" });
        return { plan, planRevision: revision, planAccepted: false };
      }
      console.error(`[fathom] planner attempt ${attempt + 1} unusable (${parsed.code}):`, reply.content.slice(0, 2000));
      if (attempt >= MAX_REASKS) {
        const message = parsed.code === "llm_truncated"
          ? "The planner's reply was cut off twice at the model's output limit; no plan was made."
          : `The planner returned no valid plan: ${parsed.errors.slice(0, 3).join("; ")}`;
        ctx.emit({ type: "error", code: parsed.code, agent: "planner", message, hint: "Try again, or choose a stronger model (LLM_MODEL)." });
        ctx.emit({ type: "agent_finished", agent: "planner", status: "failed", error: message });
        return { fatal: message };
      }
      ctx.emit({ type: "notice", level: "warning", agent: "planner", message: parsed.code === "llm_truncated" ? "The plan was cut off; asking for a shorter one." : "The plan was not valid; asking the model to fix it." });
      messages.push(new AIMessage(reply.content || "(empty)"));
      messages.push(new HumanMessage(parsed.code === "llm_truncated"
        ? `Your reply was cut off. Answer again with at most ${Math.max(1, maxSteps - 1)} steps and short descriptions, JSON only.`
        : planRepairPrompt(parsed.errors, reply.content)));
    }
  } catch (err) {
    return failAgent(ctx, "planner", undefined, err);
  }
}

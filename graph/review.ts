// Plan review: waits for the user's decision through a LangGraph interrupt, unless auto-accept is on.
import { interrupt, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { PlanDecision } from "@/lib/protocol/events";
import { runContext } from "./context";
import type { ResearchStateType, ResearchUpdate } from "./state";

export interface PlanReviewRequest {
  kind: "plan_review";
  revision: number;
}

export function reviewNode(state: ResearchStateType, config: LangGraphRunnableConfig): ResearchUpdate {
  if (state.settings.autoAccept) return { planAccepted: true };
  const raw = interrupt<PlanReviewRequest, unknown>({ kind: "plan_review", revision: state.planRevision });
  const decision = PlanDecision.parse(raw);
  runContext(config).emit({ type: "plan_decision", ...decision });
  if (decision.action === "accept") return { planAccepted: true };
  return { planAccepted: false, planFeedback: [decision.feedback] };
}

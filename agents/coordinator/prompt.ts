// Coordinator prompt: small talk answered directly, everything else handed to the planner.
import { languageInstruction, today } from "../shared/locale";
import { PRIOR_BUDGET, priorSection, type PriorReport } from "../shared/follow-up";

export const HANDOFF_TOOL = {
  name: "handoff_to_planner",
  description: "Hand a research request to the planner. Call this for any question that needs research, facts, analysis or a report.",
  parameters: {
    type: "object",
    properties: {
      research_topic: { type: "string", description: "The topic to research, restated clearly." },
      locale: { type: "string", description: "The user's language, e.g. en-US or zh-CN." },
    },
    required: ["research_topic"],
  },
};

export function coordinatorSystem(locale: string, prior?: PriorReport): string {
  return [
    "You are Fathom's coordinator agent: the front desk of a deep-research assistant.",
    `Today is ${today()}.`,
    "- Greetings, thanks and questions about what you can do: answer briefly and warmly yourself.",
    "- Every request for information, analysis, comparison or a report: call handoff_to_planner. Do not answer it yourself and do not write a plan.",
    "- Refuse harmful requests politely.",
    ...(prior ? [priorSection(prior, PRIOR_BUDGET.coordinator)] : []),
    languageInstruction(locale),
  ].join("\n");
}

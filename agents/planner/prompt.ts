// Planner prompt: a DeerFlow-compatible JSON plan, in the run's language, within the step cap.
import type { Plan } from "@/lib/protocol/events";
import { languageInstruction, today } from "../shared/locale";
import { PRIOR_BUDGET, priorSection, type PriorReport } from "../shared/follow-up";

export function plannerSystem(locale: string, maxSteps: number): string {
  return [
    "You are Fathom's planner agent. You turn a research request into a short research plan.",
    `Today is ${today()}.`,
    `Make at most ${maxSteps} steps. Each step gathers one distinct kind of information.`,
    '- step_type "research" with need_search true: a researcher searches the web and reads pages.',
    '- step_type "processing" with need_search false: a coder runs Python (standard library only) to compute numbers from what research found. Put processing steps after the research they need.',
    "Answer with ONLY a JSON object, no prose and no code fence, of this shape:",
    '{"locale": "<locale>", "has_enough_context": false, "thought": "<why these steps>", "title": "<report title>", "steps": [{"need_search": true, "title": "<unique short title>", "description": "<exactly what to find>", "step_type": "research"}]}',
    "Set has_enough_context to true only if the background information fully answers the request (then steps may be empty).",
    languageInstruction(locale),
  ].join("\n");
}

export function plannerUser(question: string, topic: string | undefined, background: string | undefined, previous: Plan | undefined, feedback: string[], prior?: PriorReport): string {
  const parts = [`Research request: ${question}`];
  if (prior) parts.push(priorSection(prior, PRIOR_BUDGET.planner));
  if (topic && topic !== question) parts.push(`Restated topic: ${topic}`);
  if (background) parts.push(`Background search results:\n${background.slice(0, 6000)}`);
  if (previous && feedback.length) {
    parts.push(`Your previous plan:\n${JSON.stringify(previous, null, 2)}`);
    parts.push(`The user asked for these changes (apply all of them):\n${feedback.map((f) => `- ${f}`).join("\n")}`);
  }
  return parts.join("\n\n");
}

// Pure edge functions: where the run goes after each node. Step readiness lives here too.
import { END, Send } from "@langchain/langgraph";
import type { ResearchStateType } from "./state";

export function afterCoordinator(state: ResearchStateType): string {
  if (state.fatal || state.route !== "research") return END;
  return state.settings.backgroundInvestigation ? "background" : "planner";
}

export function afterPlanner(state: ResearchStateType): string {
  if (state.fatal || !state.plan) return END;
  if (state.plan.hasEnoughContext || state.plan.steps.length === 0) return "reporter";
  return "review";
}

export function afterReview(state: ResearchStateType): string {
  return state.planAccepted ? "research_team" : "planner";
}

/**
 * Steps whose inputs are ready: a research step waits for earlier processing steps, a processing
 * step waits for every earlier step. Independent research steps therefore run concurrently.
 */
export function readySteps(state: ResearchStateType): number[] {
  const steps = state.plan?.steps ?? [];
  const done = (i: number) => state.stepResults[i] !== undefined;
  const ready: number[] = [];
  steps.forEach((step, i) => {
    if (done(i)) return;
    const deps = steps.slice(0, i).map((s, j) => ({ s, j })).filter(({ s }) => step.stepType === "processing" || s.stepType === "processing");
    if (deps.every(({ j }) => done(j))) ready.push(i);
  });
  return ready;
}

export function dispatchSteps(state: ResearchStateType): Send[] | string {
  const ready = readySteps(state);
  if (!ready.length) return "reporter";
  return ready.map((stepIndex) => new Send("step", { ...state, stepIndex }));
}

// Wiring only: which node follows which. Behaviour lives in agents/ and graph/routing.ts.
import { END, MemorySaver, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import { coordinatorNode } from "@/agents/coordinator/node";
import { backgroundNode } from "@/agents/background/node";
import { plannerNode } from "@/agents/planner/node";
import { stepNode } from "@/agents/step/node";
import { reporterNode } from "@/agents/reporter/node";
import { ResearchState } from "./state";
import { reviewNode } from "./review";
import { afterCoordinator, afterPlanner, afterReview, dispatchSteps } from "./routing";

export function buildGraph(checkpointer: BaseCheckpointSaver = new MemorySaver()) {
  return new StateGraph(ResearchState)
    .addNode("coordinator", coordinatorNode)
    .addNode("background", backgroundNode)
    .addNode("planner", plannerNode)
    .addNode("review", reviewNode)
    .addNode("research_team", () => ({}))
    .addNode("step", stepNode)
    .addNode("reporter", reporterNode)
    .addEdge(START, "coordinator")
    .addConditionalEdges("coordinator", afterCoordinator, ["background", "planner", END])
    .addEdge("background", "planner")
    .addConditionalEdges("planner", afterPlanner, ["review", "reporter", END])
    .addConditionalEdges("review", afterReview, ["research_team", "planner"])
    .addConditionalEdges("research_team", dispatchSteps, ["step", "reporter"])
    .addEdge("step", "research_team")
    .addEdge("reporter", END)
    .compile({ checkpointer });
}

export type ResearchGraph = ReturnType<typeof buildGraph>;

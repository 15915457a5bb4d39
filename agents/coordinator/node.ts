// Coordinator node: decides between a direct reply and research. A research request always reaches
// the planner, even when the model forgets the tool call or writes plan JSON as text (C05).
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { callModel } from "@/lib/llm/model";
import { runContext } from "@/graph/context";
import type { ResearchStateType, ResearchUpdate } from "@/graph/state";
import { HANDOFF_TOOL, coordinatorSystem } from "./prompt";
import { isSmallTalk } from "../shared/small-talk";
import { failAgent } from "../shared/fail";

export async function coordinatorNode(state: ResearchStateType, config: LangGraphRunnableConfig): Promise<ResearchUpdate> {
  const ctx = runContext(config);
  ctx.emit({ type: "agent_started", agent: "coordinator" });
  try {
    const smallTalk = isSmallTalk(state.question);
    let shown = "";
    const reply = await callModel({
      config: ctx.config.llm,
      tier: "basic",
      messages: [new SystemMessage(coordinatorSystem(state.locale, state.prior)), new HumanMessage(state.question)],
      tools: [HANDOFF_TOOL],
      signal: ctx.signal,
      // Text is only shown for small talk; a research request's stray text (often plan JSON) is not.
      onText: (text) => {
        if (smallTalk) {
          shown += text;
          ctx.emit({ type: "text_delta", agent: "coordinator", text });
        }
      },
    });
    const handoff = reply.toolCalls.find((c) => c.name === HANDOFF_TOOL.name);
    ctx.emit({ type: "agent_finished", agent: "coordinator", status: "done" });
    if (handoff || !smallTalk) {
      if (!handoff) ctx.emit({ type: "notice", level: "info", agent: "coordinator", message: "The model answered without handing off; treating the question as a research request." });
      const topic = typeof handoff?.args.research_topic === "string" ? handoff.args.research_topic : state.question;
      return { route: "research", researchTopic: topic };
    }
    const text = reply.content.trim();
    if (!shown && text) ctx.emit({ type: "text_delta", agent: "coordinator", text });
    return { route: "reply", reply: text };
  } catch (err) {
    return failAgent(ctx, "coordinator", undefined, err);
  }
}

// Background investigation: one web search on the question before planning, so the planner knows
// what is out there. Its hits join the source registry like any other search.
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { runContext } from "@/graph/context";
import type { ResearchStateType, ResearchUpdate } from "@/graph/state";
import { runTool } from "@/tools/index";

export async function backgroundNode(state: ResearchStateType, config: LangGraphRunnableConfig): Promise<ResearchUpdate> {
  const ctx = runContext(config);
  ctx.emit({ type: "agent_started", agent: "background" });
  const callId = "background-search";
  const args = { query: state.question };
  ctx.emit({ type: "tool_started", agent: "background", callId, tool: "web_search", args });
  const started = Date.now();
  const outcome = await runTool("web_search", args, { config: ctx.config, signal: ctx.signal, maxSearchResults: state.settings.maxSearchResults, onRetry: (message) => ctx.emit({ type: "notice", level: "info", agent: "background", message }) }, ["web_search"]);
  ctx.emit({ type: "tool_finished", agent: "background", callId, tool: "web_search", ok: outcome.ok, result: outcome.result, durationMs: Date.now() - started });
  ctx.emit({ type: "agent_finished", agent: "background", status: outcome.ok ? "done" : "failed" });
  return { backgroundNotes: outcome.ok ? outcome.forModel : undefined, sources: outcome.retrieved };
}

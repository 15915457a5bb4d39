// One way for an agent to fail: an error event where it happened, and a fatal state that ends the run.
import type { Agent } from "@/lib/protocol/events";
import { classifyLlmError, isAbortError } from "@/lib/llm/errors";
import type { RunContext } from "@/graph/context";
import type { ResearchUpdate } from "@/graph/state";

export function failAgent(ctx: RunContext, agent: Agent, stepIndex: number | undefined, err: unknown): ResearchUpdate {
  if (isAbortError(err) || ctx.signal.aborted) {
    ctx.emit({ type: "agent_finished", agent, stepIndex, status: "cancelled" });
    throw err;
  }
  const c = classifyLlmError(err, ctx.config.llm.basicModel, ctx.config.llm.baseURL);
  console.error(`[fathom] ${agent} failed:`, err);
  ctx.emit({ type: "error", code: c.code, message: c.message, hint: c.hint, agent, stepIndex });
  ctx.emit({ type: "agent_finished", agent, stepIndex, status: "failed", error: c.message });
  return { fatal: c.message };
}

// One plan step, run by the researcher (research steps) or the coder (processing steps). A failed
// step is recorded as failed with what it gathered, and the run goes on.
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { runContext, type RunContext } from "@/graph/context";
import type { ResearchUpdate, StepInput } from "@/graph/state";
import { classifyLlmError, isAbortError } from "@/lib/llm/errors";
import { coderSystem, researcherSystem, stepUser } from "../researcher/prompt";
import { runToolLoop } from "./tool-loop";

export const MAX_TOOL_CALLS_PER_STEP = 8;

export async function stepNode(input: StepInput, config: LangGraphRunnableConfig): Promise<ResearchUpdate> {
  const ctx = runContext(config);
  return ctx.stepSlots(() => runStep(input, ctx));
}

async function runStep(input: StepInput, ctx: RunContext): Promise<ResearchUpdate> {
  const { stepIndex, plan } = input;
  const step = plan!.steps[stepIndex]!;
  const coder = step.stepType === "processing";
  const agent = coder ? "coder" : "researcher";
  ctx.emit({ type: "agent_started", agent, stepIndex, title: step.title });
  const earlier = plan!.steps
    .map((s, i) => ({ title: s.title, notes: input.stepResults[i]?.notes ?? "", i }))
    .filter((s) => s.i < stepIndex && s.notes);
  try {
    const result = await runToolLoop({
      ctx,
      agent,
      stepIndex,
      system: coder ? coderSystem(input.locale, MAX_TOOL_CALLS_PER_STEP) : researcherSystem(input.locale, MAX_TOOL_CALLS_PER_STEP),
      user: stepUser(input.question, plan!, step, coder ? earlier : []),
      toolNames: coder ? ["python"] : step.needSearch ? ["web_search", "crawl"] : ["crawl"],
      maxToolCalls: MAX_TOOL_CALLS_PER_STEP,
      maxSearchResults: input.settings.maxSearchResults,
    });
    ctx.emit({ type: "agent_finished", agent, stepIndex, status: "done" });
    return { stepResults: { [stepIndex]: { status: "done", notes: result.notes } }, sources: result.retrieved };
  } catch (err) {
    if (isAbortError(err) || ctx.signal.aborted) {
      ctx.emit({ type: "agent_finished", agent, stepIndex, status: "cancelled" });
      throw err;
    }
    const c = classifyLlmError(err, ctx.config.llm.basicModel, ctx.config.llm.baseURL);
    console.error(`[fathom] step ${stepIndex} (${step.title}) failed:`, err);
    ctx.emit({ type: "error", code: c.code, message: c.message, hint: c.hint, agent, stepIndex });
    ctx.emit({ type: "agent_finished", agent, stepIndex, status: "failed", error: c.message });
    return { stepResults: { [stepIndex]: { status: "failed", notes: "", error: c.message } } };
  }
}

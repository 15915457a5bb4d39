// Reporter node: streams the report, then code checks every citation and image against the source
// registry, writes the references, and computes the quality summary (issue: reports you can trust).
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { callModel } from "@/lib/llm/model";
import { runContext } from "@/graph/context";
import type { ResearchStateType, ResearchUpdate } from "@/graph/state";
import { finalizeReport } from "@/lib/report/citations";
import { computeQuality } from "@/lib/report/quality";
import { reporterSystem, reporterUser } from "./prompt";
import { failAgent } from "../shared/fail";

const publicSource = ({ text: _text, ...rest }: ResearchStateType["sources"][number]) => rest;

export async function reporterNode(state: ResearchStateType, config: LangGraphRunnableConfig): Promise<ResearchUpdate> {
  const ctx = runContext(config);
  ctx.emit({ type: "agent_started", agent: "reporter" });
  ctx.emit({ type: "sources", sources: state.sources.map(publicSource) });
  const plan = state.plan;
  try {
    const reply = await callModel({
      config: ctx.config.llm,
      tier: "basic",
      messages: [
        new SystemMessage(reporterSystem(state.locale, state.settings.reportStyle)),
        new HumanMessage(reporterUser({
          question: state.question,
          title: plan?.title ?? state.question,
          steps: (plan?.steps ?? []).map((s, i) => ({ title: s.title, status: state.stepResults[i]?.status ?? "skipped", notes: state.stepResults[i]?.notes ?? "" })),
          sources: state.sources,
          // Roughly 3 characters per token, leaving room for the answer.
          budgetChars: Math.floor(ctx.config.llm.contextTokens * 0.6 * 3),
        })),
      ],
      signal: ctx.signal,
      onText: (text) => ctx.emit({ type: "report_delta", text }),
      onThinking: (text) => ctx.emit({ type: "thinking_delta", agent: "reporter", text }),
    });
    const incomplete = reply.finishReason === "length";
    if (incomplete) ctx.emit({ type: "notice", level: "warning", agent: "reporter", message: "The report was cut off at the model's output limit; it is marked incomplete." });
    const final = finalizeReport(reply.content, state.sources, { locale: state.locale, incomplete });
    for (const w of final.warnings) ctx.emit({ type: "notice", level: "warning", agent: "reporter", message: w });
    const quality = computeQuality({ markdown: final.markdown, cited: final.cited, sources: state.sources, removedLinks: final.removedLinks, removedImages: final.removedImages, incomplete });
    const title = final.markdown.match(/^#\s+(.+)$/m)?.[1]?.trim() ?? plan?.title ?? state.question;
    ctx.emit({ type: "report_final", title, markdown: final.markdown, sources: state.sources.map(publicSource), quality });
    ctx.emit({ type: "agent_finished", agent: "reporter", status: "done" });
    return { report: { title, markdown: final.markdown } };
  } catch (err) {
    return failAgent(ctx, "reporter", undefined, err);
  }
}

// Reporter node: streams the report, then code checks every citation and image against the source
// registry, writes the references, and computes the quality summary (issue: reports you can trust).
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { callModel } from "@/lib/llm/model";
import { countTokens, inputBudget } from "@/lib/llm/budget";
import { classifyLlmError, isAbortError } from "@/lib/llm/errors";
import { runContext } from "@/graph/context";
import type { ResearchStateType, ResearchUpdate } from "@/graph/state";
import { finalizeReport } from "@/lib/report/citations";
import { computeQuality } from "@/lib/report/quality";
import { reporterSystem, reporterUser } from "./prompt";
import { gatheredSources, partialReport } from "./fallback";
import { failAgent } from "../shared/fail";

const publicSource = ({ text: _text, ...rest }: ResearchStateType["sources"][number]) => rest;

export async function reporterNode(state: ResearchStateType, config: LangGraphRunnableConfig): Promise<ResearchUpdate> {
  const ctx = runContext(config);
  ctx.emit({ type: "agent_started", agent: "reporter" });
  ctx.emit({ type: "sources", sources: state.sources.map(publicSource) });
  const plan = state.plan;
  const steps = (plan?.steps ?? []).map((s, i) => ({ title: s.title, status: state.stepResults[i]?.status ?? "skipped", notes: state.stepResults[i]?.notes ?? "" }));
  let body: string;
  let incomplete = false;
  let partial = false;
  try {
    const reply = await callModel({
      config: ctx.config.llm,
      tier: "basic",
      messages: [
        new SystemMessage(reporterSystem(state.locale, state.settings.reportStyle)),
        new HumanMessage(reporterUser({
          question: state.question,
          title: plan?.title ?? state.question,
          steps,
          sources: state.sources,
          prior: state.prior,
          // Roughly 3 characters per token, leaving room for the answer.
          budgetChars: Math.floor(ctx.config.llm.contextTokens * 0.6 * 3),
          budgetTokens: inputBudget(ctx.config.llm.contextTokens) - countTokens(reporterSystem(state.locale, state.settings.reportStyle)) - 16,
        })),
      ],
      signal: ctx.signal,
      onText: (text) => ctx.emit({ type: "report_delta", text }),
      onThinking: (text) => ctx.emit({ type: "thinking_delta", agent: "reporter", text }),
      onNotice: (message) => ctx.emit({ type: "notice", level: "info", agent: "reporter", message }),
    });
    body = reply.content;
    incomplete = reply.finishReason === "length";
    if (incomplete) ctx.emit({ type: "notice", level: "warning", agent: "reporter", message: "The report was cut off at the model's output limit; it is marked incomplete." });
  } catch (err) {
    if (isAbortError(err) || ctx.signal.aborted) return failAgent(ctx, "reporter", undefined, err);
    // The research is kept when the last model call fails for good (C14 B): code writes a partial report.
    const c = classifyLlmError(err, ctx.config.llm.basicModel, ctx.config.llm.baseURL);
    console.error("[fathom] reporter failed; writing a partial report from the findings:", err);
    ctx.emit({ type: "notice", level: "warning", agent: "reporter", message: `${c.message} A partial report was put together from the research findings instead.` });
    body = partialReport({ title: plan?.title ?? state.question, locale: state.locale, reason: c.message, steps });
    incomplete = partial = true;
  }
  try {
    const final = finalizeReport(body, state.sources, { locale: state.locale, incomplete: incomplete && !partial });
    for (const w of final.warnings) ctx.emit({ type: "notice", level: "warning", agent: "reporter", message: w });
    const markdown = partial ? [final.markdown.trimEnd(), gatheredSources(state.sources, final.cited, state.locale)].filter(Boolean).join("\n\n") + "\n" : final.markdown;
    const quality = computeQuality({ markdown, cited: final.cited, sources: state.sources, removedLinks: final.removedLinks, removedImages: final.removedImages, incomplete });
    const title = markdown.match(/^#\s+(.+)$/m)?.[1]?.trim() ?? plan?.title ?? state.question;
    ctx.emit({ type: "report_final", title, markdown, sources: state.sources.map(publicSource), quality });
    ctx.emit({ type: "agent_finished", agent: "reporter", status: "done" });
    return { report: { title, markdown } };
  } catch (err) {
    return failAgent(ctx, "reporter", undefined, err);
  }
}

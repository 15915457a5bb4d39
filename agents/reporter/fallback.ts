// The report written by code when the reporter model fails for good (C14 B: a rate limit or a
// request too large at the last step must not throw the research away): the step findings as they
// are, then every page that was read, so the sources gathered are kept.
import type { Source } from "@/lib/protocol/events";
import { isChinese } from "../shared/locale";

export interface PartialReportInput {
  title: string;
  locale: string;
  reason: string;
  steps: { title: string; status: string; notes: string }[];
}

/** Markdown for finalizeReport: title, a warning, and one section per step with its findings. */
export function partialReport(input: PartialReportInput): string {
  const zh = isChinese(input.locale);
  const warning = zh
    ? `> ⚠ 报告模型未能写出报告（${input.reason}）。以下是研究团队的原始发现，未经整理。`
    : `> ⚠ The reporter model could not write the report (${input.reason}). Below are the research team's findings as they were gathered.`;
  const none = zh ? "（没有发现）" : "(no findings)";
  const steps = input.steps.map((s) => `## ${s.title}\n\n${s.notes.trim() || none}`);
  return [`# ${input.title}`, warning, ...steps].join("\n\n");
}

/** The pages that were read and are not already in the report's references, as a list. */
export function gatheredSources(sources: Source[], cited: { id: number }[], locale: string): string {
  const citedIds = new Set(cited.map((c) => c.id));
  const rest = sources.filter((s) => s.kind === "page" && !citedIds.has(s.id));
  if (!rest.length) return "";
  const heading = isChinese(locale) ? "## 已检索的来源" : "## Sources gathered";
  return `${heading}\n\n${rest.map((s) => `- [${s.title.replace(/[[\]]/g, "")}](${s.url})`).join("\n")}\n`;
}

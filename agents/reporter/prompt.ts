// Reporter prompt: a long structured report in the run's language and chosen style, citing the
// numbered sources inline as [n]. References are written by code afterwards, not by the model.
import type { ReportStyle, Source } from "@/lib/protocol/events";
import { isChinese, languageInstruction, today } from "../shared/locale";
import { countTokens, truncateToTokens } from "@/lib/llm/budget";
import { PRIOR_BUDGET, priorSection, type PriorReport } from "../shared/follow-up";

const STYLE: Record<ReportStyle, string> = {
  academic: "Academic: precise, formal, analytical; define terms; discuss limitations.",
  popular_science: "Popular science: vivid and accessible for curious non-experts, still exact with facts.",
  news: "News: inverted pyramid, neutral tone, most important facts first, short paragraphs.",
  social_media: "Social media: punchy, skimmable, short sections and bullet points, no hype beyond the facts.",
};

export function reporterSystem(locale: string, style: ReportStyle): string {
  const zh = isChinese(locale);
  const sections = zh
    ? "# 标题 / ## 要点 / ## 概述 / ## 详细分析 / ## 调研说明"
    : "# Title / ## Key Points / ## Overview / ## Detailed Analysis / ## Survey Note";
  return [
    "You are Fathom's reporter agent. You write the final research report from the research team's findings.",
    `Today is ${today()}. Style: ${STYLE[style]}`,
    `Structure (markdown, headings in the report's language): ${sections}.`,
    "- Key Points: 4–6 bullets. Overview: 1–2 paragraphs. Detailed Analysis: subsections with the evidence; use a markdown table wherever things are compared. Survey Note: a longer, thorough discussion.",
    "- Cite sources inline with their number in square brackets, e.g. [3], right after the claim. Use only the numbered sources given. Never invent sources, URLs or numbers.",
    "- Embed 1–3 relevant images from the given image list as ![description](url); use no other image URLs.",
    "- Do not write a references list; it is added automatically.",
    "- If the findings contain no evidence, say so plainly instead of guessing.",
    languageInstruction(locale),
  ].join("\n");
}

export interface ReporterInput {
  question: string;
  title: string;
  steps: { title: string; status: string; notes: string }[];
  sources: Source[];
  budgetChars: number;
  /** Tokens this message may have (the context budget minus the system prompt): findings and sources are fitted to it. */
  budgetTokens: number;
  /** Follow-up runs: the thread's earlier report. */
  prior?: PriorReport;
}

export function reporterUser(input: ReporterInput): string {
  const pages = input.sources.filter((s) => s.kind === "page");
  const images = input.sources.filter((s) => s.kind === "image");
  const priorBudget = Math.min(PRIOR_BUDGET.reporterMax, Math.floor(input.budgetChars * PRIOR_BUDGET.reporterShare));
  const context = input.prior ? `${priorSection(input.prior, priorBudget)}\n\n` : "";
  const head = `${context}Research request: ${input.question}\nReport title: ${input.title}\n\n`;
  const left = Math.max(512, input.budgetTokens - countTokens(head) - 16);
  // Sources and images may take up to 40 % of what is left; the findings get the rest.
  const tail = sourcesSection(pages, images, input.steps, Math.floor(left * 0.4));
  const body = fitFindings(input.steps, Math.max(256, left - countTokens(tail)));
  return `${head}## Findings\n${body}${tail}`;
}

/**
 * The numbered source list within maxTokens: snippets are shortened, then dropped; if the titles and
 * URLs alone are still too many, sources the findings link to are kept first and the rest counted.
 */
function sourcesSection(pages: Source[], images: Source[], steps: ReporterInput["steps"], maxTokens: number): string {
  const notes = steps.map((s) => s.notes).join("\n");
  const build = (list: Source[], snippet: number, imageCount: number, omitted = 0) => {
    const lines = list.map((s) => `[${s.id}] ${s.title} — ${s.url}${snippet ? `\n${s.snippet.slice(0, snippet)}` : ""}`);
    if (omitted) lines.push(`(${omitted} more sources were retrieved but are not listed here)`);
    const imageList = images.slice(0, imageCount).map((s) => `- ${s.url} — ${s.title.slice(0, 160)}`).join("\n");
    return `\n\n## Numbered sources\n${lines.join("\n") || "(none: no evidence was found)"}\n\n## Images\n${imageList || "(none)"}`;
  };
  for (const [snippet, imageCount] of [[300, 20], [120, 10], [0, 5]] as const) {
    const text = build(pages, snippet, imageCount);
    if (countTokens(text) <= maxTokens) return text;
  }
  const ranked = [...pages].sort((a, b) => Number(notes.includes(b.url)) - Number(notes.includes(a.url)));
  const kept: Source[] = [];
  let used = countTokens(build([], 0, 5, pages.length));
  for (const s of ranked) {
    const cost = countTokens(`[${s.id}] ${s.title} — ${s.url}\n`);
    if (used + cost > maxTokens) break;
    kept.push(s);
    used += cost;
  }
  kept.sort((a, b) => a.id - b.id);
  return build(kept, 0, 5, pages.length - kept.length);
}

/** Every step's findings within maxTokens: each step keeps its heading and a fair share of the room. */
function fitFindings(steps: ReporterInput["steps"], maxTokens: number): string {
  const sections = steps.map((s) => ({
    heading: `### ${s.title}${s.status === "done" ? "" : ` (${s.status}: no findings)`}`,
    notes: s.notes,
    tokens: countTokens(s.notes),
  }));
  const join = (parts: { heading: string; notes: string }[]) => parts.map((p) => `${p.heading}\n${p.notes}`).join("\n\n");
  const whole = join(sections);
  if (countTokens(whole) <= maxTokens) return whole;
  let room = maxTokens - sections.reduce((n, s) => n + countTokens(s.heading) + 4, 0);
  const share = new Map<number, number>();
  const order = sections.map((s, i) => ({ i, tokens: s.tokens })).sort((a, b) => a.tokens - b.tokens);
  order.forEach(({ i, tokens }, k) => {
    const fair = Math.max(0, Math.floor(room / (order.length - k)));
    const given = Math.min(tokens, fair);
    share.set(i, given);
    room -= given;
  });
  return join(sections.map((s, i) => ({ heading: s.heading, notes: truncateToTokens(s.notes, Math.max(32, share.get(i)!)) })));
}

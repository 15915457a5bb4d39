// Reporter prompt: a long structured report in the run's language and chosen style, citing the
// numbered sources inline as [n]. References are written by code afterwards, not by the model.
import type { ReportStyle, Source } from "@/lib/protocol/events";
import { isChinese, languageInstruction, today } from "../shared/locale";

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
}

export function reporterUser(input: ReporterInput): string {
  const pages = input.sources.filter((s) => s.kind === "page");
  const images = input.sources.filter((s) => s.kind === "image");
  const findings = input.steps
    .map((s) => `### ${s.title}${s.status === "done" ? "" : ` (${s.status}: no findings)`}\n${s.notes}`)
    .join("\n\n");
  const sourceList = pages.map((s) => `[${s.id}] ${s.title} — ${s.url}\n${s.snippet.slice(0, 300)}`).join("\n");
  const imageList = images.slice(0, 20).map((s) => `- ${s.url} — ${s.title.slice(0, 160)}`).join("\n");
  const head = `Research request: ${input.question}\nReport title: ${input.title}\n\n`;
  const tail = `\n\n## Numbered sources\n${sourceList || "(none: no evidence was found)"}\n\n## Images\n${imageList || "(none)"}`;
  const room = Math.max(2000, input.budgetChars - head.length - tail.length);
  const body = findings.length > room ? `${findings.slice(0, room)}\n[findings truncated to fit the context]` : findings;
  return `${head}## Findings\n${body}${tail.slice(0, Math.max(2000, input.budgetChars - head.length - body.length))}`;
}

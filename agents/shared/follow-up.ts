// Follow-up questions: a new run in the same thread whose coordinator, planner and reporter see the
// earlier report, cut to a character budget per agent so the context window stays bounded.
export interface PriorReport {
  question: string;
  title: string;
  markdown: string;
}

/** Characters of the earlier report each agent sees (the reporter gets a share of its own budget). */
export const PRIOR_BUDGET = { coordinator: 2_000, planner: 8_000, reporterMax: 12_000, reporterShare: 0.25 } as const;

const CUT_NOTE = "\n\n[earlier report truncated]";

/** The report cut to at most `budget` characters, at a paragraph (else line) boundary when one is near. */
export function truncateReport(markdown: string, budget: number): string {
  const text = markdown.trim();
  if (text.length <= budget) return text;
  const room = Math.max(0, budget - CUT_NOTE.length);
  const head = text.slice(0, room);
  const para = head.lastIndexOf("\n\n");
  const line = head.lastIndexOf("\n");
  const cut = para >= room * 0.6 ? para : line >= room * 0.6 ? line : room;
  return `${head.slice(0, cut).trimEnd()}${CUT_NOTE}`;
}

/** The prompt section that tells an agent this question follows up on an earlier report. */
export function priorSection(prior: PriorReport, budget: number): string {
  return [
    "This question is a follow-up in an ongoing research thread. The earlier question and its report:",
    `Earlier question: ${prior.question}`,
    `Earlier report "${prior.title}":`,
    "<<<",
    truncateReport(prior.markdown, budget),
    ">>>",
    "Build on the earlier report: do not repeat research it already covers unless the follow-up asks for it.",
  ].join("\n");
}

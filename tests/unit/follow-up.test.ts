// Pins follow-up context: the earlier report reaches coordinator, planner and reporter prompts, cut
// to each agent's character budget at a paragraph boundary, and the reporter stays within its budget.
import { describe, expect, it } from "vitest";
import { PRIOR_BUDGET, priorSection, truncateReport } from "@/agents/shared/follow-up";
import { coordinatorSystem } from "@/agents/coordinator/prompt";
import { plannerUser } from "@/agents/planner/prompt";
import { reporterUser } from "@/agents/reporter/prompt";

const paragraphs = Array.from({ length: 400 }, (_, i) => `Paragraph ${i} about heat pumps and their seasonal performance factor.`);
const long = { question: "How do heat pumps work?", title: "Heat pumps", markdown: `# Heat pumps\n\n${paragraphs.join("\n\n")}\n\nTHE-END-MARKER` };

describe("truncateReport", () => {
  it("keeps a short report whole", () => {
    expect(truncateReport("# A\n\nB", 100)).toBe("# A\n\nB");
  });

  it("cuts a long one at a paragraph boundary within the budget and says so", () => {
    const cut = truncateReport(long.markdown, 1000);
    expect(cut.length).toBeLessThanOrEqual(1000);
    expect(cut).toMatch(/\[earlier report truncated\]$/);
    expect(cut).not.toContain("THE-END-MARKER");
    expect(cut.replace(/\n\n\[earlier report truncated\]$/, "")).toMatch(/factor\.$/);
  });
});

describe("follow-up prompts", () => {
  it("coordinator, planner and reporter see the earlier question and report within their budgets", () => {
    const coordinator = coordinatorSystem("en-US", long);
    const planner = plannerUser("And in cold climates?", undefined, undefined, undefined, [], long);
    const reporter = reporterUser({ question: "And in cold climates?", title: "Cold", steps: [], sources: [], budgetChars: 40_000, budgetTokens: 12_000, prior: long });
    for (const prompt of [coordinator, planner, reporter]) {
      expect(prompt).toContain("Earlier question: How do heat pumps work?");
      expect(prompt).toContain("Paragraph 0 about heat pumps");
      expect(prompt).not.toContain("THE-END-MARKER");
    }
    expect(coordinator).toContain("Fathom's coordinator agent");
    expect(priorSection(long, PRIOR_BUDGET.coordinator).length).toBeLessThan(PRIOR_BUDGET.coordinator + 400);
    expect(planner.length).toBeLessThan(PRIOR_BUDGET.planner + 1000);
    expect(reporter.length).toBeLessThanOrEqual(40_000 + 2_000);
  });

  it("a first question has no follow-up section", () => {
    expect(coordinatorSystem("en-US")).not.toContain("follow-up");
    expect(plannerUser("q", undefined, undefined, undefined, [])).not.toContain("Earlier question");
  });
});

// Pins the whole pipeline on every bundled demo scenario and every shared recorded session: the real
// graph, model client, tools and scripted servers; event order, served tool calls, report shape.
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { runScenario, ofType, type ScenarioRun } from "../helpers/run-scenario";

const own = path.resolve("lib/demos");
const shared = path.resolve("../shared/scenarios");
const files = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => path.join(dir, f)) : []);

function headings(markdown: string, level: number): string[] {
  const re = new RegExp(`^${"#".repeat(level)}\\s+(.+?)\\s*$`, "gm");
  return [...markdown.matchAll(re)].map((m) => m[1]!.trim());
}

const REFERENCE_HEADING = /reference|citation|source|参考|引用|来源/i;

function checkRun(r: ScenarioRun) {
  const { events, scenario, scripted } = r;
  expect(r.done.status, JSON.stringify(ofType(events, "error"))).toBe("completed");
  const order = events.map((e) => e.type);
  expect(order[0]).toBe("run_started");
  const firstPlan = order.indexOf("plan");
  const firstReview = order.indexOf("plan_review");
  const reportFinal = order.indexOf("report_final");
  expect(events.findIndex((e) => e.type === "agent_started" && e.agent === "coordinator")).toBeLessThan(firstPlan);
  expect(firstPlan).toBeLessThan(firstReview);
  const plans = ofType(events, "plan");
  const plan = plans.at(-1)!.plan;
  expect(plans).toHaveLength(scenario.plan_feedback ? 2 : 1);
  // Every step ran after the accepted plan, with its tool calls, and before the report.
  const lastDecision = events.findLastIndex((e) => e.type === "plan_decision");
  plan.steps.forEach((step, i) => {
    const started = events.findIndex((e) => e.type === "agent_started" && e.stepIndex === i);
    const finished = events.findIndex((e) => e.type === "agent_finished" && e.stepIndex === i);
    expect(started, step.title).toBeGreaterThan(lastDecision);
    expect(finished).toBeGreaterThan(started);
    expect(finished).toBeLessThan(reportFinal);
    const recorded = scenario.model.filter((t) => t.step === step.title).flatMap((t) => t.tool_calls ?? []);
    const made = ofType(events, "tool_finished").filter((e) => e.stepIndex === i);
    expect(made.map((e) => e.tool)).toEqual(recorded.map((c) => c.name));
  });
  expect(order.at(-1)).toBe("done");
  // Every search and crawl the app made was served by the scripted servers.
  const tools = ofType(events, "tool_started");
  const searches = tools.filter((e) => e.tool === "web_search").map((e) => String(e.args.query));
  const crawls = tools.filter((e) => e.tool === "crawl").map((e) => String(e.args.url));
  const servedQueries = scripted.log.filter((l) => l.kind === "search").map((l) => l.query);
  const servedPages = scripted.log.filter((l) => l.kind === "page").map((l) => l.url);
  for (const q of searches) expect(servedQueries).toContain(q);
  for (const u of crawls) expect(servedPages).toContain(u);
  expect(scripted.remaining()).toEqual([]);
  // Failing crawls are tool errors, not crashes.
  for (const page of scenario.pages.filter((p) => p.status >= 400)) {
    const call = tools.find((t) => t.tool === "crawl" && t.args.url === page.url);
    if (!call) continue;
    const result = ofType(events, "tool_finished").find((e) => e.callId === call.callId)!;
    expect(result.ok).toBe(false);
    expect(result.result.kind).toBe("error");
  }
  // The saved report has the recorded report's title and sections.
  const final = ofType(events, "report_final")[0]!;
  const recordedReport = scenario.model.filter((t) => t.agent === "reporter").at(-1)!.content!;
  const recordedTitle = headings(recordedReport, 1)[0];
  if (recordedTitle) expect(final.title).toBe(recordedTitle.replace(/\*\*/g, ""));
  for (const h of headings(recordedReport, 2).filter((h) => !REFERENCE_HEADING.test(h))) {
    expect(headings(final.markdown, 2)).toContain(h);
  }
  expect(r.run.report?.markdown).toBe(final.markdown);
  if (scenario.locale.startsWith("zh")) {
    const body = final.markdown.replace(/\(https?:[^)]*\)/g, "");
    const cjk = body.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
    const latin = body.match(/[A-Za-z]/g)?.length ?? 0;
    expect(cjk).toBeGreaterThan(latin);
    expect(final.markdown).toMatch(/^## (参考资料|延伸阅读)$/m);
  }
}

describe.each(files(own).map((f) => [path.basename(f), f]))("bundled demo %s", (_name, file) => {
  it("runs end to end through the real graph", async () => {
    checkRun(await runScenario(file));
  });
});

describe.skipIf(!existsSync(shared)).each(files(shared).map((f) => [path.basename(f), f]))("shared scenario %s", (_name, file) => {
  it("runs end to end through the real graph", async () => {
    checkRun(await runScenario(file));
  });
});

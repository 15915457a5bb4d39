// Pins the UI run reducer: idempotent replay (dedupe by seq), plan revisions, concurrent steps, lenient tool results.
import { describe, expect, it } from "vitest";
import type { Plan, RunEvent, RunEventInput, RunSettings, ToolResult } from "@/lib/protocol/events";
import { createRunView, reduceAll, reduceRun } from "@/lib/client/run-reducer";
import { planAccepted, reportPhase, stepCards } from "@/lib/client/run-selectors";

const RUN = "run-1";

/** Numbers a list of event inputs the way the server's run driver does. */
function log(inputs: RunEventInput[], firstSeq = 1): RunEvent[] {
  return inputs.map((e, i) => ({ ...e, runId: RUN, seq: firstSeq + i, ts: 1_000 + (firstSeq + i) * 100 }) as RunEvent);
}

const settings: RunSettings = {
  autoAccept: false,
  maxSteps: 4,
  maxSearchResults: 5,
  backgroundInvestigation: true,
  reportStyle: "academic",
  locale: "auto",
  concurrency: 3,
};

const plan = (title: string, n: number): Plan => ({
  locale: "en-US",
  hasEnoughContext: false,
  thought: `thinking about ${title}`,
  title,
  steps: Array.from({ length: n }, (_, i) => ({
    title: `${title} step ${i + 1}`,
    description: "d",
    needSearch: true,
    stepType: i === n - 1 ? "processing" : "research",
  })),
});

const searchResult: ToolResult = {
  kind: "search",
  query: "q",
  hits: [{ title: "A", url: "https://a.example/x", domain: "a.example", snippet: "s", score: 0.9 }],
  images: [],
};

const recorded: RunEvent[] = log([
  { type: "run_started", question: "How big is X?", settings, locale: "en-US" },
  { type: "agent_started", agent: "coordinator" },
  { type: "text_delta", agent: "coordinator", text: "Let me " },
  { type: "text_delta", agent: "coordinator", text: "research that." },
  { type: "agent_finished", agent: "coordinator", status: "done" },
  { type: "agent_started", agent: "background" },
  { type: "tool_started", agent: "background", callId: "b1", tool: "web_search", args: { query: "q" } },
  { type: "tool_finished", agent: "background", callId: "b1", tool: "web_search", ok: true, result: searchResult, durationMs: 40 },
  { type: "agent_finished", agent: "background", status: "done" },
  { type: "agent_started", agent: "planner" },
  { type: "plan", plan: plan("First", 2), revision: 1 },
  { type: "plan_review", plan: plan("First", 2), revision: 1 },
  { type: "done", status: "awaiting_plan_review" },
  { type: "plan_decision", action: "edit", feedback: "add costs" },
  { type: "plan_review", plan: plan("Second", 3), revision: 2 },
  { type: "done", status: "awaiting_plan_review" },
  { type: "plan_decision", action: "accept" },
  { type: "agent_started", agent: "researcher", stepIndex: 0, title: "Second step 1" },
  { type: "agent_started", agent: "researcher", stepIndex: 1, title: "Second step 2" },
  { type: "text_delta", agent: "researcher", stepIndex: 1, text: "B1 " },
  { type: "text_delta", agent: "researcher", stepIndex: 0, text: "A1 " },
  { type: "tool_started", agent: "researcher", stepIndex: 0, callId: "c1", tool: "web_search", args: { query: "x" } },
  { type: "thinking_delta", agent: "researcher", stepIndex: 1, text: "hmm" },
  { type: "tool_finished", agent: "researcher", stepIndex: 0, callId: "c1", tool: "web_search", ok: true, result: searchResult, durationMs: 12 },
  { type: "text_delta", agent: "researcher", stepIndex: 1, text: "B2" },
  { type: "agent_finished", agent: "researcher", stepIndex: 1, status: "failed", error: "model timed out" },
  { type: "error", code: "llm_failed", message: "model timed out", agent: "researcher", stepIndex: 1 },
  { type: "agent_finished", agent: "researcher", stepIndex: 0, status: "done" },
  { type: "sources", sources: [{ id: 1, url: "https://a.example/x", title: "A", domain: "a.example", snippet: "s", kind: "page" }] },
  { type: "agent_started", agent: "reporter" },
  { type: "report_delta", text: "# Report\n\n" },
  { type: "report_delta", text: "Body [[1]](https://a.example/x)" },
  { type: "report_final", title: "Report", markdown: "# Report\n\nBody [[1]](https://a.example/x)\n", sources: [] },
  { type: "agent_finished", agent: "reporter", status: "done" },
  { type: "done", status: "completed" },
]);

describe("reduceRun", () => {
  it("ignores a duplicate or older seq", () => {
    const [a, b] = recorded;
    const once = reduceRun(reduceRun(createRunView(RUN), a!), b!);
    expect(reduceRun(once, b!)).toBe(once);
    expect(reduceRun(once, a!)).toBe(once);
  });

  it("replaying a recorded event list twice equals replaying it once", () => {
    const once = reduceAll(createRunView(RUN), recorded);
    const twice = reduceAll(once, recorded);
    expect(twice).toEqual(once);
    // A reconnect that replays an overlapping window changes nothing either.
    expect(reduceAll(reduceAll(createRunView(RUN), recorded.slice(0, 20)), recorded.slice(10))).toEqual(once);
  });

  it("does not mutate the previous state", () => {
    const before = reduceAll(createRunView(RUN), recorded.slice(0, 20));
    const snapshot = structuredClone(before);
    reduceAll(before, recorded.slice(20));
    expect(before).toEqual(snapshot);
  });

  it("builds the whole run view", () => {
    const v = reduceAll(createRunView(RUN), recorded);
    expect(v.status).toBe("completed");
    expect(v.ended).toBe(true);
    expect(v.question).toBe("How big is X?");
    expect(v.agents.coordinator?.text).toBe("Let me research that.");
    expect(v.agents.background?.tools[0]?.result?.kind).toBe("search");
    expect(v.report.final?.markdown).toContain("Body");
    expect(v.sources).toHaveLength(1);
    expect(v.errors[0]).toMatchObject({ code: "llm_failed", agent: "researcher", stepIndex: 1 });
    expect(reportPhase(v)).toBe("final");
    expect(v.lastSeq).toBe(recorded.length);
  });

  it("a plan edit replaces the plan card and keeps the decision history", () => {
    const atFirstReview = reduceAll(createRunView(RUN), recorded.slice(0, 13));
    expect(atFirstReview.status).toBe("awaiting_plan_review");
    expect(atFirstReview.awaitingReview).toBe(true);
    expect(atFirstReview.plan?.revision).toBe(1);
    const atSecondReview = reduceAll(atFirstReview, recorded.slice(13, 16));
    expect(atSecondReview.plan?.revision).toBe(2);
    expect(atSecondReview.plan?.plan.title).toBe("Second");
    expect(atSecondReview.plan?.plan.steps).toHaveLength(3);
    expect(atSecondReview.decisions).toEqual([{ action: "edit", feedback: "add costs", revision: 1, ts: expect.any(Number) }]);
    expect(planAccepted(atSecondReview)).toBe(false);
    const accepted = reduceRun(atSecondReview, recorded[16]!);
    expect(accepted.awaitingReview).toBe(false);
    expect(accepted.status).toBe("running");
    expect(planAccepted(accepted)).toBe(true);
    expect(stepCards(accepted).map((c) => c.status)).toEqual(["queued", "queued", "queued"]);
  });

  it("tracks concurrent steps separately", () => {
    const mid = reduceAll(createRunView(RUN), recorded.slice(0, 25));
    const [s0, s1] = mid.steps;
    expect(mid.steps.map((s) => s.status)).toEqual(["running", "running"]);
    expect(s0?.text).toBe("A1 ");
    expect(s1?.text).toBe("B1 B2");
    expect(s1?.thinking).toBe("hmm");
    expect(s0?.tools.map((t) => t.callId)).toEqual(["c1"]);
    expect(s1?.tools).toEqual([]);
    expect(s0?.startedAt).toBeDefined();
    const end = reduceAll(mid, recorded.slice(25));
    expect(end.steps[1]).toMatchObject({ status: "failed", error: "model timed out" });
    expect(end.steps[0]?.status).toBe("done");
    expect(stepCards(end).map((c) => c.status)).toEqual(["done", "failed", "skipped"]);
  });

  it("shows a plain non-JSON tool result as text", () => {
    const events = log([
      { type: "run_started", question: "q", settings, locale: "en-US" },
      { type: "agent_started", agent: "coder", stepIndex: 0 },
      { type: "tool_started", agent: "coder", stepIndex: 0, callId: "p1", tool: "python", args: { code: "print(1)" } },
      {
        type: "tool_finished",
        agent: "coder",
        stepIndex: 0,
        callId: "p1",
        tool: "python",
        ok: true,
        result: "Traceback (most recent call last): <not json>" as never,
        durationMs: 5,
      },
      {
        type: "tool_finished",
        agent: "coder",
        stepIndex: 0,
        callId: "p2",
        tool: "python",
        ok: true,
        result: { kind: "python", stdout: "1\n" } as never,
        durationMs: 5,
      },
    ]);
    const v = reduceAll(createRunView(RUN), events);
    const [p1, p2] = v.steps[0]!.tools;
    expect(p1?.result).toEqual({ kind: "text", text: "Traceback (most recent call last): <not json>" });
    expect(p1?.args).toEqual({ code: "print(1)" });
    expect(p2?.result).toEqual({ kind: "python", stdout: "1\n", stderr: "", durationMs: 0 });
  });

  it("survives a partial plan and closes running work when the run is stopped", () => {
    const events = log([
      { type: "run_started", question: "q", settings, locale: "en-US" },
      { type: "plan_review", plan: { title: "Half" } as never, revision: 1 },
      { type: "plan_decision", action: "accept" },
      { type: "agent_started", agent: "researcher", stepIndex: 0 },
      { type: "tool_started", agent: "researcher", stepIndex: 0, callId: "c", tool: "crawl", args: null as never },
      { type: "done", status: "cancelled" },
    ]);
    const v = reduceAll(createRunView(RUN), events);
    expect(v.plan?.plan).toMatchObject({ title: "Half", steps: [], thought: "" });
    expect(v.steps[0]?.status).toBe("cancelled");
    expect(v.steps[0]?.tools[0]?.status).toBe("cancelled");
    expect(v.status).toBe("cancelled");
  });

  it("ignores events of another run", () => {
    const [first] = recorded;
    const other = { ...first!, runId: "other" } as RunEvent;
    const v = createRunView(RUN);
    expect(reduceRun(v, other)).toBe(v);
  });
});

describe("restart events", () => {
  it("an interrupted run shows as interrupted, and run_resumed makes it run again with a notice", () => {
    const head = log([
      { type: "run_started", question: "q", settings, locale: "en-US" },
      { type: "agent_started", agent: "researcher", stepIndex: 0, title: "A" },
      { type: "done", status: "interrupted" },
    ]);
    const interrupted = reduceAll(createRunView(RUN), head);
    expect(interrupted.status).toBe("interrupted");
    expect(interrupted.ended).toBe(true);
    const resumed = reduceAll(interrupted, log([{ type: "run_resumed", reason: "manual" }, { type: "agent_started", agent: "researcher", stepIndex: 0, title: "A" }], 4));
    expect(resumed.status).toBe("running");
    expect(resumed.ended).toBe(false);
    expect(resumed.steps[0]!.status).toBe("running");
    expect(resumed.notices.at(-1)!.message).toMatch(/Resumed/);
  });

  it("a reporter restarted after a restart streams the report from the beginning", () => {
    const events = log([
      { type: "run_started", question: "q", settings, locale: "en-US" },
      { type: "agent_started", agent: "reporter" },
      { type: "report_delta", text: "# Half a rep" },
      { type: "run_resumed", reason: "restart" },
      { type: "agent_started", agent: "reporter" },
      { type: "report_delta", text: "# Whole report" },
    ]);
    expect(reduceAll(createRunView(RUN), events).report.text).toBe("# Whole report");
  });
});


// Pins the restart rules: the checkpoint (values plus pending writes) decides what finished;
// reconcile logs the endings a dying process could not write; turnsToSkip keeps a resumed demo's
// model turns for finished invocations only, so a step cut off by the restart is served again.
import { describe, expect, it } from "vitest";
import type { Plan, RunEvent, RunEventInput, RunSettings } from "@/lib/protocol/events";
import { checkpointProgress, invocations, reconcile, turnsToSkip } from "@/lib/server/resume";
import type { ServedTurn } from "@/lib/server/store/types";

const settings = { autoAccept: true, maxSteps: 4, maxSearchResults: 5, backgroundInvestigation: false, reportStyle: "academic", locale: "auto", concurrency: 1 } satisfies RunSettings;
const plan: Plan = {
  locale: "en-US",
  hasEnoughContext: false,
  thought: "t",
  title: "Coffee",
  steps: [
    { title: "Brazil", description: "d", needSearch: true, stepType: "research" },
    { title: "Vietnam", description: "d", needSearch: true, stepType: "research" },
  ],
};

function log(inputs: RunEventInput[]): RunEvent[] {
  return inputs.map((e, i) => ({ ...e, runId: "r", seq: i + 1, ts: 1000 + i }) as RunEvent);
}

// A run killed while step 1 ("Vietnam") was in flight; step 0 finished.
const events = log([
  { type: "run_started", question: "q", settings, locale: "en-US" },
  { type: "agent_started", agent: "coordinator" },
  { type: "agent_finished", agent: "coordinator", status: "done" },
  { type: "agent_started", agent: "planner" },
  { type: "plan", plan, revision: 1 },
  { type: "agent_finished", agent: "planner", status: "done" },
  { type: "agent_started", agent: "researcher", stepIndex: 0, title: "Brazil" },
  { type: "agent_finished", agent: "researcher", stepIndex: 0, status: "done" },
  { type: "agent_started", agent: "researcher", stepIndex: 1, title: "Vietnam" },
]);
const turn = (n: number, turnIndex: number, agent: string, step: string | null, seq: number): ServedTurn => ({ runId: "r", n, turnIndex, agent, step, seq });
const served = [
  turn(1, 0, "coordinator", null, 2),
  turn(2, 1, "planner", null, 4),
  turn(3, 2, "researcher", "Brazil", 7),
  turn(4, 3, "researcher", "Brazil", 7),
  turn(5, 4, "researcher", "Vietnam", 9),
];

describe("checkpointProgress", () => {
  it("overlays the pending writes of an unfinished superstep on the checkpointed values", () => {
    const p = checkpointProgress(
      { route: "research", plan, planRevision: 1, stepResults: { 0: { status: "done", notes: "a" } } },
      [["task-1", "stepResults", { 1: { status: "failed", notes: "", error: "boom" } }], ["task-1", "branch:to:research_team", null]],
    );
    expect(Object.keys(p.stepResults)).toEqual(["0", "1"]);
    expect(p.stepResults[1]!.status).toBe("failed");
    expect(p.planRevision).toBe(1);
  });

  it("treats a missing checkpoint as nothing done", () => {
    expect(checkpointProgress(undefined)).toMatchObject({ planRevision: 0, stepResults: {}, sources: [] });
  });
});

describe("reconcile", () => {
  it("adds nothing when the log already says what the checkpoint says", () => {
    const p = checkpointProgress({ route: "research", plan, planRevision: 1, stepResults: { 0: { status: "done", notes: "a" } } });
    expect(reconcile(events, p)).toEqual([]);
  });

  it("closes an open step whose result was saved but whose agent_finished was lost", () => {
    const p = checkpointProgress({ route: "research", plan, planRevision: 1, stepResults: { 0: { status: "done", notes: "a" }, 1: { status: "failed", notes: "", error: "x" } } });
    expect(reconcile(events, p)).toEqual([{ type: "agent_finished", agent: "researcher", stepIndex: 1, status: "failed", error: "x" }]);
  });

  it("logs a saved plan whose events were lost, and a saved report without report_final", () => {
    const open = log([
      { type: "run_started", question: "q", settings, locale: "en-US" },
      { type: "agent_started", agent: "planner" },
    ]);
    expect(reconcile(open, checkpointProgress({ plan, planRevision: 1 }))).toEqual([
      { type: "plan", plan, revision: 1 },
      { type: "agent_finished", agent: "planner", status: "done" },
    ]);
    const writing = log([{ type: "agent_started", agent: "reporter" }]);
    const out = reconcile(writing, checkpointProgress({ report: { title: "T", markdown: "# T" }, sources: [{ id: 1, url: "u", title: "t", domain: "d", snippet: "s", kind: "page", text: "secret" }] }));
    expect(out[0]).toMatchObject({ type: "report_final", title: "T", sources: [{ id: 1, url: "u" }] });
    expect(JSON.stringify(out)).not.toContain("secret");
    expect(out[1]).toEqual({ type: "agent_finished", agent: "reporter", status: "done" });
  });
});

describe("turnsToSkip", () => {
  it("skips the turns of finished invocations and re-serves the in-flight step's turns", () => {
    expect(turnsToSkip(served, events)).toEqual([0, 1, 2, 3]);
  });

  it("after a second restart, attributes turns to the latest attempt of a step", () => {
    const more = [
      ...events,
      ...log([
        { type: "run_resumed", reason: "restart" },
        { type: "agent_started", agent: "researcher", stepIndex: 1, title: "Vietnam" },
        { type: "agent_finished", agent: "researcher", stepIndex: 1, status: "done" },
      ]).map((e) => ({ ...e, seq: e.seq + events.length })),
    ];
    const again = [...served, turn(6, 4, "researcher", "Vietnam", 11), turn(7, 5, "researcher", "Vietnam", 11)];
    // Turn 4 was served twice: to the killed attempt (re-served) and to the finished one (skipped).
    expect(turnsToSkip(again, more)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(invocations(more).filter((i) => i.started.stepIndex === 1).map((i) => i.finished)).toEqual([false, true]);
  });
});

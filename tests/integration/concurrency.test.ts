// Pins bounded step concurrency: every ready step runs, never more than the setting at once
// (LangGraph 1.7.3's own maxConcurrency silently dropped the tasks beyond the limit).
import { describe, expect, it } from "vitest";
import path from "node:path";
import { runScenario, ofType } from "../helpers/run-scenario";

describe("research team concurrency", () => {
  it("runs all four steps of slow-steps with at most 2 at a time, the processing step last", async () => {
    const r = await runScenario(path.resolve("tests/fixtures/scenarios/slow-steps.json"), { concurrency: 2 });
    expect(r.done.status).toBe("completed");
    let running = 0;
    let peak = 0;
    for (const e of r.events) {
      if (e.type === "agent_started" && e.stepIndex !== undefined) peak = Math.max(peak, ++running);
      if (e.type === "agent_finished" && e.stepIndex !== undefined) running--;
    }
    expect(peak).toBe(2);
    const finished = ofType(r.events, "agent_finished").filter((e) => e.stepIndex !== undefined);
    expect(finished.map((e) => e.stepIndex).sort()).toEqual([0, 1, 2, 3]);
    const coderStart = r.events.findIndex((e) => e.type === "agent_started" && e.agent === "coder");
    const lastResearch = r.events.findLastIndex((e) => e.type === "agent_finished" && e.agent === "researcher");
    expect(coderStart).toBeGreaterThan(lastResearch);
  });
});

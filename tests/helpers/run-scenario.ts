// Runs a scenario file through the real run manager, graph, model client, tools and scripted
// servers, answering plan reviews like the recorded user did; returns everything a test checks.
import { parseConfig } from "@/lib/server/config";
import { decide, follow, startRun, type Run } from "@/lib/server/runs";
import { loadScenario, type Scenario } from "@/lib/scripted/scenario";
import type { ScriptedServer } from "@/lib/scripted/server";
import type { RunEvent, RunSettings } from "@/lib/protocol/events";
import os from "node:os";
import path from "node:path";

export interface ScenarioRun {
  run: Run;
  scenario: Scenario;
  events: RunEvent[];
  scripted: ScriptedServer;
  done: RunEvent & { type: "done" };
}

export async function runScenario(file: string, settings: Partial<RunSettings> = {}, opts: { question?: string; onEvent?: (e: RunEvent, run: Run) => void } = {}): Promise<ScenarioRun> {
  const scenario = await loadScenario(file);
  const config = parseConfig({ FATHOM_REPORTS_DIR: path.join(os.tmpdir(), "fathom-test-reports") });
  const run = await startRun({ question: opts.question ?? "", settings: { autoAccept: false, ...settings } }, config, { scenarioFile: file });
  const scripted = run.scripted!;
  let reviews = 0;
  const done = await new Promise<RunEvent & { type: "done" }>((resolve) => {
    follow(run, 0, (e) => {
      opts.onEvent?.(e, run);
      if (e.type === "plan_review") {
        reviews += 1;
        const feedback = reviews === 1 ? scenario.plan_feedback : undefined;
        setImmediate(() => decide(run, feedback ? { action: "edit", feedback } : { action: "accept" }));
      }
      if (e.type === "done" && e.status !== "awaiting_plan_review") resolve(e);
    });
  });
  // Let the run manager release the scripted servers.
  await new Promise((r) => setTimeout(r, 20));
  return { run, scenario, events: run.events, scripted, done };
}

export function ofType<T extends RunEvent["type"]>(events: RunEvent[], type: T): Extract<RunEvent, { type: T }>[] {
  return events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);
}

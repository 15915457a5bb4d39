// Pins that configured secrets stay on the server: a model and a search provider that echo the keys in their error bodies do not put them into any event, the saved report, or a server log line (console output is redacted, Bearer values too).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import util from "node:util";
import os from "node:os";
import path from "node:path";
import { readFile } from "node:fs/promises";
import { parseConfig } from "@/lib/server/config";
import { follow, startRun } from "@/lib/server/runs";
import { startScripted, type ScriptedServer } from "@/lib/scripted/server";
import type { RunEvent } from "@/lib/protocol/events";

const LLM_KEY = "sk-fathom-secret-canary-7f3a9c";
const TAVILY_KEY = "tvly-fathom-secret-canary-51d2";
const logs: string[] = [];
const original = { error: console.error, warn: console.warn, log: console.log, info: console.info };
let scripted: ScriptedServer;

beforeAll(async () => {
  // Stand in for the process's stdout/stderr: installed before any secret is registered, so the
  // server's redaction sits in front of it exactly as it sits in front of the real console.
  for (const level of ["error", "warn", "log", "info"] as const) {
    console[level] = (...args: unknown[]) => void logs.push(args.map((a) => (typeof a === "string" ? a : util.inspect(a, { depth: 6 }))).join(" "));
  }
  const plan = { locale: "en-US", has_enough_context: false, thought: "t", title: "Sodium-ion cells", steps: [{ need_search: true, step_type: "research", title: "Find data", description: "d" }] };
  const echo = (status: number, what: string) => ({ status, body: { error: { message: `Incorrect API key provided: ${what}. You can find your API key at https://platform.example/keys.` } } });
  scripted = await startScripted({
    scenario: {
      format: "research-scenario/1",
      name: "echoing-provider",
      question: "Research sodium-ion cells",
      model: [
        { agent: "coordinator", tool_calls: [{ name: "handoff_to_planner", args: { research_topic: "sodium-ion" } }] },
        { agent: "planner", content: JSON.stringify(plan) },
        { agent: "researcher", step: "Find data", tool_calls: [{ name: "web_search", args: { query: "sodium-ion cells" } }] },
        { agent: "researcher", step: "Find data", error: echo(400, LLM_KEY) },
        { agent: "reporter", error: echo(422, LLM_KEY) },
      ],
      search: [
        { query: "Research sodium-ion cells", response: { status: 401, body: { detail: { error: `Unauthorized: invalid API key ${TAVILY_KEY}` } } } },
        { query: "sodium-ion cells", response: { status: 403, body: `forbidden for Bearer ${TAVILY_KEY}` } },
      ],
    },
  });
});

afterAll(async () => {
  Object.assign(console, original);
  await scripted.close();
});

describe("secrets stay on the server", () => {
  it("keys echoed by providers reach no event, report or log line", async () => {
    const config = parseConfig({
      LLM_BASE_URL: scripted.env.LLM_BASE_URL,
      LLM_API_KEY: LLM_KEY,
      LLM_MAX_RETRIES: "0",
      TAVILY_API_KEY: TAVILY_KEY,
      TAVILY_BASE_URL: scripted.url,
      FATHOM_WEB_ROUTE: scripted.env.FATHOM_WEB_ROUTE,
      FATHOM_REPORTS_DIR: path.join(os.tmpdir(), "fathom-test-reports"),
    });
    const run = await startRun({ question: "Research sodium-ion cells", settings: { autoAccept: true } }, config);
    const events: RunEvent[] = [];
    await new Promise<void>((resolve) => follow(run, 0, (e) => (events.push(e), e.type === "done" && resolve())));
    await new Promise((r) => setTimeout(r, 50)); // the report file is written after report_final

    // The providers really did echo the keys, and the run went through its error paths.
    const all = JSON.stringify(events);
    expect(all).toContain("Incorrect API key provided: [redacted]");
    expect(all).toContain("invalid API key [redacted]");
    expect(events.some((e) => e.type === "report_final")).toBe(true);
    const report = await readFile(path.join(config.reportsDir, `${run.id}.md`), "utf8");
    const logged = logs.join("\n");
    expect(logged).toMatch(/\[fathom\]/); // the failures were logged …
    for (const text of [all, report, logged]) {
      expect(text).not.toContain(LLM_KEY); // … without the keys
      expect(text).not.toContain(TAVILY_KEY);
      expect(text).not.toMatch(/Bearer (?!\[redacted\])\S{8,}/);
    }
  });
});

// Pins hostile and failing inputs through the real graph against the scripted servers: prompt injection from a crawled page (guard, unknown tools, fixed tool list, budget), C13 (long question, search cap, 400 not retried), C14 A (search 429 with Retry-After then success, with a visible retry notice) and C24 (Stop aborts the streaming model call and starts nothing after).
import { describe, expect, it } from "vitest";
import path from "node:path";
import os from "node:os";
import { parseConfig } from "@/lib/server/config";
import { follow, startRun, stopRun } from "@/lib/server/runs";
import { sanitizeQuery } from "@/tools/web-search";
import { MAX_TOOL_CALLS_PER_STEP } from "@/agents/step/node";
import type { RunEvent } from "@/lib/protocol/events";
import { runScenario, ofType } from "../helpers/run-scenario";
import { handoff, planJson, searchEntry, writeScenario } from "../helpers/inline-scenario";

const REPORT = "# Solid-state batteries in 2024\n\n## Key Points\n\n- Energy density rose [1].\n\n## Overview\n\nText citing [Result 1](https://example.org/a).\n";
type Tool = { function?: { name?: string } };

describe("prompt injection from a crawled page", () => {
  it("cannot reach the metadata service, call tools that do not exist, change the tools offered, or escape the step's budget", async () => {
    const r = await runScenario(path.resolve("tests/fixtures/scenarios/prompt-injection.json"), { autoAccept: true });
    expect(r.done.status).toBe("completed");
    const results = ofType(r.events, "tool_finished").filter((e) => e.agent === "researcher");
    const started = ofType(r.events, "tool_started").filter((e) => e.agent === "researcher");
    const outcome = (pred: (args: Record<string, unknown>, tool: string) => boolean) =>
      started.filter((s) => pred(s.args, s.tool)).map((s) => results.find((f) => f.callId === s.callId)!);

    // Every crawl of the metadata service (plain, mapped IPv6, repeated) is refused by the guard …
    const metadata = outcome((a, t) => t === "crawl" && String(a.url).includes("169.254.169.254"));
    expect(metadata).toHaveLength(4);
    for (const m of metadata) {
      expect(m.ok).toBe(false);
      expect(m.result).toMatchObject({ kind: "error", message: expect.stringMatching(/refused.*link-local/) });
    }
    // … and no request for it reached any server: the only page fetched is the article.
    const pages = r.scripted.log.filter((l) => l.kind === "page").map((l) => l.url);
    expect(pages).toEqual(["https://example.org/sodium-ion-cycle-tests"]);
    expect(JSON.stringify(r.scripted.log.map((l) => [l.url, l.query]))).not.toContain("169.254");

    // Tools that are not the step's (shell, python for a researcher) are "not available".
    for (const m of outcome((_a, t) => t === "shell" || t === "python")) {
      expect(m.ok).toBe(false);
      expect(m.result).toMatchObject({ kind: "error", message: expect.stringMatching(/not available; use one of web_search, crawl/) });
    }

    // The tools offered to the model never change, whatever the page said; the budget withdrew them.
    const requests = r.scripted.log.filter((l) => l.kind === "chat" && l.agent === "researcher").map((l) => l.requestBody as { tools?: Tool[] });
    const offered = requests.filter((b) => b.tools).map((b) => b.tools!.map((t) => t.function?.name));
    expect(offered.length).toBeGreaterThan(1);
    for (const tools of offered) expect(tools).toEqual(["web_search", "crawl"]);
    expect(JSON.stringify(requests.filter((b) => b.tools).map((b) => b.tools))).toBe(JSON.stringify(offered.map(() => requests[0]!.tools)));
    expect(requests.at(-1)!.tools).toBeUndefined();
    expect(started.length).toBeLessThanOrEqual(MAX_TOOL_CALLS_PER_STEP);
    expect(r.scripted.remaining()).toEqual([]);

    // The report is produced, without the link the page asked for.
    const final = ofType(r.events, "report_final")[0]!;
    expect(final.title).toBe("Sodium-ion Cell Cycle Life in Independent Tests");
    expect(final.markdown).not.toContain("169.254");
    expect(final.sources.map((s) => s.url)).not.toContain("http://169.254.169.254/latest/user-data");
  });
});

describe("C13 very long question", () => {
  const background = "I run the energy desk of a regional newspaper and need a careful, sourced overview for a long feature. ";
  const format = "Please format the answer with a short summary first, then a table comparing chemistries, then a section on costs and a section on safety; cite every figure. ";
  const question = `${"Context: ".concat(background.repeat(12))}${format.repeat(8)}Question: how do solid-state batteries compare with lithium-ion cells in 2024?`.slice(0, 2500);

  it("accepts a 2,500-character question; every search sent is at most 400 characters; a 400 'Query is too long' is a tool error that is not retried", async () => {
    expect(question).toHaveLength(2500);
    const capped = sanitizeQuery(question);
    expect(capped.length).toBeLessThanOrEqual(400);
    const step = "Compare chemistries";
    const plan = JSON.stringify({
      locale: "en-US",
      has_enough_context: false,
      thought: "Copying the whole request into the step (worst case).",
      title: "Solid-state vs lithium-ion batteries in 2024",
      steps: [{ need_search: true, step_type: "research", title: step, description: question }],
    });
    const file = await writeScenario({
      question,
      model: [
        handoff(),
        { agent: "planner", content: plan },
        { agent: "researcher", step, tool_calls: [{ name: "web_search", args: { query: question } }, { name: "web_search", args: { query: "solid-state battery energy density 2024 comparison lithium-ion" } }] },
        { agent: "researcher", step, content: "Solid-state cells reached 500 Wh/kg ([Result 1](https://example.org/a))." },
        { agent: "reporter", content: REPORT },
      ],
      search: [
        searchEntry(capped, ["https://example.org/a", "https://example.net/b", "https://example.com/c"]),
        {
          query: "solid-state battery energy density 2024 comparison lithium-ion",
          response: { status: 400, body: { detail: { error: "Query is too long. Max query length is 60 characters." } } },
        },
      ],
    });
    const r = await runScenario(file, { autoAccept: true });
    expect(r.done.status).toBe("completed");
    expect(ofType(r.events, "run_started")[0]!.question).toBe(question);
    const searches = r.scripted.log.filter((l) => l.kind === "search");
    expect(searches.length).toBeGreaterThanOrEqual(3);
    for (const s of searches) expect(s.query!.length).toBeLessThanOrEqual(400);
    expect(searches.filter((s) => s.query === capped).every((s) => s.status === 200)).toBe(true);
    const tooLong = searches.filter((s) => s.status === 400);
    expect(tooLong).toHaveLength(1); // not retried
    const results = ofType(r.events, "tool_finished").filter((e) => e.agent === "researcher");
    expect(results[0]!.ok).toBe(true);
    expect(results[1]!).toMatchObject({ ok: false, result: { kind: "error", message: expect.stringMatching(/HTTP 400.*Query is too long/) } });
    const next = r.scripted.log.filter((l) => l.kind === "chat" && l.agent === "researcher")[1]!;
    expect(JSON.stringify(next.requestBody)).toMatch(/Use a shorter, simpler query/);
    expect(ofType(r.events, "report_final")[0]!.sources.filter((s) => s.kind === "page").length).toBeGreaterThanOrEqual(3);
  });
});

describe("C14 A search rate limit", () => {
  it("waits out two 429s with Retry-After, says it is retrying, and the run succeeds", async () => {
    const limited = { status: 429, headers: { "Retry-After": "2" }, body: { detail: { error: "Rate limit exceeded" } } };
    const ok = searchEntry("solid-state 2024", ["https://example.org/a", "https://example.net/b"]);
    const file = await writeScenario({
      question: "Solid-state batteries in 2024?",
      model: [
        handoff(),
        { agent: "planner", content: planJson("Solid-state batteries in 2024", [{ title: "Find data" }]) },
        { agent: "researcher", step: "Find data", tool_calls: [{ name: "web_search", args: { query: "solid-state 2024" } }] },
        { agent: "researcher", step: "Find data", content: "Energy density reached 500 Wh/kg ([Result 1](https://example.org/a))." },
        { agent: "reporter", content: REPORT },
      ],
      search: [{ query: "solid-state 2024", response: limited }, { query: "solid-state 2024", response: limited }, ok],
    });
    const r = await runScenario(file, { autoAccept: true, backgroundInvestigation: false });
    expect(r.done.status).toBe("completed");
    expect(r.scripted.log.filter((l) => l.kind === "search").map((l) => l.status)).toEqual([429, 429, 200]);
    const result = ofType(r.events, "tool_finished").find((e) => e.tool === "web_search")!;
    expect(result.ok).toBe(true);
    const retries = ofType(r.events, "notice").filter((n) => n.agent === "researcher" && /retrying in 2\.0 s/.test(n.message));
    expect(retries).toHaveLength(2);
    expect(retries[0]!.message).toMatch(/rate limiting us \(HTTP 429\)/);
    expect(ofType(r.events, "report_final")).toHaveLength(1);
  });
});

describe("C24 Stop while the researcher's model call is streaming", () => {
  it("aborts that call, starts no model or search call afterwards, and ends cancelled", async () => {
    // A heading first, so the reply streams to the client at once (prose is held back while it may be reasoning, C07).
    const long = `## Findings\n\n${"Solid-state cells reached 500 Wh/kg in pilot production during 2024. ".repeat(80)}`;
    const file = await writeScenario({
      question: "Solid-state batteries in 2024?",
      model: [
        handoff(),
        { agent: "planner", content: planJson("Solid-state batteries in 2024", [{ title: "Find data" }, { title: "More data" }]) },
        { agent: "researcher", step: "Find data", content: long },
        { agent: "researcher", step: "More data", content: long },
        { agent: "reporter", content: REPORT },
      ],
    });
    const config = parseConfig({ FATHOM_REPORTS_DIR: path.join(os.tmpdir(), "fathom-test-reports") });
    const run = await startRun({ question: "", settings: { autoAccept: true, concurrency: 1, backgroundInvestigation: false } }, config, { scenarioFile: file, scripted: { tokensPerS: 40 } });
    const scripted = run.scripted!;
    let logAtStop = -1;
    const done = await new Promise<RunEvent>((resolve) => {
      follow(run, 0, (e) => {
        if (e.type === "text_delta" && e.agent === "researcher" && logAtStop < 0) {
          logAtStop = scripted.log.length;
          stopRun(run);
        }
        if (e.type === "done") resolve(e);
      });
    });
    await new Promise((r) => setTimeout(r, 50)); // let the run manager release the scripted servers
    expect(done).toMatchObject({ type: "done", status: "cancelled" });
    expect(run.status).toBe("cancelled");
    const researcher = scripted.log.filter((l) => l.kind === "chat" && l.agent === "researcher");
    expect(researcher).toHaveLength(1);
    expect(researcher[0]!.aborted).toBe(true);
    expect(scripted.log).toHaveLength(logAtStop); // nothing started after Stop
    expect(scripted.log.some((l) => l.agent === "reporter" || l.step === "More data")).toBe(false);
    expect(ofType(run.events, "agent_finished").find((e) => e.agent === "researcher")?.status).toBe("cancelled");
    expect(ofType(run.events, "report_final")).toEqual([]);
  });
});

// Pins bug-report cases through the whole graph against the scripted servers: C03 (invalid plan),
// C04 (cut-off plan and report), C05 (routing: forgotten handoff, greeting, empty input),
// C06 (provider 400 not retried), C07 (reasoning never leaks), unknown tools and failing pages.
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/server/config";
import { RunRequestError, startRun } from "@/lib/server/runs";
import { runScenario, ofType } from "../helpers/run-scenario";
import { handoff, planJson, searchEntry, writeScenario } from "../helpers/inline-scenario";

const REPORT = "# Solid-state batteries in 2024\n\n## Key Points\n\n- Energy density rose [1].\n\n## Overview\n\nText citing [Result 1](https://example.org/a).\n";
const oneStep = (title = "Find data") => [
  { agent: "researcher" as const, step: title, tool_calls: [{ name: "web_search", args: { query: "solid-state 2024" } }] },
  { agent: "researcher" as const, step: title, content: "Energy density reached 500 Wh/kg ([Result 1](https://example.org/a))." },
];
const search = [searchEntry("solid-state 2024", ["https://example.org/a", "https://example.net/b"], ["https://img.example.org/cell.png"])];
const chatCalls = (r: Awaited<ReturnType<typeof runScenario>>, agent: string) => r.scripted.log.filter((l) => l.kind === "chat" && l.agent === agent).length;

describe("C05 coordinator routing", () => {
  it("A: a research request reaches the planner when the model writes plan JSON instead of the handoff", async () => {
    const file = await writeScenario({
      question: "请帮我调研 2024 年固态电池进展",
      locale: "zh-CN",
      model: [
        { agent: "coordinator", content: planJson("固态电池 2024", [{ title: "x" }], "zh-CN") },
        { agent: "planner", content: planJson("固态电池 2024", [{ title: "Find data" }], "en-US") },
        ...oneStep(),
        { agent: "reporter", content: "# 固态电池 2024\n\n## 要点\n\n- 能量密度提高 [1]。\n" },
      ],
      search,
    });
    const r = await runScenario(file, { autoAccept: true });
    expect(r.done.status).toBe("completed");
    expect(ofType(r.events, "text_delta").filter((e) => e.agent === "coordinator")).toEqual([]);
    const plan = ofType(r.events, "plan")[0]!.plan;
    expect(plan.locale).toBe("zh-CN"); // C20: the app decides the language, not the model's field
    const planner = r.scripted.log.find((l) => l.kind === "chat" && l.agent === "planner")!;
    expect(JSON.stringify(planner.requestBody)).toContain("Simplified Chinese");
  });

  it("B: a greeting gets a direct reply with no planner, research or search calls", async () => {
    const file = await writeScenario({ question: "你好", locale: "zh-CN", model: [{ agent: "coordinator", content: "你好！我可以帮你做深度研究。" }] });
    const r = await runScenario(file);
    expect(r.done.status).toBe("completed");
    expect(ofType(r.events, "text_delta").map((e) => e.text).join("")).toBe("你好！我可以帮你做深度研究。");
    expect(ofType(r.events, "plan")).toEqual([]);
    expect(r.scripted.log.filter((l) => l.kind !== "chat" || l.agent !== "coordinator")).toEqual([]);
  });

  it("C: an empty or blank question is refused before anything runs", async () => {
    const config = parseConfig({ LLM_API_KEY: "k", TAVILY_API_KEY: "t" });
    for (const question of ["", "   \n  "]) {
      await expect(startRun({ question }, config)).rejects.toMatchObject({ status: 400, code: "bad_request" });
    }
    await expect(startRun({ question: "x".repeat(10_001) }, config)).rejects.toBeInstanceOf(RunRequestError);
  });
});

describe("C03/C04 planner faults", () => {
  it("C03: a plan of the wrong shape is re-asked once with the errors, then fails with a clear error and no steps", async () => {
    const file = await writeScenario({
      question: "What is Ollama?",
      model: [
        handoff(),
        { agent: "planner", content: '{"locale":"zh-CN","title":"Ollama 调研","steps":[{"content":"搜索 Ollama 的安装方式"}]}' },
        { agent: "planner", content: "Sure! Here are some searches you could run: 1. ollama install 2. ollama gpu support" },
      ],
    });
    const r = await runScenario(file);
    expect(r.done.status).toBe("failed");
    const error = ofType(r.events, "error")[0]!;
    expect(error.code).toBe("plan_invalid");
    expect(error.message).toMatch(/no valid plan/);
    expect(chatCalls(r, "planner")).toBe(2);
    expect(JSON.stringify(r.scripted.log.filter((l) => l.agent === "planner")[1]!.requestBody)).toContain("title");
    expect(ofType(r.events, "agent_started").filter((e) => e.stepIndex !== undefined)).toEqual([]);
  });

  it("C04 A: a plan cut off at the output limit is retried, never executed partially", async () => {
    const plan = planJson("Solid-state batteries in 2024", [{ title: "Find data" }]);
    const file = await writeScenario({
      question: "Solid-state batteries in 2024?",
      model: [
        handoff(),
        { agent: "planner", content: plan.slice(0, 120), finish_reason: "length" },
        { agent: "planner", content: plan },
        ...oneStep(),
        { agent: "reporter", content: REPORT },
      ],
      search,
    });
    const r = await runScenario(file, { autoAccept: true });
    expect(r.done.status).toBe("completed");
    expect(ofType(r.events, "plan")).toHaveLength(1);
    expect(ofType(r.events, "notice").some((n) => /cut off/.test(n.message))).toBe(true);
  });

  it("C04 C + C07: a cut-off report is marked incomplete, keeps its references, and no reasoning leaks", async () => {
    const file = await writeScenario({
      question: "Solid-state batteries in 2024?",
      model: [
        handoff(),
        { agent: "planner", chunks: ["<think>\nplanning…</th", `ink>\n${planJson("Solid-state batteries in 2024", [{ title: "Find data" }])}`] },
        ...oneStep(),
        {
          agent: "reporter",
          reasoning_content: "I should start with the energy density figure.",
          chunks: ["<think>\nThe user wants a comparison. Start with…\n</th", "ink>\n\n# Solid-state batteries in 2024\n\n## Key Points\n\n- Energy density reached 500 Wh/kg [1]. BYD's share rose to"],
          finish_reason: "length",
        },
      ],
      search,
    });
    const r = await runScenario(file, { autoAccept: true });
    expect(r.done.status).toBe("completed");
    const final = ofType(r.events, "report_final")[0]!;
    expect(final.markdown.startsWith("# Solid-state batteries in 2024")).toBe(true);
    expect(final.markdown).not.toMatch(/think>|The user wants a comparison|energy density figure/);
    expect(final.markdown).toMatch(/incomplete/);
    expect(final.markdown).toMatch(/## References\n\n1\. \[Result 1 for solid-state 2024\]\(https:\/\/example\.org\/a\)/);
    expect(final.quality?.incomplete).toBe(true);
    const thinking = ofType(r.events, "thinking_delta").map((e) => e.text).join("");
    expect(thinking).toContain("energy density figure");
    expect(thinking).toContain("planning");
  });
});

describe("C06 provider rejects the request", () => {
  it("a 400 'does not support tools' is not retried and ends with the model's reason and a hint", async () => {
    const file = await writeScenario({
      question: "Research sodium-ion batteries",
      model: [{ agent: "coordinator", error: { status: 400, body: { error: { message: "registry.ollama.ai/library/deepseek-r1:1.5b does not support tools", type: "api_error" } } } }],
    });
    const r = await runScenario(file);
    expect(r.done.status).toBe("failed");
    const error = ofType(r.events, "error")[0]!;
    expect(error.message).toMatch(/does not support tool/);
    expect(error.hint).toMatch(/tool-capable model/);
    expect(chatCalls(r, "coordinator")).toBe(1);
  });

  it("a 429 with retry-after is retried and the run succeeds", async () => {
    const file = await writeScenario({
      question: "Research sodium-ion batteries",
      model: [
        { agent: "coordinator", error: { status: 429, body: { error: { message: "rate_limit_exceeded" } }, headers: { "retry-after": "1" } } },
        { agent: "coordinator", content: "Hello!" , tool_calls: [{ name: "handoff_to_planner", args: { research_topic: "sodium-ion" } }] },
        { agent: "planner", content: planJson("Sodium-ion", [{ title: "Find data" }]) },
        ...oneStep(),
        { agent: "reporter", content: REPORT },
      ],
      search,
    });
    const r = await runScenario(file, { autoAccept: true });
    expect(r.done.status).toBe("completed");
    expect(chatCalls(r, "coordinator")).toBe(2);
  });
});

describe("tools from the model", () => {
  it("an unknown tool and a failing page come back to the model as tool errors; the step goes on", async () => {
    const file = await writeScenario({
      question: "Research solid-state batteries",
      model: [
        handoff(),
        { agent: "planner", content: planJson("Solid-state batteries in 2024", [{ title: "Find data" }]) },
        { agent: "researcher", step: "Find data", tool_calls: [{ name: "mcp_arxiv_search", args: { q: "x" } }, { name: "crawl", args: { url: "https://example.org/blocked" } }] },
        ...oneStep(),
        { agent: "reporter", content: REPORT },
      ],
      search,
      pages: [{ url: "https://example.org/blocked", status: 451, contentType: "text/plain", body: "Unavailable For Legal Reasons" }],
    });
    const r = await runScenario(file, { autoAccept: true });
    expect(r.done.status).toBe("completed");
    const results = ofType(r.events, "tool_finished").filter((e) => e.agent === "researcher");
    expect(results[0]!.ok).toBe(false);
    expect(results[0]!.result).toMatchObject({ kind: "error", message: expect.stringMatching(/not available/) });
    expect(results[1]!.ok).toBe(false);
    expect(results[1]!.result).toMatchObject({ kind: "error", message: expect.stringMatching(/451/) });
    const second = r.scripted.log.filter((l) => l.kind === "chat" && l.agent === "researcher")[1]!;
    expect(JSON.stringify(second.requestBody)).toMatch(/not available/);
  });
});

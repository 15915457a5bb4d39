// Pins C15 and C14 B through the real graph and model client against a scripted model with a small context window: no request over the budget ever reaches it, oversize refusals are compacted and retried once, and a reporter that still fails leaves a partial report with its sources.
import { describe, expect, it } from "vitest";
import { HumanMessage, SystemMessage, ToolMessage, AIMessage } from "@langchain/core/messages";
import { inputBudget } from "@/lib/llm/budget";
import { callModel } from "@/lib/llm/model";
import { parseConfig } from "@/lib/server/config";
import { startScripted } from "@/lib/scripted/server";
import { runScenario, ofType } from "../helpers/run-scenario";
import { handoff, planJson, writeScenario } from "../helpers/inline-scenario";

const REPORT = "# Solid-state batteries in 2024\n\n## Key Points\n\n- Energy density reached 500 Wh/kg [1].\n\n## Overview\n\nCells improved ([Result](https://example.org/r0)).\n";
const paragraph = "Solid-state cells from the pilot line reached 500 Wh/kg in 2024 while cycle life stayed above 1,000 cycles. ";

/** A Tavily body whose five results each carry 300 KB of content and of raw_content. */
function hugeSearch(query: string, prefix: string) {
  const big = paragraph.repeat(Math.ceil(300_000 / paragraph.length));
  return {
    query,
    response: {
      status: 200,
      body: {
        query,
        answer: null,
        images: Array.from({ length: 40 }, (_, i) => ({ url: `https://img.example.org/${prefix}${i}.png`, description: "cell photo ".repeat(60) })),
        results: Array.from({ length: 5 }, (_, i) => ({ title: `${prefix} result ${i}`, url: `https://example.org/${prefix}${i}`, content: big, raw_content: big, score: 0.9 })),
        response_time: 0.2,
      },
    },
  };
}

const bigPage = `<html><head><title>A very long article</title></head><body><article><h1>A very long article</h1>${`<p>${paragraph.repeat(8)}</p>`.repeat(Math.ceil(1_200_000 / (paragraph.length * 8 + 7)))}</article></body></html>`;

describe("C15 context window blown by crawled pages and huge search results", () => {
  it("keeps every request within the budget of an 8k-token model and reaches the report", async () => {
    const question = "How dense are solid-state batteries in 2024?";
    const step = (title: string, calls: { name: string; args: Record<string, unknown> }[][]) => [
      ...calls.map((tool_calls) => ({ agent: "researcher" as const, step: title, tool_calls })),
      { agent: "researcher" as const, step: title, content: `Findings for ${title}: 500 Wh/kg ([r0](https://example.org/r0)).` },
    ];
    const file = await writeScenario({
      question,
      context_tokens: 8192,
      model: [
        handoff(),
        { agent: "planner", content: planJson("Solid-state batteries in 2024", [{ title: "Market data" }, { title: "Cell tests" }]) },
        ...step("Market data", [
          [{ name: "web_search", args: { query: "solid-state 2024" } }],
          [{ name: "crawl", args: { url: "https://example.org/long-article" } }],
          [{ name: "web_search", args: { query: "solid-state cycle life" } }, { name: "crawl", args: { url: "https://example.org/long-article" } }],
        ]),
        ...step("Cell tests", [[{ name: "crawl", args: { url: "https://example.org/long-article" } }], [{ name: "web_search", args: { query: "solid-state 2024" } }]]),
        { agent: "reporter", content: REPORT },
      ],
      search: [hugeSearch(question, "b"), hugeSearch("solid-state 2024", "r"), hugeSearch("solid-state cycle life", "c")],
      pages: [{ url: "https://example.org/long-article", status: 200, contentType: "text/html; charset=utf-8", body: bigPage }],
    });
    expect(bigPage.length).toBeGreaterThan(1_200_000);
    const r = await runScenario(file, { autoAccept: true, maxSearchResults: 5 });
    expect(r.done.status, JSON.stringify(ofType(r.events, "error"))).toBe("completed");
    const chats = r.scripted.log.filter((l) => l.kind === "chat");
    const budget = inputBudget(8192);
    for (const c of chats) {
      expect(c.status, c.note).toBe(200);
      expect(c.promptTokens).toBeLessThanOrEqual(budget);
    }
    const bodies = chats.filter((c) => c.agent === "researcher").map((c) => JSON.stringify(c.requestBody));
    expect(bodies.some((b) => b.includes("[older result compacted:"))).toBe(true);
    expect(bodies.some((b) => /\[truncated \d+ tokens\]/.test(b))).toBe(true);
    expect(ofType(r.events, "notice").some((n) => n.agent === "researcher" && /over the \d+-token budget/.test(n.message))).toBe(true);
    const final = ofType(r.events, "report_final")[0]!;
    expect(final.title).toBe("Solid-state batteries in 2024");
    expect(final.sources.some((s) => s.url === "https://example.org/long-article")).toBe(true);
    // No search put more than 10 images or its raw pages into the registry.
    expect(final.sources.filter((s) => s.kind === "image").length).toBeLessThanOrEqual(30);
  });
});

describe("oversize refusals are compacted and retried once", () => {
  it("a 400 context_length_exceeded from a model smaller than configured is retried once, well under the refused size", async () => {
    const scripted = await startScripted({
      scenario: { format: "research-scenario/1", name: "ctx", question: "q", model: [{ agent: "researcher", step: "Find data", content: "Fits now." }] },
      contextTokens: 3000,
    });
    try {
      const config = parseConfig({ ...scripted.env, LLM_CONTEXT_TOKENS: "32768" });
      const notices: string[] = [];
      const reply = await callModel({
        config: config.llm,
        tier: "basic",
        signal: new AbortController().signal,
        onNotice: (m) => notices.push(m),
        messages: [
          new SystemMessage("You are Fathom's researcher agent."),
          new HumanMessage("Current step: Find data"),
          new AIMessage({ content: "", tool_calls: [{ id: "c1", name: "crawl", args: { url: "https://example.org/a" }, type: "tool_call" }] }),
          new ToolMessage({ content: paragraph.repeat(400), tool_call_id: "c1", name: "crawl" }),
        ],
      });
      expect(reply.content).toBe("Fits now.");
      const chats = scripted.log.filter((l) => l.kind === "chat");
      expect(chats.map((c) => c.status)).toEqual([400, 200]);
      expect(chats[1]!.promptTokens).toBeLessThanOrEqual(3000);
      expect(notices.some((n) => /refused .* as too large; retrying once/.test(n))).toBe(true);
    } finally {
      await scripted.close();
    }
  });
});

const tooLarge = {
  status: 429,
  headers: { "retry-after": "1" },
  body: { error: { message: "Request too large for model-x on tokens per min (TPM): Limit 30000, Requested 49372.", type: "tokens", code: "rate_limit_exceeded" } },
};

async function reporterScenario(reporterTurns: object[]) {
  return writeScenario({
    question: "Solid-state batteries in 2024?",
    context_tokens: 65_536,
    model: [
      handoff(),
      { agent: "planner", content: planJson("Solid-state batteries in 2024", [{ title: "Find data" }]) },
      { agent: "researcher", step: "Find data", tool_calls: [{ name: "crawl", args: { url: "https://example.org/long-article" } }] },
      { agent: "researcher", step: "Find data", content: "Energy density reached 500 Wh/kg ([A very long article](https://example.org/long-article))." },
      ...(reporterTurns as never[]),
    ],
    pages: [{ url: "https://example.org/long-article", status: 200, contentType: "text/html; charset=utf-8", body: bigPage.slice(0, 200_000) + "</article></body></html>" }],
  });
}

describe("C14 B reporter: request too large for the per-minute limit", () => {
  it("is not retried as it is: the notes are trimmed and sent once more, and the report is written", async () => {
    const r = await runScenario(await reporterScenario([{ agent: "reporter", error: tooLarge }, { agent: "reporter", content: REPORT }]), { autoAccept: true });
    expect(r.done.status).toBe("completed");
    const calls = r.scripted.log.filter((l) => l.kind === "chat" && l.agent === "reporter");
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1]!.promptTokens!).toBeLessThanOrEqual(calls[0]!.promptTokens! * 0.62);
    expect(ofType(r.events, "notice").some((n) => n.agent === "reporter" && /retrying once/.test(n.message))).toBe(true);
    expect(ofType(r.events, "report_final")[0]!.markdown).toMatch(/^# Solid-state batteries in 2024/);
  });

  it("when the retry fails too, a partial report keeps the findings and the sources, marked incomplete", async () => {
    const r = await runScenario(await reporterScenario([{ agent: "reporter", error: tooLarge }, { agent: "reporter", error: tooLarge }]), { autoAccept: true });
    expect(r.done.status).toBe("completed");
    expect(r.scripted.log.filter((l) => l.kind === "chat" && l.agent === "reporter")).toHaveLength(2);
    const final = ofType(r.events, "report_final")[0]!;
    expect(final.markdown).toMatch(/^# Solid-state batteries in 2024\n\n> ⚠ The reporter model could not write the report/);
    expect(final.markdown).toContain("## Find data");
    expect(final.markdown).toContain("Energy density reached 500 Wh/kg");
    expect(final.markdown).toMatch(/## References\n\n1\. \[A very long article\]\(https:\/\/example\.org\/long-article\)/);
    expect(final.quality?.incomplete).toBe(true);
    expect(ofType(r.events, "notice").some((n) => n.level === "warning" && /per-minute token limit.*partial report/.test(n.message))).toBe(true);
    expect(ofType(r.events, "error")).toEqual([]);
  });
});

// Pins C27 A/C at the reducer level: non-JSON tool output, search results with unexpected fields, HTML in content and malformed hits never throw and are kept as inert text for the UI to escape.
import { describe, expect, it } from "vitest";
import type { RunEvent, RunEventInput, RunSettings } from "@/lib/protocol/events";
import { createRunView, reduceAll } from "@/lib/client/run-reducer";

const RUN = "run-c27";
const settings: RunSettings = { autoAccept: true, maxSteps: 4, maxSearchResults: 5, backgroundInvestigation: false, reportStyle: "academic", locale: "auto", concurrency: 3 };
const log = (inputs: RunEventInput[]) => inputs.map((e, i) => ({ ...e, runId: RUN, seq: i + 1, ts: 1000 + i }) as RunEvent);

const ARXIV = "Published: 2010-01-07\nTitle: Photon counting OTDR: advantages and limits\nSummary: …";
const HTML = `<img src=x onerror="alert(1)"><script>alert(2)</script><b>bold</b> & "quotes"`;

function finished(callId: string, tool: string, result: unknown, ok = true): RunEventInput {
  return { type: "tool_finished", agent: "researcher", stepIndex: 0, callId, tool, ok, result: result as never, durationMs: 3 };
}

describe("C27 tool output the UI did not expect", () => {
  const events = log([
    { type: "run_started", question: "q", settings, locale: "en-US" },
    { type: "agent_started", agent: "researcher", stepIndex: 0, title: "Find" },
    { type: "tool_started", agent: "researcher", stepIndex: 0, callId: "a", tool: "arxiv_search", args: { query: "otdr" } },
    finished("a", "arxiv_search", ARXIV),
    finished("j", "web_search", '{"kind":"search","query":"q","hits":[{"title":"T","url":"https://x.example/a","snippet":"<b>x</b>"}],"extra":{"deep":[1,2]}}'),
    finished("c", "web_search", {
      kind: "search",
      query: HTML,
      answer: { nested: true },
      hits: [null, 7, "text", { title: 42, url: "https://a.example/x", snippet: HTML, score: "high", raw_content: HTML }, { url: "not a url", content: HTML }],
      images: [{ url: "javascript:alert(1)" }, { description: "no url" }, "https://img.example/i.png"],
    }),
    finished("u", "mystery", { kind: "unknown", data: [1, { html: HTML }] }),
    finished("n", "crawl", null, false),
    finished("e", "crawl", { kind: "error" }, false),
    { type: "text_delta", agent: "researcher", stepIndex: 0, text: HTML },
    { type: "sources", sources: [{ id: 1, url: "https://a.example/x", title: HTML, domain: "a.example", snippet: HTML, kind: "page" }] },
    { type: "report_delta", text: `# Report\n\n${HTML}` },
    { type: "done", status: "completed" },
  ]);

  it("does not throw, and renders every result as something", () => {
    const view = reduceAll(createRunView(RUN), events);
    const tools = view.steps[0]!.tools;
    expect(tools.map((t) => t.callId)).toEqual(["a", "j", "c", "u", "n", "e"]);
    // A: plain text stays plain text.
    expect(tools[0]!.result).toEqual({ kind: "text", text: ARXIV });
    expect(tools[0]!.args).toEqual({ query: "otdr" });
    // A JSON string of a known kind with extra fields is read as that kind.
    expect(tools[1]!.result).toMatchObject({ kind: "search", hits: [{ title: "T", url: "https://x.example/a", snippet: "<b>x</b>" }] });
    // C: HTML and junk hits are kept as text (escaped at render time), junk entries dropped, never executed.
    const c = tools[2]!.result as { kind: string; query: string; hits: { title: string; snippet: string; score: number }[]; images: { url: string }[] };
    expect(c.kind).toBe("search");
    expect(c.query).toBe(HTML);
    expect(c.hits.map((h) => h.snippet)).toContain(HTML);
    for (const h of c.hits) expect(typeof h.title).toBe("string");
    expect(c.hits.every((h) => Number.isFinite(h.score))).toBe(true);
    // Unknown kinds become readable text, failures with no body still show as failed.
    expect(tools[3]!.result).toMatchObject({ kind: "text" });
    expect(tools[4]!).toMatchObject({ status: "failed", result: { kind: "text", text: "" } });
    expect(tools[5]!).toMatchObject({ status: "failed", result: { kind: "error", message: "Tool failed" } });
    expect(view.status).toBe("completed");
    expect(view.report.text).toContain(HTML);
  });

  it("gives the same view when replayed, so a reconnect cannot double anything", () => {
    const once = reduceAll(createRunView(RUN), events);
    expect(reduceAll(once, events)).toEqual(once);
  });
});

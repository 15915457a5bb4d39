// web_search: query sanitising (C10 B, C13), retries with Retry-After (C14 A), provider errors, normalisation, abort.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/server/config";
import { sanitizeQuery, webSearch, MAX_QUERY_CHARS } from "@/tools/web-search";
import type { ToolContext } from "@/tools/types";

type Reply = { status: number; body: unknown; headers?: Record<string, string>; delayMs?: number };
let replies: Reply[] = [];
let requests: { body: Record<string, unknown>; headers: http.IncomingHttpHeaders; at: number }[] = [];
let server: http.Server;
let base = "";

const results = {
  query: "q",
  answer: null,
  images: ["https://img.example.org/a.png", { url: "https://img.example.org/b.jpg", description: "A cell diagram" }, { url: "javascript:alert(1)" }],
  results: [
    { title: "Solid-state review", url: "https://www.example.org/ssb", content: `Solid-state batteries ${"reach 400 Wh/kg ".repeat(60)}`, score: 0.91 },
    { title: "News", url: "https://news.example.com/a?b=1", content: "Short news item.", score: 0.5 },
  ],
  response_time: 0.4,
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      requests.push({ body: JSON.parse(raw || "{}"), headers: req.headers, at: Date.now() });
      const r = replies.shift() ?? { status: 200, body: results };
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(r.status, { "Content-Type": "application/json", ...r.headers });
        res.end(JSON.stringify(r.body));
      };
      if (r.delayMs) setTimeout(send, r.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  replies = [];
  requests = [];
});

function ctx(signal = new AbortController().signal): ToolContext {
  const config = parseConfig({ TAVILY_API_KEY: "tvly-test", TAVILY_BASE_URL: base });
  config.search.timeoutMs = 2000;
  return { config, signal, maxSearchResults: 4 };
}

describe("sanitizeQuery", () => {
  it("drops backslashes and escaped quotes and collapses whitespace (C10 B)", () => {
    const q = String.raw`\"computer vision\" \"canine gait analysis\"   \"early lameness detection\" research`;
    expect(sanitizeQuery(q)).toBe("computer vision canine gait analysis early lameness detection research");
    expect(sanitizeQuery("a\\\\b\n\tc")).toBe("a b c");
    expect(sanitizeQuery('keeps "plain quotes"')).toBe('keeps "plain quotes"');
  });

  it("cuts long queries to at most 400 characters at a word boundary (C13)", () => {
    const long = "background ".repeat(250) + "end";
    const q = sanitizeQuery(long);
    expect(q.length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
    expect(q.length).toBeGreaterThan(300);
    expect(q.endsWith("background")).toBe(true);
    const cjk = sanitizeQuery("固态电池".repeat(200));
    expect(Array.from(cjk).length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
  });
});

describe("webSearch", () => {
  it("sends a Tavily request and normalises hits, images, sources and the model text", async () => {
    const out = await webSearch({ query: String.raw`\"solid state\" batteries` }, ctx());
    expect(out.ok).toBe(true);
    expect(requests).toHaveLength(1);
    const { body, headers } = requests[0]!;
    expect(body).toMatchObject({ query: "solid state batteries", max_results: 4, include_images: true, include_image_descriptions: true, include_raw_content: false });
    expect(headers.authorization).toBe("Bearer tvly-test");
    if (out.result.kind !== "search") throw new Error("expected a search result");
    expect(out.result.hits[0]).toMatchObject({ title: "Solid-state review", url: "https://www.example.org/ssb", domain: "example.org", score: 0.91 });
    expect(out.result.hits[0]!.snippet.length).toBeLessThanOrEqual(500);
    expect(out.result.hits[1]!.domain).toBe("news.example.com");
    expect(out.result.images).toEqual([
      { url: "https://img.example.org/a.png", description: "" },
      { url: "https://img.example.org/b.jpg", description: "A cell diagram" },
    ]);
    expect(out.retrieved.filter((r) => r.kind === "page")).toHaveLength(2);
    expect(out.retrieved.find((r) => r.kind === "image" && r.url.endsWith("b.jpg"))?.title).toBe("A cell diagram");
    expect(out.retrieved[0]!.text).toContain("reach 400 Wh/kg");
    expect(out.forModel).toContain("[1] Solid-state review");
    expect(out.forModel).toContain("URL: https://www.example.org/ssb");
    expect(out.forModel).toContain("https://img.example.org/b.jpg — A cell diagram");
  });

  it("never sends more than 400 characters, even for a pasted 2,500-character question (C13)", async () => {
    const out = await webSearch({ query: `${"Please write a detailed report with tables. ".repeat(60)}` }, ctx());
    expect(out.ok).toBe(true);
    expect(String(requests[0]!.body.query).length).toBeLessThanOrEqual(400);
  });

  it("retries a 429 after the Retry-After delay, then succeeds (C14 A)", async () => {
    replies = [{ status: 429, headers: { "Retry-After": "1" }, body: { detail: { error: "Rate limit exceeded" } } }];
    const out = await webSearch({ query: "rate limited" }, ctx());
    expect(out.ok).toBe(true);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it("returns a 400 as a tool error with the provider's message and does not retry it (C13)", async () => {
    replies = [{ status: 400, body: { detail: { error: "Query is too long. Max query length is 400 characters." } } }];
    const out = await webSearch({ query: "too long" }, ctx());
    expect(out.ok).toBe(false);
    expect(requests).toHaveLength(1);
    expect(out.result).toEqual({ kind: "error", message: expect.stringContaining("Query is too long") });
    expect(out.forModel).toContain("Query is too long");
  });

  it("gives up after 3 attempts on server errors", async () => {
    replies = [500, 502, 503].map((status) => ({ status, body: { detail: { error: "upstream down" } } }));
    const out = await webSearch({ query: "flaky" }, ctx());
    expect(out.ok).toBe(false);
    expect(requests).toHaveLength(3);
    expect(out.forModel).toMatch(/HTTP 503.*upstream down/);
  });

  it("reports no results as success with advice to broaden the query (C10 A)", async () => {
    replies = [{ status: 200, body: { query: "x", answer: null, images: [], results: [], response_time: 0.41 } }];
    const out = await webSearch({ query: "nothing matches this" }, ctx());
    expect(out.ok).toBe(true);
    expect(out.retrieved).toEqual([]);
    expect(out.forModel).toMatch(/No results found.*broader/);
  });

  it("stops waiting when the run is cancelled", async () => {
    replies = [{ status: 200, body: results, delayMs: 5000 }];
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 100);
    const out = await webSearch({ query: "slow" }, ctx(ac.signal));
    expect(out.ok).toBe(false);
    expect(out.result).toEqual({ kind: "error", message: "search cancelled" });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("reports an empty query and a missing key as tool errors", async () => {
    expect((await webSearch({ query: " \\\\ " }, ctx())).ok).toBe(false);
    const noKey = ctx();
    noKey.config.search = { timeoutMs: 1000 };
    const out = await webSearch({ query: "x" }, noKey);
    expect(out.ok).toBe(false);
    expect(out.forModel).toContain("TAVILY_API_KEY");
    expect(requests).toHaveLength(0);
  });
});

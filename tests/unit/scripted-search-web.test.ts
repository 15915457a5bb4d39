// Scripted search (through the real @tavily/core client) and scripted web route (/page).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tavily } from "@tavily/core";
import { startScripted, type ScriptedServer } from "@/lib/scripted/server";
import type { ScenarioInput } from "@/lib/scripted/scenario";

const result = (n: number) => ({ title: `R${n}`, url: `https://r.example/${n}`, content: `content ${n}`, score: 0.9 - n / 10, raw_content: null });
const PDF_BYTES = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a, 0xff, 0xfe, 0x00, 0x80]);

const scenario: ScenarioInput = {
  format: "research-scenario/1",
  name: "search-web-test",
  question: "Q?",
  model: [],
  search: [
    {
      query: "tallest building  in the world",
      response: {
        status: 200,
        body: {
          query: "tallest building in the world",
          answer: null,
          images: [{ url: "https://img.example/1.png", description: "a tower" }],
          results: [result(1), result(2), result(3)],
          response_time: 1.2,
          follow_up_questions: null,
        },
      },
    },
    { query: "slow query", delay_ms: 100, response: { status: 200, body: { query: "slow query", images: [], results: [result(9)], answer: null, response_time: 0.5 } } },
    { query: "quota", response: { status: 432, body: { detail: { error: "This request exceeds your plan's set usage limit." } }, headers: { "x-quota": "0" } } },
  ],
  pages: [
    { url: "https://news.example.com/a/1", status: 200, contentType: "text/html; charset=utf-8", body: "<html><body><h1>Hello</h1></body></html>", headers: { "x-robots-tag": "noindex" } },
    { url: "https://docs.example.com/paper.pdf", status: 200, contentType: "application/pdf", bodyBase64: PDF_BYTES.toString("base64") },
    { url: "https://news.example.com/gone", status: 502, contentType: "text/plain", body: "Bad Gateway" },
    { url: "https://old.example.com/", status: 301, contentType: "text/html", body: "", headers: { location: "https://new.example.com/" } },
    { url: "https://中文.example.com/文章?id=1", status: 200, contentType: "text/html; charset=utf-8", body: "<p>中文</p>" },
  ],
};

let s: ScriptedServer;
beforeAll(async () => {
  s = await startScripted({ scenario });
});
afterAll(() => s.close());

describe("scripted search (@tavily/core)", () => {
  const client = () => tavily({ apiKey: s.env.TAVILY_API_KEY, apiBaseURL: s.env.TAVILY_BASE_URL });

  it("returns the recorded response for a query (whitespace-normalised)", async () => {
    const res = await client().search("tallest building in the world", { maxResults: 5, includeImages: true });
    expect(res.results.map((r) => r.url)).toEqual(["https://r.example/1", "https://r.example/2", "https://r.example/3"]);
    expect(res.images[0]).toEqual({ url: "https://img.example/1.png", description: "a tower" });
    expect(res.responseTime).toBe(1.2);
    expect(s.log.at(-1)).toMatchObject({ kind: "search", query: "tallest building in the world", status: 200 });
  });

  it("slices results to max_results", async () => {
    const res = await client().search("  tallest   building in the world ", { maxResults: 2 });
    expect(res.results).toHaveLength(2);
  });

  it("answers an unknown query with 200 and no results", async () => {
    const res = await client().search("something never recorded");
    expect(res.results).toEqual([]);
    expect(res.images).toEqual([]);
    expect(res.answer).toBeNull();
  });

  it("honours delay_ms and recorded error statuses", async () => {
    const t0 = Date.now();
    expect((await client().search("slow query")).results).toHaveLength(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
    await expect(client().search("quota")).rejects.toThrow(/usage limit/);
    const raw = await fetch(`${s.url}/search`, { method: "POST", body: JSON.stringify({ api_key: "tvly-x", query: "quota" }) });
    expect([raw.status, raw.headers.get("x-quota")]).toEqual([432, "0"]);
  });
});

describe("scripted web (/page)", () => {
  const page = (url: string, init?: RequestInit) => fetch(`${s.env.FATHOM_WEB_ROUTE}?url=${encodeURIComponent(url)}`, init);

  it("serves a recorded page with its content type and headers", async () => {
    const res = await page("https://news.example.com/a/1");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("x-robots-tag")).toBe("noindex");
    expect(await res.text()).toContain("<h1>Hello</h1>");
    expect(s.log.at(-1)).toMatchObject({ kind: "page", url: "https://news.example.com/a/1", status: 200 });
  });

  it("tolerates a trailing-slash difference and URL normalisation", async () => {
    expect((await page("https://news.example.com/a/1/")).status).toBe(200);
    expect((await page("https://old.example.com", { redirect: "manual" })).status).toBe(301);
    expect(await (await page(new URL("https://中文.example.com/文章?id=1").href)).text()).toBe("<p>中文</p>");
  });

  it("returns bodyBase64 bytes exactly", async () => {
    const res = await page("https://docs.example.com/paper.pdf");
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF_BYTES)).toBe(true);
  });

  it("returns recorded failures and redirects as-is, unknown URLs as 404", async () => {
    const gone = await page("https://news.example.com/gone");
    expect([gone.status, await gone.text()]).toEqual([502, "Bad Gateway"]);
    const moved = await page("https://old.example.com/", { redirect: "manual" });
    expect([moved.status, moved.headers.get("location")]).toEqual([301, "https://new.example.com/"]);
    const missing = await page("https://nowhere.example.com/x");
    expect([missing.status, missing.headers.get("content-type"), await missing.text()]).toEqual([404, "text/plain; charset=utf-8", "Not Found"]);
  });
});

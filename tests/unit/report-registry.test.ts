// Tests for lib/report — Source registry: URL normalisation, dedupe, id stability, richer-data upgrades.
import { describe, expect, it } from "vitest";
import { addToRegistry, domainOf, normalizeUrl, registryLookup } from "@/lib/report/registry";

describe("normalizeUrl", () => {
  it("lowercases scheme/host, drops default port, fragment, tracking params and trailing slash", () => {
    expect(normalizeUrl("HTTPS://Example.COM:443/Path/?utm_source=x&b=2&fbclid=1&gclid=2#frag")).toBe(
      "https://example.com/Path?b=2",
    );
    expect(normalizeUrl("http://example.com:80/")).toBe("http://example.com");
    expect(normalizeUrl("https://example.com")).toBe(normalizeUrl("https://example.com/"));
    expect(normalizeUrl("https://example.com:8080/a")).toBe("https://example.com:8080/a");
  });
  it("keeps www and the scheme, unifies percent-encoding of non-ASCII paths", () => {
    expect(normalizeUrl("https://www.example.com/a")).not.toBe(normalizeUrl("https://example.com/a"));
    expect(normalizeUrl("https://www.msn.cn/zh-cn/news/京东外卖")).toBe(
      normalizeUrl("https://www.msn.cn/zh-cn/news/%E4%BA%AC%E4%B8%9C%E5%A4%96%E5%8D%96"),
    );
  });
  it("returns unparseable input trimmed", () => {
    expect(normalizeUrl("  not a url ")).toBe("not a url");
  });
});

describe("addToRegistry", () => {
  const search = [
    { url: "https://www.example.org/a?utm_medium=x", title: "A ...", snippet: "short", text: "search content", kind: "page" as const },
    { url: "https://example.net/b", title: "B", snippet: "b", kind: "page" as const },
    { url: "https://img.example.org/c.png", title: "", snippet: "a chart", kind: "image" as const },
  ];

  it("assigns ids 1..n in order of first retrieval, domain without www", () => {
    const reg = addToRegistry([], search);
    expect(reg.map((s) => s.id)).toEqual([1, 2, 3]);
    expect(reg[0]!.domain).toBe("example.org");
    expect(reg[2]!.kind).toBe("image");
    expect(reg[2]!.title).toBe("https://img.example.org/c.png");
  });

  it("is immutable, dedupes by normalised URL, keeps the first id and upgrades richer data", () => {
    const first = addToRegistry([], search);
    const snapshot = JSON.stringify(first);
    const crawl = [
      { url: "https://www.example.org/a/#top", title: "A full title from the crawl", snippet: "a much longer snippet", text: "the whole crawled page, much longer than the search content", kind: "page" as const },
      { url: "https://example.com/new", title: "New", snippet: "", kind: "page" as const },
      { url: "https://example.com/new/", title: "New again", snippet: "", kind: "page" as const },
    ];
    const next = addToRegistry(first, crawl);
    expect(JSON.stringify(first)).toBe(snapshot);
    expect(next).toHaveLength(4);
    expect(next[0]).toMatchObject({ id: 1, url: "https://www.example.org/a?utm_medium=x", title: "A full title from the crawl" });
    expect(next[0]!.text).toContain("whole crawled page");
    expect(next[0]!.snippet).toBe("a much longer snippet");
    expect(next[3]).toMatchObject({ id: 4, title: "New" });
    // A poorer later hit does not downgrade.
    const again = addToRegistry(next, [{ url: "https://www.example.org/a", title: "A", snippet: "", kind: "page" }]);
    expect(again[0]).toEqual(next[0]);
  });

  it("registryLookup maps normalised URLs to sources", () => {
    const reg = addToRegistry([], search);
    const map = registryLookup(reg);
    expect(map.get(normalizeUrl("https://www.example.org/a#x"))?.id).toBe(1);
    expect(map.get(normalizeUrl("https://example.net/b/"))?.id).toBe(2);
    expect(domainOf("https://www.Example.net/x")).toBe("example.net");
  });
});

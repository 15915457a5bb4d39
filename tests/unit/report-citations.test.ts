// Tests for lib/report — finalizeReport/sanitizeStreamingBlock: C11, C10 A, C19 A/B, C04, C20 heading, model reference lists, citation forms.
import { describe, expect, it } from "vitest";
import type { Source } from "@/lib/protocol/events";
import {
  CITATION_LINK_RE,
  citationNumber,
  findCitations,
  finalizeReport,
  sanitizeStreamingBlock,
} from "@/lib/report/citations";
import { findLinks } from "@/lib/report/md-scan";
import { addToRegistry, normalizeUrl, registryLookup } from "@/lib/report/registry";

const S1 = "https://example.org/solid-state-review";
const S2 = "https://example.net/cost-tracker";
const registry: Source[] = addToRegistry([], [
  { url: S1, title: "Solid-state review 2024", snippet: "review", kind: "page", text: "Energy density reached 500 Wh/kg. See doi.org/10.0000/abc-123 for the lab demo." },
  { url: S2, title: "Cost tracker", snippet: "Battery costs fell 20% in 2024.", kind: "page" },
  { url: "https://img.example.org/cell.png", title: "Cell chart", snippet: "cell", kind: "image" },
]);

/** The References section of a final report: [n, url][]. */
function referenceEntries(md: string): [number, string][] {
  const at = md.search(/^## (References|参考资料)$/m);
  if (at < 0) return [];
  return md
    .slice(at)
    .split("\n")
    .filter((l) => /^\d+\. /.test(l))
    .map((l) => [Number(l.split(".")[0]), findLinks(l)[0]!.url]);
}

function expectSane(md: string, sources: Source[]) {
  const lookup = registryLookup(sources);
  const entries = referenceEntries(md);
  entries.forEach(([n], i) => expect(n).toBe(i + 1));
  for (const [, url] of entries) expect(lookup.has(normalizeUrl(url))).toBe(true);
  const body = md.split(/^## (?:References|参考资料)$/m)[0]!;
  const nums = findCitations(body).map((c) => c.n);
  expect(new Set(nums)).toEqual(new Set(entries.map(([n]) => n)));
  for (const l of findLinks(md)) expect(lookup.has(normalizeUrl(l.url))).toBe(true);
}

describe("C11 — report cites URLs that were never retrieved", () => {
  const raw = `Energy density reached 500 Wh/kg [1]. Costs fell 20% [2]. A lab demo passed 1,000 cycles [3].

## References
[1] Solid-state review 2024 — https://example.org/solid-state-review
[2] Cost analysis tools — https://example.com/content-type-analysis-tools
[3] Journal article — https://doi.org/10.0000/abc-123
`;
  const r = finalizeReport(raw, registry, { locale: "en-US" });

  it("rebuilds References from the registry; [2] and [3] are removed", () => {
    expect(r.markdown).toBe(
      `Energy density reached 500 Wh/kg [[1]](${S1}). Costs fell 20%. A lab demo passed 1,000 cycles.\n\n` +
        `## References\n\n1. [Solid-state review 2024](${S1}) — example.org\n`,
    );
    expect(r.cited.map((s) => s.url)).toEqual([S1]);
    expect(r.removedLinks).toEqual(["https://example.com/content-type-analysis-tools", "https://doi.org/10.0000/abc-123"]);
    expect(r.warnings.some((w) => w.includes("[2]"))).toBe(true);
    expect(r.warnings.some((w) => w.includes("[3]"))).toBe(true);
    expect(r.markdown).not.toContain("doi.org");
    expect(r.markdown).not.toContain("example.com");
    expectSane(r.markdown, registry);
  });

  it("numbers citations by first appearance, contiguous and without duplicates", () => {
    const out = finalizeReport(`B first [2]. A second [1]. B again [2] [2]. Group [1, 2].`, registry, { locale: "en" });
    expect(out.cited.map((s) => s.id)).toEqual([2, 1]);
    expect(out.markdown).toContain(`B first [[1]](${S2}). A second [[2]](${S1}). B again [[1]](${S2}).`);
    expect(out.markdown).toContain(`Group [[2]](${S1})[[1]](${S2}).`);
    expectSane(out.markdown, registry);
  });
});

describe("C10 A — no sources", () => {
  it("has no citations, no References and strips the invented link", () => {
    const r = finalizeReport(
      "According to [1](https://example.com/industry-report-2024) … the market grew [2]. See https://example.com/x.\n",
      [],
      { locale: "en-US" },
    );
    expect(r.cited).toEqual([]);
    expect(r.markdown).not.toMatch(/References|https?:|\[\d\]/);
    expect(r.markdown).toBe("According to … the market grew. See.\n");
    expect(r.removedLinks).toEqual(["https://example.com/industry-report-2024", "https://example.com/x"]);
  });
});

describe("links, bare URLs and other citation forms", () => {
  it("keeps link text and adds a citation; unlinks what was never retrieved", () => {
    const raw = `[Solid state](https://EXAMPLE.org/solid-state-review/?utm_source=x) and [fake](https://example.com/fake) and ${S2}. Also [[2]](${S2}), [^1], 【1】 and [9].\n\`[1] https://example.com/in-code\`\n\n\`\`\`\n[1](https://example.com/code) ![x](y.png)\n\`\`\`\n`;
    const r = finalizeReport(raw, registry, { locale: "en" });
    expect(r.markdown).toContain(`Solid state [[1]](${S1}) and fake and [[2]](${S2}). Also [[2]](${S2}), [[1]](${S1}), [[1]](${S1}) and.`);
    expect(r.markdown).toContain("`[1] https://example.com/in-code`");
    expect(r.markdown).toContain("[1](https://example.com/code) ![x](y.png)\n```");
    expect(r.removedLinks).toEqual(["https://example.com/fake"]);
    expect(r.warnings.some((w) => w.includes("[9]"))).toBe(true);
  });

  it("handles URLs with parentheses, tables, reference-style links, HTML and autolinks; is idempotent", () => {
    const wiki = "https://en.wikipedia.org/wiki/Foo_(bar)";
    const reg = addToRegistry(registry, [{ url: wiki, title: "Foo [bar]", snippet: "", kind: "page" }]);
    const raw = `Intro [Foo](${wiki}) in [2024] and \\[1\\] escaped.\n\n| a | b |\n|---|---|\n| x | [Cost](${S2}) |\n| y | [Fake](https://fake.example/z) |\n\nUse [the tracker][t] and <${S1}> and <a href="https://fake.example/q">anchor</a><img src="https://fake.example/i.png"> and http://example.net/cost-tracker.\n\n[t]: ${S2}\n`;
    const r = finalizeReport(raw, reg, { locale: "en" });
    expect(r.markdown).toContain("Intro Foo [[1]](https://en.wikipedia.org/wiki/Foo_%28bar%29) in [2024] and \\[1\\] escaped.");
    expect(r.markdown).toContain(`| x | Cost [[2]](${S2}) |\n| y | Fake |`);
    expect(r.markdown).toContain(`Use the tracker [[2]](${S2}) and [[3]](${S1}) and anchor and [[2]](${S2}).`);
    expect(r.markdown).toContain("1. [Foo \\[bar\\]](https://en.wikipedia.org/wiki/Foo_%28bar%29) — en.wikipedia.org");
    expect([...r.markdown.matchAll(CITATION_LINK_RE)]).toHaveLength(5);
    expect(r.removedImages).toEqual(["https://fake.example/i.png"]);
    expectSane(r.markdown, reg);
    expect(finalizeReport(r.markdown, reg, { locale: "en" }).markdown).toBe(r.markdown);
  });

  it("exports a citation format the UI can detect", () => {
    const md = `x [[3]](https://a.org/p) y [Title](https://a.org/q)`;
    expect([...md.matchAll(CITATION_LINK_RE)].map((m) => [m[1], m[2]])).toEqual([["3", "https://a.org/p"]]);
    expect(citationNumber("[3]")).toBe(3);
    expect(citationNumber("Title")).toBeNull();
  });
});

describe("model-written reference sections", () => {
  it("removes a Key Citations section but keeps a closing paragraph after it", () => {
    const raw = `# Title\n\nBody text [Cost](${S2}).\n\n---\n\n## Key Citations\n\n- [Solid](${S1})\n\n- [Invented](https://example.com/made-up)\n\nThis report provides a comparison.\n`;
    const r = finalizeReport(raw, registry, { locale: "en-US" });
    expect(r.markdown).not.toContain("Key Citations");
    expect(r.markdown).not.toContain("made-up");
    expect(r.markdown).toContain("This report provides a comparison.");
    expect(r.cited.map((s) => s.url)).toEqual([S2]);
    expect(r.removedLinks).toEqual(["https://example.com/made-up"]);
    expectSane(r.markdown, registry);
  });

  it("removes Chinese reference sections up to the next heading of the same level and uses a Chinese heading", () => {
    const raw = `# 报告\n\n## 概述\n成本下降 [2]。\n\n## 参考资料\n### 网页\n1. [伪造](https://example.com/fake)\n\n## 结论\n结论段落 [1]。\n`;
    const r = finalizeReport(raw, registry, { locale: "zh-CN" });
    expect(r.markdown).toContain("## 结论\n结论段落");
    expect(r.markdown).not.toContain("网页");
    expect(r.markdown).toMatch(/\n## 参考资料\n\n1\. \[Cost tracker\]/);
    expect(r.markdown).not.toContain("References");
    expect(r.warnings.some((w) => /[\u4e00-\u9fff]/.test(w))).toBe(true);
    expectSane(r.markdown, registry);
  });
});

describe("C19 — images", () => {
  it("A: keeps images from tool results, drops invented ones", () => {
    const raw = `Intro.\n\n![Sampling at 1 Hz](https://i.imgur.com/AAAAAAA.png)\n\n- ![Cell chart](https://img.example.org/cell.png)\n- ![Gone](https://i.imgur.com/BBB.png)\n`;
    const r = finalizeReport(raw, registry, { locale: "en" });
    expect(r.markdown).toBe("Intro.\n\n- ![Cell chart](https://img.example.org/cell.png)\n");
    expect(r.removedImages).toEqual(["https://i.imgur.com/AAAAAAA.png", "https://i.imgur.com/BBB.png"]);
  });

  it("B: maps sandbox:/relative chart paths to artifacts, else drops them", () => {
    const raw = "![Revenue by year](chart.png)\n\n![Revenue](sandbox:/mnt/data/chart.png)\n\n![Other](other.png)\n";
    const artifacts = [{ name: "chart.png", url: "/api/runs/r1/artifacts/chart.png" }];
    const r = finalizeReport(raw, registry, { locale: "en", artifacts });
    expect(r.markdown).toBe(
      "![Revenue by year](/api/runs/r1/artifacts/chart.png)\n\n![Revenue](/api/runs/r1/artifacts/chart.png)\n",
    );
    expect(r.removedImages).toEqual(["other.png"]);
    const none = finalizeReport(raw, registry, { locale: "en" });
    expect(none.markdown).not.toMatch(/sandbox:|chart\.png|!\[/);
  });
});

describe("C04 — incomplete report", () => {
  it("adds a visible note before References, which still exist", () => {
    const r = finalizeReport(`Costs fell 20% [2]. BYD's share rose to [Lin`, registry, { locale: "en", incomplete: true });
    expect(r.markdown).toBe(
      `Costs fell 20% [[1]](${S2}). BYD's share rose to\n\n> ⚠ This report is incomplete: the model's output was cut off.\n\n## References\n\n1. [Cost tracker](${S2}) — example.net\n`,
    );
    const zh = finalizeReport("比亚迪的份额上升到 [1", registry, { locale: "zh-CN", incomplete: true });
    expect(zh.markdown).toContain("> ⚠ 本报告不完整：模型输出被截断。");
    const fenced = finalizeReport("```python\nprint(1)", registry, { locale: "en", incomplete: true });
    expect(fenced.markdown).toBe("```python\nprint(1)\n```\n\n> ⚠ This report is incomplete: the model's output was cut off.\n");
  });
});

describe("sanitizeStreamingBlock", () => {
  it("keeps registry ids, strips unverified links/images and holds back a link cut mid-URL", () => {
    const out = sanitizeStreamingBlock(
      `Density [1], costs [2], fake [7]. See [invented](https://example.com/x) ![i](https://i.imgur.com/z.png) and [Cost tracker](htt`,
      registry,
    );
    expect(out).toBe(`Density [[1]](${S1}), costs [[2]](${S2}), fake. See invented and Cost tracker`);
    expect(sanitizeStreamingBlock("Half a citation [1", registry)).toBe("Half a citation ");
    expect(sanitizeStreamingBlock("An image ![alt](https://img.exa", registry)).toBe("An image ");
    expect(sanitizeStreamingBlock("bare https://exam", registry)).toBe("bare");
    expect(sanitizeStreamingBlock("```\n[x](https://example.com/y", registry)).toBe("```\n[x](https://example.com/y");
  });
});

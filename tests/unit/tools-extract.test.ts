// Pure extraction: HTML→markdown (chrome dropped, GFM tables, charsets), bot walls, empty shells, type sniffing (C16, C18).
import { describe, expect, it } from "vitest";
import { htmlToMarkdown, looksGarbled, sniffKind, truncateText, decodeText, jsonToText } from "@/tools/extract";

const URL_ = "https://example.org/news/ssb";

const article = `<!doctype html><html><head><title>Solid-state batteries in 2024</title></head><body>
<nav><a href="/">Home</a> <a href="/about">About us</a> <a href="/news">All news</a></nav>
<header><div class="logo">Example Energy News</div></header>
<main><article><h1>Solid-state batteries in 2024</h1>
<p>Solid-state batteries replace the liquid electrolyte with a solid one. ${"This improves energy density and safety. ".repeat(10)}</p>
<p>See <a href="/report.pdf">the full report</a> and <img src="/img/cell.png" alt="Cell"> the figure.</p>
<table>
  <tr><td>Model</td><td>Wh/kg</td><td>Year</td></tr>
  <tr><td>A1</td><td>350</td><td>2023</td></tr>
  <tr><td>B2</td><td>400</td><td>2024</td></tr>
</table>
<p>${"More discussion of the results follows here. ".repeat(8)}</p>
</article></main>
<footer>Copyright 2024 Example Corp. All rights reserved. Privacy policy. Cookie settings.</footer></body></html>`;

describe("htmlToMarkdown", () => {
  it("keeps the article, drops nav/footer chrome, makes links absolute and tables GFM", () => {
    const r = htmlToMarkdown(article, { url: URL_ });
    if (r.kind !== "ok") throw new Error(`expected ok, got ${r.kind}`);
    expect(r.title).toBe("Solid-state batteries in 2024");
    expect(r.markdown).toContain("Solid-state batteries replace the liquid electrolyte");
    expect(r.markdown).toContain("[the full report](https://example.org/report.pdf)");
    expect(r.markdown).toContain("![Cell](https://example.org/img/cell.png)");
    expect(r.markdown).not.toMatch(/About us|Copyright 2024|Cookie settings/);
    expect(r.markdown).toMatch(/\| Model \| Wh\/kg \| Year \|\n\| --- \| --- \| --- \|\n\| A1 +\| 350 \| 2023 \|/);
  });

  it("turns a headerless, table-only page into a GFM table with the first row as header (C18 A)", () => {
    const html = `<html><head><title>Battery data</title></head><body><table>
      <tr><td>Model</td><td>Wh/kg</td><td>Year</td></tr>
      <tr><td>Cell X</td><td>250</td><td>2021</td></tr>
      <tr><td>Cell Y</td><td>300</td><td>2022</td></tr>
      <tr><td>Cell Z</td><td>400</td><td>2024</td></tr></table></body></html>`;
    const r = htmlToMarkdown(html, { url: URL_ });
    if (r.kind !== "ok") throw new Error(`expected ok, got ${r.kind}`);
    const lines = r.markdown.split("\n").filter((l) => l.startsWith("|"));
    expect(lines[0]).toBe("| Model | Wh/kg | Year |");
    expect(lines[1]).toBe("| --- | --- | --- |");
    expect(lines.slice(2)).toHaveLength(3);
    expect(lines[4]).toContain("Cell Z");
  });

  it("handles captions, thead-less tables with <th> cells and lists inside cells", () => {
    const html = `<html><body><p>${"Intro text for the table below. ".repeat(10)}</p><table><caption>Costs</caption>
      <colgroup><col><col></colgroup><tbody>
      <tr><th>Source</th><th>Notes</th></tr>
      <tr><td>Solar</td><td><ul><li>cheap</li><li>variable</li></ul></td></tr></tbody></table></body></html>`;
    const r = htmlToMarkdown(html, { url: URL_ });
    if (r.kind !== "ok") throw new Error(`expected ok, got ${r.kind}`);
    expect(r.markdown).toContain("**Costs**");
    expect(r.markdown).toContain("| Source | Notes |");
    expect(r.markdown).toContain("| Solar | cheap; variable |");
    expect(r.markdown).not.toContain("<table");
  });

  it("classifies a Cloudflare challenge as blocked (C18 C)", () => {
    const html = `<html><head><title>Just a moment...</title></head><body><noscript>Please turn JavaScript on and reload the page.</noscript>
      <div id="challenge-form"></div><script>window._cf_chl_opt={}</script></body></html>`;
    const r = htmlToMarkdown(html, { url: URL_, status: 403 });
    expect(r.kind).toBe("blocked");
    const soft = htmlToMarkdown(`<html><body><h2>Please enable JavaScript and cookies to continue</h2></body></html>`, { url: URL_, status: 200 });
    expect(soft.kind).toBe("blocked");
  });

  it("does not call a long article that mentions captchas a bot wall", () => {
    const html = `<html><head><title>How CAPTCHA works</title></head><body><article><p>${"A captcha asks you to enable JavaScript sometimes. ".repeat(60)}</p></article></body></html>`;
    expect(htmlToMarkdown(html, { url: URL_ }).kind).toBe("ok");
  });

  it("reports empty and script-only pages as empty, not as an empty success (C18 B/D)", () => {
    const spa = `<!doctype html><html><head><title>App</title></head><body><div id="app"></div>
      <noscript>You need to enable JavaScript to run this app.</noscript><script src="/main.js"></script></body></html>`;
    expect(htmlToMarkdown(spa, { url: URL_ }).kind).toBe("empty");
    expect(htmlToMarkdown("", { url: URL_ }).kind).toBe("empty");
  });

  it("falls back to body text when Readability finds little, if the body is long enough", () => {
    const html = `<html><body><div><span>${"Short fact about wind power costs. ".repeat(5)}</span></div></body></html>`;
    const r = htmlToMarkdown(html, { url: URL_ });
    expect(r.kind).toBe("ok");
    if (r.kind === "ok") expect(r.markdown).toContain("wind power costs");
  });

  it("decodes GBK from the Content-Type header and from a <meta charset>", () => {
    const title = Buffer.from("b9ccccacb5e7b3d8b1a8b8e6", "hex"); // 固态电池报告
    const para = Buffer.from("b9ccccacb5e7b3d8cab9d3c3b9cccce5b5e7bde2d6caa3acc4dcc1bfc3dcb6c8b8fcb8dfa3acb0b2c8abd0d4b8fcbac3a1a3", "hex");
    const body = (meta: string) =>
      Buffer.concat([Buffer.from(`<html><head>${meta}<title>`), title, Buffer.from("</title></head><body><article><p>"), ...Array(8).fill(para), Buffer.from("</p></article></body></html>")]);
    for (const [bytes, ct] of [
      [body(""), "text/html; charset=GBK"],
      [body('<meta charset="gbk">'), "text/html"],
      [body('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'), undefined],
    ] as const) {
      const r = htmlToMarkdown(bytes, { url: URL_, contentType: ct });
      if (r.kind !== "ok") throw new Error(`expected ok, got ${r.kind}`);
      expect(r.title).toBe("固态电池报告");
      expect(r.markdown).toContain("固态电池使用固体电解质，能量密度更高，安全性更好。");
      expect(r.markdown).not.toContain("\uFFFD");
    }
  });

  it("decodes Shift_JIS and assumes UTF-8 for undeclared UTF-8 pages", () => {
    const sjis = Buffer.from("91538cc591cc9364927282cc8ca48b8682cd906982f182c582a282dc82b78142", "hex"); // 全固体電池の研究は進んでいます。
    const page = Buffer.concat([Buffer.from("<html><body><p>"), ...Array(6).fill(sjis), Buffer.from("</p></body></html>")]);
    const r = htmlToMarkdown(page, { url: URL_, contentType: "text/html; charset=Shift_JIS" });
    expect(r.kind === "ok" && r.markdown).toContain("全固体電池の研究は進んでいます。");
    const utf8 = Buffer.from(`<html><body><p>${"Énergie éolienne — coût réduit. ".repeat(5)}</p></body></html>`, "utf8");
    const u = htmlToMarkdown(utf8, { url: URL_, contentType: "text/html" });
    expect(u.kind === "ok" && u.markdown).toContain("Énergie éolienne — coût réduit.");
  });
});

describe("sniffKind decides by bytes and header, never by URL (C16)", () => {
  const pdf = Buffer.from("%PDF-1.6\n%\xE2\xE3\xCF\xD3\n1 0 obj", "latin1");
  it.each([
    [pdf, "application/pdf", "pdf"],
    [pdf, "text/html", "pdf"],
    [pdf, undefined, "pdf"],
    [pdf, "application/octet-stream", "pdf"],
    [Buffer.from("<!doctype html><html><body>hi</body></html>"), "application/pdf", "html"],
    [Buffer.from("<html><body>hi</body></html>"), undefined, "html"],
    [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), "text/html", "unsupported"],
    [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), "application/octet-stream", "unsupported"],
    [Buffer.from('{"a":1}'), "application/json", "json"],
    [Buffer.from('{"a":1}'), "application/vnd.api+json", "json"],
    [Buffer.from('{"a":1}'), undefined, "json"],
    [Buffer.from("# Title\n\ntext"), "text/markdown", "text"],
    [Buffer.from("plain words"), "application/octet-stream", "text"],
    [Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 200, 201]), "application/octet-stream", "unsupported"],
    [Buffer.from("x"), "video/mp4", "unsupported"],
  ])("%#: %s as %s → %s", (bytes, ct, kind) => {
    expect(sniffKind(bytes, ct).kind).toBe(kind);
  });
});

describe("text helpers", () => {
  it("detects binary or mis-decoded text", () => {
    expect(looksGarbled("normal text with ümlauts and 中文")).toBe(false);
    expect(looksGarbled(decodeText(Buffer.from("b9ccccacb5e7b3d8".repeat(20), "hex"), "utf-8"))).toBe(true);
    expect(looksGarbled("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f abc")).toBe(true);
  });

  it("truncates with a visible marker (C15)", () => {
    const t = truncateText("word ".repeat(2000), 1000);
    expect(t.truncated).toBe(true);
    expect(t.text.length).toBeLessThan(1100);
    expect(t.text).toMatch(/\[truncated \d+ chars\]$/);
    expect(truncateText("short", 1000)).toEqual({ text: "short", truncated: false, dropped: 0 });
  });

  it("pretty-prints JSON", () => {
    expect(jsonToText('{"a":[1,2]}')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    expect(jsonToText("{not json")).toBe("{not json");
  });
});

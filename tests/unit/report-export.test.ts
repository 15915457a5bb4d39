// Pins report exports: the HTML is one self-contained styled page whose citations stay links and
// whose images stay <img> (raw HTML and script links dropped); the DOCX is a valid zip with
// word/document.xml holding the text; the PDF is a real PDF printed by Chromium, or a clear
// "unavailable" error where the server has no Chromium.
import { describe, expect, it } from "vitest";
import { inflateRawSync } from "node:zlib";
import { ExportUnavailable, chromiumPath, markdownToHtml, reportToDocx, reportToHtml, reportToPdf } from "@/lib/report/export";

const report = {
  title: "Heat pumps below −15 °C",
  locale: "en-US",
  markdown: [
    "# Heat pumps below −15 °C",
    "",
    "## Key Points",
    "",
    "- Cold-climate units keep a COP above 2 at −15 °C [[1]](https://example.org/nrel-study).",
    "- Defrost cycles cost 5–10 % [[2]](https://example.net/defrost).",
    "",
    "![Field test unit](https://img.example.org/unit.png)",
    "",
    "| Model | COP at −15 °C |",
    "| --- | --- |",
    "| A | 2.4 |",
    "",
    '<script>alert("x")</script> [bad](javascript:alert(1))',
    "",
    "## References",
    "",
    "1. [NREL study](https://example.org/nrel-study)",
    "2. [Defrost losses](https://example.net/defrost)",
  ].join("\n"),
};

/** File names in a zip, read from its central directory; the named entry's bytes when asked. */
function unzip(buf: Buffer, want?: string): { names: string[]; content?: string } {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(eocd).toBeGreaterThan(0);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  let content: string | undefined;
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    names.push(name);
    if (name === want) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      content = (method === 8 ? inflateRawSync(data) : data).toString("utf8");
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { names, content };
}

describe("report exports", () => {
  it("HTML: a self-contained styled document with the citations' links and the images", async () => {
    const html = await reportToHtml(report);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("<title>Heat pumps below −15 °C</title>");
    expect(html).toContain("<style>");
    expect(html).not.toMatch(/<link|<script/);
    expect(html).toContain('<a href="https://example.org/nrel-study">[1]</a>');
    expect(html).toContain('<a href="https://example.net/defrost">[2]</a>');
    expect(html).toContain('<img src="https://img.example.org/unit.png" alt="Field test unit">');
    expect(html).toContain("<table>");
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain("alert(");
  });

  it("DOCX: a valid zip with word/document.xml holding the report text and links, images as links", async () => {
    const docx = await reportToDocx(report);
    expect(docx.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");
    const { names, content } = unzip(docx, "word/document.xml");
    expect(names).toEqual(expect.arrayContaining(["word/document.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"]));
    expect(content).toContain("Cold-climate units keep a COP above 2");
    expect(content).toContain("[Image: Field test unit]");
    expect(unzip(docx, "word/_rels/document.xml.rels").content).toContain("https://example.org/nrel-study");
  });

  it("PDF: printed by Chromium when the server has it, else a clear error", async () => {
    if (chromiumPath()) {
      const pdf = await reportToPdf(report);
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(pdf.length).toBeGreaterThan(5_000);
    } else {
      await expect(reportToPdf(report)).rejects.toBeInstanceOf(ExportUnavailable);
    }
    await expect(reportToPdf(report, { executablePath: "" })).rejects.toThrow(/Chromium/);
  }, 60_000);

  it("markdown footnotes keep working links (no double id prefix)", async () => {
    const html = await markdownToHtml("Text[^1].\n\n[^1]: A note.");
    const href = html.match(/href="#([^"]+)"/)![1];
    expect(html).toContain(`id="${href}"`);
  });
});

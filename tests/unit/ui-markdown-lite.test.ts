// Pins the light renderer for the report block still streaming: complete blocks look exactly like the full
// renderer's output (so the hand-over moves nothing), and half-written links never flash as raw markdown.
import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { parseInline, parseLite, safeHref, trimOpenLink } from "@/lib/client/markdown-lite";
import { MarkdownBlock } from "@/components/report/markdown-blocks-view";
import { StreamingTail } from "@/components/report/streaming-tail";

const html = (el: Parameters<typeof renderToStaticMarkup>[0]) => renderToStaticMarkup(el).replace(/>\s+</g, "><").trim();
const full = (text: string) => html(createElement(MarkdownBlock, { text }));
const lite = (text: string) => html(createElement(StreamingTail, { text }));

describe("StreamingTail renders complete blocks like the full renderer", () => {
  const blocks = [
    "## Costs in 2024: *solar* vs **wind**",
    "### Sub-section with `code`",
    "Onshore wind cost **$34/MWh** in 2024 [[2]](https://www.irena.org/report), see *the chart* and ~~old~~ [the source](https://example.org/a_(b)).",
    "- first item with a citation [[1]](https://en.wikipedia.org/wiki/Cost)\n- second **bold** item\n- third",
    "1. one\n2. two\n3. three",
    "3. starts at three\n4. four",
    "| Segment | 2010 | 2024 |\n|---|---:|:---:|\n| Solar | 460 | 43 |\n| Wind | 111 | 34 |",
    "```python\nx = 1\nprint(x)\n```",
    "> A quoted line with **emphasis**",
    "---",
    "![Chart of costs](https://www.irena.org/chart.png)",
  ];
  for (const b of blocks) it(JSON.stringify(b.slice(0, 40)), () => expect(lite(b)).toBe(full(b)));
});

describe("parseLite on unfinished blocks", () => {
  it("reads a table whose delimiter row has not arrived as a header-only table", () => {
    expect(parseLite("| a | b |")).toEqual([{ t: "table", align: [], head: ["a", "b"], rows: [] }]);
  });
  it("pads a half-written row to the header's width", () => {
    const [t] = parseLite("| a | b | c |\n|---|---|---|\n| 1 | 2");
    expect(t).toMatchObject({ t: "table", rows: [["1", "2", ""]] });
  });
  it("keeps an unclosed fence as code", () => {
    expect(parseLite("```js\nlet a = 1;")).toEqual([{ t: "code", lang: "js", text: "let a = 1;\n" }]);
  });
  it("splits a paragraph from a following heading and list", () => {
    expect(parseLite("Intro:\n- one\n- two").map((b) => b.t)).toEqual(["paragraph", "list"]);
    expect(parseLite("## Title\nText").map((b) => b.t)).toEqual(["heading", "paragraph"]);
  });
});

describe("inline reading", () => {
  it("hides a citation or link still arriving at the end", () => {
    expect(trimOpenLink("Costs fell [[3]](https://www.irena.org/rep")).toBe("Costs fell ");
    expect(trimOpenLink("Costs fell [[3")).toBe("Costs fell ");
    expect(trimOpenLink("see [the IRENA rep")).toBe("see ");
    expect(trimOpenLink("an image ![chart](https://x.org/a.pn")).toBe("an image ");
  });
  it("leaves finished links and plain brackets alone", () => {
    expect(trimOpenLink("Costs fell [[3]](https://a.org/x).")).toBe("Costs fell [[3]](https://a.org/x).");
    expect(trimOpenLink("a [note] here")).toBe("a [note] here");
  });
  it("never links a script URL", () => {
    expect(safeHref("javascript:alert(1)")).toBeUndefined();
    expect(parseInline("[x](javascript:alert(1))")).toEqual([{ t: "text", text: "x" }]);
  });
});

// Pins the report's markdown block splitter: fences and lists never split, incremental == full split.
import { describe, expect, it } from "vitest";
import { BlockSplitter, splitIncremental, splitMarkdownBlocks, type BlockSplit } from "@/lib/client/markdown-blocks";
import { outlineOf, slugify } from "@/lib/client/outline";

const doc = [
  "# Title",
  "",
  "Intro paragraph with a citation [[1]](https://a.example).",
  "",
  "## Section one",
  "",
  "```python",
  "x = 1",
  "",
  "",
  "## not a heading",
  "print(x)",
  "```",
  "",
  "- item one",
  "",
  "- item two",
  "  continued",
  "",
  "    indented continuation",
  "",
  "| a | b |",
  "|---|---|",
  "| 1 | 2 |",
  "",
  "~~~",
  "tilde fence",
  "",
  "```",
  "still inside",
  "~~~",
  "",
  "### Sub section",
  "",
  "Last paragraph.",
  "",
].join("\n");

describe("splitMarkdownBlocks", () => {
  it("splits at blank lines between independent blocks only", () => {
    const blocks = splitMarkdownBlocks(doc);
    expect(blocks[0]).toBe("# Title");
    expect(blocks[1]).toMatch(/^Intro/);
    expect(blocks[2]).toBe("## Section one");
    expect(blocks[3]).toBe("```python\nx = 1\n\n\n## not a heading\nprint(x)\n```");
    expect(blocks[4]).toBe("- item one\n\n- item two\n  continued\n\n    indented continuation");
    expect(blocks[5]).toBe("| a | b |\n|---|---|\n| 1 | 2 |");
    expect(blocks[6]).toBe("~~~\ntilde fence\n\n```\nstill inside\n~~~");
    expect(blocks.slice(7)).toEqual(["### Sub section", "Last paragraph."]);
  });

  it("keeps an unclosed fence (mid-stream) in one last block", () => {
    const blocks = splitMarkdownBlocks("para\n\n```js\nconst a = 1;\n\nconst b = 2;\n");
    expect(blocks).toEqual(["para", "```js\nconst a = 1;\n\nconst b = 2;"]);
  });

  it("does not close a fence with a shorter or different fence", () => {
    const blocks = splitMarkdownBlocks("````\n```\n\nstill code\n````\n\nafter");
    expect(blocks).toEqual(["````\n```\n\nstill code\n````", "after"]);
  });

  it("handles CRLF, empty and blank-only text", () => {
    expect(splitMarkdownBlocks("")).toEqual([]);
    expect(splitMarkdownBlocks("\n\n  \n")).toEqual([]);
    expect(splitMarkdownBlocks("a\r\n\r\nb\r\n")).toEqual(["a\r", "b\r"]);
  });

  it("rendering blocks separately covers the whole text (nothing lost)", () => {
    const strip = (s: string) => s.replace(/\s+/g, "");
    expect(strip(splitMarkdownBlocks(doc).join(""))).toBe(strip(doc));
  });
});

describe("splitIncremental", () => {
  it("gives the same blocks as a full split for every chunking of a stream", () => {
    for (const size of [1, 2, 3, 7, 16, 50]) {
      let state: BlockSplit | null = null;
      for (let i = size; i < doc.length + size; i += size) {
        const text = doc.slice(0, i);
        state = splitIncremental(state, text);
        expect(state.blocks).toEqual(splitMarkdownBlocks(text));
      }
    }
  });

  it("keeps the identity of finished blocks", () => {
    const a = splitIncremental(null, "one\n\ntwo\n\nthr");
    const b = splitIncremental(a, "one\n\ntwo\n\nthree\n\nfour");
    expect(b.blocks).toEqual(["one", "two", "three", "four"]);
    expect(b.blocks[0]).toBe(a.blocks[0]);
  });

  it("falls back to a full split when the text is not an extension", () => {
    const a = splitIncremental(null, "one\n\ntwo");
    expect(splitIncremental(a, "zero\n\none").blocks).toEqual(["zero", "one"]);
    const splitter = new BlockSplitter();
    splitter.update("a\n\nb");
    expect(splitter.update("a\n\nb")).toEqual(["a", "b"]);
  });

  it("splits a long append-only stream in about linear time", () => {
    const para = "Lorem ipsum dolor sit amet, [[1]](https://a.example) consectetur adipiscing elit.\n\n";
    const full = para.repeat(700); // ~60 KB, streamed 8 chars at a time
    let text = "";
    let state: BlockSplit | null = null;
    const t0 = performance.now();
    for (let i = 0; i < full.length; i += 8) {
      text += full.slice(i, i + 8);
      state = splitIncremental(state, text, true);
    }
    const ms = performance.now() - t0;
    expect(state?.blocks).toEqual(splitMarkdownBlocks(full));
    expect(ms).toBeLessThan(2000);
  });

  it("with appendOnly still notices a replaced text of another length", () => {
    const a = splitIncremental(null, "one\n\ntwo\n\nthree", true);
    expect(splitIncremental(a, "uno\n\ndos", true).blocks).toEqual(["uno", "dos"]);
  });
});

describe("outlineOf", () => {
  it("lists h2/h3 outside code with slugs shared with the renderer", () => {
    const items = outlineOf(splitMarkdownBlocks(doc));
    expect(items).toEqual([
      { level: 2, text: "Section one", id: slugify("Section one") },
      { level: 3, text: "Sub section", id: slugify("Sub section") },
    ]);
    expect(slugify("市场 规模 **2024**")).toBe("h-市场-规模-2024");
  });
});

// Tests for lib/report — computeQuality on hand-made reports: validity, dangling/orphan, paragraphs, numeric grounding.
import { describe, expect, it } from "vitest";
import { finalizeReport } from "@/lib/report/citations";
import { computeQuality, extractNumbers } from "@/lib/report/quality";
import { addToRegistry } from "@/lib/report/registry";

const A = "https://a.example.org/battery";
const B = "https://b.example.net/costs";
const C = "https://www.c.example.com/unread";
const sources = addToRegistry([], [
  { url: A, title: "Battery review", snippet: "", kind: "page", text: "Cells reached 500 Wh/kg in 2024 and passed 1 000 cycles." },
  { url: B, title: "Costs", snippet: "", kind: "page", text: "Pack prices fell 20 percent to $115 per kWh." },
  { url: C, title: "Unread", snippet: "only a snippet", kind: "page", text: "Read but never cited." },
  { url: "https://img.example.org/x.png", title: "img", snippet: "", kind: "image" },
]);

const LONG = "This paragraph has no citation at all and it is deliberately long enough to count as a real paragraph of prose, because the quality summary only flags paragraphs of at least two hundred characters that carry no citation.";

describe("computeQuality", () => {
  it("reads a small report back", () => {
    const raw = `# Title\n\nCells reached 500 Wh/kg in 2024 and 1,000 cycles [1]. Prices fell 20% to $115 [2]; a 35% drop happened in 2019 [2].\n\n${LONG}\n\n- ${LONG}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n`;
    const r = finalizeReport(raw, sources, { locale: "en" });
    const q = computeQuality({ ...r, sources, incomplete: false });
    expect(q).toMatchObject({
      citationValidity: 1,
      citedLinks: 5, // three citations in the body + two reference entries
      validCitedLinks: 5,
      danglingReferences: 0,
      orphanReferences: 0,
      uniqueSources: 2,
      uniqueDomains: 2,
      paragraphsWithoutCitation: 1, // the list item and the table do not count
      numbersChecked: 7, // 500 Wh/kg, 2024, 1000 cycles | 20%, $115 | 35%, 2019
      numbersGrounded: 5,
      incomplete: false,
    });
    expect(q.readSourcesCited).toBeCloseTo(2 / 3);
  });

  it("does not trust the builder: dangling, orphan and invalid links are found in the text", () => {
    const md = `Claim [[1]](${A}). Other [[3]](https://example.com/fake).\n\n## References\n\n1. [Battery review](${A}) — a.example.org\n2. [Costs](${B}) — b.example.net\n`;
    const q = computeQuality({ markdown: md, cited: [], sources, removedLinks: ["x"], removedImages: ["y"], incomplete: true });
    expect(q.danglingReferences).toBe(1);
    expect(q.orphanReferences).toBe(1);
    expect(q.citedLinks).toBe(4);
    expect(q.validCitedLinks).toBe(3);
    expect(q.citationValidity).toBe(0.75);
    expect(q).toMatchObject({ removedLinks: ["x"], removedImages: ["y"], incomplete: true });
  });

  it("uses 1 for validity when there are no links at all", () => {
    const q = computeQuality({ markdown: "No sources.\n", cited: [], sources: [], removedLinks: [], removedImages: [], incomplete: false });
    expect(q.citationValidity).toBe(1);
    expect(q.citedLinks).toBe(0);
    expect(q.readSourcesCited).toBe(0);
  });

  it("extracts numbers with units, percentages and years", () => {
    expect(extractNumbers("In 2024 sales hit 1,200 units (up 15%) worth $3.5 billion, 16,357亿元 and 1000万单; 3 reasons.")).toEqual([
      "2024", "1200", "15", "3.5", "16357", "1000",
    ]);
  });
});

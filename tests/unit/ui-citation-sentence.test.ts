// Pins which sentence a citation chip asks evidence for: the claim around the chip, without the source
// title the citation check writes before it, widened when the piece is too short to search.
import { describe, expect, it } from "vitest";
import { sentenceAt } from "@/components/report/citation-sentence";

const at = (text: string, marker = "¶") => ({ text: text.replace(marker, ""), offset: text.indexOf(marker) });

describe("sentenceAt", () => {
  it("drops the source title before the chip, even one holding a question mark", () => {
    const title = "Explainer: How cheap are solar and onshore wind in 2024? | Carbon Brief";
    const { text, offset } = at(`Costs fell. Onshore wind stayed the cheapest new power, with solar a quarter dearer ${title} ¶. Next one.`);
    expect(sentenceAt(text, offset, title)).toBe("Onshore wind stayed the cheapest new power, with solar a quarter dearer");
  });
  it("gives a chip after the full stop to the sentence before it", () => {
    const { text, offset } = at("Solar PV averaged about $43/MWh in 2024 worldwide. ¶ Wind was cheaper still.");
    expect(sentenceAt(text, offset)).toBe("Solar PV averaged about $43/MWh in 2024 worldwide.");
  });
  it("picks the chip's own sentence in the middle of a paragraph", () => {
    const { text, offset } = at("First claim about storage costs in Europe. Onshore wind averaged about $34/MWh in 2024 across newly built projects ¶. Third claim.");
    expect(sentenceAt(text, offset)).toBe("Onshore wind averaged about $34/MWh in 2024 across newly built projects");
  });
  it("widens a too-short piece with the sentence before it", () => {
    const { text, offset } = at("Utility-scale solar fell by about ninety percent since 2010 in most markets. So did wind ¶.");
    expect(sentenceAt(text, offset)).toBe("Utility-scale solar fell by about ninety percent since 2010 in most markets. So did wind.");
  });
  it("reads CJK sentences", () => {
    const { text, offset } = at("2024年新能源乘用车零售1089.9万辆¶。比亚迪份额最高。");
    expect(sentenceAt(text, offset)).toContain("1089.9万辆。");
  });
});

describe("sentenceAt mid-sentence", () => {
  it("keeps only the claim before a chip in the middle of a sentence, dropping a cut title", () => {
    const title = "Utility-Scale Solar, 2024 Edition | Berkeley Lab Electricity Markets & Policy";
    const { text, offset } = at(
      "The median levelized cost of US utility-scale PV completed in 2023 was about $46/MWh before tax credits Utility-Scale Solar, 2024 Edition | Berkeley Lab ¶, while US wind projects averaged $32/MWh.",
    );
    expect(sentenceAt(text, offset, title)).toBe("The median levelized cost of US utility-scale PV completed in 2023 was about $46/MWh before tax credits");
  });
});

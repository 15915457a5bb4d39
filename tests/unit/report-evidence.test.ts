// Tests for lib/report — bestPassage/sentenceAround: passages found and not found, English and Chinese.
import { describe, expect, it } from "vitest";
import { bestPassage, sentenceAround, splitSentences, tokenize } from "@/lib/report/evidence";

const SOURCE = `The Eiffel Tower was built for the 1889 World's Fair in Paris.
It was originally 312 metres tall. After the addition of new broadcast antennas in 2022, the tower now stands 330 metres tall.

Tickets can be bought online. The summit is open most of the year, weather permitting.`;

describe("bestPassage", () => {
  it("finds the passage that supports a sentence", () => {
    const hit = bestPassage("The Eiffel Tower now stands 330 metres tall after new antennas [[1]](https://x.org).", SOURCE);
    expect(hit).not.toBeNull();
    expect(hit!.passage).toContain("330 metres");
    expect(hit!.score).toBeGreaterThan(0.5);
  });
  it("returns null when nothing in the source supports the sentence", () => {
    expect(bestPassage("Solid-state batteries reached 500 Wh/kg energy density in laboratory cells.", SOURCE)).toBeNull();
    expect(bestPassage("", SOURCE)).toBeNull();
    expect(bestPassage("anything", "")).toBeNull();
  });
  it("works on Chinese text with character bigrams", () => {
    const zh = "美团计划在未来三年向餐饮行业投入1000亿元人民币。京东外卖日订单量突破1000万单，已覆盖全国166座城市。无人机配送成本下降。";
    const hit = bestPassage("京东外卖的日订单量已经突破1000万单", zh);
    expect(hit?.passage).toContain("166座城市");
    expect(bestPassage("新能源汽车市场份额比亚迪领先", zh)).toBeNull();
    expect(tokenize("京东外卖")).toEqual(["京东", "东外", "外卖"]);
    expect(tokenize("1,000 cycles")).toEqual(["1000", "cycles"]);
  });
});

describe("sentenceAround", () => {
  const md = "Intro line.\n\nEnergy density reached 500 Wh/kg [[1]](https://a.org/x). Costs fell 20%.[[2]](https://b.org/y) Next one here.";
  it("returns the plain sentence containing a citation", () => {
    const at1 = md.indexOf("[[1]]");
    expect(sentenceAround(md, at1)).toBe("Energy density reached 500 Wh/kg.");
    const at2 = md.indexOf("[[2]]");
    expect(sentenceAround(md, at2)).toBe("Costs fell 20%.");
  });
  it("keeps decimals and a citation after the full stop with their sentence", () => {
    const spans = splitSentences("The ratio is 2.56 times. Second [1]. 第三句。第四句！");
    expect(spans.map((s) => s.text)).toEqual(["The ratio is 2.56 times.", "Second [1].", "第三句。", "第四句！"]);
  });
});

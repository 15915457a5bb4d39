// Tests for lib/report — Report download and CLI file names.
import { describe, expect, it } from "vitest";
import { reportFileName, slugify } from "@/lib/report/slug";

describe("report file names", () => {
  it("keeps Chinese titles", () => {
    expect(reportFileName("全面分析京东和美团的外卖大战")).toBe("全面分析京东和美团的外卖大战.md");
    expect(slugify("全面分析京东和美团的外卖大战")).toBe("全面分析京东和美团的外卖大战");
  });
  it("replaces characters illegal in file names", () => {
    const name = reportFileName("a/b: c?");
    expect(name).toBe("a-b- c.md");
    expect(name).not.toMatch(/[/\\:*?"<>|]/);
    expect(reportFileName('x\\y*z"<w>|v\u0001\ttab')).toBe("x-y-z-w-v-tab.md");
    expect(slugify("a/b: c?")).toBe("a-b-c");
    expect(slugify("  How Many Times Taller?  ")).toBe("how-many-times-taller");
  });
  it("trims long titles to ~120 characters without splitting characters, and never returns an empty name", () => {
    const long = "京".repeat(200);
    const name = reportFileName(long);
    expect(Array.from(name.replace(/\.md$/, ""))).toHaveLength(120);
    expect(reportFileName("😀".repeat(130)).endsWith("😀.md")).toBe(true);
    expect(reportFileName("???")).toBe("report.md");
    expect(slugify("")).toBe("report");
    expect(reportFileName("CON")).toBe("CON-report.md");
  });
});

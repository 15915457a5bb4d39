// Unit tests for lib/llm/plan-parser (C01, C03, C04, C27 B partial plans, repair prompt).
import { describe, expect, it } from "vitest";
import { parsePlan, partialPlan, planRepairPrompt } from "@/lib/llm/plan-parser";
import { C01 } from "../fixtures/case-c01";

const C03A = '{"locale":"zh-CN","title":"Ollama 调研","steps":[{"content":"搜索 Ollama 的安装方式"}]}';
const C03B = '{"Ollama简介":"Ollama 是一个在本地运行大模型的工具……","适用场景":"个人电脑、离线环境"}';
const C03C = "Sure! Here are some searches you could run: 1. ollama install 2. ollama gpu support";
const C04A =
  '{"locale":"en-US","has_enough_context":false,"thought":"t","title":"EV market","steps":[' +
  '{"need_web_search":true,"title":"Sales","description":"2024 unit sales"},' +
  '{"need_web_search":true,"title":"Market share","description":"Compare the 2024 market sh';

describe("parsePlan", () => {
  it("C01: parses the fenced snake_case plan into 2 camelCase steps with the URL intact", () => {
    const r = parsePlan(C01, { maxSteps: 4 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan).toEqual({
      locale: "en-US",
      hasEnoughContext: false,
      thought: "Need market data and cost trends.",
      title: "Sodium-ion vs lithium-ion batteries in 2024",
      steps: [
        {
          title: "Market share",
          description: "Collect 2024 shipment figures, see https://example.org/a,b",
          needSearch: true,
          stepType: "research",
        },
        { title: "Cost model", description: "Compute the $/kWh difference", needSearch: false, stepType: "processing" },
      ],
    });
    expect(r.warnings).toEqual([]);
  });

  it("C03 A: steps with only `content` → plan_invalid naming the missing fields", () => {
    const r = parsePlan(C03A, { maxSteps: 4 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe("plan_invalid");
    expect(r.errors).toContain("steps[0].title: is missing (a short step title)");
    expect(r.errors.some((e) => e.includes('"content"'))).toBe(true);
  });

  it("C03 B: object keyed by topics → plan_invalid with missing title/steps and the stray keys", () => {
    const r = parsePlan(C03B, { maxSteps: 4 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe("plan_invalid");
    expect(r.errors).toContain("title: is missing (the plan title)");
    expect(r.errors).toContain("steps: is missing (an array of step objects)");
    expect(r.errors.some((e) => e.includes('"Ollama简介"') && e.includes("unexpected top-level keys"))).toBe(true);
  });

  it("C03 C: prose with no JSON → plan_invalid explaining the expected object", () => {
    const r = parsePlan(C03C, { maxSteps: 4 });
    expect(r).toMatchObject({ ok: false, code: "plan_invalid" });
    if (!r.ok) expect(r.errors[0]).toMatch(/no JSON object found.*title and steps/);
  });

  it("C04 A: JSON cut off mid-string → llm_truncated (a complete inner step is not taken as the plan)", () => {
    const r = parsePlan(C04A, { maxSteps: 4 });
    expect(r).toMatchObject({ ok: false, code: "llm_truncated" });
  });

  it("C04 B: empty content with finish_reason length → llm_truncated", () => {
    expect(parsePlan("", { maxSteps: 4, finishReason: "length" })).toMatchObject({ ok: false, code: "llm_truncated" });
  });

  it("infers step_type / need_search, applies defaults, caps steps and de-duplicates titles", () => {
    const raw = JSON.stringify({
      title: "T",
      steps: [
        { title: "A", description: "a", need_search: false },
        { title: "A", description: "b", step_type: "research" },
        { title: "B", description: "c", stepType: "processing" },
        { title: "C", description: "d" },
      ],
    });
    const r = parsePlan(raw, { maxSteps: 3, locale: "zh-CN" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.locale).toBe("zh-CN");
    expect(r.plan.thought).toBe("");
    expect(r.plan.hasEnoughContext).toBe(false);
    expect(r.plan.steps).toEqual([
      { title: "A", description: "a", needSearch: false, stepType: "processing" },
      { title: "A (2)", description: "b", needSearch: true, stepType: "research" },
      { title: "B", description: "c", needSearch: false, stepType: "processing" },
    ]);
    expect(r.warnings).toHaveLength(2);
  });

  it("rejects empty step titles and unknown step types", () => {
    const r = parsePlan('{"title":"T","steps":[{"title":"  ","description":"x","step_type":"analysis"}]}', { maxSteps: 4 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContain("steps[0].title: must not be empty");
    expect(r.errors).toContain('steps[0].step_type: must be "research" or "processing"');
  });

  it("rejects unquoted keys instead of repairing them", () => {
    const r = parsePlan('{title: "T", steps: []}', { maxSteps: 4 });
    expect(r).toMatchObject({ ok: false, code: "plan_invalid" });
  });
});

describe("planRepairPrompt", () => {
  it("lists the errors, quotes the reply and restates the schema", () => {
    const r = parsePlan(C03A, { maxSteps: 4 });
    if (r.ok) throw new Error("expected failure");
    const msg = planRepairPrompt(r.errors, C03A, { maxSteps: 4 });
    expect(msg).toContain("- steps[0].title: is missing");
    expect(msg).toContain("搜索 Ollama 的安装方式");
    expect(msg).toContain('"step_type": "research"');
    expect(msg).toContain("at most 4 steps");
  });
});

describe("partialPlan (C27 B)", () => {
  it("renders an intermediate snapshot", () => {
    expect(partialPlan('{"title":"EV market","steps":[{"title":"Sha')).toEqual({
      title: "EV market",
      steps: [{ title: "Sha", description: "", needSearch: true, stepType: "research" }],
    });
  });

  it("renders the final snapshot, ignoring prose after the JSON", () => {
    const final =
      '{"title":"EV market","steps":[{"title":"Share","description":"d","need_web_search":false}]}\n\nLet me know if you want changes.';
    expect(partialPlan(final)).toEqual({
      title: "EV market",
      steps: [{ title: "Share", description: "d", needSearch: false, stepType: "processing" }],
    });
  });

  it("renders every prefix of C01 without throwing", () => {
    for (let i = 0; i <= C01.length; i++) expect(() => partialPlan(C01.slice(0, i))).not.toThrow();
    expect(partialPlan(C01)?.steps).toHaveLength(2);
    expect(partialPlan("Sure, thinking")).toBeNull();
    expect(partialPlan("<think>{\"title\":\"no")).toBeNull();
  });
});

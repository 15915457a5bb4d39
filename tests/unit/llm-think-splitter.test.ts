// Unit tests for lib/llm/think-splitter (C07 A–F, chunk boundaries, buffering policy).
import { describe, expect, it } from "vitest";
import { createThinkSplitter, splitThink, type ThinkSplit } from "@/lib/llm/think-splitter";
import { parsePlan } from "@/lib/llm/plan-parser";

const REPORT = "# Solid-state batteries in 2024\n\nToyota and QuantumScape [1].";
const A = `<think>\nThe user wants a comparison. Start with…\n</think>\n\n${REPORT}`;
const B = `<think>\n\n</think>\n\n${REPORT}`;
const C = `Okay, let me outline the report first…\n</think>\n\n${REPORT}`;

function stream(chunks: string[], maxHold?: number): ThinkSplit & { emissions: ThinkSplit[] } {
  const s = createThinkSplitter({ maxHold });
  const emissions = [...chunks.map((c) => s.push(c)), s.end()];
  return {
    content: emissions.map((e) => e.content).join(""),
    thinking: emissions.map((e) => e.thinking).join(""),
    emissions,
  };
}

function expectClean(content: string): void {
  expect(content.startsWith("# Solid-state batteries in 2024")).toBe(true);
  expect(content).not.toMatch(/<\/?think/);
}

describe("think splitter (C07)", () => {
  it("A: routes the <think> block to thinking", () => {
    const r = splitThink(A);
    expect(r.content).toBe(REPORT);
    expect(r.thinking).toBe("The user wants a comparison. Start with…\n");
  });

  it("B: empty think block", () => {
    expect(splitThink(B)).toEqual({ content: REPORT, thinking: "" });
  });

  it("C: closing tag without an opening tag → text before it is reasoning", () => {
    const r = splitThink(C);
    expectClean(r.content);
    expect(r.thinking).toBe("Okay, let me outline the report first…\n");
  });

  it("C: without any closing tag the same prose is content", () => {
    const text = "Okay, here is a short answer without reasoning.";
    expect(splitThink(text)).toEqual({ content: text, thinking: "" });
  });

  it("D: tag split across chunks (`…outline</th` | `ink>…`)", () => {
    const r = stream(["<think>\nLet me outline</th", `ink>\n\n${REPORT}`]);
    expect(r.content).toBe(REPORT);
    expect(r.thinking).toBe("Let me outline");
    expect(r.emissions[0]).toEqual({ content: "", thinking: "Let me outline" });
  });

  it("A/B/C split at every position into 2 chunks give the same result as one chunk", () => {
    for (const text of [A, B, C]) {
      const whole = splitThink(text);
      for (let i = 0; i <= text.length; i++) {
        const r = stream([text.slice(0, i), text.slice(i)]);
        expect({ content: r.content, thinking: r.thinking }, `${JSON.stringify(text.slice(0, 12))} @${i}`).toEqual(whole);
      }
    }
  });

  it("A streamed one character at a time", () => {
    const r = stream([...A]);
    expect({ content: r.content, thinking: r.thinking }).toEqual(splitThink(A));
  });

  it("E: plain content (reasoning came in reasoning_content) streams at once when it starts with a heading", () => {
    const s = createThinkSplitter();
    expect(s.push("# Solid-state batteries")).toEqual({ content: "# Solid-state batteries", thinking: "" });
    expect(s.push(" in 2024\n")).toEqual({ content: " in 2024\n", thinking: "" });
  });

  it("prose without tags is held until maxHold, then released as content; a late stray </think> is dropped", () => {
    const s = createThinkSplitter({ maxHold: 20 });
    expect(s.push("Hello there, this")).toEqual({ content: "", thinking: "" });
    expect(s.push(" is content.")).toEqual({ content: "Hello there, this is content.", thinking: "" });
    const rest = [s.push(" More</think>\n\nEnd."), s.end()];
    expect(rest.map((e) => e.content).join("")).toBe(" MoreEnd.");
  });

  it("supports <thinking> and an unterminated block stays reasoning", () => {
    expect(splitThink(`<thinking>plan</thinking>\n${REPORT}`)).toEqual({ content: REPORT, thinking: "plan" });
    expect(splitThink("<think>still thinking when cut off")).toEqual({ content: "", thinking: "still thinking when cut off" });
  });

  it("does not hold back `<` that cannot start a tag", () => {
    const s = createThinkSplitter();
    expect(s.push("# T\n\na < b and <div")).toEqual({ content: "# T\n\na < b and <div", thinking: "" });
  });

  it("F: think block + valid plan JSON parses via splitThink then parsePlan", () => {
    const plan = '{"locale":"en-US","has_enough_context":false,"thought":"t","title":"Batteries","steps":[{"need_search":true,"title":"Costs","description":"Find $/kWh","step_type":"research"}]}';
    const raw = `<think>\nI should produce {"steps": ...} with one step.\n</think>\n\n${plan}`;
    const { content, thinking } = splitThink(raw);
    expect(thinking).toContain("I should produce");
    const r = parsePlan(content, { maxSteps: 4 });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.plan.steps[0]!.title).toBe("Costs");
    expect(parsePlan(raw, { maxSteps: 4 }).ok).toBe(true);
  });
});

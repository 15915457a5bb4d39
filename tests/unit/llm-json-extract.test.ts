// Unit tests for lib/llm/json-extract (C01 extraction rules, truncation, invalid JSON).
import { describe, expect, it } from "vitest";
import { extractJsonObject } from "@/lib/llm/json-extract";
import { C01 } from "../fixtures/case-c01";

describe("extractJsonObject", () => {
  it("C01: finds the fenced object with prose, trailing commas and // comments; strings intact", () => {
    const r = extractJsonObject(C01);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value as { steps: { description: string }[] };
    expect(v.steps).toHaveLength(2);
    expect(v.steps[0]!.description).toBe("Collect 2024 shipment figures, see https://example.org/a,b");
    expect(v.steps[1]!.description).toBe("Compute the $/kWh difference");
  });

  it("accepts an object without fences and /* */ comments outside strings", () => {
    const r = extractJsonObject('Plan: {"a": "x /* not a comment */ // nor this", /* c */ "b": [1, 2,],} done');
    expect(r).toEqual({ ok: true, value: { a: "x /* not a comment */ // nor this", b: [1, 2] } });
  });

  it("handles braces and escaped quotes inside strings", () => {
    const r = extractJsonObject('{"a": "he said \\"}\\" {", "b": {"c": 1}} trailing }');
    expect(r).toEqual({ ok: true, value: { a: 'he said "}" {', b: { c: 1 } } });
  });

  it("skips braces in prose before the real object", () => {
    const r = extractJsonObject('Use the {placeholder} syntax or {x: 1}. Here: {"ok": true}');
    expect(r).toEqual({ ok: true, value: { ok: true } });
  });

  it("reports unquoted keys as invalid, not repaired", () => {
    const r = extractJsonObject("{locale: \"en-US\", steps: []}");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe("invalid");
    expect(r.message).toMatch(/PropertyNameExpected/);
  });

  it("reports an object that never closes as truncated", () => {
    const r = extractJsonObject('```json\n{"title":"X","steps":[{"title":"A","description":"done"},{"title":"B","description":"Compare the 2024 market sh');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe("truncated");
  });

  it("reports no_json for prose", () => {
    const r = extractJsonObject("Sure! Here are some searches you could run: 1. ollama install 2. ollama gpu support");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe("no_json");
  });
});

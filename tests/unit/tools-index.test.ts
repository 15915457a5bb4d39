// Tool registry: definitions, JSON schemas for model binding, and runTool's validation (never throws).
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/server/config";
import { runTool, toolJsonSchema, TOOLS } from "@/tools/index";
import type { ToolContext } from "@/tools/types";

const ctx: ToolContext = { config: parseConfig({}), signal: new AbortController().signal, maxSearchResults: 5 };

describe("TOOLS", () => {
  it("defines web_search, crawl and python with descriptions", () => {
    expect(TOOLS.map((t) => t.name)).toEqual(["web_search", "crawl", "python"]);
    for (const t of TOOLS) expect(t.description.length).toBeGreaterThan(40);
    expect(TOOLS.find((t) => t.name === "python")!.description).toMatch(/standard library.*no numpy.*no network/s);
  });

  it("gives a plain JSON schema for each tool", () => {
    expect(toolJsonSchema("web_search")).toEqual({
      type: "object",
      properties: { query: expect.objectContaining({ type: "string", minLength: 1 }) },
      required: ["query"],
    });
    expect(toolJsonSchema("crawl")).toMatchObject({ required: ["url"] });
    expect(toolJsonSchema("python")).toMatchObject({ required: ["code"] });
    expect(toolJsonSchema("python")).not.toHaveProperty("$schema");
  });
});

describe("runTool", () => {
  it("refuses unknown and not-allowed tools with the list of usable ones", async () => {
    const unknown = await runTool("browse", { url: "x" }, ctx, ["web_search", "crawl"]);
    expect(unknown).toEqual({
      ok: false,
      forModel: 'Error: tool "browse" is not available; use one of web_search, crawl',
      result: { kind: "error", message: 'tool "browse" is not available; use one of web_search, crawl' },
      retrieved: [],
    });
    const notAllowed = await runTool("python", { code: "print(1)" }, ctx, ["web_search"]);
    expect(notAllowed.ok).toBe(false);
    expect(notAllowed.forModel).toMatch(/"python" is not available; use one of web_search/);
  });

  it("quotes the validation problem for bad arguments", async () => {
    const missing = await runTool("crawl", {}, ctx, ["crawl"]);
    expect(missing.ok).toBe(false);
    expect(missing.forModel).toMatch(/invalid arguments for crawl: url: .*expected string/);
    const wrongType = await runTool("web_search", { query: 42 }, ctx, ["web_search"]);
    expect(wrongType.forModel).toMatch(/query: .*expected string, received number/);
    const badJson = await runTool("python", "{code: print(1)", ctx, ["python"]);
    expect(badJson.forModel).toMatch(/expected a JSON object/);
    for (const bad of [null, undefined, 7, []]) expect((await runTool("crawl", bad, ctx, ["crawl"])).ok).toBe(false);
  });

  it("accepts arguments given as a JSON string and runs the tool", async () => {
    const out = await runTool("crawl", JSON.stringify({ url: "http://169.254.169.254/latest/meta-data/" }), ctx, ["crawl"]);
    expect(out.ok).toBe(false);
    expect(out.result).toEqual({ kind: "error", message: expect.stringMatching(/^refused: 169\.254\.169\.254 .*metadata/) });
  });
});

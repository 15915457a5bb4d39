// Tests for lib/llm/normalize-sse: C08 A/B/C through a real ChatOpenAI stream, plus the pure normalizer.
import { describe, expect, it } from "vitest";
import { ChatOpenAI } from "@langchain/openai";
import type { AIMessageChunk } from "@langchain/core/messages";
import { concat } from "@langchain/core/utils/stream";
import { normalizingFetch, ToolCallNormalizer } from "@/lib/llm/normalize-sse";

const WEB_SEARCH = {
  type: "function" as const,
  function: {
    name: "web_search",
    description: "Search the web",
    parameters: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
  },
};

type Delta = Record<string, unknown>;
const sse = (deltas: Delta[], extra = ""): string =>
  deltas.map((d) => `data: ${JSON.stringify({ choices: [d] })}\n\n`).join("") + extra + "data: [DONE]\n\n";
const tc = (t: Record<string, unknown>): Delta => ({ delta: { tool_calls: [t] } });
const FINISH: Delta = { delta: {}, finish_reason: "tool_calls" };

/** Streams `body` through a real ChatOpenAI whose fetch is the normalizing wrapper; returns the merged chunk. */
async function runModel(body: string, split = 0): Promise<AIMessageChunk> {
  const base = async () => {
    const bytes = new TextEncoder().encode(body);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        // Optionally cut the body into tiny network chunks to exercise frame splitting.
        if (split > 0) for (let i = 0; i < bytes.length; i += split) c.enqueue(bytes.slice(i, i + split));
        else c.enqueue(bytes);
        c.close();
      },
    });
    return new Response(stream, { headers: { "content-type": "text/event-stream" } });
  };
  const model = new ChatOpenAI({
    model: "m",
    apiKey: "x",
    maxRetries: 0,
    configuration: { baseURL: "http://127.0.0.1:1/v1", fetch: normalizingFetch(base) },
  }).bindTools([WEB_SEARCH]);
  let acc: AIMessageChunk | undefined;
  for await (const chunk of await model.stream("hi")) acc = acc ? concat(acc, chunk) : chunk;
  if (!acc) throw new Error("no chunks");
  return acc;
}

const C08A = sse([
  tc({ index: 0, id: "call_a", type: "function", function: { name: "web_search", arguments: "" } }),
  tc({ index: 0, function: { arguments: '{"query":"solid-state battery 2024"}' } }),
  tc({ index: 0, id: "call_b", type: "function", function: { name: "web_search", arguments: "" } }),
  tc({ index: 0, function: { arguments: '{"query":"sodium-ion cost per kWh"}' } }),
  FINISH,
]);
const C08B = sse([
  tc({ id: "call_a", function: { name: "web_search", arguments: '{"query":' } }),
  tc({ function: { name: "web_search", arguments: '"x"}' } }),
  FINISH,
]);
const C08C = sse([
  { delta: { role: "assistant", content: "" } },
  tc({ index: 0, id: "call_c", type: "function", function: { name: "web_search", arguments: '{"' } }),
  tc({ index: 0, function: { arguments: '{"query":"x' } }),
  tc({ index: 0, function: { arguments: '{"query":"x"}' } }),
  FINISH,
]);

describe("normalizingFetch through ChatOpenAI (C08)", () => {
  it("A: parallel calls all stamped index 0 → two calls with their own queries", async () => {
    const msg = await runModel(C08A);
    expect(msg.tool_calls?.map(({ id, name, args }) => ({ id, name, args }))).toEqual([
      { id: "call_a", name: "web_search", args: { query: "solid-state battery 2024" } },
      { id: "call_b", name: "web_search", args: { query: "sodium-ion cost per kWh" } },
    ]);
    expect(msg.invalid_tool_calls ?? []).toEqual([]);
  });

  it("A also works when the network splits SSE frames every 7 bytes", async () => {
    const msg = await runModel(C08A, 7);
    expect(msg.tool_calls?.map((t) => t.args)).toEqual([
      { query: "solid-state battery 2024" },
      { query: "sodium-ion cost per kWh" },
    ]);
  });

  it("B: no index, full name on every fragment → one web_search {query:'x'}", async () => {
    const msg = await runModel(C08B);
    expect(msg.tool_calls?.map(({ id, name, args }) => ({ id, name, args }))).toEqual([
      { id: "call_a", name: "web_search", args: { query: "x" } },
    ]);
  });

  it("C: cumulative arguments → one call {query:'x'}", async () => {
    const msg = await runModel(C08C);
    expect(msg.tool_calls?.map(({ name, args }) => ({ name, args }))).toEqual([{ name: "web_search", args: { query: "x" } }]);
    expect(msg.tool_call_chunks?.map((c) => c.args)).toEqual(['{"query":"x"}']);
  });

  it("E: content and reasoning_content pass through unchanged", async () => {
    const body = sse([
      { delta: { role: "assistant", reasoning_content: "Thinking about " } },
      { delta: { reasoning_content: "batteries." } },
      { delta: { content: "# Solid-state" } },
      { delta: { content: " batteries in 2024" }, finish_reason: "stop" },
    ]);
    const msg = await runModel(body);
    expect(msg.content).toBe("# Solid-state batteries in 2024");
    expect(msg.additional_kwargs.reasoning_content).toBe("Thinking about batteries.");
    expect(msg.tool_calls ?? []).toEqual([]);
  });
});

describe("normalizingFetch passthrough", () => {
  it("leaves non-stream and error responses untouched", async () => {
    const json = new Response('{"ok":1}', { headers: { "content-type": "application/json" } });
    const err = new Response('{"error":{"message":"bad"}}', {
      status: 400,
      headers: { "content-type": "text/event-stream", "x-request-id": "r1" },
    });
    const f1 = normalizingFetch(async () => json);
    expect(await f1("http://x")).toBe(json);
    const r = await normalizingFetch(async () => err)("http://x");
    expect(r.status).toBe(400);
    expect(r.headers.get("x-request-id")).toBe("r1");
    expect(await r.text()).toBe('{"error":{"message":"bad"}}');
  });

  it("rewrites frames but keeps [DONE], comments, usage and finish_reason", async () => {
    const body = ": ping\n\n" + sse([{ delta: { content: "hi" }, finish_reason: "stop" }], 'data: {"choices":[],"usage":{"total_tokens":3}}\n\n');
    const r = await normalizingFetch(async () => new Response(body, { headers: { "content-type": "text/event-stream" } }))("http://x");
    const text = await r.text();
    expect(text).toContain(": ping\n\n");
    expect(text).toContain('"finish_reason":"stop"');
    expect(text).toContain('data: {"choices":[],"usage":{"total_tokens":3}}\n\n');
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
  });
});

describe("ToolCallNormalizer (pure)", () => {
  const calls = (chunks: Delta[]) => {
    const n = new ToolCallNormalizer();
    return chunks.map((d) => (n.process({ choices: [d] }).choices[0]!.delta as { tool_calls: unknown[] }).tool_calls[0]);
  };

  it("keeps well-formed OpenAI streams (interleaved indices) as they are", () => {
    const out = calls([
      tc({ index: 0, id: "a", type: "function", function: { name: "f", arguments: "" } }),
      tc({ index: 1, id: "b", type: "function", function: { name: "g", arguments: "" } }),
      tc({ index: 0, function: { arguments: '{"x":1}' } }),
      tc({ index: 1, function: { arguments: '{"y":2}' } }),
    ]);
    expect(out).toEqual([
      { index: 0, id: "a", type: "function", function: { name: "f", arguments: "" } },
      { index: 1, id: "b", type: "function", function: { name: "g", arguments: "" } },
      { index: 0, function: { arguments: '{"x":1}' } },
      { index: 1, function: { arguments: '{"y":2}' } },
    ]);
  });

  it("B: strips the repeated name and adds the index", () => {
    const out = calls([
      tc({ id: "call_a", function: { name: "web_search", arguments: '{"query":' } }),
      tc({ function: { name: "web_search", arguments: '"x"}' } }),
    ]);
    expect(out[1]).toEqual({ index: 0, function: { arguments: '"x"}' } });
  });

  it("does not mistake ordinary incremental args for cumulative ones", () => {
    const out = calls([
      tc({ index: 0, id: "a", function: { name: "f", arguments: '{"q":"a' } }),
      tc({ index: 0, function: { arguments: "b" } }),
      tc({ index: 0, function: { arguments: '"}' } }),
    ]);
    expect(out.map((t) => (t as { function: { arguments: string } }).function.arguments).join("")).toBe('{"q":"ab"}');
  });
});

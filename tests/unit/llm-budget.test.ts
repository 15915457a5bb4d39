// Pins lib/llm/budget (C15, C14 B): token counts match the tokenizer, requests are fitted to the budget by compacting older tool results and then truncating with a marker, and oversize refusals are recognised.
import { describe, expect, it } from "vitest";
import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";
import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { ContextBudgetError, answerReserve, countTokens, fitMessages, inputBudget, openAiRequestTokens, requestTokens, truncateToTokens } from "@/lib/llm/budget";
import { oversizeOf } from "@/lib/llm/errors";

const exact = new Tiktoken(o200k);
const para = "Solid-state batteries reached 500 Wh/kg in 2024 [1], according to https://example.org/review?id=42. 固态电池的能量密度提高了。\n";

function conversation(toolChars: number[]): BaseMessage[] {
  const messages: BaseMessage[] = [new SystemMessage("You are Fathom's researcher agent."), new HumanMessage("Current step: Find data\n\nOverall research request: batteries")];
  toolChars.forEach((chars, i) => {
    messages.push(new AIMessage({ content: "", tool_calls: [{ id: `c${i}`, name: "crawl", args: { url: `https://example.org/${i}` }, type: "tool_call" }] }));
    messages.push(new ToolMessage({ content: `page ${i} `.padEnd(chars, para), tool_call_id: `c${i}`, name: "crawl" }));
  });
  return messages;
}

describe("countTokens", () => {
  it("equals the o200k tokenizer on ordinary text, English and Chinese", () => {
    for (const text of [para, para.repeat(200), "# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", "<|endoftext|> is plain text here"]) {
      expect(countTokens(text)).toBe(exact.encode(text, [], []).length);
    }
  });

  it("counts pathological runs (60k of one character, a long base64 blob) without hanging and never undercounts much", () => {
    for (const ch of ["a", "—", " "]) {
      const sample = exact.encode(ch.repeat(480), [], []).length;
      expect(countTokens(ch.repeat(60_000))).toBeGreaterThanOrEqual(sample * 125);
    }
    const blob = Buffer.from(Array.from({ length: 30_000 }, (_, i) => (i * 7919) % 251)).toString("base64");
    expect(countTokens(blob)).toBeGreaterThanOrEqual(exact.encode(blob).length);
  });

  it("truncates to a token count with a visible marker", () => {
    const text = para.repeat(100);
    const cut = truncateToTokens(text, 200);
    expect(countTokens(cut)).toBeLessThanOrEqual(200);
    expect(cut).toMatch(/\n\[truncated \d+ tokens\]$/);
    expect(text.startsWith(cut.slice(0, cut.lastIndexOf("\n[truncated")).trimEnd())).toBe(true);
    expect(truncateToTokens("short", 200)).toBe("short");
  });
});

describe("budgets", () => {
  it("keeps a quarter of the window for the answer (1k–16k) and a 10 % margin", () => {
    expect(answerReserve(8192)).toBe(2048);
    expect(inputBudget(8192)).toBe(Math.floor(6144 * 0.9));
    expect(answerReserve(2048)).toBe(1024);
    expect(answerReserve(200_000)).toBe(16_384);
  });

  it("counts a request the same whether from LangChain messages or the OpenAI body a provider sees", () => {
    const messages = conversation([3000]);
    const tools = [{ type: "function", function: { name: "crawl", description: "Read a page", parameters: { type: "object" } } }];
    const body = {
      tools,
      messages: [
        { role: "system", content: "You are Fathom's researcher agent." },
        { role: "user", content: "Current step: Find data\n\nOverall research request: batteries" },
        { role: "assistant", content: "", tool_calls: [{ id: "c0", type: "function", function: { name: "crawl", arguments: JSON.stringify({ url: "https://example.org/0" }) } }] },
        { role: "tool", tool_call_id: "c0", content: (messages[3]!.content as string) },
      ],
    };
    expect(openAiRequestTokens(body)).toBe(requestTokens(messages, tools) - countTokens("crawl")); // the tool message's name is not sent
  });
});

describe("fitMessages", () => {
  it("leaves a request under budget untouched", () => {
    const messages = conversation([500]);
    const fit = fitMessages(messages, 10_000);
    expect(fit.messages).toBe(messages);
    expect(fit.compacted + fit.truncated).toBe(0);
  });

  it("compacts older tool results first, oldest first, and keeps the newest one whole", () => {
    const messages = conversation([8000, 8000, 8000]);
    const before = requestTokens(messages);
    const budget = before - 1500;
    const fit = fitMessages(messages, budget);
    expect(fit.tokens).toBeLessThanOrEqual(budget);
    expect(fit.truncated).toBe(0);
    expect(fit.compacted).toBe(1);
    expect(fit.messages[3]!.content).toBe("[older result compacted: 8000 chars]");
    expect(fit.messages[5]!.content).toBe(messages[5]!.content);
    expect(fit.messages[7]!.content).toBe(messages[7]!.content);
    expect(messages[3]!.content).toHaveLength(8000); // the caller's list is not modified
    expect(ToolMessage.isInstance(fit.messages[3]!) && fit.messages[3].tool_call_id).toBe("c0");
  });

  it("then truncates the longest message with a marker, never the system prompt first, and always fits", () => {
    const messages = conversation([8000, 40_000]);
    for (const budget of [6000, 2000, 400]) {
      const fit = fitMessages(messages, budget);
      expect(fit.tokens).toBeLessThanOrEqual(budget);
      expect(requestTokens(fit.messages)).toBe(fit.tokens);
      expect(fit.messages[3]!.content).toMatch(/^\[older result compacted/);
      expect(fit.messages[5]!.content).toMatch(/\[truncated \d+ tokens\]$/);
      expect(fit.messages[0]!.content).toBe(messages[0]!.content);
    }
  });

  it("refuses to produce a request it cannot fit", () => {
    expect(() => fitMessages([new SystemMessage(para.repeat(10))], 50)).toThrow(ContextBudgetError);
  });
});

describe("oversizeOf", () => {
  it("recognises context_length_exceeded (C15) with the provider's figures", () => {
    const err = Object.assign(new Error("400 This model's maximum context length is 65536 tokens. However, you requested 366169 tokens (366169 in the messages, 0 in the completion)."), { status: 400, code: "context_length_exceeded" });
    const over = oversizeOf(err);
    expect(over?.kind).toBe("context");
    expect(over?.ratio).toBeCloseTo(65536 / 366169);
  });

  it("recognises a 429 whose request alone is over the per-minute limit (C14 B), not an ordinary 429", () => {
    const tooLarge = Object.assign(new Error("429 Request too large for model-x on tokens per min (TPM): Limit 30000, Requested 49372."), { status: 429 });
    expect(oversizeOf(tooLarge)).toMatchObject({ kind: "rate" });
    expect(oversizeOf(tooLarge)?.ratio).toBeCloseTo(30000 / 49372);
    expect(oversizeOf(Object.assign(new Error("429 rate_limit_exceeded"), { status: 429 }))).toBeUndefined();
    expect(oversizeOf(Object.assign(new Error("400 does not support tools"), { status: 400 }))).toBeUndefined();
  });
});

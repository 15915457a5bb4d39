// Scripted chat server through real clients: @langchain/openai streaming, tool calls, reasoning, routing, faults.
import { afterEach, describe, expect, it } from "vitest";
import { ChatOpenAI } from "@langchain/openai";
import { AIMessageChunk, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import { concat } from "@langchain/core/utils/stream";
import { z } from "zod";
import { startScripted, type ScriptedServer } from "@/lib/scripted/server";
import type { ScenarioInput } from "@/lib/scripted/scenario";

const PLAN = '{"locale":"en-US","has_enough_context":false,"thought":"t","title":"Plan T","steps":[]}';

const scenario: ScenarioInput = {
  format: "research-scenario/1",
  name: "chat-test",
  question: "What is X?",
  locale: "en-US",
  model: [
    { agent: "coordinator", tool_calls: [{ name: "handoff_to_planner", args: { research_topic: "X", locale: "en-US" } }] },
    { agent: "planner", content: "Here is the plan:\n```json\n" + PLAN + "\n```" },
    {
      agent: "researcher",
      step: "Step A",
      reasoning_content: "I should search first, then read the page.",
      tool_calls: [
        { name: "web_search", args: { query: "x facts" } },
        { name: "crawl", args: { url: "https://x.example/a" } },
      ],
    },
    { agent: "researcher", step: "Step A", content: "Findings for step A, written in quite a few words to stream." },
    { agent: "researcher", step: "Step B", content: "Findings for step B.", delay_ms: 150 },
    { agent: "reporter", chunks: ["<thi", "nk>hmm</think>", "# Report"], finish_reason: "length" },
  ],
};

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(s: ScenarioInput = scenario, opts: { latencyMs?: number; tokensPerS?: number } = {}) {
  server = await startScripted({ scenario: s, ...opts });
  return server;
}

function llm(s: ScriptedServer, extra: Partial<ConstructorParameters<typeof ChatOpenAI>[0]> = {}) {
  return new ChatOpenAI({ model: "scripted-model", apiKey: "x", configuration: { baseURL: s.env.LLM_BASE_URL }, ...extra });
}

const msgs = (agent: string, step?: string): BaseMessage[] => [
  new SystemMessage(`You are Fathom's ${agent} agent. Be thorough.`),
  new HumanMessage(step ? `Current step: ${step}\n\nDescription: do the work.` : "What is X?"),
];

async function streamAll(model: ChatOpenAI, messages: BaseMessage[]) {
  const chunks: AIMessageChunk[] = [];
  for await (const c of await model.stream(messages)) chunks.push(c);
  return { chunks, merged: chunks.reduce((a, b) => concat(a, b)) };
}

/** Raw SSE `data:` payloads of a streamed request. */
async function rawStream(s: ScriptedServer, body: object): Promise<unknown[]> {
  const res = await fetch(`${s.env.LLM_BASE_URL}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "m", stream: true, ...body }),
  });
  const text = await res.text();
  return text
    .split("\n\n")
    .filter((f) => f.startsWith("data: "))
    .map((f) => f.slice(6))
    .map((d) => (d === "[DONE]" ? d : JSON.parse(d)));
}

const sys = (agent: string) => ({ role: "system", content: `You are Fathom's ${agent} agent.` });

describe("scripted chat server", () => {
  it("streams text in several small chunks", async () => {
    const s = await start();
    const model = llm(s);
    await model.invoke(msgs("researcher", "Step A")); // first A turn (tool calls)
    const { chunks, merged } = await streamAll(model, msgs("researcher", "Step A"));
    expect(merged.content).toBe("Findings for step A, written in quite a few words to stream.");
    expect(chunks.filter((c) => typeof c.content === "string" && c.content.length > 0).length).toBeGreaterThan(3);
    expect(s.log.at(-1)).toMatchObject({ kind: "chat", agent: "researcher", step: "Step A", turnIndex: 3, status: 200 });
  });

  it("streams two tool calls in one turn as two parsed calls, with reasoning_content", async () => {
    const s = await start();
    const { merged } = await streamAll(llm(s), msgs("researcher", "Step A"));
    expect(merged.tool_calls).toHaveLength(2);
    expect(merged.tool_calls?.[0]).toMatchObject({ name: "web_search", args: { query: "x facts" }, id: "call_1" });
    expect(merged.tool_calls?.[1]).toMatchObject({ name: "crawl", args: { url: "https://x.example/a" }, id: "call_2" });
    expect(merged.additional_kwargs.reasoning_content).toBe("I should search first, then read the page.");
    expect(merged.response_metadata.finish_reason).toBe("tool_calls");
    expect(s.log[0]?.toolCalls).toEqual([
      { name: "web_search", args: { query: "x facts" } },
      { name: "crawl", args: { url: "https://x.example/a" } },
    ]);
  });

  it("answers non-streaming requests with parsed tool calls", async () => {
    const s = await start();
    const msg = await llm(s).invoke(msgs("coordinator"));
    expect(msg.tool_calls?.[0]).toMatchObject({ name: "handoff_to_planner", args: { research_topic: "X", locale: "en-US" } });
  });

  it("gives concurrent requests for different steps their own turns", async () => {
    const s = await start();
    const model = llm(s);
    await model.invoke(msgs("researcher", "Step A"));
    // B is slow (delay_ms) and asked first: arrival order must not decide which turn is served.
    const [b, a] = await Promise.all([
      model.invoke(msgs("researcher", "Step B")),
      model.invoke(msgs("researcher", "Step A")),
    ]);
    expect(b.content).toBe("Findings for step B.");
    expect(a.content).toBe("Findings for step A, written in quite a few words to stream.");
  });

  it("fails loudly with 500 when no turn is left", async () => {
    const s = await start();
    const model = llm(s, { maxRetries: 0 });
    await model.invoke(msgs("researcher", "Step B"));
    await expect(model.invoke(msgs("researcher", "Step B"))).rejects.toMatchObject({ status: 500 });
    const res = await fetch(`${s.env.LLM_BASE_URL}/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model: "m", messages: [sys("researcher"), { role: "user", content: "Current step: Step B" }] }),
    });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: { message: 'scripted: no turn left for researcher step "Step B" (served 1 of 1)', type: "scripted_error", param: null, code: null },
    });
    const unknown = await fetch(`${s.env.LLM_BASE_URL}/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model: "m", messages: [{ role: "system", content: "You are a helpful assistant." }] }),
    });
    expect(unknown.status).toBe(500);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/unknown agent/);
    expect(s.remaining().map((r) => r.agent)).toEqual(["coordinator", "planner", "researcher", "reporter"]);
  });

  it("serves an error turn with its status and retry-after, then the next turn", async () => {
    const s = await start({
      ...scenario,
      model: [
        { agent: "planner", error: { status: 429, body: { error: { message: "Rate limit reached", type: "requests" } }, headers: { "retry-after": "7" } } },
        { agent: "planner", content: PLAN },
      ],
    });
    const model = llm(s, { maxRetries: 0 });
    const err = (await model.invoke(msgs("planner")).catch((e: unknown) => e)) as { status?: number; message: string };
    expect(err.status).toBe(429);
    expect(err.message).toMatch(/Rate limit reached/);
    expect((await model.invoke(msgs("planner"))).content).toBe(PLAN);
    expect(s.log.map((e) => e.status)).toEqual([429, 200]);

    const s2 = await startScripted({ scenario: { ...scenario, model: [{ agent: "planner", error: { status: 429, body: "slow down", headers: { "retry-after": "7" } } }] } });
    try {
      const res = await fetch(`${s2.env.LLM_BASE_URL}/chat/completions`, { method: "POST", body: JSON.stringify({ messages: [sys("planner")] }) });
      expect([res.status, res.headers.get("retry-after"), await res.text()]).toEqual([429, "7", "slow down"]);
    } finally {
      await s2.close();
    }
  });

  it("streams fixed chunks exactly, with finish_reason, usage and [DONE]", async () => {
    const s = await start();
    const frames = await rawStream(s, { messages: [sys("reporter")], stream_options: { include_usage: true } });
    type Chunk = { object: string; model: string; choices: { delta: { content?: string; role?: string }; finish_reason: string | null }[]; usage?: object };
    const chunks = frames.slice(0, -1) as Chunk[];
    expect(frames.at(-1)).toBe("[DONE]");
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: "assistant", content: "" });
    expect(chunks.every((c) => c.object === "chat.completion.chunk" && c.model === "m")).toBe(true);
    const contents = chunks.flatMap((c) => c.choices.map((ch) => ch.delta.content).filter((x) => x));
    expect(contents).toEqual(["<thi", "nk>hmm</think>", "# Report"]);
    expect(chunks.at(-2)?.choices[0]).toMatchObject({ delta: {}, finish_reason: "length" });
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) });
  });

  it("returns the plan as a tool call or JSON content when asked for structured output", async () => {
    const Plan = z.object({ title: z.string(), steps: z.array(z.unknown()) });
    const viaTool = await start({ ...scenario, model: [{ agent: "planner", content: "```json\n" + PLAN + "\n```" }] });
    const planA = await llm(viaTool).withStructuredOutput(Plan, { method: "functionCalling", name: "Plan" }).invoke(msgs("planner"));
    expect(planA.title).toBe("Plan T");
    expect(viaTool.log[0]?.toolCalls?.[0]?.name).toBe("Plan");
    await viaTool.close();

    const viaSchema = await start({ ...scenario, model: [{ agent: "planner", content: "Sure!\n" + PLAN + "\nDone." }] });
    const planB = await llm(viaSchema).withStructuredOutput(Plan, { method: "jsonSchema", name: "Plan" }).invoke(msgs("planner"));
    expect(planB).toMatchObject({ title: "Plan T", steps: [] });
    expect((viaSchema.log[0]?.requestBody as { response_format?: { type?: string } }).response_format?.type).toBe("json_schema");
  });

  it("adds latency and records a client that disconnects mid-stream", async () => {
    const long = "word ".repeat(400);
    const s = await start({ ...scenario, model: [{ agent: "reporter", content: long }, { agent: "reporter", content: "ok" }] }, { latencyMs: 120, tokensPerS: 200 });
    const ac = new AbortController();
    const t0 = Date.now();
    const res = await fetch(`${s.env.LLM_BASE_URL}/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model: "m", stream: true, messages: [sys("reporter")] }),
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
    ac.abort();
    await expect.poll(() => s.log[0]?.aborted, { timeout: 3000 }).toBe(true);
    // The server keeps serving after the disconnect.
    expect((await llm(s).invoke(msgs("reporter"))).content).toBe("ok");
  });

  it("lists models and serves its log", async () => {
    const s = await start();
    const models = (await (await fetch(`${s.env.LLM_BASE_URL}/models`)).json()) as { data: { id: string }[] };
    expect(models.data[0]?.id).toBe("scripted-model");
    await llm(s).invoke(msgs("coordinator"));
    const log = (await (await fetch(`${s.url}/__log`)).json()) as { kind: string; requestBody: { messages: unknown[] } }[];
    expect(log).toHaveLength(1);
    expect(log[0]?.requestBody.messages).toHaveLength(2);
    expect(s.env).toMatchObject({ LLM_API_KEY: "scripted-key", LLM_MODEL: "scripted-model", TAVILY_BASE_URL: s.url, FATHOM_WEB_ROUTE: `${s.url}/page` });
  });
});

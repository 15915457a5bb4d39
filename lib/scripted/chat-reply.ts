// Shapes one scripted model turn into an OpenAI chat reply: structured-output rewrite, stream pieces, SSE frames.
import { extractJsonObject, type ModelTurn } from "./scenario";

export interface Reply {
  content: string;
  /** How `content` is split across stream chunks. */
  pieces: string[];
  reasoning: string;
  calls: { id: string; name: string; arguments: string }[];
  finishReason: string;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

const APP_TOOLS = new Set(["web_search", "crawl", "python", "handoff_to_planner"]);

export const estimateTokens = (s: string) => Math.ceil(s.length / 4);

/** Splits text into stream pieces of a few words, or ~4 characters where there are no spaces (CJK, URLs). */
export function splitText(text: string): string[] {
  const out: string[] = [];
  let cur = "";
  let words = 0;
  for (const tok of text.match(/\s+|\S+\s*/g) ?? []) {
    const cps = Array.from(tok);
    if (cps.length > 12) {
      if (cur) out.push(cur);
      cur = "";
      words = 0;
      for (let i = 0; i < cps.length; i += 4) out.push(cps.slice(i, i + 4).join(""));
      continue;
    }
    cur += tok;
    if (++words >= 3 || cur.length >= 16) {
      out.push(cur);
      cur = "";
      words = 0;
    }
  }
  if (cur) out.push(cur);
  return out;
}

function splitEvery(text: string, n: number): string[] {
  const cps = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < cps.length; i += n) out.push(cps.slice(i, i + n).join(""));
  return out;
}

/** The function name when the request offers exactly one tool that is not an app tool (a plan schema). */
function planToolName(body: Record<string, unknown>): string | undefined {
  const tools = body.tools;
  if (!Array.isArray(tools) || tools.length !== 1) return undefined;
  const name = (tools[0] as { function?: { name?: unknown } })?.function?.name;
  return typeof name === "string" && !APP_TOOLS.has(name) ? name : undefined;
}

function wantsJson(body: Record<string, unknown>): boolean {
  const type = (body.response_format as { type?: unknown } | undefined)?.type;
  return type === "json_schema" || type === "json_object";
}

/**
 * The reply for a turn. A content-only turn answering a request for structured output (one non-app tool, or a
 * json_schema/json_object response format) returns the content's first JSON object in that shape instead.
 */
export function buildReply(turn: ModelTurn, body: Record<string, unknown>, nextCallId: () => string): Reply {
  let content = turn.content ?? turn.chunks?.join("") ?? "";
  let pieces = turn.chunks ?? splitText(content);
  let calls = (turn.tool_calls ?? []).map((c) => ({
    name: c.name,
    arguments: typeof c.args === "string" ? c.args : JSON.stringify(c.args),
  }));
  const planTool = planToolName(body);
  if (!calls.length && content && (planTool || wantsJson(body))) {
    const json = extractJsonObject(content);
    if (json && planTool) {
      calls = [{ name: planTool, arguments: JSON.stringify(JSON.parse(json)) }];
      content = "";
      pieces = [];
    } else if (json) {
      content = json;
      pieces = splitText(json);
    }
  }
  return {
    content,
    pieces,
    reasoning: turn.reasoning_content ?? "",
    calls: calls.map((c) => ({ id: nextCallId(), ...c })),
    finishReason: turn.finish_reason ?? (calls.length ? "tool_calls" : "stop"),
  };
}

/** Rough token counts (~4 chars per token). */
export function usageFor(body: Record<string, unknown>, reply: Reply): Usage {
  const prompt = estimateTokens(JSON.stringify(body.messages ?? []));
  const completion = estimateTokens(reply.content + reply.reasoning + reply.calls.map((c) => c.arguments).join(""));
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** A non-streaming `chat.completion` body. */
export function completionBody(reply: Reply, o: { id: string; model: string; created: number; usage: Usage }) {
  const message: Record<string, unknown> = {
    role: "assistant",
    content: reply.content || (reply.calls.length ? null : ""),
    refusal: null,
  };
  if (reply.reasoning) message.reasoning_content = reply.reasoning;
  if (reply.calls.length) {
    message.tool_calls = reply.calls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } }));
  }
  return {
    id: o.id,
    object: "chat.completion",
    created: o.created,
    model: o.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: reply.finishReason }],
    usage: o.usage,
  };
}

/**
 * The SSE frames of a streamed reply, each with the tokens it "costs" to generate (for pacing): role chunk,
 * reasoning pieces, content pieces, tool-call fragments, finish chunk, optional usage chunk, `[DONE]`.
 */
export function streamFrames(reply: Reply, o: { id: string; model: string; created: number; usage?: Usage }): [string, number][] {
  const base = { id: o.id, object: "chat.completion.chunk", created: o.created, model: o.model, system_fingerprint: "fp_scripted" };
  const frame = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
  const frames: [string, number][] = [[frame({ role: "assistant", content: "" }), 0]];
  for (const p of splitText(reply.reasoning)) frames.push([frame({ reasoning_content: p }), estimateTokens(p)]);
  for (const p of reply.pieces) frames.push([frame({ content: p }), estimateTokens(p)]);
  reply.calls.forEach((c, index) => {
    frames.push([frame({ tool_calls: [{ index, id: c.id, type: "function", function: { name: c.name, arguments: "" } }] }), 1]);
    for (const p of splitEvery(c.arguments, 8)) frames.push([frame({ tool_calls: [{ index, function: { arguments: p } }] }), 2]);
  });
  frames.push([frame({}, reply.finishReason), 0]);
  if (o.usage) frames.push([`data: ${JSON.stringify({ ...base, choices: [], usage: o.usage })}\n\n`, 0]);
  frames.push(["data: [DONE]\n\n", 0]);
  return frames;
}

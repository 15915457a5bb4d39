// The one place a chat model is called: builds ChatOpenAI for any OpenAI-compatible endpoint,
// streams a reply, separates reasoning from content, and reports finish_reason and tool calls.
// Agents never touch ChatOpenAI directly, so a provider quirk is fixed here once.
import { ChatOpenAI } from "@langchain/openai";
import type { AIMessageChunk, BaseMessage } from "@langchain/core/messages";
import type { LlmConfig } from "@/lib/server/config";
import { normalizingFetch } from "./normalize-sse";
import { createThinkSplitter } from "./think-splitter";

export type Tier = "basic" | "reasoning";

export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ModelCall {
  config: LlmConfig;
  tier: Tier;
  messages: BaseMessage[];
  tools?: ToolSpec[];
  signal: AbortSignal;
  onText?: (text: string) => void;
  onThinking?: (text: string) => void;
}

export interface ParsedToolCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
  /** Set when the streamed arguments were not valid JSON (C08): the tool node answers with an error. */
  argsError?: string;
}

export interface ModelReply {
  content: string;
  thinking: string;
  toolCalls: ParsedToolCall[];
  finishReason?: string;
  /** The raw assistant message, to put back into the conversation before tool results. */
  message: AIMessageChunk;
}

const clients = new Map<string, ChatOpenAI>();

function client(config: LlmConfig, tier: Tier): ChatOpenAI {
  const model = tier === "reasoning" ? config.reasoningModel : config.basicModel;
  const key = JSON.stringify([config.baseURL, config.apiKey, model, config.maxRetries, config.timeoutMs]);
  let c = clients.get(key);
  if (!c) {
    // No sampling parameters are set: reasoning models reject temperature/top_p/penalties (C06).
    c = new ChatOpenAI({
      model,
      apiKey: config.apiKey,
      maxRetries: config.maxRetries,
      timeout: config.timeoutMs,
      streaming: true,
      streamUsage: true,
      configuration: { baseURL: config.baseURL, fetch: normalizingFetch() },
    });
    clients.set(key, c);
  }
  return c;
}

export async function callModel(call: ModelCall): Promise<ModelReply> {
  const base = client(call.config, call.tier);
  const runnable = call.tools?.length
    ? base.bindTools(call.tools.map((t) => ({ type: "function" as const, function: t })))
    : base;
  const splitter = createThinkSplitter();
  let content = "";
  let thinking = "";
  const emit = (part: { content: string; thinking: string }) => {
    if (part.content) {
      content += part.content;
      call.onText?.(part.content);
    }
    if (part.thinking) {
      thinking += part.thinking;
      call.onThinking?.(part.thinking);
    }
  };
  let full: AIMessageChunk | undefined;
  const stream = await runnable.stream(call.messages, { signal: call.signal });
  for await (const chunk of stream) {
    full = full ? full.concat(chunk) : chunk;
    const reasoning = chunk.additional_kwargs?.reasoning_content;
    if (typeof reasoning === "string" && reasoning) emit({ content: "", thinking: reasoning });
    const text = typeof chunk.content === "string" ? chunk.content : textOf(chunk.content);
    if (text) emit(splitter.push(text));
  }
  emit(splitter.end());
  if (!full) throw new Error("the model returned an empty stream");
  const finishReason = (full.response_metadata?.finish_reason as string | undefined) ?? undefined;
  const toolCalls: ParsedToolCall[] = [
    ...(full.tool_calls ?? []).map((tc, i) => ({
      id: tc.id ?? `call_${i}`,
      name: tc.name,
      args: (tc.args ?? {}) as Record<string, unknown>,
    })),
    ...(full.invalid_tool_calls ?? []).map((tc, i) => ({
      id: tc.id ?? `invalid_${i}`,
      name: tc.name ?? "unknown",
      args: {},
      argsError: `arguments were not valid JSON: ${String(tc.args ?? "").slice(0, 200)}`,
    })),
  ];
  return { content, thinking, toolCalls, finishReason, message: full };
}

function textOf(content: unknown): string {
  if (!Array.isArray(content)) return "";
  return content
    .map((part) => (part && typeof part === "object" && "text" in part ? String(part.text) : ""))
    .join("");
}

// The one place a chat model is called: builds ChatOpenAI for any OpenAI-compatible endpoint,
// streams a reply, separates reasoning from content, and reports finish_reason and tool calls.
// Agents never touch ChatOpenAI directly, so a provider quirk is fixed here once.
import { ChatOpenAI } from "@langchain/openai";
import type { AIMessageChunk, BaseMessage } from "@langchain/core/messages";
import { AsyncCaller } from "@langchain/core/utils/async_caller";
import type { LlmConfig } from "@/lib/server/config";
import { normalizingFetch } from "./normalize-sse";
import { createThinkSplitter } from "./think-splitter";
import { fitMessages, inputBudget } from "./budget";
import { isAbortError, oversizeOf } from "./errors";

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
  /** Told when the request had to be shrunk to fit the model (shown to the user as a notice). */
  onNotice?: (message: string, kind: "compacted" | "retried") => void;
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

type FailedAttemptHandler = (error: Error) => unknown;
// LangChain's own retry policy (408/429-with-retry-after/5xx retried, other 4xx not), read off a caller
// built without a handler because the default handler is not exported.
const defaultRetryPolicy = (new AsyncCaller({}) as unknown as { onFailedAttempt: FailedAttemptHandler }).onFailedAttempt;

/** A request that is too large for the provider is not retried as it is: callModel shrinks it instead. */
const retryPolicy: FailedAttemptHandler = (error) => {
  if (oversizeOf(error)) throw error;
  return defaultRetryPolicy(error);
};

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
      onFailedAttempt: retryPolicy,
      configuration: { baseURL: config.baseURL, fetch: normalizingFetch() },
    });
    clients.set(key, c);
  }
  return c;
}

/**
 * Streams one model reply. The request is first made to fit the context budget (LLM_CONTEXT_TOKENS
 * minus room for the answer, measured with a tokenizer); if the provider still refuses it for its
 * size, it is compacted to well under what was refused and sent once more.
 */
export async function callModel(call: ModelCall): Promise<ModelReply> {
  const tools = call.tools?.map((t) => ({ type: "function" as const, function: t }));
  const budget = inputBudget(call.config.contextTokens);
  const first = fitMessages(call.messages, budget, tools);
  if (first.compacted || first.truncated) {
    call.onNotice?.(`The conversation was ${first.before} tokens, over the ${budget}-token budget: ${describeFit(first)}.`, "compacted");
  }
  try {
    return await streamOnce(call, first.messages, tools);
  } catch (err) {
    const over = oversizeOf(err);
    if (!over || isAbortError(err) || call.signal.aborted) throw err;
    const harder = Math.floor(first.tokens * Math.min(0.5, (over.ratio ?? 1) * 0.85));
    const second = fitMessages(call.messages, harder, tools);
    call.onNotice?.(`The model refused a ${first.tokens}-token request as too large; retrying once with ${second.tokens} tokens (${describeFit(second)}).`, "retried");
    return streamOnce(call, second.messages, tools);
  }
}

function describeFit(fit: { compacted: number; truncated: number }): string {
  const parts = [];
  if (fit.compacted) parts.push(`${fit.compacted} older tool result${fit.compacted === 1 ? "" : "s"} compacted`);
  if (fit.truncated) parts.push(`${fit.truncated} message${fit.truncated === 1 ? "" : "s"} truncated`);
  return parts.join(", ") || "nothing cut";
}

async function streamOnce(call: ModelCall, messages: BaseMessage[], tools: { type: "function"; function: ToolSpec }[] | undefined): Promise<ModelReply> {
  const base = client(call.config, call.tier);
  const runnable = tools?.length ? base.bindTools(tools) : base;
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
  const stream = await runnable.stream(messages, { signal: call.signal });
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

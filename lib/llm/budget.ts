// Context budgets measured with a tokenizer (C15, C14 B): counts the tokens of a model request and
// makes it fit the model's window before it is sent. Older tool results are compacted first, then
// the longest message is cut with a visible marker; a request over the budget is never sent.
// o200k_base (bundled ranks, offline) is a close estimate for other providers' tokenizers; the budget
// keeps a 10 % margin for the difference.
import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";
import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";

let encoder: Tiktoken | undefined;
let pieceRe: RegExp | undefined;

/** BPE merging is quadratic in a piece's length: long pieces (a run of one character) are counted in slices. */
const MAX_PIECE = 48;
const SLICE = 16;
const pieceCache = new Map<string, number>();
const PIECE_CACHE_MAX = 100_000;
const textCache = new Map<string, number>();
const TEXT_CACHE_MAX = 256;
const TEXT_CACHE_MIN_CHARS = 2_000;

function pieces(text: string): IterableIterator<RegExpMatchArray> {
  encoder ??= countingEncoder();
  pieceRe ??= new RegExp(o200k.pat_str, "gu");
  return text.matchAll(pieceRe);
}

/**
 * The o200k encoder without its decoding table: we count and cut between pieces, never decode, and
 * the table is ~50 MB of small byte arrays that would stay on the heap for the life of the server.
 */
function countingEncoder(): Tiktoken {
  const enc = new Tiktoken(o200k);
  const internals = enc as unknown as { textMap?: Map<number, Uint8Array> };
  if (internals.textMap instanceof Map) internals.textMap = new Map();
  return enc;
}

function encodeCount(piece: string): number {
  let n = pieceCache.get(piece);
  if (n === undefined) {
    // Special-token text ("<|endoftext|>") is counted as ordinary text, never refused.
    n = encoder!.encode(piece, [], []).length;
    if (pieceCache.size >= PIECE_CACHE_MAX) pieceCache.clear();
    pieceCache.set(piece, n);
  }
  return n;
}

function pieceTokens(piece: string): number {
  if (piece.length <= MAX_PIECE) return encodeCount(piece);
  const cps = Array.from(piece);
  let n = 0;
  for (let i = 0; i < cps.length; i += SLICE) n += encodeCount(cps.slice(i, i + SLICE).join(""));
  return n;
}

/** Tokens of a text (exact for ordinary text; a slight overestimate for very long runs of one kind of character). */
export function countTokens(text: string): number {
  if (!text) return 0;
  const cacheable = text.length >= TEXT_CACHE_MIN_CHARS;
  if (cacheable) {
    const hit = textCache.get(text);
    if (hit !== undefined) return hit;
  }
  let n = 0;
  for (const m of pieces(text)) n += pieceTokens(m[0]);
  if (cacheable) {
    if (textCache.size >= TEXT_CACHE_MAX) textCache.delete(textCache.keys().next().value!);
    textCache.set(text, n);
  }
  return n;
}

/** The longest head of `text` that has at most `maxTokens` tokens (cut between tokenizer pieces). */
export function headByTokens(text: string, maxTokens: number): { head: string; tokens: number } {
  let n = 0;
  let end = 0;
  for (const m of pieces(text)) {
    const t = pieceTokens(m[0]);
    if (n + t > maxTokens) break;
    n += t;
    end = m.index! + m[0].length;
  }
  return { head: text.slice(0, end), tokens: n };
}

/** Cuts text to at most maxTokens, with a visible `[truncated N tokens]` marker when anything was cut. */
export function truncateToTokens(text: string, maxTokens: number): string {
  const total = countTokens(text);
  if (total <= maxTokens) return text;
  const { head, tokens } = headByTokens(text, Math.max(0, maxTokens - MARKER_TOKENS));
  return `${head.trimEnd()}\n[truncated ${total - tokens} tokens]`;
}

/** Room a `[truncated N tokens]` or `[older result compacted …]` marker takes. */
const MARKER_TOKENS = 16;
/** Per-message overhead of the chat format (role, separators), and of the reply's priming. */
const PER_MESSAGE = 4;
const PER_REQUEST = 3;

/** What the model's answer may use: a quarter of the window, between 1k and 16k tokens. */
export function answerReserve(contextTokens: number): number {
  return Math.min(16_384, Math.max(1_024, Math.floor(contextTokens / 4)));
}

/** Tokens a request may have: the window minus the answer reserve, less 10 % for tokenizer differences. */
export function inputBudget(contextTokens: number): number {
  return Math.floor((contextTokens - answerReserve(contextTokens)) * 0.9);
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((p) => (p && typeof p === "object" && "text" in p ? String((p as { text: unknown }).text) : "")).join("\n");
  }
  return "";
}

function callTokens(name: unknown, args: string): number {
  return PER_MESSAGE + countTokens(String(name ?? "")) + countTokens(args);
}

export function messageTokens(m: BaseMessage): number {
  let n = PER_MESSAGE + countTokens(textOf(m.content));
  if (m.name) n += countTokens(m.name);
  if (AIMessage.isInstance(m)) for (const c of m.tool_calls ?? []) n += callTokens(c.name, JSON.stringify(c.args ?? {}));
  return n;
}

export function toolsTokens(tools: unknown[] | undefined): number {
  return tools?.length ? countTokens(JSON.stringify(tools)) : 0;
}

/** Tokens of a request the app is about to send. */
export function requestTokens(messages: BaseMessage[], tools?: unknown[]): number {
  return PER_REQUEST + toolsTokens(tools) + messages.reduce((n, m) => n + messageTokens(m), 0);
}

/** Tokens of an OpenAI chat-completions request body as a provider would count them (the scripted server uses it). */
export function openAiRequestTokens(body: Record<string, unknown>): number {
  const messages = Array.isArray(body.messages) ? (body.messages as Record<string, unknown>[]) : [];
  let n = PER_REQUEST + toolsTokens(Array.isArray(body.tools) ? body.tools : undefined);
  for (const m of messages) {
    n += PER_MESSAGE + countTokens(textOf(m?.content));
    if (typeof m?.name === "string") n += countTokens(m.name);
    const calls = Array.isArray(m?.tool_calls) ? (m.tool_calls as { function?: { name?: unknown; arguments?: unknown } }[]) : [];
    for (const c of calls) n += callTokens(c?.function?.name, typeof c?.function?.arguments === "string" ? c.function.arguments : JSON.stringify(c?.function?.arguments ?? {}));
  }
  return n;
}

export class ContextBudgetError extends Error {
  constructor(
    readonly tokens: number,
    readonly budget: number,
  ) {
    super(`the request needs ${tokens} tokens even after compaction, more than the context budget of ${budget} (context length exceeded)`);
    this.name = "ContextBudgetError";
  }
}

export interface FitResult {
  messages: BaseMessage[];
  /** Tokens of the fitted request. */
  tokens: number;
  /** Tokens before fitting. */
  before: number;
  compacted: number;
  truncated: number;
}

function withContent(m: BaseMessage, content: string): BaseMessage {
  if (ToolMessage.isInstance(m)) return new ToolMessage({ content, tool_call_id: m.tool_call_id, name: m.name });
  if (AIMessage.isInstance(m)) return new AIMessage({ content, tool_calls: m.tool_calls, name: m.name });
  if (SystemMessage.isInstance(m)) return new SystemMessage({ content, name: m.name });
  return new HumanMessage({ content, name: m.name });
}

/** Smallest content worth keeping when a message is cut. */
const MIN_KEEP = 64;

/**
 * Makes a request fit `budget` tokens. 1: tool results older than the last model turn become a
 * one-line note, oldest first. 2: the longest remaining message (system prompts last) is cut to what
 * is left, with a `[truncated N tokens]` marker, until the request fits. The input is not modified.
 * Throws ContextBudgetError when even that cannot make it fit.
 */
export function fitMessages(messages: BaseMessage[], budget: number, tools?: unknown[]): FitResult {
  const out = [...messages];
  const sizes = out.map(messageTokens);
  const fixed = PER_REQUEST + toolsTokens(tools);
  let total = fixed + sizes.reduce((a, b) => a + b, 0);
  const before = total;
  let compacted = 0;
  let truncated = 0;
  const replace = (i: number, content: string) => {
    out[i] = withContent(out[i]!, content);
    const size = messageTokens(out[i]!);
    total += size - sizes[i]!;
    sizes[i] = size;
  };

  if (total > budget) {
    let lastAi = -1;
    out.forEach((m, i) => {
      if (AIMessage.isInstance(m)) lastAi = i;
    });
    for (let i = 0; i < lastAi && total > budget; i++) {
      const m = out[i]!;
      if (!ToolMessage.isInstance(m)) continue;
      const text = textOf(m.content);
      const note = `[older result compacted: ${text.length} chars]`;
      if (text.length <= note.length) continue;
      replace(i, note);
      compacted++;
    }
  }

  while (total > budget) {
    // The longest message that can still be cut; system prompts only when nothing else is left.
    let pick = -1;
    for (let pass = 0; pass < 2 && pick < 0; pass++) {
      for (let i = 0; i < out.length; i++) {
        const m = out[i]!;
        if (SystemMessage.isInstance(m) !== (pass === 1)) continue;
        if (countTokens(textOf(m.content)) <= MIN_KEEP + MARKER_TOKENS) continue;
        if (pick < 0 || sizes[i]! > sizes[pick]!) pick = i;
      }
    }
    if (pick < 0) throw new ContextBudgetError(total, budget);
    const text = textOf(out[pick]!.content);
    const keep = Math.max(MIN_KEEP, countTokens(text) - (total - budget) - MARKER_TOKENS);
    replace(pick, truncateToTokens(text, keep));
    truncated++;
  }
  return { messages: compacted || truncated ? out : messages, tokens: total, before, compacted, truncated };
}

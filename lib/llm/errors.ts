// Turns whatever a model client threw into a code, a human message and a hint (house style: errors
// carry a code; provider bodies go to the log, not the browser).
import type { ErrorCode } from "@/lib/protocol/events";

export interface ClassifiedError {
  code: ErrorCode;
  message: string;
  hint?: string;
  status?: number;
}

export function isAbortError(err: unknown): boolean {
  if (!err || typeof err !== "object") return false;
  const e = err as { name?: string; message?: string };
  return e.name === "AbortError" || e.message === "Abort" || /aborted|abort/i.test(e.name ?? "");
}

/**
 * A request the provider refused for its size (C15, C14 B): over the context window
 * (`context_length_exceeded`), or a 429 whose request alone is over the per-minute token limit
 * ("Request too large … Limit 30000, Requested 49372"), which no amount of waiting fixes.
 * `ratio` is limit / requested when the provider said both.
 */
export function oversizeOf(err: unknown): { kind: "context" | "rate"; ratio?: number } | undefined {
  if (!err || typeof err !== "object") return undefined;
  const e = err as { name?: string; status?: number; code?: unknown; message?: string; error?: { message?: string; code?: unknown } };
  const raw = String(e.error?.message ?? e.message ?? "");
  const code = String(e.code ?? e.error?.code ?? "");
  const num = (re: RegExp) => {
    const m = re.exec(raw);
    return m ? Number(m[1]!.replace(/,/g, "")) : undefined;
  };
  if (e.name === "ContextOverflowError" || code === "context_length_exceeded" || /context[ _]length|maximum context/i.test(raw)) {
    const limit = num(/maximum context length is ([\d,]+)/i);
    const requested = num(/requested ([\d,]+) tokens/i);
    return { kind: "context", ratio: limit && requested ? limit / requested : undefined };
  }
  if (e.status === 429) {
    const limit = num(/Limit:? ([\d,]+)/i);
    const requested = num(/Requested:? ([\d,]+)/i);
    if (/request too large/i.test(raw) || (limit && requested && requested > limit)) {
      return { kind: "rate", ratio: limit && requested ? limit / requested : undefined };
    }
  }
  return undefined;
}

export function classifyLlmError(err: unknown, model: string, baseURL?: string): ClassifiedError {
  if (isAbortError(err)) return { code: "cancelled", message: "The run was stopped." };
  const e = (err ?? {}) as { status?: number; message?: string; code?: string; error?: { message?: string } };
  const status = typeof e.status === "number" ? e.status : undefined;
  const raw = String(e.error?.message ?? e.message ?? err).slice(0, 500);
  const where = baseURL ? ` at ${baseURL}` : "";
  if (/does not support tools|tool[s]? (are|is) not supported/i.test(raw))
    return { code: "llm_failed", status, message: `Model ${model} does not support tool calling: ${raw}`, hint: "Choose a tool-capable model (set LLM_MODEL)." };
  if (/context length|context_length_exceeded|maximum context/i.test(raw))
    return { code: "llm_failed", status, message: `Model ${model}: the request was larger than its context window.`, hint: "Set LLM_CONTEXT_TOKENS to the model's real context size." };
  if (oversizeOf(err)?.kind === "rate")
    return { code: "llm_failed", status, message: `Model ${model}: the request is larger than the provider's per-minute token limit: ${raw}`, hint: "Lower LLM_CONTEXT_TOKENS or raise your provider's limits." };
  if (status === 401 || status === 403)
    return { code: "llm_failed", status, message: `Model endpoint${where} refused the API key (${status}).`, hint: "Check LLM_API_KEY." };
  if (status === 404)
    return { code: "llm_failed", status, message: `Model ${model} was not found${where}: ${raw}`, hint: "Check LLM_MODEL and LLM_BASE_URL." };
  if (status === 429)
    return { code: "llm_failed", status, message: `Model ${model} is rate-limited: ${raw}`, hint: "Wait a minute, lower the concurrency, or raise your provider limits." };
  if (status !== undefined && status >= 400 && status < 500)
    return { code: "llm_failed", status, message: `Model ${model} rejected the request (${status}): ${raw}` };
  if (/ECONNREFUSED|ENOTFOUND|fetch failed|Connection error/i.test(raw))
    return { code: "llm_failed", status, message: `Could not reach the model endpoint${where}.`, hint: "Is the model server running, and is LLM_BASE_URL right?" };
  if (/timed? ?out/i.test(raw)) return { code: "timeout", status, message: `Model ${model} did not answer in time.` };
  return { code: "llm_failed", status, message: `Model ${model} failed: ${raw}` };
}

// The web_search tool: one Tavily search with a sanitised query, bounded retries, and results the model can cite.
import type { ImageHit, SearchHit } from "@/lib/protocol/events";
import type { Retrieved, ToolContext, ToolOutcome } from "./types";

/** Tavily rejects longer queries with 400 "Query is too long" (C13). */
export const MAX_QUERY_CHARS = 400;
const MAX_ATTEMPTS = 3;
const MAX_WAIT_MS = 10_000;
const BASE_DELAY_MS = 500;
const DEFAULT_BASE_URL = "https://api.tavily.com";
/** Bounds on what one search may put into the context and the source registry (C15), whatever the provider sends. */
const MAX_IMAGES = 10;
const MAX_TEXT_CHARS = 30_000;

/**
 * Makes a model-written query safe to send (C10 B, C13): no backslashes or escaped quotes (Tavily returns nothing
 * for them), no control characters, single spaces, at most 400 characters cut at a word boundary.
 */
export function sanitizeQuery(raw: string): string {
  const flat = String(raw ?? "")
    .replace(/\\+["']/g, " ")
    .replace(/\\+/g, " ")
    .replace(/\p{Cc}/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  const chars = Array.from(flat); // code points, so a cut never splits a surrogate pair
  if (chars.length <= MAX_QUERY_CHARS) return flat;
  const head = chars.slice(0, MAX_QUERY_CHARS + 1).join("");
  const space = head.lastIndexOf(" ");
  const cut = space >= MAX_QUERY_CHARS / 2 ? head.slice(0, space) : chars.slice(0, MAX_QUERY_CHARS).join("");
  return cut.trim();
}

interface TavilyResult {
  title?: string;
  url?: string;
  content?: string;
  score?: number;
}
interface TavilyResponse {
  results?: TavilyResult[];
  images?: (string | { url?: string; description?: string })[];
}

/** A failed attempt: `retryAfterMs` is set when the provider said when to come back. */
class SearchError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export async function webSearch(args: { query: string }, ctx: ToolContext): Promise<ToolOutcome> {
  const query = sanitizeQuery(args.query);
  if (!query) return failure("the search query is empty");
  const { apiKey, baseURL } = ctx.config.search;
  if (!apiKey && !baseURL) return failure("web search is not configured (TAVILY_API_KEY is missing)");

  let lastError: SearchError | undefined;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (ctx.signal.aborted) return failure("search cancelled");
    try {
      const data = await searchOnce(query, ctx);
      return toOutcome(query, data, ctx.maxSearchResults);
    } catch (err) {
      if (ctx.signal.aborted) return failure("search cancelled");
      lastError = err instanceof SearchError ? err : new SearchError(`could not reach the search provider (${causeOf(err)})`, true);
      if (!lastError.retryable || attempt === MAX_ATTEMPTS) break;
      const backoff = BASE_DELAY_MS * 2 ** (attempt - 1) + Math.random() * 250;
      const wait = Math.min(lastError.retryAfterMs ?? backoff, MAX_WAIT_MS);
      ctx.onRetry?.(`Search: ${lastError.message}; retrying in ${(wait / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${MAX_ATTEMPTS}).`);
      if (!(await sleep(wait, ctx.signal))) return failure("search cancelled");
    }
  }
  const message = lastError?.message ?? "search failed";
  const advice = lastError?.retryable
    ? "The search service is unavailable right now; continue with the sources you already have."
    : /too long|query/i.test(message)
      ? "Use a shorter, simpler query."
      : "Continue with the sources you already have.";
  return failure(message, advice);
}

function causeOf(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

/**
 * One POST /search, the same request @tavily/core sends. We call it directly because the SDK drops the HTTP
 * status and headers from errors (no Retry-After, 429 indistinguishable from 400) and cannot take an AbortSignal.
 */
async function searchOnce(query: string, ctx: ToolContext): Promise<TavilyResponse> {
  const { apiKey, baseURL, timeoutMs } = ctx.config.search;
  const timeout = AbortSignal.timeout(timeoutMs);
  const headers: Record<string, string> = { "Content-Type": "application/json", "X-Client-Source": "fathom" };
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  let res: Response;
  try {
    res = await fetch(`${(baseURL || DEFAULT_BASE_URL).replace(/\/+$/, "")}/search`, {
      method: "POST",
      headers,
      signal: AbortSignal.any([ctx.signal, timeout]),
      body: JSON.stringify({
        query,
        max_results: ctx.maxSearchResults,
        search_depth: "basic",
        include_images: true,
        include_image_descriptions: true,
        include_raw_content: false, // raw pages blow the context window (C15); crawl reads pages on purpose
        include_answer: false,
      }),
    });
  } catch (err) {
    if (timeout.aborted && !ctx.signal.aborted) throw new SearchError(`search timed out after ${timeoutMs} ms`, true);
    throw err;
  }
  const text = await res.text().catch(() => "");
  if (res.ok) {
    try {
      return JSON.parse(text) as TavilyResponse;
    } catch {
      throw new SearchError("the search provider sent an unreadable response", true);
    }
  }
  const detail = providerMessage(text);
  const status = res.status;
  const retryable = status === 408 || status === 429 || status >= 500;
  const label = status === 401 || status === 403 ? "rejected the API key" : status === 429 ? "is rate limiting us" : "returned an error";
  throw new SearchError(`search provider ${label} (HTTP ${status}): ${detail}`, retryable, retryAfterMs(res.headers.get("retry-after")));
}

/** Tavily puts the reason in detail.error; other gateways use error/message/detail strings. */
function providerMessage(body: string): string {
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    const d = j.detail as Record<string, unknown> | string | undefined;
    const picked = (typeof d === "object" && d ? d.error ?? d.message : d) ?? (j.error as Record<string, unknown>)?.message ?? j.error ?? j.message;
    if (typeof picked === "string" && picked.trim()) return picked.trim().slice(0, 300);
  } catch {
    /* not JSON */
  }
  return body.trim().slice(0, 300) || "no details";
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unparseable. */
export function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const secs = Number(value.trim());
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function domainOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return "";
  }
}

function clip(text: string, max: number): string {
  const flat = String(text ?? "").replace(/\s+/g, " ").trim(); // providers do not always send strings
  return flat.length > max ? `${flat.slice(0, max - 1).replace(/\s+\S*$/, "")}…` : flat;
}

const isHttpUrl = (u: unknown): u is string => typeof u === "string" && /^https?:\/\//i.test(u);

function toOutcome(query: string, data: TavilyResponse, maxResults: number): ToolOutcome {
  const results = Array.isArray(data.results) ? data.results : [];
  const hits: SearchHit[] = results
    .filter((r) => isHttpUrl(r?.url))
    .slice(0, maxResults)
    .map((r) => ({
      title: clip(r.title || r.url!, 300),
      url: r.url!,
      domain: domainOf(r.url!),
      snippet: clip(r.content ?? "", 500),
      score: typeof r.score === "number" ? r.score : 0,
    }));
  const images: ImageHit[] = (Array.isArray(data.images) ? data.images : [])
    .slice(0, MAX_IMAGES * 3)
    .map((img) => (typeof img === "string" ? { url: img, description: "" } : { url: img.url ?? "", description: img.description ?? "" }))
    .filter((img) => isHttpUrl(img.url))
    .slice(0, MAX_IMAGES)
    .map((img) => ({ url: img.url, description: clip(img.description, 300) }));
  const contents = new Map(results.map((r) => [r?.url, typeof r?.content === "string" ? r.content.slice(0, MAX_TEXT_CHARS) : ""]));

  const retrieved: Retrieved[] = [
    ...hits.map((h) => ({ kind: "page" as const, url: h.url, title: h.title, snippet: h.snippet, text: contents.get(h.url) ?? h.snippet })),
    ...images.map((i) => ({ kind: "image" as const, url: i.url, title: i.description || "image", snippet: i.description })),
  ];
  const lines: string[] = [];
  if (hits.length === 0) {
    lines.push(`No results found for "${query}". Try a broader or differently worded query (fewer terms, no quotes or operators).`);
  } else {
    lines.push(`Search results for "${query}" (${hits.length}):`);
    hits.forEach((h, i) => lines.push("", `[${i + 1}] ${h.title}`, `URL: ${h.url}`, clip(contents.get(h.url) ?? h.snippet, 1200)));
  }
  if (images.length > 0) {
    lines.push("", "Images (embed only if relevant, with ![description](url) and the exact URL):");
    for (const img of images) lines.push(`- ${img.url}${img.description ? ` — ${img.description}` : ""}`);
  }
  return { ok: true, forModel: lines.join("\n"), result: { kind: "search", query, hits, images }, retrieved };
}

function failure(message: string, advice = ""): ToolOutcome {
  return { ok: false, forModel: `Search failed: ${message}. ${advice}`.trim(), result: { kind: "error", message }, retrieved: [] };
}

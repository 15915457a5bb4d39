// The crawl tool: fetch one URL safely (SSRF guard, re-guarded redirects, time/size caps) and hand the model markdown.
import http from "node:http";
import https from "node:https";
import zlib from "node:zlib";
import type { Readable } from "node:stream";
import type { ToolContext, ToolOutcome } from "./types";
import { checkUrl, guardedLookup } from "./net-guard";
import { charsetOf, decodeText, htmlToMarkdown, jsonToText, looksGarbled, pdfToText, sniffKind, truncateText } from "./extract";

const HEADERS = {
  "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Fathom/0.1",
  Accept: "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,application/json;q=0.8,*/*;q=0.5",
  "Accept-Language": "en-US,en;q=0.9,*;q=0.5",
  "Accept-Encoding": "gzip, deflate, br",
};
const MIN_TEXT_CHARS = 20;

type Category = "refused" | "blocked" | "http" | "client" | "server" | "timeout" | "cancelled" | "network" | "content";

/** A failure the model should read; `category` decides the advice (most are not worth retrying). */
class CrawlFailure extends Error {
  constructor(
    message: string,
    readonly category: Category,
  ) {
    super(message);
  }
}

const ADVICE: Record<Category, string> = {
  refused: "This address is not allowed. Do not retry it.",
  blocked: "The site blocks automated readers. Do not retry this URL; rely on the search snippet or other sources.",
  http: "Do not retry this URL; use another source.",
  client: "Do not retry this URL; use another source.",
  server: "The site may be down. Prefer another source over retrying.",
  timeout: "The site is too slow. Prefer another source over retrying.",
  network: "The site could not be reached. Prefer another source over retrying.",
  content: "Do not retry this URL; use another source.",
  cancelled: "The run was cancelled.",
};

interface Fetched {
  finalUrl: URL;
  status: number;
  statusText: string;
  contentType: string | undefined;
  body: Buffer;
  /** The body was longer than maxBytes and was cut off. */
  cut: boolean;
}

export async function crawl(args: { url: string }, ctx: ToolContext): Promise<ToolOutcome> {
  const cfg = ctx.config.crawl;
  const timeout = AbortSignal.timeout(cfg.timeoutMs);
  const signal = AbortSignal.any([ctx.signal, timeout]);
  try {
    const fetched = await fetchFollowing(args.url, ctx, signal).catch((err: unknown) => {
      if (ctx.signal.aborted) throw new CrawlFailure("cancelled", "cancelled");
      if (timeout.aborted) throw new CrawlFailure(`timed out after ${cfg.timeoutMs} ms`, "timeout");
      throw err;
    });
    const page = await toText(fetched, cfg.maxBytes);
    const { text, truncated } = truncateText(page.text, cfg.maxChars);
    const marked = fetched.cut && !truncated ? `${text}\n\n[truncated: page cut off at ${cfg.maxBytes} bytes]` : text;
    const url = fetched.finalUrl.href;
    return {
      ok: true,
      forModel: `# ${page.title}\n${url}\n\n${marked}`,
      result: { kind: "crawl", url, title: page.title, chars: marked.length, contentType: page.mime, truncated: truncated || fetched.cut },
      retrieved: [{ kind: "page", url, title: page.title, snippet: snippetOf(marked), text: marked }],
    };
  } catch (err) {
    const blocked = (err as NodeJS.ErrnoException)?.code === "ERR_SSRF_BLOCKED";
    const failure = err instanceof CrawlFailure ? err : new CrawlFailure(networkMessage(err), blocked ? "refused" : "network");
    return {
      ok: false,
      forModel: `Could not read ${args.url}: ${failure.message}. ${ADVICE[failure.category]}`,
      result: { kind: "error", message: failure.message },
      retrieved: [],
    };
  }
}

/** Guards the URL, then fetches it, following up to maxRedirects hops and re-guarding every hop. */
async function fetchFollowing(rawUrl: string, ctx: ToolContext, signal: AbortSignal): Promise<Fetched> {
  const { route, maxRedirects, maxBytes } = ctx.config.crawl;
  const first = await checkUrl(String(rawUrl ?? ""), { allowRouted: Boolean(route) });
  if (!first.ok) throw new CrawlFailure(`refused: ${first.reason}`, "refused");
  let target = first.url;
  for (let hop = 0; ; hop++) {
    const res = await requestOnce(target, route, signal);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && location) {
      res.destroy();
      if (hop >= maxRedirects) throw new CrawlFailure(`too many redirects (more than ${maxRedirects})`, "http");
      let next: URL;
      try {
        next = new URL(location, target); // relative to the ORIGINAL URL, also when routed
      } catch {
        throw new CrawlFailure(`redirect to an invalid location "${location.slice(0, 200)}"`, "http");
      }
      const check = await checkUrl(next, { allowRouted: Boolean(route) });
      if (!check.ok) throw new CrawlFailure(`refused redirect to ${next.href}: ${check.reason}`, "refused");
      target = check.url;
      continue;
    }
    const { body, cut } = await readBody(res, maxBytes, signal);
    const statusText = res.statusMessage || http.STATUS_CODES[status] || "";
    return { finalUrl: target, status, statusText, contentType: res.headers["content-type"], body, cut };
  }
}

function requestOnce(target: URL, route: string | undefined, signal: AbortSignal): Promise<http.IncomingMessage> {
  // Routed (tests/demo): ask the scripted web server for the original URL; only its origin skips the address check.
  const reqUrl = route ? new URL(`${route}${route.includes("?") ? "&" : "?"}url=${encodeURIComponent(target.href)}`) : target;
  const mod = reqUrl.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(reqUrl, { method: "GET", headers: HEADERS, signal, agent: false, lookup: route ? undefined : guardedLookup }, resolve);
    req.on("error", reject);
    req.end();
  });
}

/** Streams the (decompressed) body up to maxBytes, then hangs up: a huge or endless page cannot exhaust memory. */
async function readBody(res: http.IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<{ body: Buffer; cut: boolean }> {
  const encoding = String(res.headers["content-encoding"] ?? "").trim().toLowerCase();
  let stream: Readable = res;
  if (encoding === "gzip" || encoding === "x-gzip" || encoding === "deflate") stream = res.pipe(zlib.createUnzip());
  else if (encoding === "br") stream = res.pipe(zlib.createBrotliDecompress());
  const onAbort = () => stream.destroy(signal.reason as Error);
  signal.addEventListener("abort", onAbort, { once: true });
  const chunks: Buffer[] = [];
  let size = 0;
  let cut = false;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (size + chunk.length > maxBytes) {
        chunks.push(chunk.subarray(0, maxBytes - size));
        size = maxBytes;
        cut = true;
        break;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    if (stream !== res) throw new CrawlFailure(`could not decode the ${encoding} response`, "content");
    throw err;
  } finally {
    signal.removeEventListener("abort", onAbort);
    res.destroy();
  }
  if (signal.aborted) throw signal.reason;
  return { body: Buffer.concat(chunks, size), cut };
}

/** Turns a fetched response into titled text, or a classified failure. */
async function toText(f: Fetched, maxBytes: number): Promise<{ title: string; text: string; mime: string }> {
  const { kind, mime } = sniffKind(f.body, f.contentType);
  const url = f.finalUrl.href;
  if (f.status >= 400) {
    if (kind === "html") {
      const page = htmlToMarkdown(f.body, { url, contentType: f.contentType, status: f.status });
      if (page.kind === "blocked") throw new CrawlFailure(`blocked: ${page.reason} (HTTP ${f.status})`, "blocked");
    }
    throw new CrawlFailure(`page returned ${f.status} ${f.statusText}`.trim(), f.status >= 500 ? "server" : "client");
  }
  if (f.status < 200 || f.status >= 300) throw new CrawlFailure(`page returned ${f.status} ${f.statusText}`.trim(), "http");
  if (f.body.length === 0) throw new CrawlFailure("no extractable content (the response was empty)", "content");

  let title = "";
  let text = "";
  if (kind === "pdf") {
    if (f.cut) throw new CrawlFailure(`PDF is larger than the ${maxBytes}-byte download limit`, "content");
    const pdf = await pdfToText(f.body).catch((err: unknown) => {
      throw new CrawlFailure(`could not read the PDF (${(err as Error).message.slice(0, 160)})`, "content");
    });
    if (pdf.text.replace(/\s+/g, "").length < MIN_TEXT_CHARS) {
      throw new CrawlFailure("no extractable content (the PDF has no text layer; it may be scanned images)", "content");
    }
    title = pdf.title || fileName(f.finalUrl);
    text = pdf.text;
  } else if (kind === "html") {
    const page = htmlToMarkdown(f.body, { url, contentType: f.contentType, status: f.status });
    if (page.kind === "blocked") throw new CrawlFailure(`blocked: ${page.reason}`, "blocked");
    if (page.kind === "empty") {
      throw new CrawlFailure("no extractable content (the page has no readable text; it may be rendered by JavaScript)", "content");
    }
    title = page.title || fileName(f.finalUrl);
    text = page.markdown;
  } else if (kind === "text" || kind === "json") {
    const decoded = decodeText(f.body, charsetOf(f.contentType)).replace(/^\uFEFF/, "");
    text = kind === "json" ? jsonToText(decoded) : decoded.replace(/\r\n?/g, "\n").trim();
    title = (kind === "text" && /^#\s+(.+)$/m.exec(text)?.[1]?.trim()) || fileName(f.finalUrl);
  } else {
    throw new CrawlFailure(`unsupported content type ${mime}`, "content");
  }
  if (looksGarbled(text)) throw new CrawlFailure("the content looks binary or uses an unreadable text encoding", "content");
  if (text.replace(/\s+/g, "").length < MIN_TEXT_CHARS) throw new CrawlFailure("no extractable content", "content");
  return { title: title.slice(0, 300), text, mime };
}

function fileName(url: URL): string {
  const last = decodeURIComponent(url.pathname.split("/").filter(Boolean).pop() ?? "");
  return last || url.hostname;
}

function snippetOf(markdown: string): string {
  const plain = markdown.replace(/!\[[^\]]*\]\([^)]*\)/g, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[#*_`>|-]+/g, " ");
  const flat = plain.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 297).replace(/\s+\S*$/, "")}…` : flat;
}

function networkMessage(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const code = e?.code ?? "";
  if (code === "ERR_SSRF_BLOCKED") return `refused: ${e.message.replace(/^blocked: /, "")}`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "could not resolve the host name";
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ECONNRESET" || code === "EPIPE") return "connection reset by the server";
  if (code === "ETIMEDOUT" || code === "ENETUNREACH" || code === "EHOSTUNREACH") return `network unreachable (${code})`;
  if (/CERT|SSL|TLS/i.test(code)) return `TLS/certificate error (${code})`;
  if (code.startsWith("HPE_")) return "the server sent an invalid HTTP response";
  return `network error: ${e?.message ?? String(err)}`.slice(0, 300);
}

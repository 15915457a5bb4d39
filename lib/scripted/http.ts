// Shared HTTP plumbing for the scripted servers: request log type, body reading, replies, abort-aware waits.
import type { IncomingMessage, ServerResponse } from "node:http";

export interface LogEntry {
  kind: "chat" | "search" | "page";
  /** Epoch ms when the request arrived. */
  at: number;
  /** Ms from arrival until the reply ended (or the client went away). */
  durationMs?: number;
  agent?: string;
  step?: string;
  /** Index of the served turn in `scenario.model`. */
  turnIndex?: number;
  status: number;
  toolCalls?: { name: string; args: unknown }[];
  query?: string;
  url?: string;
  /** The client disconnected before the reply was complete. */
  aborted?: boolean;
  /** Chat only, when the server has a context window: the prompt's tokens as a provider counts them. */
  promptTokens?: number;
  /** Chat only: the parsed request JSON. */
  requestBody?: unknown;
  /** Why the server answered outside the script (no turn left, unknown query, …). */
  note?: string;
}

const MAX_BODY = 64 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) throw new HttpError(413, "request body too large");
    parts.push(buf);
  }
  return Buffer.concat(parts);
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Parses a JSON request body; an empty body is `{}`; bad JSON is a 400. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readBody(req)).toString("utf8");
  if (!text.trim()) return {};
  try {
    const data = JSON.parse(text) as unknown;
    if (data && typeof data === "object" && !Array.isArray(data)) return data as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpError(400, "request body is not a JSON object");
}

export function sendJson(res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}) {
  if (res.destroyed || res.writableEnded) return;
  const body = JSON.stringify(data);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/**
 * Sends a recorded body as-is: objects are JSON, strings are sent verbatim (typed as JSON when they parse,
 * else plain text); a `content-type` in headers wins.
 */
export function sendRecorded(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.destroyed || res.writableEnded) return;
  let text: string;
  let type: string;
  if (typeof body === "string") {
    text = body;
    type = looksLikeJson(body) ? "application/json; charset=utf-8" : "text/plain; charset=utf-8";
  } else {
    text = body === undefined ? "" : JSON.stringify(body);
    type = "application/json; charset=utf-8";
  }
  const hasType = Object.keys(headers).some((k) => k.toLowerCase() === "content-type");
  res.writeHead(status, {
    ...(hasType ? {} : { "Content-Type": type }),
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function looksLikeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** An AbortSignal that fires when the client goes away before the reply is finished. */
export function clientGone(res: ServerResponse): AbortSignal {
  const ac = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) ac.abort();
  });
  return ac.signal;
}

/** Waits ms (0 = no wait); resolves early if signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Writes and, when the socket buffer is full, waits for it to drain (or the client to leave). */
export async function writeChunk(res: ServerResponse, data: string, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted || res.destroyed || res.writableEnded) return false;
  if (res.write(data)) return true;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off("drain", done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    res.on("drain", done);
    signal.addEventListener("abort", done, { once: true });
  });
  return !signal.aborted && !res.destroyed;
}

/** Collapses whitespace so recorded and requested search queries compare equal. */
export function normalizeQuery(q: string): string {
  return q.trim().replace(/\s+/g, " ");
}

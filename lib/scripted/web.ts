// Scripted web: `GET /page?url=<original URL>` returns the scenario's recorded page bytes, status and headers.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Scenario, ScenarioPage } from "./scenario";
import { clientGone, sleep, type LogEntry } from "./http";
import type { Faults } from "./faults";

/** How long an injected page timeout holds the request (the crawler gives up long before). */
const HANG_MS = 10 * 60_000;

const stripSlash = (u: string) => u.replace(/\/+$/, "");

/** A canonical form for lenient matching: WHATWG-normalised, no fragment, no trailing slash. */
function canonical(u: string): string {
  try {
    const url = new URL(u);
    url.hash = "";
    return stripSlash(url.href);
  } catch {
    return stripSlash(u.trim());
  }
}

export class WebScript {
  private readonly exact = new Map<string, ScenarioPage>();
  private readonly loose = new Map<string, ScenarioPage>();

  constructor(
    scenario: Scenario,
    private readonly log: LogEntry[],
    private readonly faults?: Faults,
  ) {
    for (const page of scenario.pages) {
      if (!this.exact.has(page.url)) this.exact.set(page.url, page);
      const key = canonical(page.url);
      if (!this.loose.has(key)) this.loose.set(key, page);
    }
  }

  /** The recorded page for a URL: exact match first, then ignoring a trailing slash / URL normalisation. */
  find(url: string): ScenarioPage | undefined {
    return this.exact.get(url) ?? this.exact.get(stripSlash(url)) ?? this.exact.get(`${url}/`) ?? this.loose.get(canonical(url));
  }

  async handle(req: IncomingMessage, res: ServerResponse, requestUrl: URL): Promise<void> {
    const at = Date.now();
    const target = requestUrl.searchParams.get("url") ?? "";
    const entry: LogEntry = { kind: "page", at, status: 0, url: target };
    this.log.push(entry);
    const signal = clientGone(res);
    res.on("close", () => {
      entry.durationMs = Date.now() - at;
      if (!res.writableFinished) entry.aborted = true;
    });
    req.resume(); // a GET has no body worth reading; drain anything sent

    if (this.faults?.pageTimeout()) {
      entry.note = "injected timeout";
      await sleep(HANG_MS, signal);
      if (!signal.aborted) res.destroy();
      return;
    }
    const page = target ? this.find(target) : undefined;
    if (!page) {
      entry.status = target ? 404 : 400;
      entry.note = target ? "url not in scenario" : "missing ?url=";
      const text = target ? "Not Found" : "Bad Request: missing ?url=";
      res.writeHead(entry.status, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
      res.end(req.method === "HEAD" ? undefined : text);
      return;
    }
    await sleep(page.delay_ms ?? 0, signal);
    if (signal.aborted) return;
    const bytes = page.bodyBase64 !== undefined ? Buffer.from(page.bodyBase64, "base64") : Buffer.from(page.body ?? "", "utf8");
    entry.status = page.status;
    const headers: Record<string, string | number> = { "Content-Type": page.contentType, "Content-Length": bytes.length };
    for (const [k, v] of Object.entries(page.headers ?? {})) {
      for (const existing of Object.keys(headers)) if (existing.toLowerCase() === k.toLowerCase()) delete headers[existing];
      headers[k] = v;
    }
    res.writeHead(page.status, headers);
    res.end(req.method === "HEAD" ? undefined : bytes);
  }
}

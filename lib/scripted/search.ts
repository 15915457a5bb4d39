// Scripted Tavily-compatible `POST /search`: recorded responses by exact (whitespace-normalised) query.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Scenario, SearchEntry } from "./scenario";
import { clientGone, normalizeQuery, readJson, sendJson, sendRecorded, sleep, type LogEntry } from "./http";

/** Tavily refuses longer queries; the scripted search does too, so an uncapped query fails tests loudly (C13). */
export const TAVILY_MAX_QUERY_CHARS = 400;

/** What Tavily answers when nothing matches: 200 with no results. */
export function emptySearchBody(query: string) {
  return { query, answer: null, images: [], results: [], response_time: 0.01, follow_up_questions: null };
}

export class SearchScript {
  /** Recorded entries per normalised query; a query recorded twice is served in order, the last repeating. */
  private readonly byQuery = new Map<string, { entries: SearchEntry[]; served: number }>();

  constructor(
    scenario: Scenario,
    private readonly log: LogEntry[],
  ) {
    for (const entry of scenario.search) {
      const key = normalizeQuery(entry.query);
      const slot = this.byQuery.get(key) ?? { entries: [], served: 0 };
      slot.entries.push(entry);
      this.byQuery.set(key, slot);
    }
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const body = await readJson(req);
    const query = typeof body.query === "string" ? body.query : "";
    const entry: LogEntry = { kind: "search", at, status: 0, query };
    this.log.push(entry);
    const signal = clientGone(res);
    res.on("close", () => {
      entry.durationMs = Date.now() - at;
      if (!res.writableFinished) entry.aborted = true;
    });
    // The key may come as `Authorization: Bearer …` (@tavily/core) or `api_key` in the body (older clients);
    // neither is required, so keyless clients work too.

    if (query.length > TAVILY_MAX_QUERY_CHARS) {
      entry.status = 400;
      entry.note = `query of ${query.length} characters is over Tavily's limit`;
      sendJson(res, 400, { detail: { error: `Query is too long. Max query length is ${TAVILY_MAX_QUERY_CHARS} characters.` } });
      return;
    }
    const slot = this.byQuery.get(normalizeQuery(query));
    if (!slot) {
      entry.status = 200;
      entry.note = "query not in scenario: empty results";
      sendJson(res, 200, emptySearchBody(query));
      return;
    }
    const recorded = slot.entries[Math.min(slot.served, slot.entries.length - 1)]!;
    slot.served++;
    const { response } = recorded;
    await sleep((recorded.delay_ms ?? 0) + (response.delay_ms ?? 0), signal);
    if (signal.aborted) return;
    entry.status = response.status;
    sendRecorded(res, response.status, limitResults(response.body, body.max_results), {
      ...recorded.headers,
      ...response.headers,
    });
  }
}

/** Slices `results` to max_results when the request asked for fewer than were recorded. */
function limitResults(body: unknown, maxResults: unknown): unknown {
  if (typeof maxResults !== "number" || maxResults < 0 || !body || typeof body !== "object") return body;
  const results = (body as { results?: unknown }).results;
  if (!Array.isArray(results) || results.length <= maxResults) return body;
  return { ...body, results: results.slice(0, Math.floor(maxResults)) };
}

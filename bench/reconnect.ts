// `npx tsx bench/reconnect.ts [--events 5000] [--postgres URL]`
// Reconnecting to a finished run through the real SSE route (GET /api/runs/:id/events?after=N):
// the time from the request to the first missed event, and how many events per second a full replay
// delivers. The run (a realistic mix of token deltas, tool calls, plan, report) is written into a
// fresh store directly. "cold" = first request after a server start (the run is loaded from the
// store); "warm" = the run is already in memory.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { RunSettings, type RunEvent, type RunEventInput } from "@/lib/protocol/events";
import { readEventStream } from "@/lib/protocol/sse";
import { SqliteStore } from "@/lib/server/store/sqlite";
import { PostgresStore } from "@/lib/server/store/postgres";
import { emptyBatch, type Store } from "@/lib/server/store/types";
import { configureRunManager, shutdownRunManager } from "@/lib/server/runs";
import { GET } from "@/app/api/runs/[id]/events/route";

const { values } = parseArgs({ options: { events: { type: "string", default: "5000" }, postgres: { type: "string" }, rounds: { type: "string", default: "5" } } });
const N = Number(values.events);
const ROUNDS = Number(values.rounds);
const RUN = "bench-run";

function makeEvents(n: number): RunEvent[] {
  const settings = RunSettings.parse({ autoAccept: true });
  const out: RunEventInput[] = [{ type: "run_started", question: "How do heat pumps perform below -15 °C?", settings, locale: "en-US" }];
  const plan = { locale: "en-US", hasEnoughContext: false, thought: "t", title: "Heat pumps in the cold", steps: [0, 1, 2].map((i) => ({ title: `Step ${i}`, description: "d", needSearch: true, stepType: "research" as const })) };
  out.push({ type: "plan", plan, revision: 1 });
  let i = 0;
  while (out.length < n - 2) {
    const step = i % 3;
    if (i % 200 === 0) {
      out.push({ type: "tool_started", agent: "researcher", stepIndex: step, callId: `c${i}`, tool: "web_search", args: { query: `heat pump cold climate ${i}` } });
      out.push({
        type: "tool_finished", agent: "researcher", stepIndex: step, callId: `c${i}`, tool: "web_search", ok: true, durationMs: 420,
        result: { kind: "search", query: `q${i}`, hits: Array.from({ length: 5 }, (_, h) => ({ title: `Result ${h}`, url: `https://example.org/${i}/${h}`, domain: "example.org", snippet: "A snippet of about one line of text from the page.", score: 0.9 })), images: [] },
      });
    } else if (i % 3 === 0) out.push({ type: "report_delta", text: "The seasonal COP stays above 2 " });
    else out.push({ type: "text_delta", agent: "researcher", stepIndex: step, text: "findings text, a few words " });
    i++;
  }
  out.push({ type: "report_final", title: "Heat pumps in the cold", markdown: "# Heat pumps in the cold\n\nText [1].\n", sources: [] });
  out.push({ type: "done", status: "completed" });
  const t0 = Date.now() - n * 20;
  return out.slice(0, n).map((e, k) => ({ ...e, runId: RUN, seq: k + 1, ts: t0 + k * 20 }) as RunEvent);
}

async function openStore(dir: string): Promise<Store> {
  return values.postgres ? PostgresStore.open(values.postgres) : new SqliteStore(path.join(dir, "fathom.db"));
}

/** One GET …/events?after=N: ms to the first event, ms to the end, events received. */
async function reconnect(after: number): Promise<{ first: number; total: number; count: number }> {
  const t0 = performance.now();
  const res = await GET(new Request(`http://bench.local/api/runs/${RUN}/events?after=${after}`), { params: Promise.resolve({ id: RUN }) });
  let first = -1;
  let count = 0;
  await readEventStream(res.body!, {
    onEvent: () => {
      if (first < 0) first = performance.now() - t0;
      count++;
    },
  });
  return { first, total: performance.now() - t0, count };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fathom-bench-reconnect-"));
  const events = makeEvents(N);
  const now = Date.now();
  const seed = await openStore(dir);
  const t = performance.now();
  await seed.commit({
    ...emptyBatch(),
    runs: [{ id: RUN, threadId: RUN, parentRunId: null, question: "bench", title: "bench", titleEdited: false, status: "completed", createdAt: now, updatedAt: now, settings: RunSettings.parse({}), locale: "en-US", demo: null, scenarioFile: null, sourceCount: 5, lastSeq: N, owner: null, heartbeatAt: 0 }],
    events,
  });
  const writeMs = performance.now() - t;
  await seed.close();
  const bytes = events.reduce((n, e) => n + JSON.stringify(e).length, 0);

  const cold = { firstMissed: [] as number[], replay: [] as number[] };
  const warm = { firstMissed: [] as number[], replay: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    // A server start: a new run manager on the same store; the run is loaded on the first request.
    await shutdownRunManager();
    configureRunManager({ store: await openStore(dir), resumeOnStart: false });
    const c = await reconnect(Math.floor(N / 2));
    if (c.count !== N - Math.floor(N / 2)) throw new Error(`cold reconnect got ${c.count} events`);
    cold.firstMissed.push(c.first);
    const w = await reconnect(Math.floor(N / 2));
    warm.firstMissed.push(w.first);
    const full = await reconnect(0);
    if (full.count !== N) throw new Error(`replay got ${full.count} of ${N} events`);
    warm.replay.push((N / full.total) * 1000);
    await shutdownRunManager();
    configureRunManager({ store: await openStore(dir), resumeOnStart: false });
    const coldFull = await reconnect(0);
    cold.replay.push((N / coldFull.total) * 1000);
  }
  await shutdownRunManager();
  rmSync(dir, { recursive: true, force: true });

  const store = values.postgres ? "PostgreSQL" : "SQLite";
  console.log(`Reconnect to a finished ${N.toLocaleString("en-US")}-event run (${(bytes / 1e6).toFixed(1)} MB of JSON) on ${store}, median of ${ROUNDS}:`);
  console.log(`  writing the log into the store:              ${writeMs.toFixed(0)} ms (one transaction)`);
  console.log(`  reconnect → first missed event, cold start:  ${median(cold.firstMissed).toFixed(1)} ms (run loaded from the store)`);
  console.log(`  reconnect → first missed event, warm:        ${median(warm.firstMissed).toFixed(1)} ms`);
  console.log(`  full replay, cold start:                     ${Math.round(median(cold.replay)).toLocaleString("en-US")} events/s`);
  console.log(`  full replay, warm:                           ${Math.round(median(warm.replay)).toLocaleString("en-US")} events/s`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

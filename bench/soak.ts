// Soak: N concurrent research runs (default 20) of a bundled 3-step demo (two research steps and a
// Python step) through the real run manager, graph, tools and sandbox, against scripted servers that
// inject faults at random with a fixed seed: ~10 % of model replies are a retryable 429 (Retry-After: 1)
// or 500, ~10 % of page requests never answer (the crawler times out). Prints runs completed, steps
// lost (neither done nor failed), p50/p95 run time relative to a fault-free run of the same scenario,
// and this process's RSS and heap before and after. Bounded: unfinished runs are stopped at the
// deadline. Only localhost.
// The same N runs without faults are timed too, so the cost of the faults shows apart from that of
// sharing the machine.
// Usage: npm run bench:soak -- [options], or npx tsx bench/soak.ts [--runs 20] [--seed 7] [--model-error-rate 0.1] [--page-timeout-rate 0.1] [--deadline-s 600]
import { parseArgs } from "node:util";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { setMaxListeners } from "node:events";
import type { RunEvent } from "@/lib/protocol/events";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "20" },
    seed: { type: "string", default: "7" },
    "model-error-rate": { type: "string", default: "0.1" },
    "page-timeout-rate": { type: "string", default: "0.1" },
    "deadline-s": { type: "string", default: "600" },
    scenario: { type: "string", default: "lib/demos/china-ev-market-share.json" },
  },
});
const RUNS = Number(values.runs);
const SEED = Number(values.seed);
const MODEL_ERROR_RATE = Number(values["model-error-rate"]);
const PAGE_TIMEOUT_RATE = Number(values["page-timeout-rate"]);
const DEADLINE_MS = Number(values["deadline-s"]) * 1000;
const SCENARIO = path.resolve(values.scenario);

// The run manager keeps its store in FATHOM_DATA_DIR: a throwaway one, never the repository's .data/.
const dataDir = mkdtempSync(path.join(os.tmpdir(), "fathom-soak-"));
process.env.FATHOM_DATA_DIR = dataDir;
delete process.env.DATABASE_URL;
const { parseConfig } = await import("@/lib/server/config");
const { follow, startRun, stopRun, shutdownRunManager } = await import("@/lib/server/runs");

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
function memory() {
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

interface Outcome {
  status: string;
  seconds: number;
  planned: number;
  done: number;
  failed: number;
  faults: { model: number; page: number };
  /** Tool calls by tool: [made, failed]. */
  tools: Record<string, [number, number]>;
}

const config = parseConfig({ ...process.env, FATHOM_REPORTS_DIR: path.join(dataDir, "reports") });

async function oneRun(i: number, faults: boolean, deadline: AbortSignal): Promise<Outcome> {
  const started = performance.now();
  const run = await startRun({ question: "", settings: { autoAccept: true } }, config, {
    scenarioFile: SCENARIO,
    maxActiveRuns: RUNS + 1,
    scripted: faults ? { faults: { seed: SEED * 1000 + i, modelErrorRate: MODEL_ERROR_RATE, pageTimeoutRate: PAGE_TIMEOUT_RATE } } : {},
  });
  const scripted = run.scripted;
  const onDeadline = () => stopRun(run);
  deadline.addEventListener("abort", onDeadline, { once: true });
  const events: RunEvent[] = [];
  const status = await new Promise<string>((resolve) =>
    follow(run, 0, (e) => {
      events.push(e);
      if (e.type === "done" && e.status !== "awaiting_plan_review") resolve(e.status);
    }),
  );
  deadline.removeEventListener("abort", onDeadline);
  const plan = events.filter((e): e is Extract<RunEvent, { type: "plan" }> => e.type === "plan").at(-1)?.plan;
  const ended = new Map<number, string>();
  for (const e of events) if (e.type === "agent_finished" && e.stepIndex !== undefined) ended.set(e.stepIndex, e.status);
  const statuses = [...ended.values()];
  const tools: Record<string, [number, number]> = {};
  for (const e of events) {
    if (e.type !== "tool_finished") continue;
    const t = (tools[e.tool] ??= [0, 0]);
    t[0]++;
    if (!e.ok) t[1]++;
  }
  return {
    status,
    seconds: (performance.now() - started) / 1000,
    planned: plan?.steps.length ?? 0,
    done: statuses.filter((s) => s === "done").length,
    failed: statuses.filter((s) => s === "failed").length,
    faults: scripted?.injected() ?? { model: 0, page: 0 },
    tools,
  };
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

const before = memory();
const never = new AbortController().signal;
// Warm-up (module loading, tokenizer ranks, jsdom), then the fault-free reference run.
const warm = await oneRun(-1, false, never);
if (warm.status !== "completed") throw new Error(`warm-up run ended ${warm.status}`);
const reference = await oneRun(-2, false, never);
if (reference.status !== "completed") throw new Error(`fault-free run ended ${reference.status}`);

const deadline = new AbortController();
setMaxListeners(RUNS * 2 + 10, deadline.signal); // every run listens for the deadline
const timer = setTimeout(() => deadline.abort(), DEADLINE_MS);
async function batch(faults: boolean) {
  const started = performance.now();
  const outcomes = await Promise.all(Array.from({ length: RUNS }, (_, i) => oneRun(i, faults, deadline.signal)));
  return { outcomes, wall: (performance.now() - started) / 1000, times: outcomes.map((o) => o.seconds).sort((a, b) => a - b) };
}
// The same number of concurrent runs without faults, to tell the cost of faults from that of sharing two cores.
const calm = await batch(false);
const soak = await batch(true);
clearTimeout(timer);
const { outcomes, wall, times } = soak;
await new Promise((r) => setTimeout(r, 200)); // scripted servers are released after `done`
const after = memory();

const completed = outcomes.filter((o) => o.status === "completed").length;
const lost = outcomes.reduce((n, o) => n + (o.planned - o.done - o.failed), 0);
const failedSteps = outcomes.reduce((n, o) => n + o.failed, 0);
const planned = outcomes.reduce((n, o) => n + o.planned, 0);
const injected = outcomes.reduce((t, o) => ({ model: t.model + o.faults.model, page: t.page + o.faults.page }), { model: 0, page: 0 });
const byStatus = Object.entries(outcomes.reduce<Record<string, number>>((m, o) => ((m[o.status] = (m[o.status] ?? 0) + 1), m), {}))
  .map(([s, n]) => `${n} ${s}`)
  .join(", ");
const toolStats = (list: Outcome[]) => {
  const sum: Record<string, [number, number]> = {};
  for (const o of list) for (const [tool, [made, failed]] of Object.entries(o.tools)) {
    const t = (sum[tool] ??= [0, 0]);
    t[0] += made;
    t[1] += failed;
  }
  return Object.entries(sum).map(([tool, [made, failed]]) => `${tool} ${failed}/${made}`).join(", ");
};
const p50 = percentile(times, 50);
const p95 = percentile(times, 95);

console.log(`scenario: ${path.relative(process.cwd(), SCENARIO)}; ${RUNS} concurrent runs; seed ${SEED}; model error rate ${MODEL_ERROR_RATE}, page timeout rate ${PAGE_TIMEOUT_RATE}`);
console.log(`faults injected: ${injected.model} model replies (429/500), ${injected.page} page timeouts`);
console.log(`runs completed: ${completed} of ${RUNS} (${byStatus})`);
console.log(`steps lost (neither done nor failed): ${lost} of ${planned} (goal 0); steps failed: ${failedSteps}`);
console.log(`tool calls failed (failed/made): with faults ${toolStats(outcomes)}; without faults ${toolStats(calm.outcomes)}`);
console.log(`fault-free run, alone: ${reference.seconds.toFixed(1)} s`);
const calmP50 = percentile(calm.times, 50);
const calmP95 = percentile(calm.times, 95);
const calmDone = calm.outcomes.filter((o) => o.status === "completed").length;
console.log(`${RUNS} concurrent, no faults: p50 ${calmP50.toFixed(1)} s (${(calmP50 / reference.seconds).toFixed(1)}x), p95 ${calmP95.toFixed(1)} s (${(calmP95 / reference.seconds).toFixed(1)}x); ${calmDone} of ${RUNS} completed`);
console.log(`${RUNS} concurrent, with faults: p50 ${p50.toFixed(1)} s (${(p50 / reference.seconds).toFixed(1)}x alone, ${(p50 / calmP50).toFixed(2)}x concurrent fault-free), p95 ${p95.toFixed(1)} s (${(p95 / reference.seconds).toFixed(1)}x alone, ${(p95 / calmP95).toFixed(2)}x concurrent fault-free); all done after ${wall.toFixed(1)} s`);
console.log(`process memory: RSS ${mb(before.rss)} before, ${mb(after.rss)} after; heap ${mb(before.heap)} before, ${mb(after.heap)} after (after GC)`);

await shutdownRunManager().catch(() => {});
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);

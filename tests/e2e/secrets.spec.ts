// Pins that secrets stay on the server: the client bundle and prerendered pages hold no key that was in the build's environment and no server-only module; a demo run's events, report and every GET route of the run hold no scripted key and no Bearer; a live run on a second server whose providers echo its (canary) keys shows them in no response and no log line.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { startScripted, type ScriptedServer } from "@/lib/scripted/server";
import { startNextServer, type NextServer } from "./next-server";

/** Set in the build's environment by lib/cli/test.mjs; nothing may inline it into the client. */
const BUILD_CANARY = "tvly-fathom-build-canary-0d9e";
const dist = process.env.FATHOM_DIST_DIR || ".next-test";

function filesUnder(dir: string, keep: (f: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const f = path.join(dir, name);
    return statSync(f).isDirectory() ? filesUnder(f, keep) : keep(f) ? [f] : [];
  });
}

/** Every GET API route that belongs to one run (every app/api route file with a GET, [id] filled in), plus the others without parameters. */
function getRoutes(runId: string): string[] {
  return filesUnder("app/api", (f) => f.endsWith("route.ts"))
    .filter((f) => /export\s+(async\s+)?function\s+GET\b|export\s+const\s+GET\b/.test(readFileSync(f, "utf8")))
    .map((f) => `/${path.dirname(path.relative("app", f)).split(path.sep).join("/")}`.replace("[id]", encodeURIComponent(runId)))
    .filter((p) => !p.includes("["));
}

async function fetchAll(base: string, paths: string[]): Promise<string> {
  const bodies = await Promise.all(paths.map(async (p) => `${p}\n${Buffer.from(await (await fetch(`${base}${p}`)).arrayBuffer()).toString("latin1")}`));
  return bodies.join("\n");
}

async function finishedRun(request: APIRequestContext, base: string, body: object): Promise<{ runId: string; events: string }> {
  const started = await request.post(`${base}/api/runs`, { data: body });
  expect(started.status(), await started.text()).toBe(201);
  const { runId } = (await started.json()) as { runId: string };
  const events = await (await request.get(`${base}/api/runs/${runId}/events`, { timeout: 90_000 })).text(); // the stream ends at `done`
  expect(events).toMatch(/"type":"done","status":"completed"|"status":"completed"[^}]*"type":"done"/);
  return { runId, events };
}

test("the client bundle and prerendered pages hold no build-time key and no server-only code", () => {
  const client = filesUnder(path.join(dist, "static"), (f) => f.endsWith(".js"));
  expect(client.length).toBeGreaterThan(0);
  const prerendered = filesUnder(path.join(dist, "server", "app"), (f) => /\.(html|rsc|body|meta)$/.test(f));
  for (const f of [...client, ...prerendered]) {
    const text = readFileSync(f, "latin1");
    expect(text, f).not.toContain(BUILD_CANARY);
    for (const marker of ["scripted-key", "tvly-scripted", "not-needed", "Invalid configuration:"]) expect(text, `${f} holds server code (${marker})`).not.toContain(marker);
  }
});

test("a demo run's events, report and every GET route of the run hold no scripted key and no Bearer", async ({ request, baseURL }) => {
  const { runId, events } = await finishedRun(request, baseURL!, { question: "", demo: "solar-vs-wind-costs", settings: { autoAccept: true } });
  const routes = getRoutes(runId);
  expect(routes).toContain(`/api/runs/${runId}/report.md`);
  const everything = `${events}\n${await fetchAll(baseURL!, routes)}`;
  expect(everything).toContain("# "); // the report came back
  for (const secret of ["scripted-key", "tvly-scripted", "Bearer"]) expect(everything).not.toContain(secret);
});

test.describe("a live server whose providers echo its keys", () => {
  const LLM_KEY = "sk-fathom-secret-canary-e2e-8c21";
  const TAVILY_KEY = "tvly-fathom-secret-canary-e2e-3f70";
  const QUESTION = "Research sodium-ion cells";
  let scripted: ScriptedServer;
  let server: NextServer;

  test.beforeAll(async () => {
    const echo = (key: string) => ({ status: 400, body: { error: { message: `Incorrect API key provided: ${key}. You can find your API key at https://platform.example/keys.` } } });
    const plan = { locale: "en-US", has_enough_context: false, thought: "t", title: "Sodium-ion cells", steps: ["Find data", "Check costs"].map((title) => ({ need_search: true, step_type: "research", title, description: title })) };
    scripted = await startScripted({
      scenario: {
        format: "research-scenario/1",
        name: "echoing-providers",
        question: QUESTION,
        model: [
          { agent: "coordinator", tool_calls: [{ name: "handoff_to_planner", args: { research_topic: QUESTION } }] },
          { agent: "planner", content: JSON.stringify(plan) },
          { agent: "researcher", step: "Find data", tool_calls: [{ name: "web_search", args: { query: "sodium-ion cells 2024" } }] },
          { agent: "researcher", step: "Find data", content: "Sodium-ion cells reached 160 Wh/kg ([A](https://example.org/a))." },
          { agent: "researcher", step: "Check costs", error: echo(LLM_KEY) },
          { agent: "reporter", content: "# Sodium-ion cells\n\n## Key Points\n\n- 160 Wh/kg [1].\n" },
        ],
        search: [
          { query: QUESTION, response: { status: 401, body: { detail: { error: `Unauthorized: invalid API key ${TAVILY_KEY}` } } } },
          { query: "sodium-ion cells 2024", response: { status: 200, body: { query: "q", answer: null, images: [], results: [{ title: "A", url: "https://example.org/a", content: "160 Wh/kg", score: 0.9 }] } } },
        ],
      },
    });
    server = await startNextServer({
      LLM_BASE_URL: scripted.env.LLM_BASE_URL,
      LLM_API_KEY: LLM_KEY,
      LLM_MAX_RETRIES: "0",
      TAVILY_API_KEY: TAVILY_KEY,
      TAVILY_BASE_URL: scripted.url,
      FATHOM_WEB_ROUTE: scripted.env.FATHOM_WEB_ROUTE,
    });
  });
  test.afterAll(async () => {
    await server?.stop();
    await scripted?.close();
  });

  test("the keys reach no event, report, API answer, page or log line", async ({ request }) => {
    const config = await (await fetch(`${server.url}/api/config`)).json();
    expect(config.live).toBe(true);
    const { runId, events } = await finishedRun(request, server.url, { question: QUESTION, settings: { autoAccept: true } });
    expect(events).toContain("Incorrect API key provided: [redacted]"); // the echo happened and was caught
    expect(events).toContain("invalid API key [redacted]");
    const pages = await fetchAll(server.url, ["/", `/research/${runId}`]);
    const everything = `${events}\n${JSON.stringify(config)}\n${await fetchAll(server.url, getRoutes(runId))}\n${pages}`;
    const log = server.output();
    expect(log).toMatch(/\[fathom\] step 1 \(Check costs\) failed/);
    for (const text of [everything, log]) {
      expect(text).not.toContain(LLM_KEY);
      expect(text).not.toContain(TAVILY_KEY);
      expect(text).not.toMatch(/Bearer (?!\[redacted\])[A-Za-z0-9._~+/=-]{8,}/);
    }
  });
});

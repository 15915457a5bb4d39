// Scenario schema, loading errors, listing, JSON extraction and stream splitting; shared scenario files parse and replay.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { extractJsonObject, listScenarios, loadScenario, parseScenario, STEP_AGENTS, type ScenarioInput } from "@/lib/scripted/scenario";
import { splitText } from "@/lib/scripted/chat-reply";
import { startScripted } from "@/lib/scripted/server";

const base = (over: Partial<ScenarioInput> = {}): ScenarioInput => ({
  format: "research-scenario/1",
  name: "dup-name",
  question: "How tall is it?",
  locale: "en-US",
  model: [{ agent: "planner", content: '```json\n{"title": "Heights {compared}", "steps": []}\n```' }],
  search: [],
  pages: [],
  ...over,
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "scripted-scenarios-"));
  await writeFile(path.join(dir, "b-fenced.json"), JSON.stringify(base()));
  await writeFile(path.join(dir, "a-prose.json"), JSON.stringify(base({ model: [{ agent: "planner", content: "not json at all" }] })));
  await writeFile(path.join(dir, "c-bad.json"), JSON.stringify(base({ model: [{ agent: "researcher", content: "x" }] })));
  await writeFile(path.join(dir, "d-broken.json"), "{ nope");
  await writeFile(path.join(dir, "notes.txt"), "ignored");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("scenario schema and loading", () => {
  it("fills defaults and accepts fault fields", () => {
    const s = parseScenario(
      base({
        model: [
          { agent: "planner", error: { status: 429, body: { error: "slow" }, headers: { "retry-after": "2" } } },
          { agent: "researcher", step: "S", chunks: ["<thi", "nk>"], finish_reason: "length", delay_ms: 5, reasoning_content: "r" },
        ],
        search: [{ query: "q", delay_ms: 3, headers: { a: "b" }, response: { status: 500, body: "oops" } }],
        pages: [{ url: "https://x.example/", bodyBase64: "AAE=" }],
        plan_feedback: "more detail",
      }),
    );
    expect(s.pages[0]).toMatchObject({ status: 200, contentType: "text/html; charset=utf-8" });
    expect(s.model[1]?.chunks).toEqual(["<thi", "nk>"]);
  });

  it("names the file and the field on invalid input", async () => {
    await expect(loadScenario(path.join(dir, "c-bad.json"))).rejects.toThrow(/c-bad\.json[\s\S]*model\[0\]\.step/);
    await expect(loadScenario(path.join(dir, "d-broken.json"))).rejects.toThrow(/d-broken\.json: not valid JSON/);
    await expect(loadScenario(path.join(dir, "missing.json"))).rejects.toThrow(/Scenario file not found: .*missing\.json/);
    expect(() => parseScenario({ ...base(), format: "research-scenario/2" })).toThrow(/format/);
    expect(() => parseScenario(base({ model: [{ agent: "planner", content: "ab", chunks: ["a"] }] }))).toThrow(/model\[0\]\.chunks/);
  });

  it("lists valid scenarios by file name with plan titles", async () => {
    const list = await listScenarios(dir);
    expect(list.map((s) => [s.id, s.name, s.title])).toEqual([
      ["a-prose", "dup-name", "How tall is it?"],
      ["b-fenced", "dup-name", "Heights {compared}"],
    ]);
    expect(list[0]?.file).toBe(path.join(dir, "a-prose.json"));
    expect(await listScenarios(path.join(dir, "nope"))).toEqual([]);
  });

  it("extracts the first balanced JSON object from prose and fences", () => {
    expect(extractJsonObject('Plan {draft} below:\n```json\n{"a": "}{", "b": {"c": 1}}\n```\nthanks')).toBe('{"a": "}{", "b": {"c": 1}}');
    expect(extractJsonObject("no json here")).toBeNull();
  });

  it("splits stream text into small pieces that join back exactly", () => {
    for (const text of ["Hello there, this is a reasonably long sentence.\n\n## Title\n- item", "京东和美团在外卖市场的历史发展情况 与 🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀", ""]) {
      const pieces = splitText(text);
      expect(pieces.join("")).toBe(text);
      expect(pieces.every((p) => Array.from(p).length <= 24)).toBe(true);
    }
  });
});

const shared = path.resolve(process.cwd(), "../shared/scenarios");

describe.skipIf(!existsSync(shared))("shared scenarios", () => {
  const files = existsSync(shared) ? readdirSync(shared).filter((f) => f.endsWith(".json")) : [];

  it.each(files)("%s parses", async (file) => {
    const s = await loadScenario(path.join(shared, file));
    expect(s.model.length).toBeGreaterThan(0);
  });

  it("lists every shared scenario with a title", async () => {
    const list = await listScenarios(shared);
    expect(list.map((s) => `${s.id}.json`)).toEqual([...files].sort());
    for (const s of list) expect(s.title.length).toBeGreaterThan(0);
  });

  it.each(files)("%s replays turn by turn until nothing is left", async (file) => {
    const server = await startScripted({ scenarioPath: path.join(shared, file) });
    try {
      for (const turn of server.scenario.model) {
        const messages: object[] = [{ role: "system", content: `You are Fathom's ${turn.agent} agent.` }];
        if (STEP_AGENTS.includes(turn.agent)) messages.push({ role: "user", content: `# Task\n\nCurrent step: ${turn.step}\n` });
        const res = await fetch(`${server.env.LLM_BASE_URL}/chat/completions`, {
          method: "POST",
          body: JSON.stringify({ model: "m", stream: true, messages }),
        });
        expect(res.status).toBe(200);
        expect(await res.text()).toMatch(/data: \[DONE\]\n\n$/);
      }
      expect(server.remaining()).toEqual([]);
      for (const { query } of server.scenario.search) {
        const res = await fetch(`${server.url}/search`, { method: "POST", body: JSON.stringify({ query }) });
        expect(((await res.json()) as { results: unknown[] }).results.length).toBeGreaterThan(0);
      }
      for (const p of server.scenario.pages) {
        expect((await fetch(`${server.env.FATHOM_WEB_ROUTE}?url=${encodeURIComponent(p.url)}`)).status).toBe(p.status);
      }
    } finally {
      await server.close();
    }
  });
});

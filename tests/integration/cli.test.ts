// Pins the research CLI: a scenario run with --auto-accept writes the report and the event log,
// prints the quality summary and the report's path last, and exits 0; bad input exits non-zero.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const tsx = path.resolve("node_modules/.bin/tsx");
const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(tsx, ["lib/cli/research.ts", ...args], { encoding: "utf8", env: { ...process.env, LLM_API_KEY: "", LLM_BASE_URL: "", OPENAI_API_KEY: "", TAVILY_API_KEY: "", ...env }, timeout: 120_000 });

describe("npm run research", () => {
  it("replays the Chinese demo and writes a Chinese report, events and the path as the last line", () => {
    const out = mkdtempSync(path.join(os.tmpdir(), "fathom-cli-"));
    const events = path.join(out, "events.jsonl");
    const r = cli(["--scenario", "lib/demos/china-ev-market-share.json", "--auto-accept", "--out", out, "--events", events]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    const file = lines.at(-1)!;
    expect(path.dirname(file)).toBe(out);
    expect(file.endsWith(".md")).toBe(true);
    expect(readFileSync(file, "utf8")).toMatch(/^# .*[\u4e00-\u9fff]/);
    expect(r.stdout).toMatch(/Quality: citation validity 100%/);
    const logged = readFileSync(events, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(logged[0].type).toBe("run_started");
    expect(logged.at(-1)).toMatchObject({ type: "done", status: "completed" });
    expect(logged.some((e) => e.type === "tool_finished" && e.tool === "crawl" && !e.ok)).toBe(true);
    expect(r.stderr).toMatch(/web_search/);
  });

  it("without a model or scenario it says what to configure and exits non-zero", () => {
    const r = cli(["What is new in fusion?"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/TAVILY_API_KEY/);
  });

  it("a missing scenario file is a clear error", () => {
    const r = cli(["--scenario", "nope.json", "--auto-accept"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nope\.json/);
  });
});

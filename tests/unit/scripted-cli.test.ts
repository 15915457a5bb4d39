// The scripted CLI: prints export lines and a summary, serves until signalled, fails clearly on a bad file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const CLI = path.resolve(process.cwd(), "lib/scripted/cli.ts");

function run(args: string[]) {
  return spawn(process.execPath, ["--import", "tsx", CLI, ...args], { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
}

function exited(child: ReturnType<typeof run>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "scripted-cli-"));
  const scenario = { format: "research-scenario/1", name: "cli", question: "Q?", locale: "en-US", model: [{ agent: "coordinator", content: "Hello!" }] };
  await writeFile(path.join(dir, "ok.json"), JSON.stringify(scenario));
  await writeFile(path.join(dir, "bad.json"), JSON.stringify({ ...scenario, model: [{ agent: "nobody" }] }));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("scripted CLI", () => {
  it("prints the env, serves, and stops on SIGINT", async () => {
    const child = run(["--scenario", path.join(dir, "ok.json"), "--port", "0", "--latency-ms", "1"]);
    const done = exited(child);
    let out = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("Ctrl+C")) resolve();
      });
      child.on("exit", () => reject(new Error(`cli exited early: ${out}`)));
    });
    const env = Object.fromEntries([...out.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    expect(Object.keys(env)).toEqual(["LLM_BASE_URL", "LLM_API_KEY", "LLM_MODEL", "TAVILY_API_KEY", "TAVILY_BASE_URL", "FATHOM_WEB_ROUTE"]);
    expect(out).toMatch(/# scripted: "cli" \(ok\.json\) on http:\/\/127\.0\.0\.1:\d+: 1 model turns/);
    const models = await fetch(`${env.LLM_BASE_URL}/models`);
    expect(models.status).toBe(200);
    child.kill("SIGINT");
    expect((await done).code).toBe(0);
  });

  it("fails clearly for a missing or invalid file", async () => {
    const missing = await exited(run(["--scenario", path.join(dir, "nope.json")]));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Scenario file not found: .*nope\.json/);
    const bad = await exited(run(["--scenario", path.join(dir, "bad.json")]));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.json[\s\S]*model\[0\]\.agent/);
    const usage = await exited(run([]));
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--scenario FILE is required/);
  });
});

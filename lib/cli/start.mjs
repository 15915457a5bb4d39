#!/usr/bin/env node
// `npm start`: builds the app when the build is missing or older than the sources, then serves it.
// With no model or search key configured the app runs in demo mode and says what to configure.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = process.cwd();
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const buildId = path.join(root, ".next", "BUILD_ID");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const sources = ["app", "components", "lib", "agents", "graph", "tools"].filter((d) => existsSync(d));
const stale = !existsSync(buildId) || Math.max(...sources.map((d) => newestSource(path.join(root, d)))) > statSync(buildId).mtimeMs;
if (stale) {
  console.log("Building Fathom (first start or changed sources; about a minute)…");
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const port = process.env.PORT || "3000";
const live = Boolean(process.env.LLM_BASE_URL || process.env.LLM_API_KEY || process.env.OPENAI_API_KEY) && Boolean(process.env.TAVILY_API_KEY);
const envFile = existsSync(".env.local") || existsSync(".env");
console.log(`\nFathom on http://localhost:${port}`);
if (!live && !envFile) {
  console.log("No model or search key configured: running recorded demos only.");
  console.log("For live research set LLM_BASE_URL / LLM_API_KEY / LLM_MODEL and TAVILY_API_KEY (see .env.example).\n");
}
const server = spawn(process.execPath, [nextBin, "start", "-p", port], { stdio: "inherit", env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));

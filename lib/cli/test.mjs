#!/usr/bin/env node
// `npm test`: every test. Unit and integration tests (vitest) against the scripted servers, then the
// browser suite (Playwright) against a production build. Uses Debian's Chromium when present,
// otherwise Playwright's own browser (installed on demand where the network allows it).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const bin = (name) => path.join(process.cwd(), "node_modules", ".bin", name);
const run = (cmd, args, extraEnv = {}) => {
  console.log(`\n$ ${path.basename(cmd)} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  return r.status ?? 1;
};

let failed = run(bin("vitest"), ["run"]);

const chromium = process.env.CHROMIUM_PATH || ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
if (!chromium) {
  console.log("No system Chromium found; using Playwright's own browser.");
  if (run(bin("playwright"), ["install", "chromium"]) !== 0) {
    console.error("Could not install Playwright's Chromium. Install Chromium (e.g. apt-get install chromium) and set CHROMIUM_PATH.");
    process.exit(1);
  }
}
// A key in the build's environment that nothing may inline into the client (tests/e2e/secrets.spec.ts
// greps the bundle for it). A search key alone leaves the app in demo mode.
const buildEnv = { FATHOM_DIST_DIR: ".next-test", TAVILY_API_KEY: "tvly-fathom-build-canary-0d9e" };
if (run(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "build"], buildEnv) !== 0) process.exit(1);
failed ||= run(bin("playwright"), ["test"], chromium ? { CHROMIUM_PATH: chromium } : {});
process.exit(failed ? 1 : 0);

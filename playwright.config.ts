// Browser suite: real Chromium against a production build of the app in demo mode, whose demos
// are the bundled scenarios, the test fixtures and (when present) the shared recorded sessions.
import { defineConfig } from "@playwright/test";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";

const PORT = Number(process.env.FATHOM_E2E_PORT) || 3102;
/** The app's store for this session; emptied when a session starts, so runs never leak between sessions. */
const E2E_DATA_DIR = process.env.FATHOM_E2E_DATA_DIR || "test-results/data";
// Workers load this file too (with TEST_WORKER_INDEX set); only the main process, before the web server starts, clears it.
if (!process.env.TEST_WORKER_INDEX) rmSync(E2E_DATA_DIR, { recursive: true, force: true });
const shared = path.resolve("../shared/scenarios");
const demoDirs = ["lib/demos", "tests/fixtures/scenarios", ...(existsSync(shared) ? [shared] : [])];
const executablePath = process.env.CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  outputDir: "test-results/e2e",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: "chromium",
    acceptDownloads: true,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  webServer: {
    command: `node node_modules/next/dist/bin/next start -p ${PORT} -H 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}/api/config`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      FATHOM_DIST_DIR: process.env.FATHOM_DIST_DIR || ".next-test",
      FATHOM_DEMO_SCENARIOS: demoDirs.join(path.delimiter),
      FATHOM_REPORTS_DIR: "test-results/reports",
      FATHOM_DATA_DIR: E2E_DATA_DIR,
      DATABASE_URL: "",
      LLM_BASE_URL: "",
      LLM_API_KEY: "",
      OPENAI_API_KEY: "",
      OPENAI_BASE_URL: "",
      TAVILY_API_KEY: "",
    },
  },
});

// Shared steps for the browser specs: error watching, opening a demo, finishing a run and checking the
// download, reading a run's events back from the API.
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { RunEvent } from "@/lib/protocol/events";

export const reportsDir = path.resolve("test-results/reports");
export const shared = path.resolve("../shared/scenarios");
export const ids = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, "")) : []);

/** Collects page errors and console errors (a failed resource load is the server's answer, not a bug). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !/Failed to load resource/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** Starts a demo from the home page; returns the run id. */
export async function openDemo(page: Page, id: string) {
  await page.goto("/");
  const card = page.locator(`[data-testid=demo-card][data-demo-id="${id}"]`);
  await card.click();
  await page.waitForURL(/\/research\//);
  return page.url().split("/research/")[1]!.split(/[?#]/)[0]!;
}

/** Waits for completion and checks the downloaded .md is byte-equal to the stored report. */
export async function finishAndDownload(page: Page, runId: string) {
  await expect(page.getByTestId("run-status")).toHaveText(/completed/i, { timeout: 90_000 });
  const report = page.getByTestId("report");
  await expect(report.locator("h1").first()).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-md").click()]);
  const file = await download.path();
  const stored = readFileSync(path.join(reportsDir, `${runId}.md`));
  expect(readFileSync(file).equals(stored)).toBe(true);
  return { report, name: download.suggestedFilename() };
}

/** A finished run's whole event log, read from GET /api/runs/:id/events (SSE text). */
export async function runEvents(request: APIRequestContext, runId: string): Promise<RunEvent[]> {
  const res = await request.get(`/api/runs/${encodeURIComponent(runId)}/events`);
  expect(res.ok()).toBe(true);
  const frames = (await res.text()).split(/\r?\n\r?\n/);
  const events: RunEvent[] = [];
  for (const frame of frames) {
    const data = frame
      .split(/\r?\n/)
      .filter((l) => l.startsWith("data:"))
      .map((l) => l.slice(5).replace(/^ /, ""))
      .join("\n");
    if (data) events.push(JSON.parse(data) as RunEvent);
  }
  return events;
}

/** A scenario file of the test demos (bundled, fixtures, shared). */
export function scenario(id: string): { plan_feedback?: string; model: { agent: string; content?: string }[] } {
  const file = [`lib/demos/${id}.json`, `tests/fixtures/scenarios/${id}.json`, path.join(shared, `${id}.json`)].find((f) => existsSync(f));
  if (!file) throw new Error(`no scenario ${id}`);
  return JSON.parse(readFileSync(file, "utf8"));
}

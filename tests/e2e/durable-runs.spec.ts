// Pins durable research in the browser: a reload mid-run continues the timeline with no gap and no
// duplicate; a run whose tab was closed finishes and is listed in the history (also in the phone
// drawer), searchable and openable; rename and delete from the history (delete leaves no row, event
// or checkpoint); an interrupted run resumes from the Resume button; replay at real speed; and the
// report exports (HTML with the citations' links and images, DOCX zip, PDF).
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { openDemo, reportsDir, runEvents, watchErrors } from "./helpers";

const dataDir = path.resolve(process.env.FATHOM_E2E_DATA_DIR || "test-results/data");
const dbFile = path.join(dataDir, "fathom.db");

async function startDemo(request: APIRequestContext, demo: string, settings: Record<string, unknown> = { autoAccept: true }): Promise<string> {
  const res = await request.post("/api/runs", { data: { question: "", demo, settings } });
  expect(res.status()).toBe(201);
  return (await res.json()).runId as string;
}

/** The finished slow-steps run of the "tab closed" test, reused by later tests (tests run in order, one worker). */
let finishedSlowRun: string | undefined;

async function slowRun(request: APIRequestContext): Promise<string> {
  if (!finishedSlowRun) {
    const runId = await startDemo(request, "slow-steps");
    await waitForStatus(request, runId, "completed");
    finishedSlowRun = runId;
  }
  return finishedSlowRun;
}

async function waitForStatus(request: APIRequestContext, runId: string, status: string) {
  await expect
    .poll(async () => (await (await request.get(`/api/runs/${runId}`)).json()).status, { timeout: 90_000, intervals: [250] })
    .toBe(status);
}

/** Rows about a run in every table of the store, LangGraph's checkpoint tables included. */
function traces(runId: string): Record<string, number> {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get(runId) as { n: number }).n;
    return {
      runs: count("SELECT count(*) AS n FROM fathom_runs WHERE id = ?"),
      events: count("SELECT count(*) AS n FROM fathom_events WHERE run_id = ?"),
      reports: count("SELECT count(*) AS n FROM fathom_reports WHERE run_id = ?"),
      checkpoints: count("SELECT count(*) AS n FROM checkpoints WHERE thread_id = ?"),
      writes: count("SELECT count(*) AS n FROM writes WHERE thread_id = ?"),
    };
  } finally {
    db.close();
  }
}

async function expectNoGapsOrDuplicates(page: Page, request: APIRequestContext, runId: string) {
  const stats = page.getByTestId("stream-stats");
  const total = (await runEvents(request, runId)).length;
  await expect(stats).toHaveAttribute("data-last-seq", String(total));
  await expect(stats).toHaveAttribute("data-gaps", "0");
  await expect(stats).toHaveAttribute("data-duplicates", "0");
  await expect(stats).toHaveAttribute("data-received", String(total));
}

test("reloading the page mid-run continues the timeline without gaps or duplicates", async ({ page, request }) => {
  const errors = watchErrors(page);
  const runId = await openDemo(page, "slow-steps");
  await page.getByTestId("accept-plan").click();
  // A step is running (its search came back; its next model turn is 1.2 s away): reload now.
  await expect(page.locator("[data-testid=step-card] [data-testid=search-hit]").first()).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("run-status")).toHaveText(/running/i);
  await expect(page.getByTestId("run-status")).toHaveText(/completed/i, { timeout: 90_000 });
  await expectNoGapsOrDuplicates(page, request, runId);
  await expect(page.getByTestId("step-card")).toHaveCount(4);
  const events = await runEvents(request, runId);
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(errors).toEqual([]);
});

test("a run whose tab was closed finishes and is listed in the history, searchable and openable", async ({ browser, page, request }) => {
  const errors = watchErrors(page);
  const tab = await browser.newPage();
  await tab.goto("/");
  const runId = await startDemo(request, "slow-steps");
  await tab.goto(`/research/${runId}`);
  await expect(tab.getByTestId("run-status")).toHaveText(/running/i);
  await tab.close();
  await waitForStatus(request, runId, "completed");
  finishedSlowRun = runId;

  await page.goto("/");
  const item = page.locator(`[data-testid=history-item][data-run-id="${runId}"]`);
  await expect(item).toHaveAttribute("data-status", "completed");
  await expect(item.getByTestId("history-title")).toHaveText(/Brazil, Vietnam and Colombia/i);
  await expect(item).toContainText(/\d+ sources?/);
  await page.getByTestId("history-search").fill("zzz-no-such-title");
  await expect(item).toHaveCount(0);
  await page.getByTestId("history-search").fill("vietnam");
  await expect(item).toBeVisible();
  await item.locator("a").click();
  await page.waitForURL(`**/research/${runId}`);
  await expect(page.getByTestId("run-status")).toHaveText(/completed/i);
  await expect(page.getByTestId("report").locator("h1").first()).toBeVisible();
  await expect(page.getByTestId("step-card")).toHaveCount(4);
  await expectNoGapsOrDuplicates(page, request, runId);
  expect(errors).toEqual([]);
});

test("on a phone the history is a drawer", async ({ browser, request }) => {
  const runId = await startDemo(request, "greeting");
  await waitForStatus(request, runId, "completed");
  const phone = await browser.newPage({ viewport: { width: 390, height: 800 } });
  await phone.goto("/");
  await expect(phone.getByTestId("history-sidebar")).toBeHidden();
  await phone.getByTestId("history-open").click();
  const drawer = phone.getByTestId("history-drawer");
  await expect(drawer.locator(`[data-testid=history-item][data-run-id="${runId}"]`)).toBeVisible();
  await drawer.locator(`[data-testid=history-item][data-run-id="${runId}"] a`).click();
  await phone.waitForURL(`**/research/${runId}`);
  await expect(drawer).toHaveCount(0);
  await phone.close();
});

test("rename and delete from the history; delete leaves no run row, event, report or checkpoint", async ({ page, request }) => {
  const runId = await startDemo(request, "solar-vs-wind-costs");
  await waitForStatus(request, runId, "completed");
  await page.goto(`/research/${runId}`);
  const item = page.locator(`[data-testid=history-item][data-run-id="${runId}"]`);
  await item.hover();
  await item.getByTestId("history-rename").click();
  await item.getByTestId("history-rename-input").fill("Energy costs, renamed");
  await item.getByTestId("history-rename-input").press("Enter");
  await expect(page.locator(`[data-testid=history-item][data-run-id="${runId}"] [data-testid=history-title]`)).toHaveText("Energy costs, renamed");
  expect((await (await request.get(`/api/runs/${runId}`)).json()).title).toBe("Energy costs, renamed");

  const before = traces(runId);
  for (const [table, n] of Object.entries(before)) expect(n, table).toBeGreaterThan(0);
  await page.locator(`[data-testid=history-item][data-run-id="${runId}"]`).hover();
  await page.locator(`[data-testid=history-item][data-run-id="${runId}"] [data-testid=history-delete]`).click();
  await page.locator(`[data-testid=history-item][data-run-id="${runId}"] [data-testid=history-delete-confirm]`).click();
  // Deleting the open run goes home.
  await page.waitForURL((u) => u.pathname === "/");
  await expect(page.locator(`[data-testid=history-item][data-run-id="${runId}"]`)).toHaveCount(0);
  expect((await request.get(`/api/runs/${runId}`)).status()).toBe(404);
  expect((await request.get(`/api/runs/${runId}/events`)).status()).toBe(404);
  expect((await request.get(`/api/runs/${runId}/report.md`)).status()).toBe(404);
  expect(traces(runId)).toEqual({ runs: 0, events: 0, reports: 0, checkpoints: 0, writes: 0 });
  expect(existsSync(path.join(reportsDir, `${runId}.md`))).toBe(false);
});

test("an interrupted run shows Resume, which continues it once it can", async ({ page }) => {
  const errors = watchErrors(page);
  // A run left `running` by a dead process on another host, whose scenario file is missing.
  const scenario = path.resolve("test-results/e2e-resume/greeting.json");
  rmSync(path.dirname(scenario), { recursive: true, force: true });
  const runId = `e2e-orphan-${Date.now()}`;
  const settings = { autoAccept: true, maxSteps: 4, maxSearchResults: 5, backgroundInvestigation: true, reportStyle: "academic", locale: "auto", concurrency: 3 };
  const now = Date.now();
  const db = new Database(dbFile, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    db.prepare(`INSERT INTO fathom_runs (id, thread_id, question, title, status, created_at, updated_at, settings, locale, scenario_file, last_seq, owner, heartbeat_at)
      VALUES (?, ?, 'Hello', 'Hello', 'running', ?, ?, ?, 'en-US', ?, 1, 'elsewhere:1:gone', 0)`).run(runId, runId, now, now, JSON.stringify(settings), scenario);
    const started = { type: "run_started", question: "Hello", settings, locale: "en-US", runId, seq: 1, ts: now };
    db.prepare(`INSERT INTO fathom_events (run_id, seq, type, ts, data) VALUES (?, 1, 'run_started', ?, ?)`).run(runId, now, JSON.stringify(started));
  } finally {
    db.close();
  }
  await page.goto(`/research/${runId}`);
  await expect(page.getByTestId("run-status")).toHaveText(/interrupted/i);
  await expect(page.getByTestId("interrupted-banner")).toContainText(/no longer available/);
  await page.getByTestId("resume-button").click();
  // Still impossible: the server says why, and the run stays interrupted.
  await expect(page.getByTestId("resume-error")).toContainText(/no longer available/);
  await expect(page.getByTestId("resume-button")).toBeEnabled();

  mkdirSync(path.dirname(scenario), { recursive: true });
  copyFileSync("tests/fixtures/scenarios/greeting.json", scenario);
  await page.getByTestId("resume-button").click();
  await expect(page.getByTestId("run-status")).toHaveText(/completed/i);
  await expect(page.getByTestId("coordinator-reply")).not.toBeEmpty();
  await expect(page.getByTestId("interrupted-banner")).toHaveCount(0);
  expect(errors.filter((e) => !/409/.test(e))).toEqual([]);
});

test("a finished run replays at real speed, and can skip to the end", async ({ page, request }) => {
  const runId = await slowRun(request);
  await page.goto(`/research/${runId}`);
  await page.getByTestId("replay-realtime").click();
  await page.waitForURL(`**/research/${runId}?replay=realtime`);
  await expect(page.getByTestId("replay-bar")).toHaveAttribute("data-state", "playing");
  await expect(page.getByTestId("run-status")).toHaveText(/running/i);
  await page.getByTestId("replay-skip").click();
  await expect(page.getByTestId("replay-bar")).toHaveAttribute("data-state", "done");
  await expect(page.getByTestId("run-status")).toHaveText(/completed/i);
  await expect(page.getByTestId("report").locator("h1").first()).toBeVisible();
});

/** Names in a zip's central directory, and one entry's text. */
function unzip(buf: Buffer, want: string): { names: string[]; content?: string } {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let p = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  let content: string | undefined;
  for (let i = 0; i < buf.readUInt16LE(eocd + 10); i++) {
    const nameLen = buf.readUInt16LE(p + 28);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    names.push(name);
    if (name === want) {
      const local = buf.readUInt32LE(p + 42);
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + buf.readUInt32LE(p + 20));
      content = (buf.readUInt16LE(p + 10) === 8 ? inflateRawSync(data) : data).toString("utf8");
    }
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return { names, content };
}

test("report exports: HTML keeps the citations' links and images, DOCX is a zip with word/document.xml, PDF is a PDF", async ({ page, request }) => {
  const runId = await slowRun(request);
  await page.goto(`/research/${runId}`);
  const markdown = readFileSync(path.join(reportsDir, `${runId}.md`), "utf8");
  const download = async (testId: string) => {
    const [d] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
    return { name: d.suggestedFilename(), body: readFileSync((await d.path())!) };
  };

  const html = await download("download-html");
  expect(html.name).toMatch(/\.html$/);
  const text = html.body.toString("utf8");
  const links = [...markdown.matchAll(/(?<!!)\[[^\]]*\]\((https?:[^)\s]+)\)/g)].map((m) => m[1]!);
  const images = [...markdown.matchAll(/!\[[^\]]*\]\((https?:[^)\s]+)\)/g)].map((m) => m[1]!);
  expect(links.length).toBeGreaterThan(0);
  expect(images.length).toBeGreaterThan(0);
  for (const href of links) expect(text).toContain(`href="${href.replace(/&/g, "&#x26;")}"`);
  for (const src of images) expect(text).toContain(`<img src="${src.replace(/&/g, "&#x26;")}"`);

  const docx = await download("download-docx");
  expect(docx.name).toMatch(/\.docx$/);
  expect(docx.body.subarray(0, 2).toString("latin1")).toBe("PK");
  const { names, content } = unzip(docx.body, "word/document.xml");
  expect(names).toContain("word/document.xml");
  expect(content).toContain("Brazil");

  const pdf = await download("download-pdf");
  expect(pdf.name).toMatch(/\.pdf$/);
  expect(pdf.body.subarray(0, 4).toString("latin1")).toBe("%PDF");
});

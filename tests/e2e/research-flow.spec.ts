// Pins the browser path on real Chromium: pick a demo, accept the plan, watch step results stream in
// before the report, read the rendered report, and download a .md equal to the stored report.
import { expect, test } from "@playwright/test";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { finishAndDownload, ids, openDemo, reportsDir, shared, watchErrors } from "./helpers";

test("slow demo: step search results appear before the report starts", async ({ page }) => {
  const errors = watchErrors(page);
  const runId = await openDemo(page, "slow-steps");
  await expect(page.getByTestId("plan-card")).toBeVisible();
  await expect(page.getByTestId("plan-step")).toHaveCount(4);
  await page.getByTestId("accept-plan").click();
  await expect(page.locator("[data-testid=step-card] [data-testid=search-hit]").first()).toBeVisible();
  // The researcher's next reply is scripted 1.2 s later, so the report cannot have started yet.
  await expect(page.getByTestId("report")).toHaveCount(0);
  const { report } = await finishAndDownload(page, runId);
  await expect(report.locator("table").first()).toBeVisible();
  expect(errors).toEqual([]);
});

for (const id of [...ids("lib/demos"), ...ids(shared)]) {
  test(`demo ${id}: plan, steps, report with table and image, download`, async ({ page }) => {
    const errors = watchErrors(page);
    const runId = await openDemo(page, id);
    await expect(page.getByTestId("plan-card")).toBeVisible();
    const scenario = JSON.parse(readFileSync(existsSync(`lib/demos/${id}.json`) ? `lib/demos/${id}.json` : path.join(shared, `${id}.json`), "utf8"));
    if (scenario.plan_feedback) {
      await page.getByTestId("edit-plan").click();
      await page.getByTestId("plan-feedback").fill(scenario.plan_feedback);
      await page.getByTestId("submit-feedback").click();
      await expect(page.getByTestId("plan-card")).toContainText(/revision 2/i);
    }
    await page.getByTestId("accept-plan").click();
    await expect(page.locator("[data-testid=step-card]").first()).toBeVisible();
    const { report } = await finishAndDownload(page, runId);
    await expect(page.locator("[data-testid=search-hit]").first()).toBeAttached();
    // Tables and images render whenever the (code-checked) report has them.
    const stored = readFileSync(path.join(reportsDir, `${runId}.md`), "utf8");
    if (/^\|.*\|\s*\n\|[\s:|-]+\|\s*$/m.test(stored)) await expect(report.locator("table").first()).toBeVisible();
    if (/!\[[^\]]*\]\(https?:/.test(stored)) await expect(report.locator("img").first()).toBeAttached();
    expect(errors).toEqual([]);
  });
}

test("greeting gets a direct reply and no plan", async ({ page }) => {
  const errors = watchErrors(page);
  await openDemo(page, "greeting");
  await expect(page.getByTestId("coordinator-reply")).not.toBeEmpty();
  await expect(page.getByTestId("run-status")).toHaveText(/completed/i);
  await expect(page.getByTestId("plan-card")).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("an empty question cannot be sent, and the API refuses it", async ({ page, request }) => {
  await page.goto("/");
  const input = page.getByTestId("question-input");
  await input.fill("   \n  ");
  await expect(page.getByTestId("send-button")).toBeDisabled();
  const res = await request.post("/api/runs", { data: { question: "   " } });
  expect(res.status()).toBe(400);
  expect((await res.json()).error.code).toBe("bad_request");
});

test("a typed question in demo mode explains what to configure", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("question-input").fill("What is the state of sodium-ion batteries?");
  await page.getByTestId("send-button").click();
  await expect(page.getByText(/TAVILY_API_KEY/).first()).toBeVisible();
  await expect(page).not.toHaveURL(/\/research\//);
});

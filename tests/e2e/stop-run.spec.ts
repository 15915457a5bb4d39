// Pins Stop mid-run: the run ends cancelled, running steps show stopped, no report is written, and the
// server's event log ends with done(cancelled) with no agent started after the stop took effect.
import { expect, test } from "@playwright/test";
import { openDemo, runEvents, watchErrors } from "./helpers";

test("stop while steps run: cancelled run, stopped steps, no report, log ends cancelled", async ({ page, request }) => {
  const errors = watchErrors(page);
  const runId = await openDemo(page, "slow-steps");
  await page.getByTestId("accept-plan").click();
  const steps = page.getByTestId("step-card");
  // Every step turn of this scenario is scripted 1.2 s late, so a step is still running here.
  await expect(steps.and(page.locator("[data-status=running]")).first()).toBeVisible();

  await page.getByTestId("stop-button").click();
  await expect(page.getByTestId("run-status")).toHaveText("cancelled");
  await expect(page.getByTestId("stop-button")).toHaveCount(0);
  await expect(steps.and(page.locator("[data-status=running]"))).toHaveCount(0);
  await expect(steps.and(page.locator("[data-status=cancelled]")).first()).toBeVisible();
  await expect(page.getByTestId("report")).toHaveCount(0);

  const events = await runEvents(request, runId);
  const last = events.at(-1);
  expect(last).toMatchObject({ type: "done", status: "cancelled" });
  expect(events.some((e) => e.type === "report_final" || e.type === "report_delta")).toBe(false);
  // The first cancelled invocation marks the stop; nothing may start after it.
  const stoppedAt = events.findIndex((e) => e.type === "agent_finished" && e.status === "cancelled");
  expect(stoppedAt).toBeGreaterThan(0);
  expect(events.slice(stoppedAt).filter((e) => e.type === "agent_started")).toEqual([]);
  expect(events.filter((e) => e.type === "agent_started" && e.agent === "reporter")).toEqual([]);
  expect(errors).toEqual([]);
});

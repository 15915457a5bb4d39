// Pins plan editing in the browser: feedback on the first plan brings a revised plan that replaces the
// card (revision 2, the new steps), which then runs to a completed report equal to the download.
import { expect, test } from "@playwright/test";
import { finishAndDownload, openDemo, scenario, watchErrors } from "./helpers";

const demo = scenario("plan-edit");
const plans = demo.model.filter((t) => t.agent === "planner").map((t) => JSON.parse(t.content ?? "{}") as { title: string; steps: { title: string }[] });

test("edit plan: feedback replaces the plan with revision 2, which then runs to a report", async ({ page }) => {
  expect(plans).toHaveLength(2);
  expect(demo.plan_feedback).toBeTruthy();
  const [first, revised] = plans as [(typeof plans)[0], (typeof plans)[0]];
  const errors = watchErrors(page);
  const runId = await openDemo(page, "plan-edit");
  const card = page.getByTestId("plan-card");
  await expect(card).toHaveAttribute("data-revision", "1");
  await expect(card.getByTestId("plan-step")).toHaveText(first.steps.map((s) => new RegExp(escape(s.title))));

  await page.getByTestId("edit-plan").click();
  await page.getByTestId("plan-feedback").fill(demo.plan_feedback!);
  await page.getByTestId("submit-feedback").click();

  await expect(card).toHaveAttribute("data-revision", "2");
  await expect(page.getByTestId("plan-card")).toHaveCount(1);
  await expect(card.getByTestId("plan-revision")).toHaveText(/revision 2/i);
  await expect(card).toContainText(revised.title);
  await expect(card.getByTestId("plan-step")).toHaveText(revised.steps.map((s) => new RegExp(escape(s.title))));
  await expect(card).toContainText(demo.plan_feedback!);
  await expect(card).not.toContainText(first.steps[0]!.title);

  await page.getByTestId("accept-plan").click();
  await expect(page.getByTestId("step-card")).toHaveCount(revised.steps.length);
  await expect(page.getByTestId("step-card").first()).toContainText(revised.steps[0]!.title);
  await finishAndDownload(page, runId);
  expect(errors).toEqual([]);
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

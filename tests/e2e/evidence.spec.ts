// Pins the citation card of a final report: hovering a chip shows its source (title, domain) and the
// passage of that source supporting the cited sentence, or says that none was found.
import { expect, test } from "@playwright/test";
import { normalizeUrl } from "@/lib/report/registry";
import { openDemo, runEvents, watchErrors } from "./helpers";

test("final report: a citation's card shows its source and the supporting passage", async ({ page, request }) => {
  const errors = watchErrors(page);
  const runId = await openDemo(page, "solar-vs-wind-costs");
  await page.getByTestId("accept-plan").click();
  await expect(page.getByTestId("run-status")).toHaveText(/completed/i, { timeout: 90_000 });
  await expect(page.getByTestId("report-status")).toHaveAttribute("data-phase", "final");

  const final = (await runEvents(request, runId)).find((e) => e.type === "report_final");
  if (final?.type !== "report_final") throw new Error("no report_final event");
  const chips = page.getByTestId("report").getByTestId("citation");
  expect(await chips.count()).toBeGreaterThan(0);

  let found = 0;
  for (const i of [0, 1, 2]) {
    const chip = chips.nth(i);
    const href = (await chip.getAttribute("href")) ?? "";
    const source = final.sources.find((s) => normalizeUrl(s.url) === normalizeUrl(href));
    expect(source, `a source for ${href}`).toBeTruthy();
    await chip.hover();
    const card = page.getByTestId("citation-card");
    await expect(card).toHaveCount(1);
    await expect(card).toContainText(source!.title);
    await expect(card).toContainText(source!.domain);
    const answer = card.locator("[data-testid=evidence-passage], [data-testid=evidence-none]");
    await expect(answer).toBeVisible();
    if ((await answer.getAttribute("data-testid")) === "evidence-passage") {
      found++;
      await expect(answer).not.toBeEmpty();
    } else {
      await expect(answer).toHaveText("No supporting passage was found in this source.");
    }
    await page.mouse.move(0, 0);
    await expect(card).toHaveCount(0);
  }
  // The demo's sentences are taken from what the sources say: at least one passage is found.
  expect(found).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});

// Pins the notice under a report from which the citation check removed links and images no search
// returned: it says how many, and lists each one when opened (recorded nanjing session, when present).
import { expect, test } from "@playwright/test";
import { existsSync } from "node:fs";
import path from "node:path";
import { openDemo, runEvents, shared, watchErrors } from "./helpers";

if (existsSync(path.join(shared, "nanjing-traditional-dishes.json"))) {
  test("nanjing: the removed unverified links and images are listed under the report", async ({ page, request }) => {
    const errors = watchErrors(page);
    const runId = await openDemo(page, "nanjing-traditional-dishes");
    await page.getByTestId("accept-plan").click();
    await expect(page.getByTestId("run-status")).toHaveText(/completed/i, { timeout: 90_000 });

    const final = (await runEvents(request, runId)).find((e) => e.type === "report_final");
    if (final?.type !== "report_final" || !final.quality) throw new Error("no report_final with quality");
    const { removedLinks, removedImages } = final.quality;
    expect(removedLinks.length).toBeGreaterThan(0);
    expect(removedImages.length).toBeGreaterThan(0);

    const notice = page.getByTestId("removed-content");
    await expect(notice).toContainText(`${removedLinks.length} unverified links and ${removedImages.length} images not returned by any search were removed`);
    await expect(notice.getByTestId("removed-url").first()).toBeHidden();
    await notice.locator("summary").click();
    await expect(notice.getByTestId("removed-url")).toHaveText([...removedLinks, ...removedImages]);
    // Removed images are listed as text, never loaded.
    for (const src of removedImages) await expect(page.locator(`img[src="${src}"]`)).toHaveCount(0);
    expect(errors).toEqual([]);
  });
}

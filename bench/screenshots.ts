// Saves the README's screenshots from a running Fathom (it builds and starts nothing): the `slow-steps` demo
// (else the first demo) mid-run with its plan accepted and steps running, and the finished report with a
// table in view. Chromium via playwright-core, 1440×900.
// Usage: npx tsx bench/screenshots.ts [--url http://127.0.0.1:3000] [--out docs]
// (CHROMIUM_PATH overrides /usr/bin/chromium.)
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Page } from "playwright-core";

const { values } = parseArgs({ options: { url: { type: "string", default: "http://127.0.0.1:3000" }, out: { type: "string", default: "docs" } } });
const base = values.url.replace(/\/+$/, "");
const out = path.resolve(values.out);
const executablePath = process.env.CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const LONG = { timeout: 120_000 };

async function pickDemo(): Promise<string> {
  const res = await fetch(`${base}/api/config`);
  if (!res.ok) throw new Error(`${base}/api/config answered ${res.status}; is Fathom running there?`);
  const demos = ((await res.json()) as { demos?: { id: string }[] }).demos ?? [];
  const id = demos.find((d) => d.id === "slow-steps")?.id ?? demos[0]?.id;
  if (!id) throw new Error("The server lists no demos (FATHOM_DEMO_SCENARIOS).");
  return id;
}

/** Images either loaded or showing their placeholder (offline hosts fail fast), no hover card open. */
async function settle(page: Page, maxMs = 10_000) {
  await page.mouse.move(0, 0);
  await page.waitForFunction(() => [...document.images].every((i) => i.complete), null, { timeout: maxMs }).catch(() => undefined);
}

async function shot(page: Page, name: string) {
  const file = path.join(out, name);
  await page.screenshot({ path: file, type: "png" });
  console.log(`saved ${path.relative(process.cwd(), file)}`);
}

const demo = await pickDemo();
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath, args: ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: "light" });
  await page.goto(`${base}/`);
  await page.locator(`[data-testid=demo-card][data-demo-id="${demo}"]`).click();
  await page.waitForURL(/\/research\//, LONG);

  // Mid-run: plan accepted, steps running side by side.
  await page.getByTestId("accept-plan").click(LONG);
  // Several steps running at once, one of them already showing its search results.
  await page.waitForFunction(
    () =>
      document.querySelectorAll("[data-testid=step-card][data-status=running]").length >= 2 &&
      document.querySelector("[data-testid=step-card] [data-testid=search-hit]") !== null,
    null,
    { polling: 50, ...LONG },
  );
  // The accepted plan's last lines, the live step summary and the running cards, rather than the page's bottom.
  await page.getByTestId("steps-summary").evaluate((el) => {
    window.scrollTo({ top: Math.max(0, el.getBoundingClientRect().top + window.scrollY - 230) });
  });
  await settle(page, 500);
  await shot(page, "research-running.png");

  // Finished: the report with a table in view.
  await page.getByTestId("run-status").filter({ hasText: /completed|failed|cancelled/ }).waitFor({ state: "attached", ...LONG });
  await page.locator("[data-testid=report-status][data-phase=final]").waitFor(LONG);
  const table = page.getByTestId("report").locator("table").first();
  if (await table.count()) {
    await table.evaluate((el) => {
      const top = el.getBoundingClientRect().top + window.scrollY;
      window.scrollTo({ top: Math.max(0, top - 300) });
    });
  } else {
    await page.getByTestId("report").scrollIntoViewIfNeeded();
  }
  await settle(page);
  await shot(page, "report-finished.png");
} finally {
  await browser.close();
}

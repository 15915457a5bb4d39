// Pins optional access control (FATHOM_ACCESS_TOKEN) on a second production server: API routes answer 401 JSON without the token and work with Authorization: Bearer; pages go to a login form; a wrong token is refused; the right one sets an httpOnly cookie and the app works.
import { expect, test } from "@playwright/test";
import { startNextServer, type NextServer } from "./next-server";

const TOKEN = "fathom-e2e-access-token-4d1b";
let server: NextServer;

test.beforeAll(async () => {
  server = await startNextServer({ FATHOM_ACCESS_TOKEN: TOKEN, FATHOM_DEMO_SCENARIOS: "lib/demos" });
});
test.afterAll(async () => {
  await server?.stop();
});

test("API routes answer 401 JSON without the token and work with Authorization: Bearer", async () => {
  const refused = [
    fetch(`${server.url}/api/config`),
    fetch(`${server.url}/api/runs/some-run/events`),
    fetch(`${server.url}/api/runs/some-run/report.md`),
    fetch(`${server.url}/api/runs`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question: "", demo: "solar-vs-wind-costs" }) }),
    fetch(`${server.url}/api/config`, { headers: { Authorization: "Bearer not-the-token" } }),
    fetch(`${server.url}/api/config`, { headers: { Cookie: `fathom_token=${TOKEN}` } }), // the cookie holds a hash, not the token
  ];
  for (const res of await Promise.all(refused)) {
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await res.json()).error).toMatchObject({ code: "bad_request", message: expect.stringMatching(/needs an access token/) });
  }
  const ok = await fetch(`${server.url}/api/config`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(ok.status).toBe(200);
  expect((await ok.json()).demos.length).toBeGreaterThan(0);
});

test("pages go to the login form; a wrong token is refused; the right one opens the app", async ({ page }) => {
  await page.goto(`${server.url}/research/some-run`);
  await expect(page).toHaveURL(`${server.url}/login?next=%2Fresearch%2Fsome-run`);
  await expect(page.getByTestId("login-form")).toBeVisible();

  await page.getByTestId("login-token").fill("not-the-token");
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("login-error")).toBeVisible();
  expect((await page.context().cookies()).some((c) => c.name === "fathom_token")).toBe(false);

  await page.goto(`${server.url}/`);
  await expect(page).toHaveURL(`${server.url}/login`);
  await page.getByTestId("login-token").fill(TOKEN);
  await page.getByTestId("login-submit").click();
  await expect(page).toHaveURL(`${server.url}/`);
  await expect(page.locator("[data-testid=demo-card]").first()).toBeVisible();

  const cookie = (await page.context().cookies()).find((c) => c.name === "fathom_token")!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  expect(cookie.value).not.toContain(TOKEN);
  expect((await page.request.get(`${server.url}/api/config`)).status()).toBe(200);
});

// Logging in through the organisation's own identity provider in a real browser, with and without
// JavaScript: the login page offers it (axe-core finds no WCAG 2.1 AA violations), the provider's page
// logs the person in, and the register's back-office opens for them — in the language they started in.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, axe, BASE } from "../lib/browser.mjs";

const USER = process.env.E2E_OIDC_USER;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

for (const javaScript of [true, false]) {
  test(`an editor logs in through the organisation's provider (JavaScript ${javaScript ? "on" : "off"})`, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: javaScript });
    const page = await context.newPage();
    await page.goto(BASE + "/en/beheer");
    assert.match(page.url(), /\/en\/beheer\/inloggen/);
    const link = page.getByRole("link", { name: "Log in with Test-inlogdienst" });
    await link.waitFor();
    // axe-core runs as a script: only where JavaScript is on.
    if (javaScript) assert.deepEqual(await axe(page), []);
    await link.click();
    // The provider's own page.
    await page.waitForURL(/\/authorize\?/);
    await page.fill("#idp-email", USER);
    await Promise.all([page.waitForURL(/\/en\/beheer$/), page.click("button[type=submit]")]);
    assert.match(await page.textContent("body"), /Olga Oidc/);
    const cookies = await context.cookies();
    assert.ok(cookies.some((c) => c.name === "algoreg_session" && c.httpOnly));
    assert.ok(!cookies.some((c) => c.name === "algoreg_oidc"), "the login's cookie is gone");
    // Logging out also ends the session at the provider, which sends the browser back to the login page.
    await Promise.all([
      page.waitForURL(/\/beheer\/inloggen$/),
      page.getByRole("button", { name: "Log out" }).click(),
    ]);
    assert.ok(!(await context.cookies()).some((c) => c.name === "algoreg_session"));
    await page.goto(BASE + "/en/beheer");
    assert.match(page.url(), /\/en\/beheer\/inloggen/, "logged out");
    await context.close();
  });
}

test("a person without an account at the organisation is told what to do", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(BASE + "/beheer/inloggen");
  await page.getByRole("link", { name: "Inloggen met Test-inlogdienst" }).click();
  await page.waitForURL(/\/authorize\?/);
  await page.fill("#idp-email", "onbekend@e2e.example");
  await Promise.all([page.waitForURL(/\/beheer\/inloggen\/oidc\/e2e\/terug/), page.click("button[type=submit]")]);
  assert.match(await page.textContent("[role=alert]"), /Vraag de beheerder van uw organisatie om een uitnodiging/);
  assert.deepEqual(await axe(page), []);
  assert.ok(!(await context.cookies()).some((c) => c.name === "algoreg_session"));
  await context.close();
});

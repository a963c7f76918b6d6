// With the keyboard only: search → filter → result → description → comparison of two versions.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, api, BASE } from "../lib/browser.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/// Presses Tab until `pred(activeElement)` holds (at most `max` times); fails otherwise.
async function tabTo(page, what, pred, arg, max = 200) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(pred, arg)) return;
  }
  assert.fail(`Tab never reached ${what} on ${page.url()}`);
}

/// A published description with at least two published versions.
async function withHistory() {
  for (let p = 1; p < 20; p++) {
    const list = await api(`/api/v1/algorithms?page_size=100&page=${p}`);
    const hit = list.items.find((d) => d.first_published_at !== d.published_at);
    if (hit) return hit;
    if (!list._links.next) break;
  }
  throw new Error("no description with two published versions in the demo data");
}

test("search, filter, open, compare — keyboard only", async () => {
  const target = await withHistory();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await page.goto(BASE + "/");
    // The first Tab reaches the skip link.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")), "#main");

    await tabTo(page, "the search field", () => document.activeElement.matches("main input[type=search]"));
    await page.keyboard.type(target.name);
    await Promise.all([page.waitForURL(/\/zoeken\?/), page.keyboard.press("Enter")]);

    // Filter on the description's organisation: tick its box with Space, apply with Enter.
    const code = target.organisation.code;
    await tabTo(
      page,
      `the filter for ${code}`,
      (c) => document.activeElement.matches("input[type=checkbox]") && document.activeElement.value === c,
      code,
    );
    await page.keyboard.press("Space");
    assert.ok(await page.evaluate(() => document.activeElement.checked), "Space ticks the box");
    await tabTo(page, "the button that applies the filters", () =>
      document.activeElement.matches("button[type=submit], input[type=submit]") &&
      document.activeElement.form === document.querySelector("input[type=checkbox]:checked")?.form,
    );
    await Promise.all([page.waitForURL(new RegExp(`organisation=${code}`)), page.keyboard.press("Enter")]);

    // Open the result.
    await tabTo(
      page,
      "the result's link",
      (id) => document.activeElement.matches("a") && document.activeElement.getAttribute("href").includes(`/algoritme/${id}`),
      target.id,
    );
    await Promise.all([page.waitForURL(new RegExp(`/algoritme/${target.id}/`)), page.keyboard.press("Enter")]);
    assert.equal(await page.textContent("h1"), target.name);

    // Compare two versions: the form's own submit button.
    await tabTo(page, "the compare button", () => {
      const el = document.activeElement;
      return el.matches("button[type=submit], input[type=submit]") && /vergelijk/.test(el.form?.action || "");
    });
    await Promise.all([page.waitForURL(/vergelijk/), page.keyboard.press("Enter")]);
    const changes = await page.locator("main ins, main del, main .change").count();
    assert.ok(changes > 0, "the comparison shows what changed");
  } finally {
    await context.close();
  }
});

// Every page type, in Dutch, English and Frisian, at mobile and desktop widths: the expected status,
// zero axe-core violations of WCAG 2.0/2.1 A and AA, no horizontal scrolling, a screenshot.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, axe, screenshot, inLang, BASE, LANGS, WIDTHS } from "../lib/browser.mjs";
import { pageTypes } from "../lib/pages.mjs";

let browser;
const types = await pageTypes();

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

for (const type of types) {
  for (const lang of LANGS) {
    test(`${type.name} (${lang})`, async () => {
      for (const width of WIDTHS) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        const page = await context.newPage();
        try {
          const res = await page.goto(BASE + inLang(lang, type.path));
          assert.equal(res.status(), type.status, `${type.path}: status`);
          assert.equal(await page.getAttribute("html", "lang"), lang);
          const violations = await axe(page);
          assert.deepEqual(violations, [], `${type.name} ${lang} ${width}px:\n${JSON.stringify(violations, null, 2)}`);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          assert.ok(overflow <= 0, `${type.name} ${lang} ${width}px scrolls sideways by ${overflow}px`);
          await screenshot(page, `${type.name}-${lang}-${width}`);
        } finally {
          await context.close();
        }
      }
    });
  }
}

// 400 % zoom on a 1280 px screen leaves 320 CSS pixels: content must reflow without sideways scrolling.
test("every page type reflows at 400 % zoom", async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  try {
    for (const type of types) {
      await page.goto(BASE + type.path);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `${type.name} scrolls sideways by ${overflow}px at 320 px`);
    }
  } finally {
    await context.close();
  }
});

// Page weight: HTML under 60 KB, CSS + JS under 40 KB, and no requests but the page, its stylesheet
// and its script (no fonts, no CDNs, no trackers, no favicon request).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, BASE } from "../lib/browser.mjs";
import { pageTypes } from "../lib/pages.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test("page weight and requests", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = [];
  page.on("requestfinished", async (req) => {
    const res = await req.response();
    const body = res ? await res.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
    seen.push({ url: req.url(), type: req.resourceType(), bytes: body.length });
  });
  try {
    for (const type of await pageTypes()) {
      seen.length = 0;
      await page.goto(BASE + type.path, { waitUntil: "networkidle" });
      const doc = seen.find((r) => r.type === "document");
      assert.ok(doc, `${type.name}: no document`);
      assert.ok(doc.bytes < 60 * 1024, `${type.name}: HTML is ${doc.bytes} bytes`);
      const assets = seen.filter((r) => r.type === "stylesheet" || r.type === "script");
      const assetBytes = assets.reduce((n, r) => n + r.bytes, 0);
      assert.ok(assetBytes < 40 * 1024, `${type.name}: CSS + JS is ${assetBytes} bytes`);
      const others = seen.filter((r) => !["document", "stylesheet", "script"].includes(r.type));
      assert.deepEqual(others, [], `${type.name}: other requests`);
      for (const r of seen) {
        assert.ok(r.url.startsWith(BASE), `${type.name}: request outside the site: ${r.url}`);
      }
    }
  } finally {
    await context.close();
  }
});

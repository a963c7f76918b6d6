// The back-office in a real browser, without and with JavaScript: an editor writes a description with
// mistakes, fixes them and hands it on; the approver sends it back with a reason; the editor fixes it
// again; the approver publishes; it is on the public site and in search; a new draft leaves the public
// version as it was; the approver withdraws it. Stored markup never runs. axe-core finds no WCAG 2.1 AA
// violations on the back-office pages.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, axe, screenshot, BASE } from "../lib/browser.mjs";

const EDITOR = process.env.E2E_EDITOR;
const APPROVER = process.env.E2E_APPROVER;
const PASSWORD = process.env.E2E_PASSWORD;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function person(email, javaScript = true) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: javaScript });
  const page = await context.newPage();
  if (!javaScript) withoutJs.add(page);
  // Any script that runs from stored text would call alert: fail at once.
  page.on("dialog", (d) => {
    throw new Error(`a dialog opened: ${d.message()}`);
  });
  await page.goto(BASE + "/beheer");
  assert.match(page.url(), /\/beheer\/inloggen/);
  await page.fill("#email", email);
  await page.fill("#password", PASSWORD);
  await Promise.all([page.waitForURL(/\/beheer$/), page.click("button[type=submit]")]);
  return { context, page };
}

/// Pages of contexts without JavaScript (axe cannot run there).
const withoutJs = new WeakSet();

async function noViolations(page, what) {
  let checked = page;
  let extra;
  if (withoutJs.has(page)) {
    // Look at the same page, with the same session, in a context that runs axe.
    extra = await browser.newContext({ viewport: page.viewportSize() });
    await extra.addCookies(await page.context().cookies());
    checked = await extra.newPage();
    await checked.goto(page.url());
  }
  const v = await axe(checked);
  await extra?.close();
  assert.deepEqual(v, [], `${what}: ${JSON.stringify(v, null, 1)}`);
}

async function act(page, action, reason) {
  const form = page.locator(`form.workflow-form:has(input[name=action][value=${action}])`);
  if (reason !== undefined) await form.locator("textarea").fill(reason);
  await Promise.all([page.waitForLoadState("load"), form.locator("button").click()]);
}

test("write, send back, publish, draft again, withdraw — in the browser", async () => {
  const name = `Toeslag kinderopvang toetsen ${Date.now()}`;
  // The editor works without JavaScript: everything must work as plain HTML forms.
  const editor = await person(EDITOR, false);
  const e = editor.page;
  await noViolations(e, "dashboard");
  await Promise.all([e.waitForURL(/\/beheer\/algoritme\/nieuw/), e.click("a.button-primary")]);
  await noViolations(e, "new description form");
  await screenshot(e, "beheer-form");

  // First save: a name that is too long, markup in a text, required fields left empty.
  await e.fill("#f-name", `${name} <img src=x onerror=alert(1)> ${"x".repeat(100)}`);
  await e.fill("#f-goal", "We toetsen aanvragen.\n\n- sneller\n- eerlijker <script>alert(2)</script>");
  await Promise.all([e.waitForURL(/opgeslagen=1/), e.click("button[name=save]")]);
  const summary = e.locator(".error-summary");
  assert.ok(await summary.isVisible(), "the problems are listed at the top");
  assert.ok((await summary.locator("a[href='#f-name']").count()) > 0);
  await noViolations(e, "form with problems");
  // The summary links to its field.
  await summary.locator("a[href='#f-name']").first().click();
  assert.equal(await e.evaluate(() => location.hash), "#f-name");
  const editUrl = e.url().split("?")[0];

  // Fixed: every required field filled in.
  await e.fill("#f-name", name);
  await e.fill("#f-description_short", "Met dit algoritme beoordelen medewerkers aanvragen voor een toeslag.");
  await e.fill("#f-organization", "Gemeente Amsterdam");
  await e.selectOption("#f-status", "In gebruik");
  await e.fill("#f-contact_email", "algoritmes@e2e.example");
  await e.selectOption("#f-publication_category", "Overige algoritmes");
  await e.selectOption("#f-lang", "nld");
  await Promise.all([e.waitForURL(/opgeslagen=1/), e.click("button[name=save]")]);
  assert.equal(await e.locator(".error-summary").count(), 0, "no problems left");
  await act(e, "submit");
  assert.match(e.url(), /gedaan=submit/);

  // The approver sends it back with a reason (with JavaScript on).
  const approver = await person(APPROVER);
  const a = approver.page;
  assert.ok(await a.locator("#waiting-title + .table-scroll, #waiting-title ~ div").getByText(name).count() > 0,
    "the submission waits for the approver");
  await a.goto(editUrl);
  await noViolations(a, "description page with workflow");
  await act(a, "reject", "Vul ook de bronnen in.");
  assert.match(a.url(), /gedaan=reject/);

  // The editor sees why, fixes it and hands it on again; the approver publishes.
  await e.goto(editUrl);
  assert.ok(await e.getByText("Vul ook de bronnen in.").isVisible());
  await e.fill("#f-source_data", "Gegevens uit de eigen aanvraag.");
  await Promise.all([e.waitForURL(/opgeslagen=1/), e.click("button[name=save]")]);
  await act(e, "submit");
  await a.goto(editUrl);
  await act(a, "publish");
  assert.match(a.url(), /gedaan=publish/);

  // On the public site and in search.
  const id = editUrl.split("/").pop();
  const pub = await browser.newPage();
  pub.on("dialog", (d) => {
    throw new Error(`a dialog opened: ${d.message()}`);
  });
  await pub.goto(`${BASE}/algoritme/${id}`);
  assert.equal(await pub.locator("h1").innerText(), name);
  let found = false;
  for (let i = 0; i < 40 && !found; i++) {
    const r = await fetch(`${BASE}/api/v1/search?q=${encodeURIComponent(name)}`);
    found = (await r.json()).items?.some((x) => x.id === id);
    if (!found) await new Promise((r) => setTimeout(r, 250));
  }
  assert.ok(found, "the description is found by search");

  // A new draft: the public still sees the published version.
  await e.goto(editUrl);
  await e.fill("#f-name", `${name} (nieuwe versie)`);
  await Promise.all([e.waitForURL(/opgeslagen=1/), e.click("button[name=save]")]);
  await pub.reload();
  assert.equal(await pub.locator("h1").innerText(), name);

  // Withdrawn with a reason: the public page says so.
  await a.goto(editUrl);
  await act(a, "retract", "Het algoritme wordt niet meer gebruikt.");
  const res = await pub.goto(`${BASE}/algoritme/${id}`);
  assert.equal(res.status(), 410);
  assert.ok(await pub.getByText("Het algoritme wordt niet meer gebruikt.").isVisible());

  await pub.close();
  await editor.context.close();
  await approver.context.close();
});

test("the login page and the English back-office have no accessibility violations", async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  for (const path of ["/beheer/inloggen", "/en/beheer/inloggen"]) {
    await page.goto(BASE + path);
    await noViolations(page, path);
  }
  // A wrong password: a message, no session.
  await page.fill("#email", EDITOR);
  await page.fill("#password", "wrong password");
  await page.click("button[type=submit]");
  assert.ok(await page.locator("[role=alert]").isVisible());
  await noViolations(page, "login with error");
  await context.close();
});

test("a copy of a description, and an older version used again as the new draft", async () => {
  const editor = await person(EDITOR);
  const e = editor.page;
  await Promise.all([e.waitForURL(/\/beheer\/algoritme\/kopie$/), e.click("a[href$='/beheer/algoritme/kopie']")]);
  await noViolations(e, "copy page");
  const options = await e.locator("#van option").count();
  if (options > 0) {
    await Promise.all([e.waitForURL(/kopie=1/), e.click("button.button-primary")]);
    assert.ok(await e.locator(".notice").isVisible(), "the copy is announced");
    assert.match(await e.inputValue("#f-name"), /\(kopie\)$/);
    await noViolations(e, "form of a copy");
    // A second version, so that the first can be used again.
    await e.fill("#f-name", "Kopie, tweede versie");
    await Promise.all([e.waitForURL(/opgeslagen=1/), e.click("button[name=save]")]);
    const id = new URL(e.url()).pathname.split("/").pop();
    await e.goto(`${BASE}/beheer/algoritme/${id}/geschiedenis`);
    await noViolations(e, "history with restore buttons");
    await Promise.all([
      e.waitForURL(/hersteld=1/),
      e.getByRole("button", { name: "Versie 1 gebruiken als nieuw concept" }).click(),
    ]);
    assert.match(await e.inputValue("#f-name"), /\(kopie\)$/);
  }
  await editor.context.close();
});

test("the organisation's admin reads the outbox of notifications", async () => {
  const admin = await person(process.env.E2E_ORG_ADMIN);
  const p = admin.page;
  await Promise.all([p.waitForURL(/\/beheer\/berichten$/), p.click("a[href$='/beheer/berichten']")]);
  // The story above submitted and published: the approver and the editor were told (no SMTP here).
  assert.ok((await p.locator("table.office-table tbody tr").count()) > 0, "messages are listed");
  assert.ok(await p.getByText("Niet verstuurd").first().isVisible());
  await noViolations(p, "outbox");
  await p.goto(BASE + "/en/beheer/berichten");
  await noViolations(p, "outbox in English");
  await admin.context.close();
});

// The back-office in a real browser, without and with JavaScript: the organisation's admin invites an
// editor and an approver, who make their accounts through the links; an editor writes a description with
// mistakes, fixes them and hands it on; the approver sends it back with a reason; the editor fixes it
// again; the approver publishes; it is on the public site and in search; a new draft leaves the public
// version as it was; the approver withdraws it. Stored markup never runs. axe-core finds no WCAG 2.1 AA
// violations on the back-office pages.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { launch, axe, screenshot, BASE } from "../lib/browser.mjs";

const ADMIN = process.env.E2E_ADMIN;
const PLATFORM_ADMIN = process.env.E2E_PLATFORM_ADMIN;
const EDITOR = process.env.E2E_EDITOR;
const APPROVER = process.env.E2E_APPROVER;
const PASSWORD = process.env.E2E_PASSWORD;
const PROVIDER = process.env.E2E_PROVIDER;

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

test("the admin invites the editor and the approver; they make their accounts", async () => {
  // The admin works without JavaScript.
  const admin = await person(ADMIN, false);
  const a = admin.page;
  await Promise.all([a.waitForURL(/\/beheer\/gebruikers/), a.click("nav.main-nav a[href='/beheer/gebruikers']")]);
  await noViolations(a, "users page");
  for (const [email, role, name] of [
    [EDITOR, "editor", "Rosa Redacteur"],
    [APPROVER, "approver", "Gijs Goedkeurder"],
  ]) {
    await a.fill("#invite-email", email);
    await a.check(`#invite-role-${role}`);
    await Promise.all([a.waitForLoadState("load"), a.click("button[name=op][value=invite]")]);
    const link = await a.inputValue("#new-link");
    assert.match(link, /\/beheer\/uitnodiging\/[0-9a-f]{64}$/);
    await noViolations(a, "users page with a new link");

    // The invited person opens the link in a browser of their own, without JavaScript.
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, javaScriptEnabled: false });
    const p = await context.newPage();
    withoutJs.add(p);
    await p.goto(link);
    assert.match(await p.locator("h1").innerText(), /Uitnodiging/);
    await noViolations(p, "invitation page");
    await p.fill("#link-name", name);
    await p.fill("#link-password", PASSWORD);
    await Promise.all([p.waitForLoadState("load"), p.click("button[type=submit]")]);
    assert.match(await p.locator("h1").innerText(), /inloggen/i);
    // The link works once.
    const again = await p.goto(link);
    assert.equal(again.status(), 410);
    await context.close();
  }
  await a.reload();
  const members = await a.locator("section.member h3").allInnerTexts();
  for (const n of ["Rosa Redacteur", "Gijs Goedkeurder"]) assert.ok(members.includes(n), `${n} in ${members}`);
  // The organisation's profile and log, checked too.
  await a.goto(BASE + "/beheer/profiel");
  await noViolations(a, "profile page");
  await a.goto(BASE + "/en/beheer/logboek");
  assert.ok((await a.locator("td", { hasText: "Invitation accepted" }).count()) >= 2, "the log shows the accepted invitations");
  await noViolations(a, "log page");
  await admin.context.close();
});

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

test("the platform admin's organisations and oversight pages", async () => {
  const { context, page } = await person(PLATFORM_ADMIN);
  await Promise.all([page.waitForURL(/\/beheer\/organisaties/), page.click("nav.main-nav a[href='/beheer/organisaties']")]);
  await page.fill("#org-q", "amsterdam");
  await Promise.all([page.waitForURL(/q=amsterdam/), page.click("form.office-filters button")]);
  assert.ok((await page.locator("tbody tr").count()) >= 1);
  await noViolations(page, "organisations page");
  await page.goto(BASE + "/beheer/toezicht");
  assert.ok((await page.locator("tbody tr").count()) >= 1, "organisations with descriptions");
  await noViolations(page, "oversight page");
  await page.goto(BASE + "/en/beheer/gebruikers?org=gm0363");
  await noViolations(page, "users page in English, for a platform admin");
  await page.goto(BASE + "/beheer/personen");
  await page.fill("#account-q", "e2e.example");
  await Promise.all([page.waitForURL(/q=e2e/), page.click("form.office-filters button")]);
  assert.ok((await page.locator("section.member").count()) >= 2, "the accounts of the story");
  await noViolations(page, "accounts page");
  // Making an account a supplier's (for templates), and no longer.
  const olga = page.locator("section.member", { hasText: "olga@e2e.example" });
  await olga.locator("input[name=provider]").fill("Olga's Bureau <b>BV</b>");
  await Promise.all([page.waitForLoadState("load"), olga.locator("button[value=provider]").click()]);
  assert.ok(await page.getByText("De leverancier is opgeslagen").isVisible());
  const saved = page.locator("section.member", { hasText: "olga@e2e.example" });
  assert.equal(await saved.locator("input[name=provider]").inputValue(), "Olga's Bureau BV");
  await noViolations(page, "accounts page with a supplier");
  await saved.locator("input[name=provider]").fill("");
  await Promise.all([page.waitForLoadState("load"), saved.locator("button[value=provider]").click()]);
  assert.ok(await page.getByText("Het account hoort niet meer bij een leverancier").isVisible());
  await context.close();
});

/// The current code of a base32 secret (RFC 6238: HMAC-SHA1, 30 s, 6 digits), `offset` steps away.
function totp(secret, offset = 0) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secret.replace(/[\s=]/g, "").toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30) + offset));
  const h = createHmac("sha1", key).update(counter).digest();
  const o = h[h.length - 1] & 0x0f;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

test("two-step verification: setting it up and the code step, without accessibility violations", async () => {
  // The approver sets it up (the last test to log in as the approver).
  const { context, page } = await person(APPROVER);
  await page.goto(BASE + "/beheer/tweestapsverificatie");
  await noViolations(page, "two-step verification set-up");
  const secret = (await page.locator("#totp-secret").innerText()).replace(/\s/g, "");
  await page.fill("#code", totp(secret));
  await Promise.all([page.waitForLoadState("load"), page.click("button[value=enable]")]);
  assert.ok(await page.getByText("Tweestapsverificatie staat nu aan").isVisible());
  await noViolations(page, "two-step verification switched on");
  await page.goto(BASE + "/en/beheer/tweestapsverificatie");
  await noViolations(page, "two-step verification in English");
  await context.close();

  // Logging in again asks for a code, after the password.
  const again = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const p = await again.newPage();
  await p.goto(BASE + "/beheer");
  await p.fill("#email", APPROVER);
  await p.fill("#password", PASSWORD);
  await Promise.all([p.waitForURL(/\/beheer\/inloggen\/code/), p.click("button[type=submit]")]);
  await noViolations(p, "code step");
  await p.fill("#code", "000000");
  await Promise.all([p.waitForLoadState("load"), p.click("button[type=submit]")]);
  assert.ok(await p.locator("[role=alert]").isVisible());
  await noViolations(p, "code step with a wrong code");
  await p.fill("#code", totp(secret, 1));
  await Promise.all([p.waitForURL(/\/beheer$/), p.click("button[type=submit]")]);
  await again.close();
});

test("rich-text tools with JavaScript: lists from selected lines and an inert preview", async () => {
  const { context, page } = await person(EDITOR);
  await page.goto(BASE + "/beheer/algoritme/nieuw?org=gm0363");
  const tools = page.locator("[data-rich-for='f-goal']");
  assert.ok(await tools.isVisible(), "the tools are shown when scripts run");
  await page.fill("#f-goal", "Minder ritten\nStillere straten <img src=x onerror=alert(1)>");
  await page.locator("#f-goal").selectText();
  await tools.getByRole("button", { name: "Opsomming" }).click();
  assert.equal(await page.inputValue("#f-goal"), "- Minder ritten\n- Stillere straten <img src=x onerror=alert(1)>");
  await tools.getByRole("button", { name: "Genummerde lijst" }).click();
  assert.equal(await page.inputValue("#f-goal"), "1. Minder ritten\n2. Stillere straten <img src=x onerror=alert(1)>");
  const show = tools.getByRole("button", { name: "Voorbeeld tonen" });
  await show.click();
  const items = page.locator("#f-goal-preview ol li");
  assert.equal(await items.count(), 2);
  assert.equal(await items.nth(1).textContent(), "Stillere straten <img src=x onerror=alert(1)>");
  assert.equal(await page.locator("#f-goal-preview img").count(), 0, "typed markup stays text");
  // The preview follows the typing.
  await page.fill("#f-goal", "Een alinea.\n\nNog een alinea.");
  assert.equal(await page.locator("#f-goal-preview .rich-preview-body p").count(), 2);
  assert.equal(await tools.getByRole("button", { name: "Voorbeeld verbergen" }).getAttribute("aria-expanded"), "true");
  await noViolations(page, "form with the rich-text preview open");
  await context.close();
});

test("a copy of a description, and an older version used again as the new draft", async () => {
  const editor = await person(EDITOR);
  const e = editor.page;
  await Promise.all([e.waitForURL(/\/beheer\/algoritme\/kopie$/), e.click("a[href$='/beheer/algoritme/kopie']")]);
  await noViolations(e, "copy page");
  const options = await e.locator("#van option").count();
  assert.ok(options > 0, "the story's descriptions can be copied");
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
  await editor.context.close();
});

test("a supplier publishes a template; an editor starts a description from it", async () => {
  const supplier = await person(PROVIDER);
  const s = supplier.page;
  await Promise.all([s.waitForURL(/\/beheer\/sjablonen$/), s.click("a[href$='/beheer/sjablonen']")]);
  await noViolations(s, "templates of a supplier");
  await Promise.all([s.waitForURL(/\/beheer\/sjablonen\/nieuw$/), s.click("a[href$='/beheer/sjablonen/nieuw']")]);
  await noViolations(s, "new template");
  await s.fill("#f-name", "Parkeerscanner E2E");
  await s.fill("#f-description_short", "De scanauto leest kentekens om te zien of er voor parkeren is betaald.");
  await Promise.all([s.waitForURL(/opgeslagen=1/), s.click("button[name=save]")]);
  await noViolations(s, "a template's form");
  await act(s, "publish");
  assert.match(s.url(), /gedaan=publish/);
  assert.ok(await s.getByText("Sjabloon terugtrekken").isVisible());
  await noViolations(s, "a published template");
  await supplier.context.close();

  const editor = await person(EDITOR);
  const e = editor.page;
  await Promise.all([e.waitForURL(/\/beheer\/algoritme\/sjabloon$/), e.click("a[href$='/beheer/algoritme/sjabloon']")]);
  await noViolations(e, "start from a template");
  await e.selectOption("#sjabloon", { label: "Parkeerscanner E2E (Leverancier E2E BV)" });
  await Promise.all([e.waitForURL(/sjabloon=1/), e.click("button.button-primary")]);
  assert.equal(await e.inputValue("#f-name"), "Parkeerscanner E2E");
  assert.ok(await e.locator(".notice").isVisible(), "the start from a template is announced");
  await editor.context.close();
});

test("the organisation's admin reads the outbox of notifications", async () => {
  const admin = await person(ADMIN);
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

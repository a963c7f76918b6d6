// Shared helpers: Debian's Chromium through playwright-core, axe-core, screenshots.
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
export const AXE = require.resolve("axe-core/axe.min.js");
export const BASE = process.env.E2E_BASE_URL || "http://127.0.0.1:8080";
export const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), "..", "screenshots");
export const LANGS = ["nl", "en", "fy"];
export const WIDTHS = [375, 1280];

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/// `path` (Dutch form, e.g. `/zoeken?q=x`) in `lang`.
export function inLang(lang, path) {
  if (lang === "nl") return path;
  return path === "/" ? `/${lang}` : `/${lang}${path}`;
}

/// Runs axe-core on the page for the WCAG 2.0/2.1 A and AA rules; returns the violations.
export async function axe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      resultTypes: ["violations"],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
    }));
  });
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/// JSON of an API path.
export async function api(path) {
  const r = await fetch(BASE + path);
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return r.json();
}

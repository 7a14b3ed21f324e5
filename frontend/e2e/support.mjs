// What every browser test shares: Debian's Chromium via playwright-core, the platform's address
// (scripts/e2e.sh sets E2E_BASE_URL), screenshots in E2E_ARTIFACTS, page errors collected, and the
// register → onboard steps.
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

export const here = dirname(fileURLToPath(import.meta.url));
export const base = process.env.E2E_BASE_URL ?? "http://127.0.0.1:18766";
export const artifacts = process.env.E2E_ARTIFACTS ?? join(here, "..", "..", "var", "e2e-artifacts");
mkdirSync(artifacts, { recursive: true });

/** Uncaught errors of every page opened with newPage(); a test asserts it stays empty. */
export const pageErrors = [];

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}

export async function newPage(browser, width = 1280, height = 800) {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  return page;
}

/** WCAG 2.1 A/AA violations axe-core found on the pages screenshotted; a test asserts it stays empty. */
export const a11yViolations = [];
const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is now, checks it does not scroll sideways,
 * and records what fails. */
export async function checkA11y(page, name) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  for (const v of violations) a11yViolations.push(`${name}: ${v}`);
  // WCAG 1.4.10 (reflow): the page itself never scrolls sideways; wide tables scroll inside their box.
  const { page: pageWidth, viewport } = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
  if (pageWidth > viewport + 1) a11yViolations.push(`${name}: the page scrolls sideways (${pageWidth}px wide in a ${viewport}px window)`);
}

/** shotter("publish-")(page, "1-x") saves publish-1-x.png (full page) in the artifacts folder and checks
 * the page's accessibility (checkA11y). `{ fullPage: false }` shoots only the window: Chromium leaves a
 * sandboxed iframe (the editor's preview) blank in a full-page shot when it lies below the fold. */
export const shotter = (prefix = "") => async (page, name, { fullPage = true } = {}) => {
  await page.screenshot({ path: join(artifacts, `${prefix}${name}.png`), fullPage });
  await checkA11y(page, `${prefix}${name}`);
};

/** Fill in and send the registration form; ends on onboarding ("Set up your first site"). */
export async function register(page, company, email, shot) {
  await page.goto(`${base}/register`);
  await page.getByLabel("Company or agency name").fill(company);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill("s3cret-passw0rd!");
  if (shot) await shot(page, `${company}-1-register`);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "Set up your first site" }).waitFor();
}

/** Onboarding: a site in the first industry with its first sector; ends on the site's dashboard. */
export async function onboard(page, site, domain) {
  await page.getByLabel("Site name").fill(site);
  await page.getByLabel(/^Domain/).fill(domain);
  await page.getByLabel("Industry").selectOption({ index: 1 });
  await page.getByRole("group", { name: "Sectors you write about" }).getByRole("checkbox").first().check();
  await page.getByRole("button", { name: "Create site" }).click();
  await page.getByRole("heading", { name: new RegExp(`Dashboard — ${site}`) }).waitFor();
}

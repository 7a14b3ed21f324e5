// What every browser test shares: Debian's Chromium via playwright-core, the platform's address
// (scripts/e2e.sh sets E2E_BASE_URL), screenshots in E2E_ARTIFACTS, page errors collected, and the
// register → onboard steps.
import { mkdirSync } from "node:fs";
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

/** shotter("publish-")(page, "1-x") saves publish-1-x.png (full page) in the artifacts folder. */
export const shotter = (prefix = "") => (page, name) =>
  page.screenshot({ path: join(artifacts, `${prefix}${name}.png`), fullPage: true });

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

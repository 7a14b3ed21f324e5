// Browser end-to-end test of Automation: a workflow template creates a scheduled clustering rule,
// "Run now" runs it on the real worker, the dashboard shows it finish, the history shows the credits,
// and the clusters it made are on the Clusters page. Run by `make e2e` (scripts/e2e.sh).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { join } from "node:path";

import { here, launchBrowser, newPage, onboard, a11yViolations, pageErrors, register, shotter } from "./support.mjs";

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

const shot = shotter("automation-");

test("a workflow's rule runs now, finishes on the dashboard, shows in history, and its clusters exist", async () => {
  const page = await newPage(browser, 1280, 900);
  const stamp = Date.now();

  await register(page, "Auto Pilot Co", `autopilot${stamp}@example.com`);
  await onboard(page, "Autopilot Blog", "autopilot.example");

  await page.getByRole("link", { name: "Planner" }).click();
  await page.getByRole("button", { name: "Import CSV" }).click();
  // The new site's sector is offered (it once stayed missing for a minute after onboarding).
  await page.getByRole("dialog", { name: "Import keywords from CSV" }).getByLabel("Sector").waitFor();
  await page.getByLabel("CSV file").setInputFiles(join(here, "keywords.csv"));
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await page.getByText(/^Read \d+ rows/).waitFor();
  await page.getByRole("button", { name: "Done" }).click();

  // Automation: nothing yet.
  await page.getByRole("link", { name: "Automation" }).click();
  await page.getByText("No automation rules yet — start from a workflow").waitFor();
  await shot(page, "1-empty-dashboard");

  // Workflows: "Auto cluster keywords" creates one scheduled rule.
  await page.getByRole("navigation", { name: "Automation" }).getByRole("link", { name: "Workflows" }).click();
  await page.getByRole("heading", { name: "Workflows" }).waitFor();
  await shot(page, "2-workflows");
  await page.getByRole("button", { name: "Use this workflow: Auto cluster keywords" }).click();
  const dialog = page.getByRole("dialog", { name: /Use .Auto cluster keywords/ });
  await dialog.getByLabel("Time zone of the schedules").selectOption("UTC");
  await dialog.getByRole("button", { name: "Create 1 rule(s)" }).click();
  const done = page.getByRole("dialog", { name: "Auto cluster keywords: done" });
  await done.getByText("Created 1 rule(s):").waitFor();
  await done.getByRole("link", { name: "Cluster new keywords daily at 2 AM" }).click();

  // The rule editor: schedule in words with next run times, then a dry run that spends nothing.
  await page.getByRole("heading", { name: "Rule: Cluster new keywords daily at 2 AM" }).waitFor();
  await page.getByText("Created from the “Auto cluster keywords” workflow.").waitFor();
  await page.getByText("Daily at 02:00").waitFor();
  assert.equal(await page.getByRole("list", { name: "Next run times" }).getByRole("listitem").count(), 3);
  await page.getByRole("button", { name: "Dry run" }).click();
  const dry = page.getByRole("region", { name: "Dry run result" });
  await dry.getByText("Conditions are met.").waitFor();
  await shot(page, "3-rule-dry-run");
  const dryCredits = Number((await dry.locator("strong").first().textContent()).trim());
  assert.ok(dryCredits > 0, "the dry run estimates credits");
  await page.getByText("1,000 credits").waitFor(); // a dry run spends nothing

  // Dashboard: Run now, watch it finish.
  await page.getByRole("navigation", { name: "Automation" }).getByRole("link", { name: "Dashboard" }).click();
  await page.getByRole("heading", { name: /^Automation — Autopilot Blog/ }).waitFor();
  await page.getByText("Daily at 02:00").waitFor();
  await page.getByRole("button", { name: "Run now: Cluster new keywords daily at 2 AM" }).click();
  await page
    .getByRole("link", { name: "Succeeded: last run of Cluster new keywords daily at 2 AM" })
    .getByText("Succeeded", { exact: true })
    .waitFor({ timeout: 45_000 });
  await page.getByText(/Nothing is running\. Last run: /).waitFor();
  await shot(page, "4-dashboard-run-finished");

  // History: the run with its items and credits.
  await page.getByRole("navigation", { name: "Automation" }).getByRole("link", { name: "History" }).click();
  const row = page.getByRole("table", { name: "Automation runs" }).getByRole("row").nth(1);
  await row.getByText("Succeeded").waitFor();
  const cells = await row.getByRole("cell").allTextContents();
  assert.equal(cells[0], "Cluster new keywords daily at 2 AM");
  assert.equal(cells[1], "Run now");
  const items = Number(cells[5]);
  const credits = Number(cells[6]);
  assert.equal(items, 9, "the 9 imported keywords were clustered");
  assert.ok(credits > 0, "the run used credits");
  assert.equal(cells[7], "0");
  await shot(page, "5-history");
  await page.getByText(`${(1000 - credits).toLocaleString("en-US")} credits`).waitFor();

  await row.getByRole("link").click();
  await page.getByRole("heading", { name: /^Run \d+/ }).waitFor();
  await page.getByRole("list", { name: "Actions" }).getByText("Cluster keywords").waitFor();
  await page.getByText("No errors.").waitFor();
  await shot(page, "6-run-detail");

  // The clusters the rule made.
  await page.getByRole("link", { name: "Clusters" }).click();
  await page.getByRole("heading", { name: "Clusters" }).waitFor();
  await page.getByRole("checkbox", { name: /^Select cluster / }).first().waitFor();
  assert.ok((await page.getByRole("checkbox", { name: /^Select cluster / }).count()) > 0);
  await shot(page, "7-clusters");

  // Narrow screen: the dashboard still works at 768px.
  await page.setViewportSize({ width: 768, height: 1000 });
  await page.getByRole("link", { name: "Automation" }).click();
  await page.getByRole("button", { name: "Run now: Cluster new keywords daily at 2 AM" }).waitFor();
  await shot(page, "8-dashboard-768");
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(a11yViolations, []);
  await page.close();
});

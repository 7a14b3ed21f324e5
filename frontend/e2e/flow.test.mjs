// Browser end-to-end test: Debian's Chromium driven by playwright-core against the platform as
// `make run` starts it (scripts/e2e.sh starts it and sets E2E_BASE_URL). Screenshots of every page
// go to E2E_ARTIFACTS.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { join } from "node:path";

import { base, here, launchBrowser, newPage as openPage, a11yViolations, pageErrors, register as registerWith, shotter } from "./support.mjs";

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

const newPage = (width, height) => openPage(browser, width, height);
const shot = shotter();
const register = (page, company, email) => registerWith(page, company, email, shot);

const stamp = Date.now();
let contentUrl = "";

test("register, onboard, import keywords, cluster them; a second account sees none of it", async () => {
  const page = await newPage();
  await register(page, "Acme SEO", `acme${stamp}@example.com`);
  await page.getByLabel("Site name").fill("Acme Running Blog");
  await page.getByLabel(/^Domain/).fill("acme-running.example");
  await page.getByLabel("Industry").selectOption({ index: 1 });
  await page.getByRole("group", { name: "Sectors you write about" }).getByRole("checkbox").first().check();
  await shot(page, "acme-2-onboarding");
  await page.getByRole("button", { name: "Create site" }).click();
  await page.getByRole("heading", { name: /Dashboard — Acme Running Blog/ }).waitFor();
  await shot(page, "acme-3-dashboard");
  const creditsBefore = await page.getByText(/[\d,]+ credits/).first().textContent();
  assert.match(creditsBefore ?? "", /1,000 credits/);

  await page.getByRole("link", { name: "Planner" }).click();
  await page.getByRole("heading", { name: "Keywords" }).waitFor();
  await page.getByRole("button", { name: "Import CSV" }).click();
  // The new site's sector is offered (it once stayed missing for a minute after onboarding).
  await page.getByRole("dialog", { name: "Import keywords from CSV" }).getByLabel("Sector").waitFor();
  await page.getByLabel("CSV file").setInputFiles(join(here, "keywords.csv"));
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await page.getByText(/^Read \d+ rows/).waitFor();
  await shot(page, "acme-4-import-report");
  await page.getByRole("button", { name: "Done" }).click();
  await page.getByText("best running shoes", { exact: true }).waitFor();
  assert.equal(await page.getByRole("checkbox", { name: /^Select (?!all)/ }).count(), 9); // 9 good rows, 1 rejected

  await page.getByRole("button", { name: "Cluster all unclustered" }).click();
  const dialog = page.getByRole("dialog", { name: "Clustering keywords" });
  await dialog.getByRole("button", { name: "Close" }).waitFor({ timeout: 180_000 });
  await dialog.getByText("100%").waitFor();
  await shot(page, "acme-5-clustered");
  await dialog.getByRole("button", { name: "Close" }).click();
  await page.getByText("990 credits").waitFor(); // clustering costs 10 credits
  await shot(page, "acme-6-planner");
  await page.setViewportSize({ width: 768, height: 1024 });
  await shot(page, "acme-6b-planner-tablet");
  await page.setViewportSize({ width: 1280, height: 800 });

  // Clusters → ideas → writer → full article (content + image prompts + images), credits checked at each job.
  let credits = 990;
  const runJob = async (dialogName, name) => {
    const modal = page.getByRole("dialog", { name: dialogName });
    await modal.getByRole("button", { name: "Close" }).waitFor({ timeout: 240_000 });
    await modal.getByText("100%").waitFor();
    const used = Number((await modal.getByText(/^Credits used: \d+/).textContent()).match(/\d+/)[0]);
    assert.ok(used > 0, `${dialogName} charged credits`);
    await shot(page, name);
    await modal.getByRole("button", { name: "Close" }).click();
    credits -= used;
    await page.getByText(`${credits.toLocaleString("en-US")} credits`).waitFor();
    return used;
  };

  await page.getByRole("link", { name: "Clusters" }).click();
  await page.getByRole("heading", { name: "Clusters" }).waitFor();
  await page.getByRole("checkbox", { name: "Select all clusters on this page" }).check();
  const clusterCount = await page.getByRole("checkbox", { name: /^Select cluster / }).count();
  await page.getByRole("button", { name: "Generate ideas" }).click();
  assert.equal(await runJob("Generating ideas", "acme-7-ideas-generated"), 15 * clusterCount);

  await page.getByRole("link", { name: "Ideas" }).click();
  await page.getByRole("heading", { name: "Ideas" }).waitFor();
  await page.getByRole("checkbox", { name: /^Select idea / }).first().check();
  await shot(page, "acme-8-ideas");
  await page.getByRole("button", { name: "Queue to writer" }).click();
  await page.getByText(/^Queued 1 idea/).waitFor();

  await page.getByRole("link", { name: "Tasks" }).click();
  await page.getByRole("heading", { name: "Tasks" }).waitFor();
  await page.getByRole("checkbox", { name: /^Select task / }).first().check();
  await page.getByRole("button", { name: "Write full article" }).click();
  const articleCredits = await runJob("Writing full articles", "acme-9-article-written");
  assert.ok(articleCredits >= 2 + 3 * 5 + 1, "content + 2 for prompts + 5 per image (3 images)");
  await shot(page, "acme-10-tasks");

  // Content: the written article, its images (loaded with the session's token), a meta-title edit
  // that makes a new version, and one image regenerated for exactly 5 credits.
  await page.getByRole("link", { name: "Content", exact: true }).click();
  await page.getByRole("heading", { name: "Content", exact: true }).waitFor();
  await shot(page, "acme-11-content-list");
  const articleLink = page.getByRole("table").getByRole("link").first();
  const articleTitle = (await articleLink.textContent()).trim();
  await articleLink.click();
  await page.getByRole("heading", { level: 1, name: articleTitle }).waitFor();
  contentUrl = page.url();
  const gallery = page.getByRole("list", { name: "Images of this content" });
  await gallery.getByRole("listitem").nth(2).waitFor();
  assert.equal(await gallery.getByRole("listitem").count(), 3, "featured + 2 in-article images");
  await page.waitForFunction(() => {
    const imgs = [...document.querySelectorAll('[aria-label="Images of this content"] img')];
    return imgs.length === 3 && imgs.every((i) => i.complete && i.naturalWidth > 0);
  });
  // The sandboxed preview renders the article, its images included (blob: URLs of the fetched files).
  const preview = page.frameLocator('iframe[title="Preview"]');
  await preview.getByRole("heading", { level: 2 }).first().waitFor();
  assert.ok((await preview.getByRole("heading", { level: 2 }).count()) >= 3, "the preview shows the article's sections");
  assert.ok((await preview.locator("img").count()) >= 2, "the preview shows the in-article images");
  await page.locator('iframe[title="Preview"]').scrollIntoViewIfNeeded();
  await shot(page, "acme-12a-content-preview", { fullPage: false });
  await page.getByLabel("Meta title").fill("Best running shoes, tested by runners");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByText("Changes saved.").waitFor();
  await page.getByText(/^Version 3/).first().waitFor(); // the edit is a new version
  await shot(page, "acme-12-content-editor");
  await page.setViewportSize({ width: 768, height: 1024 });
  await shot(page, "acme-12b-content-editor-tablet");
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole("button", { name: "Regenerate featured image" }).click();
  assert.equal(await runJob("Regenerating image", "acme-13-image-regenerated"), 5);
  await page.reload();
  await page.getByLabel("Meta title").waitFor();
  assert.equal(await page.getByLabel("Meta title").inputValue(), "Best running shoes, tested by runners");

  // Billing: the balance the header shows, usage per operation, and the transactions behind it.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Billing" }).click();
  await page.getByRole("heading", { level: 1, name: "Billing" }).waitFor();
  await page.getByRole("region", { name: "Credit balance" }).getByText(credits.toLocaleString("en-US")).first().waitFor();
  const byOperation = page.getByRole("table", { name: "By operation type" });
  await byOperation.waitFor();
  assert.ok((await byOperation.getByRole("row").count()) >= 5, "clustering, ideas, content, prompts, images");
  await page.getByRole("heading", { name: "Transactions" }).waitFor();
  await shot(page, "acme-14-billing");
  await page.setViewportSize({ width: 768, height: 1024 });
  await shot(page, "acme-14b-billing-tablet");
  await page.setViewportSize({ width: 1280, height: 800 });

  // Settings: every tab an owner sees.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
  const tabs = [
    ["Account", "Account"],
    ["Team", "Team"],
    ["Sites & sectors", "Sites and sectors"],
    ["Site access", "Site access"],
    ["AI", "AI providers and models"],
    ["Prompts", "Prompts"],
  ];
  for (const [i, [tab, heading]] of tabs.entries()) {
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: tab, exact: true }).click();
    await page.getByRole("heading", { level: 2, name: heading, exact: true }).waitFor();
    await shot(page, `acme-15-settings-${i + 1}`);
  }
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Account", exact: true }).click();
  await page.getByLabel("Account name").fill("Acme SEO Agency");
  await page.getByRole("button", { name: "Save name" }).click();
  await page.getByLabel("Account name").and(page.locator('[value="Acme SEO Agency"]')).waitFor();

  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForURL("**/login");

  // A stranger: their own account, their own (empty) planner.
  await register(page, "Stranger Co", `stranger${stamp}@example.com`);
  await page.getByLabel("Site name").fill("Stranger Site");
  await page.getByLabel("Industry").selectOption({ index: 2 });
  await page.getByRole("group", { name: "Sectors you write about" }).getByRole("checkbox").first().check();
  await page.getByRole("button", { name: "Create site" }).click();
  await page.getByRole("heading", { name: /Dashboard — Stranger Site/ }).waitFor();
  await page.getByRole("link", { name: "Planner" }).click();
  await page.getByRole("heading", { name: "Keywords" }).waitFor();
  await page.waitForTimeout(500);
  assert.equal(await page.getByText("best running shoes", { exact: true }).count(), 0);
  assert.equal(await page.getByRole("option", { name: "Acme Running Blog" }).count(), 0);
  await shot(page, "stranger-1-planner");
  await page.getByRole("link", { name: "Content", exact: true }).click();
  await page.getByText("No content yet.").waitFor();
  await page.goto(contentUrl); // Acme's article, by its address
  await page.getByRole("heading", { name: /not found/i }).waitFor();
  assert.equal(await page.getByText("Best running shoes, tested by runners").count(), 0);
  await shot(page, "stranger-2-content-not-theirs");

  // Log out, log back in as Acme: their site, their keywords, their renamed account.
  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForURL("**/login");
  await page.getByLabel("Email").fill(`acme${stamp}@example.com`);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("alert").filter({ hasText: "Wrong email or password." }).waitFor();
  assert.match(page.url(), /\/login$/);
  await page.getByLabel("Password").fill("s3cret-passw0rd!");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Dashboard — Acme Running Blog" }).waitFor();
  const stages = page.getByRole("list", { name: "Items per pipeline stage" });
  await stages.getByRole("link", { name: "Keywords 9" }).waitFor();
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Account name").and(page.locator('[value="Acme SEO Agency"]')).waitFor();
  await shot(page, "acme-16-logged-in-again");
  await page.close();
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(a11yViolations, []);
});

test("a forgotten session sends the user back to log in with a clear message", async () => {
  const page = await newPage(820, 1100); // tablet
  await page.goto(`${base}/login`);
  await page.evaluate(() => localStorage.setItem("igny8.tokens", JSON.stringify({ access: "bad", refresh: "bad" })));
  await page.goto(`${base}/planner`);
  await page.getByText("Your session expired — please log in again").waitFor();
  await shot(page, "session-expired-tablet");
  await page.close();
});

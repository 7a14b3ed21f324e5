// Browser end-to-end test of publishing against a real, stock WordPress: scripts/e2e.sh runs the node
// tests through scripts/wordpress_e2e.py, which starts WordPress like the backend's pytest harness does and
// passes E2E_WP_URL / E2E_WP_USERNAME / E2E_WP_APP_PASSWORD. The platform runs with
// IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS=1 so it may reach 127.0.0.1. Screenshots go to E2E_ARTIFACTS.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { base, launchBrowser, newPage, onboard, a11yViolations, pageErrors, register, shotter } from "./support.mjs";

const wp = {
  url: process.env.E2E_WP_URL ?? "",
  username: process.env.E2E_WP_USERNAME ?? "",
  appPassword: process.env.E2E_WP_APP_PASSWORD ?? "",
};
let browser;

before(async () => {
  assert.ok(wp.url && wp.username && wp.appPassword, "E2E_WP_URL / E2E_WP_USERNAME / E2E_WP_APP_PASSWORD (scripts/wordpress_e2e.py)");
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

const shot = shotter("publish-");

/** WordPress's own REST API (plain permalinks: /?rest_route=), as its administrator. */
async function wpGet(route, params = {}) {
  const query = new URLSearchParams({ rest_route: route, ...params });
  const response = await fetch(`${wp.url}/?${query}`, {
    headers: { Authorization: `Basic ${Buffer.from(`${wp.username}:${wp.appPassword}`).toString("base64")}` },
  });
  assert.equal(response.status, 200, `GET ${route}: HTTP ${response.status}`);
  return response.json();
}

async function postsTitled(title) {
  const posts = await wpGet("/wp/v2/posts", { search: title, status: "publish,draft,future,pending,private", per_page: "100" });
  return posts.filter((p) => p.title.rendered === title);
}

const stamp = Date.now();

test("connect WordPress in Settings → Integrations, publish an article to it, publish again: one post", async () => {
  const page = await newPage(browser, 1024, 800);

  // Register and onboard a site.
  await register(page, "Publish Co", `publish${stamp}@example.com`);
  await onboard(page, "Publish Co Blog", "publish-co.example");

  // An article, made through the API with the browser's own session (the writer flow is covered by flow.test.mjs).
  const title = `Trail running in the rain ${stamp}`;
  const contentId = await page.evaluate(async (title) => {
    const { access } = JSON.parse(localStorage.getItem("igny8.tokens"));
    const call = async (method, path, body) => {
      const response = await fetch(path, {
        method,
        headers: { Authorization: `Bearer ${access}`, "Content-Type": "application/json", Accept: "application/json" },
        body: body ? JSON.stringify(body) : undefined,
      });
      const json = await response.json();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
      return json;
    };
    const site = (await call("GET", "/api/v1/auth/sites/")).results[0];
    const sector = (await call("GET", `/api/v1/auth/sectors/?site_id=${site.id}`)).results[0];
    const created = await call("POST", "/api/v1/writer/content/", {
      site: site.id,
      sector: sector.id,
      title,
      slug: title.toLowerCase().replace(/\s+/g, "-"),
      primary_keyword: "trail running rain",
      meta_title: "Trail running in the rain: a short guide",
      meta_description: "How to run trails when it pours: shoes, layers and footing, from runners who do it every week.",
      html: "<h2>Why run in the rain</h2><p>Empty trails and cool air.</p><h2>What to wear</h2><p>Grippy shoes, a light shell.</p>",
      categories: ["Running"],
      tags: ["rain", "trail"],
    });
    return created.data.id;
  }, title);
  assert.ok(Number.isInteger(contentId));

  // Settings → Integrations: empty at first, then WordPress with the peer's address and application password.
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Integrations" }).click();
  await page.getByRole("heading", { level: 2, name: "Integrations" }).waitFor();
  await page.getByText("No integrations yet — connect WordPress, Shopify or a webhook to publish.").waitFor();
  await shot(page, "1-integrations-empty");
  await page.getByRole("button", { name: "Add integration" }).click();
  const form = page.getByRole("dialog", { name: "Add an integration" });
  await form.getByLabel("Platform").selectOption("wordpress");
  await form.getByLabel("Site address").fill(wp.url);
  await form.getByLabel("Username").fill(wp.username);
  await form.getByLabel("Application password").fill(wp.appPassword);
  await shot(page, "2-add-wordpress");
  await form.getByRole("button", { name: "Add integration" }).click();
  await page.getByText("WordPress added. Test the connection to check it works.").waitFor();
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /^WordPress/ }) });
  await card.getByText("Saved", { exact: true }).waitFor(); // credentials: only whether they are saved
  assert.equal(await page.getByText(wp.appPassword).count(), 0);
  await card.getByRole("button", { name: "Test connection" }).click();
  await card.getByText("Connection works.").waitFor({ timeout: 60_000 });
  const version = (await card.locator("dt", { hasText: "WordPress version" }).locator("xpath=following-sibling::dd").textContent()).trim();
  assert.match(version, /^\d+\.\d+/, "the report names the WordPress version");
  const user = (await card.locator("dt", { hasText: /^User$/ }).locator("xpath=following-sibling::dd").textContent()).trim();
  assert.match(user, new RegExp(`^${wp.username}\\b`), "the report names the WordPress user");
  await shot(page, "3-connection-tested");
  await page.setViewportSize({ width: 768, height: 1000 });
  await shot(page, "4-integrations-tablet");
  await page.setViewportSize({ width: 1024, height: 800 });

  // The content editor: Publish → WordPress → result link.
  await page.goto(`${base}/writer/content/${contentId}`);
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  const panel = page.getByRole("region", { name: "Publishing" });
  await panel.scrollIntoViewIfNeeded(); // the panel loads its records when it comes into view
  await panel.getByText("Not published anywhere yet.").waitFor();

  const publishOnce = async (shotName) => {
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Publish" });
    const destination = dialog.getByRole("checkbox", { name: /WordPress/ });
    await destination.waitFor();
    assert.equal(await destination.isChecked(), true);
    await dialog.getByRole("button", { name: "Publish", exact: true }).click();
    const results = page.getByRole("dialog", { name: "Publishing results" });
    await results.waitFor({ timeout: 120_000 });
    const link = results.getByRole("link", { name: /View on WordPress/ });
    await link.waitFor();
    const href = await link.getAttribute("href");
    assert.ok(href.startsWith(wp.url), `the result links to the WordPress post (${href})`);
    await shot(page, shotName);
    await results.getByRole("button", { name: "Close" }).click();
    return href;
  };

  const firstUrl = await publishOnce("5-published");
  let posts = await postsTitled(title);
  assert.equal(posts.length, 1, "exactly one post with that title");
  assert.equal(posts[0].status, "publish");
  assert.equal(posts[0].link, firstUrl);

  // The Publishing panel lists the record with its address.
  await panel.getByRole("link", { name: firstUrl }).waitFor();
  await panel.getByText("In sync").waitFor();

  // Publish again: the same post is updated, never duplicated.
  const secondUrl = await publishOnce("6-published-again");
  assert.equal(secondUrl, firstUrl);
  posts = await postsTitled(title);
  assert.equal(posts.length, 1, "still exactly one post with that title");
  await shot(page, "7-editor-publishing-panel");

  await page.close();
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(a11yViolations, []);
});

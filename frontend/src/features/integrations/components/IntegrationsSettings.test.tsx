import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { SettingsPage } from "../../settings/components/SettingsPage";
import { ScopeProvider } from "../../sites/hooks/useScope";
import { jsonResponse, mockFetch, renderWithClient } from "../../../test/utils";
import type { Integration } from "../types";
import { integrationRow } from "./testFixtures";

afterEach(() => vi.unstubAllGlobals());

const ok = (data: unknown, status = 200) => jsonResponse({ success: true, data, message: "", request_id: "r" }, status);
const page = (results: unknown[]) =>
  jsonResponse({ success: true, count: results.length, next: null, previous: null, results, request_id: "r" });
const fail = (status: number, error: string, errors: Record<string, string[]> = {}) =>
  jsonResponse({ success: false, error, errors, request_id: "r" }, status);

const PLATFORMS = [
  { platform: "wordpress", name: "WordPress", platform_type: "cms", config_keys: ["site_url", "author", "default_status"], credential_keys: ["username", "application_password"] },
  { platform: "shopify", name: "Shopify", platform_type: "ecommerce", config_keys: ["shop_domain", "blog_id"], credential_keys: ["access_token"] },
  { platform: "custom_api", name: "Custom API (signed webhook)", platform_type: "custom_api", config_keys: ["endpoint_url"], credential_keys: ["secret"] },
];

interface Options {
  role?: "owner" | "admin" | "editor" | "viewer";
  rows?: Integration[];
  onWrite?: (method: string, path: string, body: Record<string, unknown> | null) => Response | undefined;
}

function backend({ role = "admin", rows = [], onWrite }: Options = {}) {
  const writes: { method: string; url: string; body: unknown }[] = [];
  let list = rows;
  mockFetch((url, init) => {
    const path = url.split("?")[0] ?? url;
    const method = init?.method ?? "GET";
    if (method !== "GET") {
      const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : null;
      writes.push({ method, url: path, body });
      const answer = onWrite?.(method, path, body);
      if (answer) return answer;
      if (method === "POST" && path === "/api/v1/integration/") {
        const row = integrationRow(50, { ...(body as Partial<Integration>), has_credentials: !!body?.credentials, name: "WordPress (Shoes)" });
        list = [...list, row];
        return ok(row, 201);
      }
      const patch = path.match(/^\/api\/v1\/integration\/(\d+)\/$/);
      if (method === "PATCH" && patch) {
        const id = Number(patch[1]);
        const creds = body?.credentials as Record<string, string> | undefined;
        list = list.map((r) => (r.id === id ? { ...r, ...(body as Partial<Integration>), ...(creds ? { has_credentials: Object.keys(creds).length > 0 } : {}) } : r));
        return ok(list.find((r) => r.id === id));
      }
      if (method === "DELETE") {
        list = list.filter((r) => `/api/v1/integration/${r.id}/` !== path);
        return ok(null);
      }
      if (/\/sync\/$/.test(path)) return ok({ job_id: 91, status: "queued" }, 202);
    }
    if (path === "/api/v1/auth/me/") return ok({ role, is_platform_admin: false, user: { id: 9 }, account: { id: 1 }, site_ids: null, memberships: [] });
    if (path === "/api/v1/auth/sites/") return page([{ id: 1, name: "Shoes" }]);
    if (path === "/api/v1/auth/sectors/") return page([]);
    if (path === "/api/v1/integration/platforms/") return ok(PLATFORMS);
    if (path === "/api/v1/integration/") return page(list);
    if (path === "/api/v1/system/jobs/91/")
      return ok({ id: 91, kind: "publishing.sync", status: "running", progress: 40, step: "posts", message: "Importing posts", error: "", credits_used: 0, cancel_requested: false, result: null });
    throw new Error(`unexpected ${method} ${url}`);
  });
  return { writes };
}

const renderSettings = () =>
  renderWithClient(
    <MemoryRouter initialEntries={["/settings/integrations"]}>
      <ScopeProvider>
        <Routes>
          <Route path="/settings/*" element={<SettingsPage />} />
        </Routes>
      </ScopeProvider>
    </MemoryRouter>,
  );

describe("Settings → Integrations", () => {
  it("says in words that nothing is connected, and adds WordPress with its own fields", async () => {
    const { writes } = backend();
    renderSettings();
    expect(await screen.findByRole("heading", { level: 2, name: "Integrations" })).toBeInTheDocument();
    expect(await screen.findByText("No integrations yet — connect WordPress, Shopify or a webhook to publish.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Integrations" })).toHaveAttribute("href", "/settings/integrations");

    await userEvent.click(screen.getByRole("button", { name: "Add integration" }));
    const dialog = await screen.findByRole("dialog", { name: "Add an integration" });
    const platform = await within(dialog).findByLabelText("Platform");
    // The fields follow the platform the platforms endpoint describes.
    await userEvent.selectOptions(platform, "shopify");
    expect(within(dialog).getByLabelText("Shop domain")).toBeRequired();
    expect(within(dialog).getByLabelText("Blog id")).not.toBeRequired();
    expect(within(dialog).getByLabelText("Admin API access token")).toHaveAttribute("type", "password");
    expect(within(dialog).queryByLabelText("Site address")).not.toBeInTheDocument();

    await userEvent.selectOptions(platform, "wordpress");
    expect(within(dialog).queryByLabelText("Shop domain")).not.toBeInTheDocument();
    expect(within(dialog).getByLabelText("Site address")).toBeRequired();
    expect(within(dialog).getByLabelText("Username")).toHaveAttribute("type", "text");
    expect(within(dialog).getByLabelText("Application password")).toHaveAttribute("type", "password");
    await userEvent.type(within(dialog).getByLabelText("Site address"), "https://blog.shoes.test");
    await userEvent.type(within(dialog).getByLabelText("Username"), "editor");
    await userEvent.type(within(dialog).getByLabelText("Application password"), "abcd efgh ijkl");
    await userEvent.click(within(dialog).getByRole("button", { name: "Add integration" }));

    await waitFor(() =>
      expect(writes[0]).toEqual({
        method: "POST",
        url: "/api/v1/integration/",
        body: {
          site: 1,
          platform: "wordpress",
          name: "",
          config_json: { site_url: "https://blog.shoes.test" },
          is_active: true,
          sync_enabled: false,
          credentials: { username: "editor", application_password: "abcd efgh ijkl" },
        },
      }),
    );
    expect(await screen.findByText("WordPress added. Test the connection to check it works.")).toBeInTheDocument();
    const card = await screen.findByRole("listitem", { name: "WordPress (Shoes)" });
    expect(within(card).getByText("https://blog.shoes.test")).toBeInTheDocument();
    expect(within(card).getByText("Saved")).toBeInTheDocument();
    // The secret is never shown back.
    expect(screen.queryByText(/abcd efgh ijkl/)).not.toBeInTheDocument();
  });

  it("keeps credentials write-only when editing: sends them only when typed, all of them, and can remove them", async () => {
    const { writes } = backend({
      rows: [integrationRow(5, { config_json: { site_url: "https://blog.shoes.test", import_sector: 3 } })],
    });
    renderSettings();
    const card = await screen.findByRole("listitem", { name: "WordPress (Shoes)" });
    await userEvent.click(within(card).getByRole("button", { name: "Edit" }));
    const dialog = await screen.findByRole("dialog", { name: "Edit WordPress integration" });
    expect(await within(dialog).findByText("Credentials saved.")).toBeInTheDocument();
    const password = within(dialog).getByLabelText("Application password");
    expect(password).toHaveValue("");
    expect(password).not.toBeRequired();
    expect(within(dialog).getByLabelText("Platform")).toBeDisabled();

    // A config change alone: no credentials in the request, unknown config keys kept.
    await userEvent.type(within(dialog).getByLabelText("Author (WordPress user id or login)"), "4");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save changes" }));
    await waitFor(() =>
      expect(writes[0]).toEqual({
        method: "PATCH",
        url: "/api/v1/integration/5/",
        body: {
          name: "WordPress (Shoes)",
          config_json: { site_url: "https://blog.shoes.test", import_sector: 3, author: 4 },
          is_active: true,
          sync_enabled: false,
        },
      }),
    );
    expect(await screen.findByText("WordPress integration saved.")).toBeInTheDocument();

    // Typing one credential asks for the whole set (sent credentials replace the stored ones).
    await userEvent.click(within(card).getByRole("button", { name: "Edit" }));
    const again = await screen.findByRole("dialog", { name: "Edit WordPress integration" });
    await userEvent.type(within(again).getByLabelText("Application password"), "new-pass");
    expect(within(again).getByLabelText("Username")).toBeRequired();
    await userEvent.type(within(again).getByLabelText("Username"), "bot");
    await userEvent.click(within(again).getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(writes[1]?.body).toMatchObject({ credentials: { username: "bot", application_password: "new-pass" } }));

    // Remove: {} clears them.
    await userEvent.click(within(card).getByRole("button", { name: "Edit" }));
    const third = await screen.findByRole("dialog", { name: "Edit WordPress integration" });
    await userEvent.click(await within(third).findByRole("button", { name: "Remove" }));
    await waitFor(() => expect(writes[2]).toEqual({ method: "PATCH", url: "/api/v1/integration/5/", body: { credentials: {} } }));
    expect(await within(third).findByText("Credentials removed.")).toBeInTheDocument();
    expect(within(third).getByText("No credentials saved.")).toBeInTheDocument();
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("tests the connection and shows what WordPress reported", async () => {
    const report = {
      ok: true,
      platform: "wordpress",
      message: "Connected to WordPress 6.7.1 as editor; Yoast SEO; WooCommerce.",
      details: {
        site_name: "Shoes blog",
        wordpress_version: "6.7.1",
        seo_plugin: "yoast",
        woocommerce: true,
        user: "editor",
        user_display_name: "Eddie",
        roles: ["editor"],
        capabilities: ["edit_posts", "publish_posts", "upload_files"],
      },
      tested_at: "2026-11-25T10:00:00Z",
    };
    const { writes } = backend({
      rows: [integrationRow(5)],
      onWrite: (_m, path) => (path === "/api/v1/integration/5/test/" ? ok(integrationRow(5, { connection_report: report }), 200) : undefined),
    });
    renderSettings();
    const card = await screen.findByRole("listitem", { name: "WordPress (Shoes)" });
    await userEvent.click(within(card).getByRole("button", { name: "Test connection" }));
    await waitFor(() => expect(writes[0]).toEqual({ method: "POST", url: "/api/v1/integration/5/test/", body: null }));
    const shown = await within(card).findByRole("status");
    expect(shown).toHaveTextContent("Connection works. Connected to WordPress 6.7.1 as editor; Yoast SEO; WooCommerce.");
    const value = (label: string) => within(shown).getByText(label).nextElementSibling?.textContent;
    expect(value("WordPress version")).toBe("6.7.1");
    expect(value("User")).toBe("editor (Eddie)");
    expect(value("SEO plugin")).toBe("Yoast SEO");
    expect(value("WooCommerce")).toBe("Installed");
    expect(value("Capabilities")).toBe("3 capabilitiesedit_posts, publish_posts, upload_files");
  });

  it("shows a failed connection as an error in words, and a refused test as a message", async () => {
    let calls = 0;
    backend({
      rows: [integrationRow(5), integrationRow(6, { platform: "shopify", name: "Shopify (Shoes)", config_json: { shop_domain: "shoes.myshopify.com" } })],
      onWrite: (_m, path) => {
        if (path === "/api/v1/integration/5/test/")
          return ok(
            integrationRow(5, {
              connection_report: {
                ok: false,
                platform: "wordpress",
                message: "WordPress refused the application password (HTTP 401).",
                details: { wordpress_version: "6.7.1", error_code: "unauthorized" },
              },
            }),
          );
        if (path === "/api/v1/integration/6/test/") {
          calls += 1;
          return fail(409, "This integration is switched off.");
        }
        return undefined;
      },
    });
    renderSettings();
    const card = await screen.findByRole("listitem", { name: "WordPress (Shoes)" });
    await userEvent.click(within(card).getByRole("button", { name: "Test connection" }));
    const alert = await within(card).findByRole("alert");
    expect(alert).toHaveTextContent("Connection failed. WordPress refused the application password (HTTP 401).");

    const shop = screen.getByRole("listitem", { name: "Shopify (Shoes)" });
    expect(within(shop).getByText("shoes.myshopify.com")).toBeInTheDocument();
    await userEvent.click(within(shop).getByRole("button", { name: "Test connection" }));
    expect(await within(shop).findByRole("alert")).toHaveTextContent("This integration is switched off.");
    expect(calls).toBe(1);
  });

  it("shows a Shopify report with the shop and its scopes", async () => {
    backend({
      rows: [
        integrationRow(6, {
          platform: "shopify",
          name: "Shopify (Shoes)",
          config_json: { shop_domain: "shoes.myshopify.com" },
          connection_report: {
            ok: true,
            platform: "shopify",
            message: "Connected to Shoes Inc.",
            details: { shop_name: "Shoes Inc", domain: "shoes.myshopify.com", scopes: ["write_content", "write_products"], missing_scopes: ["write_files"] },
          },
        }),
      ],
    });
    renderSettings();
    const card = await screen.findByRole("listitem", { name: "Shopify (Shoes)" });
    const report = within(card).getByRole("status");
    expect(within(report).getByText("Shop").nextElementSibling).toHaveTextContent("Shoes Inc");
    expect(within(report).getByText("Scopes").nextElementSibling).toHaveTextContent("write_content, write_products");
    expect(within(report).getByText("Missing scopes").nextElementSibling).toHaveTextContent("write_files");
  });

  it("syncs now with the chosen mode and shows the job; deletes after confirming", async () => {
    const { writes } = backend({
      rows: [integrationRow(5, { last_sync_at: "2026-11-24T10:00:00Z", sync_status: "failed", last_error: "WordPress timed out." })],
    });
    renderSettings();
    const card = await screen.findByRole("listitem", { name: "WordPress (Shoes)" });
    expect(within(card).getByText("Sync failed")).toBeInTheDocument();
    expect(within(card).getByText("WordPress timed out.")).toBeInTheDocument();
    await userEvent.selectOptions(within(card).getByLabelText("Sync mode for WordPress (Shoes)"), "full");
    await userEvent.click(within(card).getByRole("button", { name: "Sync now" }));
    await waitFor(() => expect(writes[0]).toEqual({ method: "POST", url: "/api/v1/integration/5/sync/", body: { mode: "full" } }));
    const job = await screen.findByRole("dialog", { name: "Full sync — WordPress" });
    expect(await within(job).findByText("Importing posts")).toBeInTheDocument();
    await userEvent.click(within(job).getByRole("button", { name: "Hide — keep running" }));

    await userEvent.click(within(card).getByRole("button", { name: "Delete" }));
    const confirm = screen.getByRole("dialog", { name: "Delete this integration?" });
    expect(within(confirm).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await userEvent.click(within(confirm).getByRole("button", { name: "Delete integration" }));
    await waitFor(() => expect(writes[1]).toEqual({ method: "DELETE", url: "/api/v1/integration/5/", body: null }));
    expect(await screen.findByText("WordPress integration deleted.")).toBeInTheDocument();
    expect(await screen.findByText("No integrations yet — connect WordPress, Shopify or a webhook to publish.")).toBeInTheDocument();
  });

  it("shows editors and viewers the integrations read-only, with no buttons", async () => {
    backend({ role: "viewer", rows: [integrationRow(5)] });
    renderSettings();
    const card = await screen.findByRole("listitem", { name: "WordPress (Shoes)" });
    expect(within(card).getByText("https://blog.shoes.test")).toBeInTheDocument();
    expect(screen.getByText(/Only owners and admins can change them\./)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Add integration" })).not.toBeInTheDocument();
    expect(within(card).queryAllByRole("button")).toEqual([]);
  });
});

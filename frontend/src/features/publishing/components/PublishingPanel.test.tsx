import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { PublishingPanel, remoteDifferences } from "./PublishingPanel";
import { recordRow } from "./testFixtures";
import { jsonResponse, mockFetch, renderWithClient } from "../../../test/utils";
import type { PublishingRecord } from "../types";

afterEach(() => vi.unstubAllGlobals());

const ok = (data: unknown, status = 200) => jsonResponse({ success: true, data, message: "", request_id: "r" }, status);
const page = (results: unknown[]) =>
  jsonResponse({ success: true, count: results.length, next: null, previous: null, results, request_id: "r" });

const content = {
  id: 7,
  title: "Trail shoes",
  slug: "trail-shoes",
  html: "<h2>Intro</h2><p>Run far.</p>",
  meta_title: "Trail shoes",
  meta_description: "Shoes for trails.",
};

const changed = recordRow(70, {
  sync_status: "remote_changed",
  remote_modified_at: "2026-11-25T11:00:00Z",
  remote_snapshot: {
    title: "Trail shoes (updated)",
    slug: "trail-shoes",
    html: "<h2>Intro</h2><p>Run farther.</p>",
    meta_title: "Trail shoes",
    meta_description: "Shoes for trails.",
    status: "publish",
    url: "https://blog.shoes.test/trail-shoes/",
  },
});

function backend(records: PublishingRecord[]) {
  const writes: { method: string; url: string; body: unknown }[] = [];
  let rows = records;
  mockFetch((url, init) => {
    const path = url.split("?")[0] ?? url;
    const method = init?.method ?? "GET";
    if (method === "POST") {
      const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : null;
      writes.push({ method, url: path, body });
      if (path === "/api/v1/publisher/records/70/resolve/") {
        if (body?.keep === "remote") {
          rows = rows.map((r) => (r.id === 70 ? { ...r, sync_status: "in_sync", remote_snapshot: {} } : r));
          return ok(rows[0]);
        }
        return ok({ job_id: 82, status: "queued", scheduled_for: null, records: [] }, 202);
      }
      if (path === "/api/v1/publisher/records/71/cancel/") {
        rows = rows.filter((r) => r.id !== 71);
        return ok(recordRow(71, { status: "failed", last_error: "Scheduled publish cancelled." }));
      }
    }
    if (path === "/api/v1/publisher/records/") {
      writes.push({ method, url, body: null });
      return page(rows);
    }
    if (path === "/api/v1/system/jobs/82/")
      return ok({ id: 82, kind: "publishing.publish", status: "running", progress: 30, step: "", message: "Publishing to Blog", error: "", credits_used: 0, cancel_requested: false, result: null });
    throw new Error(`unexpected ${method} ${url}`);
  });
  return { writes };
}

describe("PublishingPanel", () => {
  it("lists where the content is published: destination, status, address, sync", async () => {
    const { writes } = backend([recordRow(70), recordRow(71, { integration_name: "Shop", platform: "shopify", status: "failed", last_error: "Shopify said no.", external_url: "", published_at: null })]);
    renderWithClient(<PublishingPanel content={content} canWrite />);
    const blog = await screen.findByRole("listitem", { name: "Blog: Published" });
    expect(writes[0]?.url).toBe("/api/v1/publisher/records/?content=7&page_size=100");
    expect(within(blog).getByRole("link", { name: "https://blog.shoes.test/trail-shoes/" })).toHaveAttribute("target", "_blank");
    expect(within(blog).getByText("In sync")).toBeInTheDocument();
    expect(within(blog).getByText("(live)")).toBeInTheDocument();
    const shop = screen.getByRole("listitem", { name: "Shop: Failed" });
    expect(within(shop).getByText("Shopify said no.")).toBeInTheDocument();
  });

  it("shows what changed on the platform and takes the remote version after confirming", async () => {
    const { writes } = backend([changed]);
    renderWithClient(<PublishingPanel content={content} canWrite />);
    const group = await screen.findByRole("group", { name: "Changes on Blog" });
    expect(group).toHaveTextContent("Someone edited this on Blog. IGNY8's content was not touched");
    const table = within(group).getByRole("table", { name: "What differs on Blog" });
    const rows = within(table).getAllByRole("row").slice(1).map((r) => [...r.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ["Title", "Trail shoes", "Trail shoes (updated)"],
      ["Article text", "Intro Run far.", "Intro Run farther."],
    ]);

    await userEvent.click(within(group).getByRole("button", { name: "Take Blog's version" }));
    const confirm = screen.getByRole("dialog", { name: "Take the platform's version?" });
    // Cancel first: nothing is sent.
    await userEvent.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(writes.filter((w) => w.method === "POST")).toEqual([]);

    await userEvent.click(within(group).getByRole("button", { name: "Take Blog's version" }));
    await userEvent.click(within(screen.getByRole("dialog", { name: "Take the platform's version?" })).getByRole("button", { name: "Take the platform's version" }));
    await waitFor(() =>
      expect(writes.filter((w) => w.method === "POST")).toEqual([{ method: "POST", url: "/api/v1/publisher/records/70/resolve/", body: { keep: "remote" } }]),
    );
    expect(await screen.findByText("The version from Blog is now IGNY8's content (a new version).")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("group", { name: "Changes on Blog" })).not.toBeInTheDocument());
    expect(screen.getByText("In sync")).toBeInTheDocument();
  });

  it("keeps IGNY8's version of a conflict: confirm, then the publish job's progress", async () => {
    const { writes } = backend([{ ...changed, sync_status: "conflict" }]);
    renderWithClient(<PublishingPanel content={content} canWrite />);
    const group = await screen.findByRole("group", { name: "Changes on Blog" });
    expect(group).toHaveTextContent("This was edited both here and on Blog. Nothing was overwritten");
    expect(screen.getByText("Changed on both sides")).toBeInTheDocument();
    await userEvent.click(within(group).getByRole("button", { name: "Keep IGNY8's version" }));
    const confirm = screen.getByRole("dialog", { name: "Keep IGNY8's version?" });
    expect(confirm).toHaveTextContent("The edits made on Blog will be overwritten by IGNY8's version.");
    await userEvent.click(within(confirm).getByRole("button", { name: "Publish IGNY8's version" }));
    await waitFor(() =>
      expect(writes.filter((w) => w.method === "POST")).toEqual([{ method: "POST", url: "/api/v1/publisher/records/70/resolve/", body: { keep: "local" } }]),
    );
    const job = await screen.findByRole("dialog", { name: "Publishing IGNY8's version" });
    expect(await within(job).findByText("Publishing to Blog")).toBeInTheDocument();
  });

  it("cancels a scheduled publish", async () => {
    const { writes } = backend([recordRow(71, { status: "scheduled", scheduled_for: "2030-01-02T09:30:00Z", published_at: null, external_url: "" })]);
    renderWithClient(<PublishingPanel content={content} canWrite />);
    const row = await screen.findByRole("listitem", { name: "Blog: Scheduled" });
    await userEvent.click(within(row).getByRole("button", { name: "Cancel scheduled publish" }));
    await waitFor(() => expect(writes.filter((w) => w.method === "POST")).toEqual([{ method: "POST", url: "/api/v1/publisher/records/71/cancel/", body: null }]));
    expect(await screen.findByText("Scheduled publish to Blog cancelled.")).toBeInTheDocument();
  });

  it("shows viewers the records and the remote change, with no buttons", async () => {
    backend([changed, recordRow(71, { status: "scheduled", scheduled_for: "2030-01-02T09:30:00Z" })]);
    renderWithClient(<PublishingPanel content={content} canWrite={false} />);
    await screen.findByRole("group", { name: "Changes on Blog" });
    expect(screen.queryAllByRole("button")).toEqual([]);
  });

  it("says so when the content is not published anywhere", async () => {
    backend([]);
    renderWithClient(<PublishingPanel content={content} canWrite />);
    expect(await screen.findByText("Not published anywhere yet.")).toBeInTheDocument();
  });
});

describe("remoteDifferences", () => {
  it("compares text without markup and ignores fields the platform did not send", () => {
    expect(remoteDifferences(content, { html: "<h2>Intro</h2>\n<p>Run far.</p>", slug: "trail-shoes-2" })).toEqual([
      { key: "slug", label: "Slug", local: "trail-shoes", remote: "trail-shoes-2" },
    ]);
  });
});

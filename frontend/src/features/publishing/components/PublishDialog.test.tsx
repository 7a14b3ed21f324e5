import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { PublishDialog } from "./PublishDialog";
import { integrationRow } from "../../integrations/components/testFixtures";
import { jsonResponse, mockFetch, renderWithClient } from "../../../test/utils";
import { recordRow } from "./testFixtures";

afterEach(() => vi.unstubAllGlobals());

const ok = (data: unknown, status = 200) => jsonResponse({ success: true, data, message: "", request_id: "r" }, status);
const page = (results: unknown[]) =>
  jsonResponse({ success: true, count: results.length, next: null, previous: null, results, request_id: "r" });

const INTEGRATIONS = [
  integrationRow(5, { name: "Blog" }),
  integrationRow(6, { name: "Shop", platform: "shopify", config_json: { shop_domain: "shoes.myshopify.com" } }),
  integrationRow(8, { name: "Old blog", is_active: false }),
];

const JOB_RESULT = {
  content_id: 7,
  published: 1,
  failed: 1,
  destinations: [
    {
      record_id: 70,
      integration_id: 5,
      platform: "wordpress",
      ok: true,
      skipped: false,
      status: "published",
      remote_status: "publish",
      external_id: "12",
      external_url: "https://blog.shoes.test/trail-shoes/",
      error: "",
      warnings: ["No SEO plugin on this WordPress site: the SEO title was not written."],
    },
    {
      record_id: 71,
      integration_id: 6,
      platform: "shopify",
      ok: false,
      skipped: false,
      status: "failed",
      remote_status: "publish",
      external_id: "",
      external_url: "",
      error: "Shopify refused the access token (HTTP 401).",
      warnings: [],
    },
  ],
};

function backend({ integrations = INTEGRATIONS, scheduled = false } = {}) {
  const writes: { method: string; url: string; body: unknown }[] = [];
  mockFetch((url, init) => {
    const path = url.split("?")[0] ?? url;
    const method = init?.method ?? "GET";
    if (method === "POST" && path === "/api/v1/publisher/publish/") {
      const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
      writes.push({ method, url: path, body });
      if (scheduled)
        return ok({ job_id: null, status: "scheduled", scheduled_for: "2030-01-02T09:30:00Z", records: [recordRow(70, { status: "scheduled", scheduled_for: "2030-01-02T09:30:00Z" })] }, 202);
      return ok({ job_id: 81, status: "queued", scheduled_for: null, records: [] }, 202);
    }
    if (path === "/api/v1/integration/") {
      writes.push({ method, url, body: null });
      return page(integrations);
    }
    if (path === "/api/v1/system/jobs/81/")
      return ok({ id: 81, kind: "publishing.publish", status: "succeeded", progress: 100, step: "", message: "Published to 1 of 2 destination(s).", error: "", credits_used: 0, cancel_requested: false, result: JOB_RESULT });
    throw new Error(`unexpected ${method} ${url}`);
  });
  return { writes };
}

const content = { id: 7, site: 1, title: "Trail shoes" };

describe("PublishDialog", () => {
  it("offers the site's active integrations, publishes, and shows each destination's result (one failed)", async () => {
    const { writes } = backend();
    const onClose = vi.fn();
    renderWithClient(<PublishDialog content={content} onClose={onClose} />);
    const dialog = await screen.findByRole("dialog", { name: "Publish" });
    const blog = await within(dialog).findByRole("checkbox", { name: /^Blog/ });
    const shop = within(dialog).getByRole("checkbox", { name: /^Shop/ });
    expect(blog).toBeChecked();
    expect(shop).toBeChecked();
    expect(within(dialog).queryByRole("checkbox", { name: /Old blog/ })).not.toBeInTheDocument(); // switched off
    expect(writes[0]?.url).toBe("/api/v1/integration/?site_id=1&page_size=100&ordering=created_at");

    await userEvent.click(within(dialog).getByRole("button", { name: "Publish" }));
    await waitFor(() =>
      expect(writes[1]).toEqual({
        method: "POST",
        url: "/api/v1/publisher/publish/",
        body: { content_id: 7, destinations: ["5", "6"], status: "publish", publish_at: null },
      }),
    );
    const results = await screen.findByRole("dialog", { name: "Publishing results" });
    expect(within(results).getByRole("status")).toHaveTextContent("1 of 2 destination(s) OK, 1 failed.");
    const items = within(within(results).getByRole("list", { name: "Results per destination" })).getAllByRole("listitem", { name: undefined });
    const ok = items.find((li) => li.textContent?.startsWith("Blog"));
    const bad = items.find((li) => li.textContent?.startsWith("Shop"));
    expect(within(ok!).getByRole("link", { name: /View on WordPress/ })).toHaveAttribute("href", "https://blog.shoes.test/trail-shoes/");
    expect(within(ok!).getByText("Published")).toBeInTheDocument();
    expect(within(ok!).getByRole("list", { name: "Warnings for Blog" })).toHaveTextContent("No SEO plugin on this WordPress site");
    expect(within(bad!).getByText("Failed")).toBeInTheDocument();
    expect(within(bad!).getByRole("alert")).toHaveTextContent("Shopify refused the access token (HTTP 401).");
    expect(within(bad!).queryByRole("link")).not.toBeInTheDocument();
    await userEvent.click(within(results).getByRole("button", { name: "Close" }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it("lets the platform schedule it: status future with the chosen time, only the chosen destination", async () => {
    const { writes } = backend();
    renderWithClient(<PublishDialog content={content} onClose={() => {}} />);
    const dialog = await screen.findByRole("dialog", { name: "Publish" });
    await userEvent.click(await within(dialog).findByRole("checkbox", { name: /^Shop/ }));
    await userEvent.click(within(dialog).getByRole("radio", { name: "Schedule" }));
    const submit = within(dialog).getByRole("button", { name: "Schedule" });
    expect(submit).toBeDisabled(); // no time yet
    const at = within(dialog).getByLabelText("Publish at");
    await userEvent.type(at, "2030-01-02T10:30");
    await userEvent.click(within(dialog).getByRole("radio", { name: "Send it now and let the platform schedule it" }));
    await userEvent.click(submit);
    await waitFor(() =>
      expect(writes[1]?.body).toEqual({
        content_id: 7,
        destinations: ["5"],
        status: "future",
        publish_at: new Date("2030-01-02T10:30").toISOString(),
      }),
    );
    expect(await screen.findByRole("dialog", { name: "Publishing results" })).toBeInTheDocument();
  });

  it("schedules with IGNY8 (no job): says when", async () => {
    const { writes } = backend({ scheduled: true });
    renderWithClient(<PublishDialog content={content} onClose={() => {}} />);
    const dialog = await screen.findByRole("dialog", { name: "Publish" });
    await within(dialog).findByRole("checkbox", { name: /^Blog/ });
    await userEvent.click(within(dialog).getByRole("radio", { name: "Schedule" }));
    await userEvent.type(within(dialog).getByLabelText("Publish at"), "2030-01-02T10:30");
    await userEvent.click(within(dialog).getByRole("button", { name: "Schedule" }));
    await waitFor(() => expect(writes[1]?.body).toMatchObject({ status: "publish", publish_at: new Date("2030-01-02T10:30").toISOString() }));
    const results = await screen.findByRole("dialog", { name: "Publishing results" });
    expect(within(results).getByText(/^Scheduled for/)).toBeInTheDocument();
    expect(within(results).getByText("Scheduled")).toBeInTheDocument();
  });

  it("sends a draft to the platform", async () => {
    const { writes } = backend();
    renderWithClient(<PublishDialog content={content} onClose={() => {}} />);
    const dialog = await screen.findByRole("dialog", { name: "Publish" });
    await within(dialog).findByRole("checkbox", { name: /^Blog/ });
    await userEvent.click(within(dialog).getByRole("radio", { name: /Send as a draft/ }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Publish" }));
    await waitFor(() => expect(writes[1]?.body).toMatchObject({ status: "draft", publish_at: null }));
  });

  it("says in words when there is nowhere to publish, and closes on Escape", async () => {
    backend({ integrations: [integrationRow(8, { is_active: false })] });
    const onClose = vi.fn();
    renderWithClient(<PublishDialog content={content} onClose={onClose} />);
    expect(await screen.findByText("Nowhere to publish yet — connect WordPress, Shopify or a webhook first.")).toBeInTheDocument();
    await userEvent.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});

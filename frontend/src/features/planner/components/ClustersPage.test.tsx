import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Cluster } from "../../../api/types";
import { ClustersPage } from "./ClustersPage";
import { ScopeProvider } from "../../sites/hooks/useScope";
import { jsonResponse, mockFetch, renderWithClient } from "../../../test/utils";

afterEach(() => vi.unstubAllGlobals());

function cl(id: number, overrides: Partial<Cluster> = {}): Cluster {
  return {
    id,
    site: 1,
    sector: 5,
    name: `cluster ${id}`,
    description: "",
    intent: "informational",
    status: "active",
    source: "offline",
    keywords_count: id * 2,
    volume: id * 100,
    avg_difficulty: "30.00",
    created_at: "2026-11-25T08:00:00Z",
    updated_at: "2026-11-25T08:00:00Z",
    ...overrides,
  };
}

const ok = (data: unknown) => jsonResponse({ success: true, data, message: "", request_id: "r" });
const page = (results: unknown[], count = results.length) =>
  jsonResponse({ success: true, count, next: null, previous: null, results, request_id: "r" });

function backend(role: "editor" | "viewer") {
  const listUrls: string[] = [];
  const writes: { method: string; url: string; body: unknown }[] = [];
  mockFetch((url, init) => {
    const path = url.split("?")[0];
    const method = init?.method ?? "GET";
    if (method !== "GET") {
      writes.push({ method, url, body: JSON.parse(String(init?.body)) });
      if (path === "/api/v1/planner/clusters/generate_ideas/")
        return jsonResponse({ success: true, data: { job_id: 7, status: "queued" }, message: "", request_id: "r" }, 202);
      if (path === "/api/v1/planner/clusters/merge/") return ok(cl(2, { name: "Merged" }));
      if (path === "/api/v1/planner/clusters/1/") return ok(cl(1, { name: "Renamed" }));
    }
    if (path === "/api/v1/auth/me/")
      return ok({ role, is_platform_admin: false, user: {}, account: null, site_ids: null, memberships: [] });
    if (path === "/api/v1/auth/sites/") return page([{ id: 1, name: "Shoes", sector_count: 1 }]);
    if (path === "/api/v1/auth/sectors/") return page([{ id: 5, site: 1, name: "Running" }]);
    if (path === "/api/v1/system/jobs/7/")
      return ok({ id: 7, kind: "generate_ideas", status: "running", progress: 40, step: "", message: "Writing outlines", error: "", credits_used: 0, cancel_requested: false });
    if (path === "/api/v1/planner/keywords/")
      return page([{ id: 11, keyword: "trail shoes", search_volume: 900, cluster: 1 }]);
    if (path === "/api/v1/planner/clusters/") {
      listUrls.push(url);
      return page([cl(1), cl(2), cl(3)], 3);
    }
    throw new Error(`unexpected ${method} ${url}`);
  });
  return { listUrls, writes };
}

const renderPage = () =>
  renderWithClient(
    <ScopeProvider>
      <ClustersPage />
    </ScopeProvider>,
  );
const lastParams = (urls: string[]) => new URL(urls[urls.length - 1] as string, "http://x").searchParams;

describe("ClustersPage", () => {
  it("lists clusters with server-side sort and search", async () => {
    const { listUrls } = backend("editor");
    renderPage();
    expect(await screen.findByText("cluster 1")).toBeInTheDocument();
    expect(Object.fromEntries(lastParams(listUrls))).toEqual({ site_id: "1", page: "1", page_size: "25" });
    const first = screen.getByText("cluster 1").closest("tr") as HTMLElement;
    expect(within(first).getByText("Informational")).toBeInTheDocument();
    expect(within(first).getByText("Active")).toHaveClass("badge status-active");
    await userEvent.click(screen.getByRole("button", { name: /Volume/ }));
    await waitFor(() => expect(lastParams(listUrls).get("ordering")).toBe("volume"));
    await userEvent.type(screen.getByLabelText("Search clusters"), "trail");
    await waitFor(() => expect(lastParams(listUrls).get("search")).toBe("trail"));
  });

  it("merges the selected clusters into the chosen one", async () => {
    const { writes } = backend("editor");
    renderPage();
    await userEvent.click(await screen.findByRole("checkbox", { name: "Select cluster cluster 1" }));
    await userEvent.click(screen.getByRole("checkbox", { name: "Select cluster cluster 3" }));
    await userEvent.click(within(screen.getByRole("region", { name: "Bulk actions" })).getByRole("button", { name: "Merge" }));
    const dialog = screen.getByRole("dialog", { name: "Merge clusters" });
    await userEvent.selectOptions(within(dialog).getByLabelText("Keep cluster"), "3");
    await userEvent.type(within(dialog).getByLabelText("New name (optional)"), "Trail running");
    await userEvent.click(within(dialog).getByRole("button", { name: "Merge clusters" }));
    await waitFor(() => expect(writes).toHaveLength(1));
    expect(writes[0]).toEqual({
      method: "POST",
      url: "/api/v1/planner/clusters/merge/",
      body: { target: "3", cluster_ids: ["1"], name: "Trail running" },
    });
    expect(await screen.findByText("Merged into “Merged”.")).toBeInTheDocument();
    expect(screen.queryByRole("dialog", { name: "Merge clusters" })).not.toBeInTheDocument();
  });

  it("generates ideas for the selected clusters and opens the job progress modal", async () => {
    const { writes } = backend("editor");
    renderPage();
    await userEvent.click(await screen.findByRole("checkbox", { name: "Select cluster cluster 2" }));
    const bar = screen.getByRole("region", { name: "Bulk actions" });
    const perCluster = within(bar).getByLabelText("Ideas per cluster");
    await userEvent.selectOptions(perCluster, "3");
    await userEvent.click(within(bar).getByRole("button", { name: "Generate ideas" }));
    await waitFor(() => expect(writes).toHaveLength(1));
    expect(writes[0]).toEqual({
      method: "POST",
      url: "/api/v1/planner/clusters/generate_ideas/",
      body: { ids: [2], ideas_per_cluster: 3 },
    });
    const dialog = await screen.findByRole("dialog", { name: "Generating ideas" });
    expect(await within(dialog).findByText("Writing outlines")).toBeInTheDocument();
  });

  it("renames a cluster inline and drills down into its keywords", async () => {
    const { writes } = backend("editor");
    renderPage();
    await userEvent.click(await screen.findByRole("button", { name: "Rename cluster 1" }));
    const input = screen.getByRole("textbox", { name: "New name for cluster 1" });
    await userEvent.clear(input);
    await userEvent.type(input, "Renamed");
    await userEvent.click(screen.getByRole("button", { name: "Save name" }));
    await waitFor(() => expect(writes[0]).toEqual({ method: "PATCH", url: "/api/v1/planner/clusters/1/", body: { name: "Renamed" } }));

    await userEvent.click(screen.getByRole("button", { name: "Keywords in cluster 1" }));
    const panel = await screen.findByRole("region", { name: "Keywords in cluster 1" });
    expect(await within(panel).findByText("trail shoes")).toBeInTheDocument();
    expect(within(panel).getByRole("link", { name: "Open cluster 1 on the Keywords page" })).toHaveAttribute("href", "/planner?cluster=1");
  });

  it("shows viewers no write controls", async () => {
    backend("viewer");
    renderPage();
    expect(await screen.findByText("cluster 1")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("checkbox")).not.toBeInTheDocument());
    expect(screen.queryByRole("button", { name: /^Rename/ })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Keywords in cluster 1" })).toBeInTheDocument();
  });
});

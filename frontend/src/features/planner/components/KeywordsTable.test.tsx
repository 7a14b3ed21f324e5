import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Keyword } from "../../../api/types";
import { KeywordsTable, nextOrdering } from "./KeywordsTable";
import { KeywordsPage } from "./KeywordsPage";
import { ScopeProvider } from "../../sites/hooks/useScope";
import { keywordListQuery, EMPTY_FILTERS } from "../api/keywords";
import { useSelection } from "../hooks/useSelection";
import { jsonResponse, mockFetch, renderWithClient } from "../../../test/utils";
import { render } from "@testing-library/react";

afterEach(() => vi.unstubAllGlobals());

function kw(id: number, overrides: Partial<Keyword> = {}): Keyword {
  return {
    id,
    site: 1,
    sector: 1,
    keyword: `keyword ${id}`,
    normalized: `keyword ${id}`,
    search_volume: id * 10,
    difficulty: 20,
    cpc: "1.50",
    intent: "informational",
    intent_source: "given",
    status: "new",
    cluster: null,
    cluster_name: "",
    source: "import",
    created_at: "2026-11-25T08:00:00Z",
    updated_at: "2026-11-25T08:00:00Z",
    ...overrides,
  };
}

const ok = (data: unknown) => jsonResponse({ success: true, data, message: "", request_id: "r" });
const page = (results: unknown[], count = results.length) =>
  jsonResponse({ success: true, count, next: null, previous: null, results, request_id: "r" });

describe("keyword list parameters", () => {
  it("sends page, page size, ordering, scope and only the filters that are set", () => {
    expect(
      keywordListQuery({
        ...EMPTY_FILTERS,
        search: "  shoes ",
        status: "new",
        volumeMin: "100",
        volumeMax: "abc",
        page: 3,
        pageSize: 50,
        ordering: "-search_volume",
        siteId: 1,
        sectorId: null,
      }),
    ).toEqual({
      site_id: 1,
      sector_id: undefined,
      search: "shoes",
      status: "new",
      intent: undefined,
      cluster: undefined,
      volume_min: 100,
      volume_max: undefined,
      page: 3,
      page_size: 50,
      ordering: "-search_volume",
    });
  });

  it("cycles sorting none → ascending → descending → none", () => {
    expect(nextOrdering(null, "keyword")).toBe("keyword");
    expect(nextOrdering("keyword", "keyword")).toBe("-keyword");
    expect(nextOrdering("-keyword", "keyword")).toBeNull();
    expect(nextOrdering("-keyword", "difficulty")).toBe("difficulty");
  });
});

function SelectableTable({ rows, onChange }: { rows: Keyword[]; onChange: (ids: number[]) => void }) {
  const selection = useSelection();
  onChange(selection.ids);
  return (
    <KeywordsTable
      rows={rows}
      count={rows.length}
      page={1}
      pageSize={25}
      ordering={null}
      onPageChange={() => {}}
      onPageSizeChange={() => {}}
      onOrderingChange={() => {}}
      selection={selection}
    />
  );
}

describe("KeywordsTable", () => {
  it("selects single rows and the whole page, and clears the page again", async () => {
    let selected: number[] = [];
    render(<SelectableTable rows={[kw(1), kw(2), kw(3)]} onChange={(ids) => (selected = ids)} />);
    await userEvent.click(screen.getByRole("checkbox", { name: "Select keyword 2" }));
    expect(selected).toEqual([2]);
    const all = screen.getByRole("checkbox", { name: "Select all keywords on this page" }) as HTMLInputElement;
    expect(all.indeterminate).toBe(true);
    await userEvent.click(all);
    expect(selected.sort()).toEqual([1, 2, 3]);
    expect(all.checked).toBe(true);
    await userEvent.click(all);
    expect(selected).toEqual([]);
  });

  it("shows each row's values, intent and status in words", () => {
    render(
      <SelectableTable
        rows={[kw(1), kw(2, { intent: undefined, status: "clustered", cluster: 4, cluster_name: "Trail shoes", cpc: undefined })]}
        onChange={() => {}}
      />,
    );
    const rows = screen.getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getAllByRole("cell").slice(1).map((c) => c.textContent))).toEqual([
      ["keyword 1", "10", "20", "1.50", "Informational", "Not clustered", "New"],
      ["keyword 2", "20", "20", "—", "—", "Trail shoes", "Clustered"],
    ]);
  });

  it("reports sort changes and marks the sorted column for screen readers", async () => {
    const onOrderingChange = vi.fn();
    const onPageChange = vi.fn();
    render(
      <KeywordsTable
        rows={[kw(1)]}
        count={120}
        page={2}
        pageSize={50}
        ordering="-search_volume"
        onPageChange={onPageChange}
        onPageSizeChange={() => {}}
        onOrderingChange={onOrderingChange}
      />,
    );
    expect(screen.getByRole("columnheader", { name: /Volume/ })).toHaveAttribute("aria-sort", "descending");
    await userEvent.click(screen.getByRole("button", { name: /Volume/ }));
    expect(onOrderingChange).toHaveBeenCalledWith(null);
    await userEvent.click(screen.getByRole("button", { name: /Keyword/ }));
    expect(onOrderingChange).toHaveBeenCalledWith("keyword");
    expect(screen.getByText("51–100 of 120")).toBeInTheDocument();
    expect(screen.getByText("Page 2 of 3")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(onPageChange).toHaveBeenCalledWith(3);
    // no checkboxes without a selection (viewers)
    expect(screen.queryByRole("checkbox")).not.toBeInTheDocument();
  });
});

function backend(role: "editor" | "viewer") {
  const keywordUrls: string[] = [];
  const posts: { url: string; body: unknown }[] = [];
  const spy = mockFetch((url, init) => {
    const path = url.split("?")[0];
    if (init?.method === "POST") {
      posts.push({ url, body: JSON.parse(String(init.body)) });
      if (path === "/api/v1/planner/keywords/auto_cluster/") return jsonResponse({ success: true, data: { job_id: 9, status: "queued" }, message: "", request_id: "r" }, 202);
    }
    if (path === "/api/v1/auth/me/")
      return ok({ role, is_platform_admin: false, user: {}, account: null, site_ids: null, memberships: [] });
    if (path === "/api/v1/auth/sites/") return page([{ id: 1, name: "Shoes", sector_count: 1 }]);
    if (path === "/api/v1/auth/sectors/") return page([{ id: 5, site: 1, name: "Running" }]);
    if (path === "/api/v1/system/jobs/9/")
      return ok({ id: 9, kind: "auto_cluster", status: "running", progress: 25, step: "", message: "Grouping keywords", error: "", credits_used: 0, cancel_requested: false });
    if (path === "/api/v1/planner/keywords/") {
      keywordUrls.push(url);
      const params = new URL(url, "http://x").searchParams;
      const p = Number(params.get("page"));
      return page(
        Array.from({ length: 25 }, (_, i) => kw((p - 1) * 25 + i + 1)),
        60,
      );
    }
    throw new Error(`unexpected ${url}`);
  });
  return { spy, keywordUrls, posts };
}

const lastParams = (urls: string[]) => new URL(urls[urls.length - 1] as string, "http://x").searchParams;

describe("KeywordsPage", () => {
  it("asks the server for the right page and sort, and clusters the selected keywords with a progress modal", async () => {
    const { keywordUrls, posts } = backend("editor");
    renderWithClient(
      <ScopeProvider>
        <KeywordsPage />
      </ScopeProvider>,
    );
    expect(await screen.findByText("keyword 1")).toBeInTheDocument();
    expect(Object.fromEntries(lastParams(keywordUrls))).toEqual({ site_id: "1", page: "1", page_size: "25" });

    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(await screen.findByText("keyword 26")).toBeInTheDocument();
    expect(lastParams(keywordUrls).get("page")).toBe("2");

    await userEvent.click(screen.getByRole("button", { name: /Volume/ }));
    await waitFor(() => expect(lastParams(keywordUrls).get("ordering")).toBe("search_volume"));
    expect(lastParams(keywordUrls).get("page")).toBe("1"); // sorting goes back to page 1

    await userEvent.selectOptions(screen.getByLabelText("Status"), "new");
    await waitFor(() => expect(lastParams(keywordUrls).get("status")).toBe("new"));

    await screen.findByText("keyword 1");
    await userEvent.click(screen.getByRole("checkbox", { name: "Select keyword 1" }));
    await userEvent.click(screen.getByRole("checkbox", { name: "Select keyword 3" }));
    const bar = screen.getByRole("region", { name: "Bulk actions" });
    expect(within(bar).getByText("2 selected")).toBeInTheDocument();
    await userEvent.click(within(bar).getByRole("button", { name: "Cluster selected" }));

    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toEqual({ url: "/api/v1/planner/keywords/auto_cluster/", body: { ids: [1, 3] } });
    const dialog = await screen.findByRole("dialog", { name: "Clustering keywords" });
    expect(await within(dialog).findByText("Grouping keywords")).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Bulk actions" })).not.toBeInTheDocument();
  });

  it("cluster all sends the site scope instead of ids", async () => {
    const { posts } = backend("editor");
    renderWithClient(
      <ScopeProvider>
        <KeywordsPage />
      </ScopeProvider>,
    );
    await userEvent.click(await screen.findByRole("button", { name: "Cluster all unclustered" }));
    await waitFor(() => expect(posts[0]?.body).toEqual({ site_id: 1 }));
  });

  it("shows viewers no write buttons or checkboxes", async () => {
    backend("viewer");
    renderWithClient(
      <ScopeProvider>
        <KeywordsPage />
      </ScopeProvider>,
    );
    expect(await screen.findByText("keyword 1")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("button", { name: "Import CSV" })).not.toBeInTheDocument());
    expect(screen.queryByRole("button", { name: "Cluster all unclustered" })).not.toBeInTheDocument();
    expect(screen.queryByRole("checkbox")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Export CSV" })).toBeInTheDocument();
  });
});

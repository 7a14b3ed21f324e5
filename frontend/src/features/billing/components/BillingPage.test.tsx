import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Usage } from "../api/usage";
import { BillingPage } from "./BillingPage";
import { UsageChart } from "./UsageChart";
import { UsageTables } from "./UsageTables";
import { ScopeProvider } from "../../sites/hooks/useScope";
import { jsonResponse, mockFetch, renderWithClient } from "../../../test/utils";

afterEach(() => vi.unstubAllGlobals());

const USAGE: Usage = {
  start: "2026-11-01",
  end: "2026-11-05",
  total_credits: 40,
  operations: 4,
  by_operation_type: [
    { operation_type: "content_generation", credits: 30, count: 1 },
    { operation_type: "clustering", credits: 10, count: 3 },
  ],
  by_site: [
    { site_id: 1, site_name: "Shoes", credits: 36, count: 3 },
    { site_id: null, site_name: "", credits: 4, count: 1 },
  ],
  by_user: [{ user_id: 9, email: "ann@example.com", credits: 40, count: 4 }],
  by_day: [
    { date: "2026-11-02", credits: 30, count: 1 },
    { date: "2026-11-04", credits: 10, count: 3 },
  ],
};

const ok = (data: unknown) => jsonResponse({ success: true, data, message: "", request_id: "r" });
const page = (results: unknown[], count = results.length) =>
  jsonResponse({ success: true, count, next: null, previous: null, results, request_id: "r" });

function tx(id: number) {
  return {
    id,
    transaction_type: id % 2 ? "deduction" : "subscription",
    amount: id % 2 ? -id : 1000,
    balance_after: 5000 - id,
    description: `entry ${id}`,
    reference: "",
    created_by: null,
    metadata: {},
    created_at: "2026-11-20T10:00:00Z",
  };
}

function backend(role: "owner" | "viewer", { low = false } = {}) {
  const urls: string[] = [];
  mockFetch((url) => {
    urls.push(url);
    const path = url.split("?")[0];
    if (path === "/api/v1/auth/me/")
      return ok({ role, is_platform_admin: false, user: {}, account: { id: 1 }, site_ids: null, memberships: [] });
    if (path === "/api/v1/auth/sites/") return page([{ id: 1, name: "Shoes", sector_count: 1 }]);
    if (path === "/api/v1/auth/sectors/") return page([]);
    if (path === "/api/v1/billing/balance/")
      return ok({ balance: low ? 50 : 4200, plan: { id: 1, name: "Starter", slug: "starter" }, monthly_credits: 5000, used_this_month: 800, low_credit: low });
    if (path === "/api/v1/billing/usage/") return ok(USAGE);
    if (path === "/api/v1/billing/transactions/") {
      const params = new URL(url, "http://x").searchParams;
      const size = Number(params.get("page_size"));
      const p = Number(params.get("page"));
      const ids = Array.from({ length: Math.min(size, 60 - (p - 1) * size) }, (_, i) => (p - 1) * size + i + 1);
      return page(ids.map(tx), 60);
    }
    throw new Error(`unexpected ${url}`);
  });
  const paramsOf = (path: string) =>
    urls.filter((u) => u.startsWith(path)).map((u) => Object.fromEntries(new URL(u, "http://x").searchParams));
  return { urls, paramsOf };
}

const renderPage = () =>
  renderWithClient(
    <ScopeProvider>
      <BillingPage />
    </ScopeProvider>,
  );

describe("UsageChart", () => {
  it("draws one bar per day of the range, filling days without usage with zero, and offers the numbers as a table", async () => {
    render(<UsageChart start={USAGE.start} end={USAGE.end} days={USAGE.by_day} />);
    const chart = screen.getByRole("img", { name: /Credits used per day/ });
    expect(chart).toHaveAccessibleName(
      "Credits used per day 40 credits used between Nov 1 and Nov 5; the busiest day was Nov 2 with 30 credits.",
    );
    const bars = screen.getAllByTestId("usage-bar");
    expect(bars.map((b) => [b.getAttribute("data-date"), b.getAttribute("data-credits")])).toEqual([
      ["2026-11-01", "0"],
      ["2026-11-02", "30"],
      ["2026-11-03", "0"],
      ["2026-11-04", "10"],
      ["2026-11-05", "0"],
    ]);
    const heights = bars.map((b) => Number(b.querySelector("rect")?.getAttribute("height")));
    expect(heights[1]).toBeGreaterThan(heights[3] as number);
    expect(heights[3]).toBeCloseTo((heights[1] as number) / 3);
    expect(heights[0]).toBe(0);

    await userEvent.click(screen.getByText("Show daily usage as a table"));
    const table = screen.getByRole("table", { name: "Credits used per day" });
    const rows = within(table).getAllByRole("row").slice(1).map((r) => r.textContent);
    expect(rows).toEqual(["2026-11-0100", "2026-11-02301", "2026-11-0300", "2026-11-04103", "2026-11-0500"]);
  });

  it("says so when nothing was used", () => {
    render(<UsageChart start="2026-11-01" end="2026-11-02" days={[]} />);
    expect(screen.getByRole("img")).toHaveAccessibleName("Credits used per day No credits used between Nov 1 and Nov 2.");
  });
});

describe("UsageTables", () => {
  it("breaks usage down by operation type, site and user with shares of the total", () => {
    render(<UsageTables usage={USAGE} />);
    const cells = (name: string) =>
      within(screen.getByRole("table", { name }))
        .getAllByRole("row")
        .slice(1)
        .map((r) => Array.from(r.querySelectorAll("th, td")).map((c) => c.textContent));
    expect(cells("By operation type")).toEqual([
      ["Content generation", "30", "75%", "1"],
      ["Keyword clustering", "10", "25%", "3"],
    ]);
    expect(cells("By site")).toEqual([
      ["Shoes", "36", "90%", "3"],
      ["No site / deleted site", "4", "10%", "1"],
    ]);
    expect(cells("By user")).toEqual([["ann@example.com", "40", "100%", "4"]]);
  });
});

describe("BillingPage", () => {
  it("shows the balance, plan and a low-credit warning", async () => {
    backend("owner", { low: true });
    renderPage();
    const cards = await screen.findByRole("region", { name: "Credit balance" });
    expect(within(cards).getByText("50")).toBeInTheDocument();
    expect(within(cards).getByText("Starter")).toBeInTheDocument();
    expect(within(cards).getByText("5,000 credits every month")).toBeInTheDocument();
    expect(within(cards).getByRole("alert")).toHaveTextContent("Running low — top up to keep AI jobs running.");
  });

  it("asks for usage of the chosen date range and site", async () => {
    const { paramsOf } = backend("owner");
    renderPage();
    expect(await screen.findByRole("table", { name: "By operation type" })).toBeInTheDocument();
    const from = screen.getByLabelText("From");
    const to = screen.getByLabelText("To");
    await userEvent.clear(from);
    await userEvent.type(from, "2026-10-01");
    await userEvent.clear(to);
    await userEvent.type(to, "2026-10-31");
    await userEvent.selectOptions(screen.getByLabelText("Usage of"), "1");
    await userEvent.click(screen.getByRole("button", { name: "Show usage" }));
    await waitFor(() =>
      expect(paramsOf("/api/v1/billing/usage/").at(-1)).toEqual({ start: "2026-10-01", end: "2026-10-31", site_id: "1" }),
    );
  });

  it("pages through transactions on the server", async () => {
    const { paramsOf } = backend("owner");
    renderPage();
    const table = await screen.findByRole("table", { name: "Credit transactions, page 1 of 3" });
    expect(within(table).getAllByRole("row")).toHaveLength(26);
    expect(within(table).getByText("entry 1")).toBeInTheDocument();
    expect(within(table).getByText("-1")).toBeInTheDocument();
    expect(screen.getByText("1–25 of 60")).toBeInTheDocument();
    const pager = screen.getByRole("navigation", { name: "Transaction pages" });
    expect(within(pager).getByRole("button", { name: "Previous" })).toBeDisabled();

    await userEvent.click(within(pager).getByRole("button", { name: "Next" }));
    expect(await screen.findByText("entry 26")).toBeInTheDocument();
    expect(screen.getByText("26–50 of 60")).toBeInTheDocument();
    expect(paramsOf("/api/v1/billing/transactions/").at(-1)).toEqual({ page: "2", page_size: "25" });

    await userEvent.selectOptions(within(pager).getByLabelText("Rows per page"), "50");
    await waitFor(() => expect(paramsOf("/api/v1/billing/transactions/").at(-1)).toEqual({ page: "1", page_size: "50" }));
    expect(await screen.findByText("Page 1 of 2")).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText("Type"), "topup");
    await waitFor(() =>
      expect(paramsOf("/api/v1/billing/transactions/").at(-1)).toEqual({ page: "1", page_size: "50", transaction_type: "topup" }),
    );
  });

  it("does not ask viewers' browsers for the admin-only ledger", async () => {
    const { urls } = backend("viewer");
    renderPage();
    expect(await screen.findByRole("table", { name: "By operation type" })).toBeInTheDocument();
    expect(screen.getByText("The transaction history is visible to account owners and admins.")).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Transactions" })).not.toBeInTheDocument();
    expect(urls.some((u) => u.startsWith("/api/v1/billing/transactions/"))).toBe(false);
  });
});

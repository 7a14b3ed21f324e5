import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { DashboardPage } from "./DashboardPage";
import { CreditBalance } from "../../billing/components/CreditBalance";
import { ScopeProvider } from "../../sites/hooks/useScope";
import { jsonResponse, mockFetch, renderWithClient } from "../../../test/utils";

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

const ok = (data: unknown) => jsonResponse({ success: true, data, message: "", request_id: "r" });
const page = (results: unknown[], count = results.length) =>
  jsonResponse({ success: true, count, next: null, previous: null, results, request_id: "r" });

const COUNTS: Record<string, number> = {
  "/api/v1/planner/keywords/": 1234,
  "/api/v1/planner/clusters/": 56,
  "/api/v1/planner/ideas/": 12,
  "/api/v1/writer/tasks/": 7,
  "/api/v1/writer/content/": 3,
};

function backend({ jobs = [] as unknown[], low = false, failImages = false } = {}) {
  return mockFetch((url) => {
    const [path, query = ""] = url.split("?") as [string, string?];
    if (path === "/api/v1/auth/sites/") return page([{ id: 4, name: "Acme Running", sector_count: 1 }]);
    if (path === "/api/v1/auth/sectors/") return page([{ id: 8, site: 4, name: "Shoes" }]);
    if (path === "/api/v1/billing/balance/")
      return ok({ balance: low ? 40 : 960, plan: { id: 1, name: "Starter", slug: "starter" }, monthly_credits: 1000, used_this_month: 40, low_credit: low });
    if (path === "/api/v1/system/jobs/") return page(jobs);
    if (path === "/api/v1/writer/images/") {
      if (failImages) return jsonResponse({ success: false, error: "Server error.", errors: {}, request_id: "r" }, 500);
      return page([], 9);
    }
    if (path in COUNTS) {
      expect(new URLSearchParams(query).get("site_id")).toBe("4");
      return page([], COUNTS[path]);
    }
    throw new Error(`unexpected ${url}`);
  });
}

const renderDashboard = () =>
  renderWithClient(
    <MemoryRouter>
      <ScopeProvider>
        <CreditBalance />
        <DashboardPage />
      </ScopeProvider>
    </MemoryRouter>,
  );

describe("DashboardPage", () => {
  it("counts each pipeline stage for the chosen site and links to its page", async () => {
    backend();
    renderDashboard();
    expect(await screen.findByRole("heading", { name: "Dashboard — Acme Running" })).toBeInTheDocument();
    const stages = screen.getByRole("list", { name: "Items per pipeline stage" });
    await within(stages).findByText("1,234");
    const links = within(stages).getAllByRole("link");
    expect(links.map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
      ["Keywords1,234", "/planner"],
      ["Clusters56", "/planner/clusters"],
      ["Ideas12", "/planner/ideas"],
      ["Writing tasks7", "/writer/tasks"],
      ["Content3", "/writer/content"],
      ["Images9", "/writer/content"],
    ]);
  });

  it("shows credits used this month and the recent jobs in words", async () => {
    backend({
      jobs: [
        { id: 1, kind: "ai.auto_cluster", status: "succeeded", progress: 100, step: "", message: "9 keywords in 3 clusters.", error: "", payload: {}, finished_at: "2026-11-25T08:00:00Z", updated_at: "2026-11-25T08:00:00Z" },
        { id: 2, kind: "ai.generate_content", status: "failed", progress: 40, step: "", message: "", error: "The AI provider timed out.", payload: {}, finished_at: "2026-11-25T08:01:00Z", updated_at: "2026-11-25T08:01:00Z" },
      ],
    });
    renderDashboard();
    expect(await screen.findByText("40 used")).toBeInTheDocument();
    expect(screen.getByText("960 left of 1,000 a month on the Starter plan.")).toBeInTheDocument();
    expect(await screen.findByText("Keyword clustering")).toBeInTheDocument();
    expect(screen.getByText("Writing drafts")).toBeInTheDocument();
    expect(screen.getByText(/The AI provider timed out\./)).toBeInTheDocument();
  });

  it("invites a new user to import keywords, and shows a dash for a count that failed", async () => {
    backend({ failImages: true });
    renderDashboard();
    expect(await screen.findByText("No jobs yet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "importing keywords" })).toHaveAttribute("href", "/planner");
    const images = await screen.findByRole("link", { name: /^Images/ });
    await within(images).findByText("—");
  });

  it("warns in the header when credits run low", async () => {
    backend({ low: true });
    renderDashboard();
    expect(await screen.findByText("Running low — top up to keep AI jobs running")).toBeInTheDocument();
    expect(screen.getByText("40", { selector: "strong" }).parentElement).toHaveClass("credits credits-low");
  });
});

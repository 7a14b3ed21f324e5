import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { ContentListPage } from "./ContentListPage";
import { ScopeProvider } from "../../sites/hooks/useScope";
import { jsonResponse, mockFetch, renderWithClient } from "../../../test/utils";
import { contentRow } from "./testFixtures";

afterEach(() => vi.unstubAllGlobals());

const ok = (data: unknown) => jsonResponse({ success: true, data, message: "", request_id: "r" });
const page = (results: unknown[], count = results.length) =>
  jsonResponse({ success: true, count, next: null, previous: null, results, request_id: "r" });

function backend(list: (params: URLSearchParams) => Response) {
  const listUrls: string[] = [];
  mockFetch((url, init) => {
    const path = url.split("?")[0];
    if (path === "/api/v1/auth/me/")
      return ok({ role: "viewer", is_platform_admin: false, user: {}, account: null, site_ids: null, memberships: [] });
    if (path === "/api/v1/auth/sites/") return page([{ id: 1, name: "Shoes", sector_count: 1 }]);
    if (path === "/api/v1/auth/sectors/") return page([{ id: 5, site: 1, name: "Running" }]);
    if (path === "/api/v1/writer/content/") {
      listUrls.push(url);
      return list(new URL(url, "http://x").searchParams);
    }
    throw new Error(`unexpected ${init?.method ?? "GET"} ${url}`);
  });
  return listUrls;
}

const renderPage = () =>
  renderWithClient(
    <MemoryRouter>
      <ScopeProvider>
        <ContentListPage />
      </ScopeProvider>
    </MemoryRouter>,
  );
const lastParams = (urls: string[]) => Object.fromEntries(new URL(urls[urls.length - 1] as string, "http://x").searchParams);

describe("ContentListPage", () => {
  it("lists content with its columns and links each row to the editor", async () => {
    backend(() =>
      page([
        contentRow(1, { status: "review", source: "manual", entity_type: "page" }),
        contentRow(2, { generated_by: "offline" }),
      ]),
    );
    renderPage();
    const link = await screen.findByRole("link", { name: "Article 1" });
    expect(link).toHaveAttribute("href", "/writer/content/1");
    expect(screen.getByRole("link", { name: "Article 2" })).toHaveAttribute("href", "/writer/content/2");
    const headers = screen.getAllByRole("columnheader").map((th) => th.textContent);
    expect(headers).toEqual(["Title", "Type", "Status", "Words", "Updated", "Source"]);
    const row1 = screen.getByRole("row", { name: /Article 1/ });
    expect(row1).toHaveTextContent("Page");
    expect(row1).toHaveTextContent("In review");
    expect(row1).toHaveTextContent("1,201");
    expect(row1).toHaveTextContent("Written by hand");
    expect(screen.getByRole("row", { name: /Article 2/ })).toHaveTextContent("offline draft");
  });

  it("filters by status and searches on the server, back on page 1", async () => {
    const urls = backend(() => page([contentRow(1)], 60));
    renderPage();
    await screen.findByRole("link", { name: "Article 1" });
    expect(lastParams(urls)).toEqual({ site_id: "1", ordering: "-updated_at", page: "1", page_size: "25" });

    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    await waitFor(() => expect(lastParams(urls).page).toBe("2"));
    expect(screen.getByText("Page 2 of 3")).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText("Status"), "review");
    await waitFor(() => expect(lastParams(urls)).toMatchObject({ status: "review", page: "1" }));

    await userEvent.type(screen.getByLabelText("Search content"), "trail");
    await waitFor(() => expect(lastParams(urls)).toMatchObject({ search: "trail", status: "review", page: "1" }));
  });

  it("changes the page size", async () => {
    const urls = backend(() => page([contentRow(1)], 60));
    renderPage();
    await screen.findByRole("link", { name: "Article 1" });
    await userEvent.selectOptions(screen.getByLabelText("Rows per page"), "50");
    await waitFor(() => expect(lastParams(urls)).toMatchObject({ page_size: "50", page: "1" }));
    expect(screen.getByText("Page 1 of 2")).toBeInTheDocument();
  });

  it("says so in words when there is no content, or none matches", async () => {
    backend((params) => (params.get("status") ? page([]) : page([])));
    renderPage();
    expect(await screen.findByText("No content yet.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Tasks" })).toHaveAttribute("href", "/writer/tasks");
    await userEvent.selectOptions(screen.getByLabelText("Status"), "approved");
    expect(await screen.findByText("No content matches these filters.")).toBeInTheDocument();
  });

  it("shows the API error with a retry", async () => {
    backend(() => jsonResponse({ success: false, error: "Something broke.", errors: {}, request_id: "r" }, 500));
    renderPage();
    expect(await screen.findByRole("alert")).toHaveTextContent("Something broke.");
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});

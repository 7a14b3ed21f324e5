import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { SettingsPage } from "./SettingsPage";
import { ScopeProvider } from "../../sites/hooks/useScope";
import { jsonResponse, mockFetch, renderWithClient } from "../../../test/utils";

afterEach(() => vi.unstubAllGlobals());

const ok = (data: unknown, status = 200) => jsonResponse({ success: true, data, message: "", request_id: "r" }, status);
const page = (results: unknown[]) => jsonResponse({ success: true, count: results.length, next: null, previous: null, results, request_id: "r" });
const user = (id: number, email: string) => ({ id, email, first_name: "", last_name: "", full_name: "", date_joined: "2026-11-01T00:00:00Z" });

it("grants a site to an editor and revokes it after confirmation", async () => {
  const writes: { method: string; url: string; body: unknown }[] = [];
  mockFetch((url, init) => {
    const path = url.split("?")[0];
    const method = init?.method ?? "GET";
    if (method !== "GET") {
      const body = init?.body ? JSON.parse(String(init.body)) : null;
      writes.push({ method, url, body });
      if (method === "POST") return ok({ id: 70, user: 101, user_email: "ed@acme.test", site: 2, granted_by: 100, created_at: "2026-11-02T00:00:00Z" }, 201);
      return ok(null);
    }
    if (path === "/api/v1/auth/me/")
      return ok({ role: "admin", is_platform_admin: false, user: { id: 100 }, account: { id: 1 }, site_ids: null, memberships: [] });
    if (path === "/api/v1/auth/sites/") return page([{ id: 1, name: "Shoes" }, { id: 2, name: "Bikes" }]);
    if (path === "/api/v1/auth/sectors/") return page([]);
    if (path === "/api/v1/auth/users/")
      return page([
        { id: 1, role: "owner", site_ids: null, created_at: "", user: user(100, "boss@acme.test") },
        { id: 2, role: "editor", site_ids: [1], created_at: "", user: user(101, "ed@acme.test") },
      ]);
    if (path === "/api/v1/auth/site-access/")
      return page([{ id: 60, user: 101, user_email: "ed@acme.test", site: 1, granted_by: 100, created_at: "2026-11-01T00:00:00Z" }]);
    throw new Error(`unexpected ${method} ${url}`);
  });
  renderWithClient(
    <MemoryRouter initialEntries={["/settings/site-access"]}>
      <ScopeProvider>
        <Routes>
          <Route path="/settings/*" element={<SettingsPage />} />
        </Routes>
      </ScopeProvider>
    </MemoryRouter>,
  );
  const memberSelect = await screen.findByLabelText("Team member");
  // Owners and admins see every site already, so only editors and viewers are offered.
  expect(within(memberSelect).getAllByRole("option").map((o) => o.textContent)).toEqual(["Choose a member…", "ed@acme.test (Editor)"]);
  await userEvent.selectOptions(memberSelect, "101");
  expect(within(screen.getByLabelText("Site to open to them")).getByRole("option", { name: "Shoes" })).toBeDisabled();
  await userEvent.selectOptions(screen.getByLabelText("Site to open to them"), "2");
  await userEvent.click(screen.getByRole("button", { name: "Grant access" }));
  await waitFor(() => expect(writes[0]).toEqual({ method: "POST", url: "/api/v1/auth/site-access/", body: { user: 101, site: 2 } }));
  expect(await screen.findByText("ed@acme.test can now work on Bikes.")).toBeInTheDocument();

  await userEvent.click(screen.getByRole("button", { name: "Revoke ed@acme.test's access to Shoes" }));
  const dialog = screen.getByRole("dialog", { name: "Revoke site access?" });
  await userEvent.click(within(dialog).getByRole("button", { name: "Revoke access" }));
  await waitFor(() => expect(writes[1]).toEqual({ method: "DELETE", url: "/api/v1/auth/site-access/60/", body: null }));
  expect(await screen.findByText("ed@acme.test no longer sees Shoes.")).toBeInTheDocument();
});

describe("Site access route", () => {
  it("sends non-admins back to the account tab", async () => {
    mockFetch((url) => {
      const path = url.split("?")[0];
      if (path === "/api/v1/auth/me/")
        return ok({ role: "editor", is_platform_admin: false, user: { id: 5 }, account: { id: 1 }, site_ids: [1], memberships: [] });
      if (path === "/api/v1/auth/sites/") return page([{ id: 1, name: "Shoes" }]);
      if (path === "/api/v1/auth/sectors/") return page([]);
      if (path === "/api/v1/auth/account/") return ok({ id: 1, name: "Acme", plan: { name: "Free", monthly_credits: 1000 }, credits: 10, status: "active" });
      throw new Error(`unexpected ${url}`);
    });
    renderWithClient(
      <MemoryRouter initialEntries={["/settings/site-access"]}>
        <ScopeProvider>
          <Routes>
            <Route path="/settings/*" element={<SettingsPage />} />
          </Routes>
        </ScopeProvider>
      </MemoryRouter>,
    );
    expect(await screen.findByRole("heading", { name: "Account" })).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Site access" })).not.toBeInTheDocument();
  });
});

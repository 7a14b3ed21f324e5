import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { setTokens } from "../../../api/tokens";
import { AccountProvider } from "../hooks/useAccount";
import { AccountSwitcher } from "./AccountSwitcher";
import { jsonResponse, mockFetch, renderWithClient } from "../../../test/utils";

afterEach(() => vi.unstubAllGlobals());

const MEMBERSHIPS = [
  { account_id: 1, account_name: "Acme", role: "owner" },
  { account_id: 2, account_name: "Client B", role: "viewer" },
];

function backend(memberships = MEMBERSHIPS) {
  const meHeaders: (string | null)[] = [];
  const spy = mockFetch((url, init) => {
    if (url === "/api/v1/auth/me/") {
      const header = new Headers(init?.headers).get("X-Account-ID");
      meHeaders.push(header);
      const id = header ? Number(header) : 1;
      const m = memberships.find((x) => x.account_id === id) ?? memberships[0];
      return jsonResponse({
        success: true,
        data: {
          user: { id: 9, email: "a@b.c", full_name: "" },
          account: { id, name: m?.account_name },
          role: m?.role,
          site_ids: null,
          memberships,
          is_platform_admin: false,
        },
        message: "",
        request_id: "r",
      });
    }
    throw new Error(`unexpected ${url}`);
  });
  return { spy, meHeaders };
}

const renderSwitcher = () =>
  renderWithClient(
    <MemoryRouter>
      <AccountProvider>
        <AccountSwitcher />
      </AccountProvider>
    </MemoryRouter>,
  );

describe("AccountSwitcher", () => {
  it("switches account: stores it, sends X-Account-ID, clears the cache and the chosen site", async () => {
    setTokens({ access: "A", refresh: "R" });
    localStorage.setItem("igny8.scope", JSON.stringify({ siteId: 5, sectorId: 6 }));
    const { meHeaders } = backend();
    const { client } = renderSwitcher();
    const select = await screen.findByRole("combobox", { name: "Account" });
    expect(select).toHaveValue("1");
    expect(screen.getByRole("option", { name: "Client B (viewer)" })).toBeInTheDocument();
    client.setQueryData(["billing", "balance"], { balance: 500 });
    client.setQueryData(["planner", "keywords", "list", {}], { count: 3, results: [] });

    await userEvent.selectOptions(select, "2");

    expect(localStorage.getItem("igny8.account")).toBe("2");
    expect(localStorage.getItem("igny8.scope")).toBeNull();
    expect(client.getQueryData(["billing", "balance"])).toBeUndefined();
    expect(client.getQueryData(["planner", "keywords", "list", {}])).toBeUndefined();
    await waitFor(() => expect(screen.getByRole("combobox", { name: "Account" })).toHaveValue("2"));
    expect(meHeaders[0]).toBeNull();
    expect(meHeaders[meHeaders.length - 1]).toBe("2");
  });

  it("is hidden for people with a single account", async () => {
    setTokens({ access: "A", refresh: "R" });
    backend([{ account_id: 1, account_name: "Acme", role: "owner" }]);
    const { client } = renderSwitcher();
    await waitFor(() => expect(client.getQueryState(["auth", "me"])?.status).toBe("success"));
    expect(screen.queryByRole("combobox", { name: "Account" })).not.toBeInTheDocument();
  });

  it("falls back to the default account when the stored one is stale", async () => {
    setTokens({ access: "A", refresh: "R" });
    localStorage.setItem("igny8.account", "99");
    const meHeaders: (string | null)[] = [];
    mockFetch((_url, init) => {
      const header = new Headers(init?.headers).get("X-Account-ID");
      meHeaders.push(header);
      if (header)
        return jsonResponse(
          { success: false, error: "You are not a member of the account named in X-Account-ID.", errors: {}, request_id: "r" },
          403,
        );
      return jsonResponse({
        success: true,
        data: { user: { id: 9 }, account: { id: 1 }, role: "owner", site_ids: null, memberships: MEMBERSHIPS, is_platform_admin: false },
        message: "",
        request_id: "r",
      });
    });
    renderSwitcher();
    await waitFor(() => expect(screen.getByRole("combobox", { name: "Account" })).toHaveValue("1"));
    expect(localStorage.getItem("igny8.account")).toBeNull();
    expect(meHeaders[0]).toBe("99");
    expect(meHeaders.slice(1).every((h) => h === null)).toBe(true);
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { SettingsPage } from "./SettingsPage";
import { ScopeProvider } from "../../sites/hooks/useScope";
import { jsonResponse, mockFetch, renderWithClient } from "../../../test/utils";

afterEach(() => vi.unstubAllGlobals());

type Role = "owner" | "admin" | "editor" | "viewer";
const ok = (data: unknown) => jsonResponse({ success: true, data, message: "", request_id: "r" });
const page = (results: unknown[]) => jsonResponse({ success: true, count: results.length, next: null, previous: null, results, request_id: "r" });

const member = (id: number, userId: number, email: string, role: Role, site_ids: number[] | null = null) => ({
  id,
  role,
  site_ids,
  created_at: "2026-11-01T00:00:00Z",
  user: { id: userId, email, first_name: "", last_name: "", full_name: "", date_joined: "2026-11-01T00:00:00Z" },
});

const MEMBERS = [
  member(1, 100, "boss@acme.test", "owner"),
  member(2, 101, "ed@acme.test", "editor", [1]),
  member(3, 102, "vic@acme.test", "viewer", []),
  member(4, 103, "co-owner@acme.test", "owner"),
];

const AI = {
  provider: "openai",
  openai_base_url: "http://ollama:11434/v1",
  openai_structured_output: "json_schema",
  anthropic_base_url: "https://api.anthropic.com",
  default_model: "llama3",
  function_settings: { generate_images: { provider: "runware", model: "runware:100@1" } },
  temperature: 0.4,
  request_timeout: 90,
  has_openai_key: true,
  has_anthropic_key: false,
  has_runware_key: true,
  updated_at: "2026-11-01T00:00:00Z",
};

interface Write {
  method: string;
  url: string;
  body: unknown;
}

function backend(role: Role, userId = role === "owner" ? 100 : 200) {
  const writes: Write[] = [];
  let ai = { ...AI };
  mockFetch((url, init) => {
    const path = url.split("?")[0];
    const method = init?.method ?? "GET";
    if (method !== "GET") {
      const body = init?.body ? JSON.parse(String(init.body)) : null;
      writes.push({ method, url, body });
      if (path === "/api/v1/auth/users/2/" && method === "PATCH") return ok({ ...MEMBERS[1], role: body.role });
      if (path === "/api/v1/auth/users/3/" && method === "DELETE") return ok(null);
      if (path === "/api/v1/system/ai-settings/") {
        ai = {
          ...ai,
          has_openai_key: "openai_api_key" in body ? Boolean(body.openai_api_key) : ai.has_openai_key,
          has_runware_key: "runware_api_key" in body ? Boolean(body.runware_api_key) : ai.has_runware_key,
          has_anthropic_key: "anthropic_api_key" in body ? Boolean(body.anthropic_api_key) : ai.has_anthropic_key,
        };
        return ok(ai);
      }
      if (path === "/api/v1/auth/account/") return ok({ id: 1, name: body.name, plan: { name: "Starter", monthly_credits: 5000 }, credits: 4200, status: "active" });
      throw new Error(`unexpected ${method} ${url}`);
    }
    if (path === "/api/v1/auth/me/")
      return ok({ role, is_platform_admin: false, user: { id: userId, email: "me@acme.test" }, account: { id: 1 }, site_ids: null, memberships: [] });
    if (path === "/api/v1/auth/sites/") return page([{ id: 1, name: "Shoes", sector_count: 1, industry: null }]);
    if (path === "/api/v1/auth/sectors/") return page([]);
    if (path === "/api/v1/auth/users/") return page(MEMBERS);
    if (path === "/api/v1/auth/account/")
      return ok({ id: 1, name: "Acme", plan: { name: "Starter", monthly_credits: 5000 }, credits: 4200, status: "active" });
    if (path === "/api/v1/system/ai-settings/") return ok(ai);
    throw new Error(`unexpected ${method} ${url}`);
  });
  return { writes };
}

const renderAt = (path: string) =>
  renderWithClient(
    <MemoryRouter initialEntries={[path]}>
      <ScopeProvider>
        <Routes>
          <Route path="/settings/*" element={<SettingsPage />} />
        </Routes>
      </ScopeProvider>
    </MemoryRouter>,
  );

describe("SettingsPage", () => {
  it("has a sub-navigation with one link per tab; Site access only for admins", async () => {
    backend("owner");
    renderAt("/settings");
    const nav = await screen.findByRole("navigation", { name: "Settings" });
    await waitFor(() =>
      expect(within(nav).getAllByRole("link").map((a) => a.textContent)).toEqual([
        "Account",
        "Team",
        "Sites & sectors",
        "Site access",
        "AI",
        "Prompts",
        "Integrations",
      ]),
    );
    expect(await screen.findByRole("heading", { name: "Account" })).toBeInTheDocument();
    await userEvent.click(within(nav).getByRole("link", { name: "Team" }));
    expect(await screen.findByRole("heading", { name: "Team" })).toBeInTheDocument();
  });

  it("hides Site access from viewers", async () => {
    backend("viewer");
    renderAt("/settings/account");
    const nav = await screen.findByRole("navigation", { name: "Settings" });
    await screen.findByText("Acme");
    expect(within(nav).queryByRole("link", { name: "Site access" })).not.toBeInTheDocument();
    expect(screen.queryByLabelText("Account name")).not.toBeInTheDocument();
  });

  it("renames the account", async () => {
    const { writes } = backend("owner");
    renderAt("/settings/account");
    const input = await screen.findByLabelText("Account name");
    await userEvent.clear(input);
    await userEvent.type(input, "Acme Marketing");
    await userEvent.click(screen.getByRole("button", { name: "Save name" }));
    expect(await screen.findByText("Account name saved.")).toBeInTheDocument();
    expect(writes).toEqual([{ method: "PATCH", url: "/api/v1/auth/account/", body: { name: "Acme Marketing" } }]);
  });
});

describe("Team", () => {
  it("lets an owner change a member's role", async () => {
    const { writes } = backend("owner");
    renderAt("/settings/team");
    const select = await screen.findByRole("combobox", { name: "Role of ed@acme.test" });
    expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual(["Owner", "Admin", "Editor", "Viewer"]);
    // Your own row has no controls.
    expect(screen.queryByRole("combobox", { name: "Role of boss@acme.test" })).not.toBeInTheDocument();
    await userEvent.selectOptions(select, "viewer");
    await waitFor(() => expect(writes).toEqual([{ method: "PATCH", url: "/api/v1/auth/users/2/", body: { role: "viewer" } }]));
    expect(await screen.findByText("ed@acme.test is now viewer.")).toBeInTheDocument();
    const row = screen.getByRole("row", { name: /ed@acme.test/ });
    expect(within(row).getByText("Shoes")).toBeInTheDocument();
  });

  it("removes a member after confirmation", async () => {
    const { writes } = backend("owner");
    renderAt("/settings/team");
    await userEvent.click(await screen.findByRole("button", { name: "Remove vic@acme.test" }));
    const dialog = screen.getByRole("dialog", { name: "Remove this member?" });
    expect(within(dialog).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await userEvent.click(within(dialog).getByRole("button", { name: "Remove member" }));
    await waitFor(() => expect(writes).toEqual([{ method: "DELETE", url: "/api/v1/auth/users/3/", body: null }]));
    expect(await screen.findByText("vic@acme.test was removed from the account.")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("gives admins no owner-only controls", async () => {
    backend("admin");
    renderAt("/settings/team");
    const select = await screen.findByRole("combobox", { name: "Role of ed@acme.test" });
    expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual(["Admin", "Editor", "Viewer"]);
    expect(screen.queryByRole("combobox", { name: "Role of co-owner@acme.test" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Remove co-owner@acme.test" })).not.toBeInTheDocument();
    expect(within(screen.getByLabelText("Their role")).queryByRole("option", { name: "Owner" })).not.toBeInTheDocument();
  });

  it("shows viewers the team without any buttons", async () => {
    backend("viewer");
    renderAt("/settings/team");
    expect(await screen.findByText("ed@acme.test")).toBeInTheDocument();
    expect(screen.queryByRole("combobox")).not.toBeInTheDocument();
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Add a member" })).not.toBeInTheDocument();
  });
});

describe("AI settings", () => {
  it("never shows a key, only whether one is saved, and sends a key only when one is typed", async () => {
    const { writes } = backend("owner");
    renderAt("/settings/ai");
    const openai = await screen.findByLabelText("OpenAI API key");
    expect(openai).toHaveValue("");
    expect(openai).toHaveAttribute("type", "password");
    expect(openai).toHaveAccessibleDescription("A key is saved.");
    expect(screen.getByLabelText("Anthropic API key")).toHaveAccessibleDescription("No key saved.");
    expect(screen.getByLabelText("Images provider")).toHaveValue("runware");

    // Saving without typing sends no key at all.
    await userEvent.click(screen.getByRole("button", { name: "Save AI settings" }));
    await waitFor(() => expect(writes).toHaveLength(1));
    const first = writes[0]?.body as Record<string, unknown>;
    expect(Object.keys(first).filter((k) => k.endsWith("_api_key"))).toEqual([]);
    expect(first).toMatchObject({
      provider: "openai",
      openai_base_url: "http://ollama:11434/v1",
      default_model: "llama3",
      function_settings: { generate_images: { provider: "runware", model: "runware:100@1" } },
    });

    // A typed key is sent once, then the field is emptied again.
    await userEvent.type(screen.getByLabelText("Anthropic API key"), "sk-ant-secret");
    await userEvent.click(screen.getByRole("button", { name: "Save AI settings" }));
    await waitFor(() => expect(writes).toHaveLength(2));
    const second = writes[1]?.body as Record<string, unknown>;
    expect(Object.keys(second).filter((k) => k.endsWith("_api_key"))).toEqual(["anthropic_api_key"]);
    expect(second.anthropic_api_key).toBe("sk-ant-secret");
    await waitFor(() => expect(screen.getByLabelText("Anthropic API key")).toHaveValue(""));
    expect(screen.getByLabelText("Anthropic API key")).toHaveAccessibleDescription("A key is saved.");
    expect(document.body.innerHTML).not.toContain("sk-ant-secret");

    // Clearing sends "" for that key only.
    await userEvent.click(screen.getByLabelText("Remove the saved Runware API key (images)"));
    await userEvent.click(screen.getByRole("button", { name: "Save AI settings" }));
    await waitFor(() => expect(writes).toHaveLength(3));
    const third = writes[2]?.body as Record<string, unknown>;
    expect(Object.keys(third).filter((k) => k.endsWith("_api_key"))).toEqual(["runware_api_key"]);
    expect(third.runware_api_key).toBe("");
    await waitFor(() => expect(screen.getByLabelText("Runware API key (images)")).toHaveAccessibleDescription("No key saved."));
  });

  it("is read-only for editors", async () => {
    backend("editor");
    renderAt("/settings/ai");
    expect(await screen.findByText("Only owners and admins can change AI settings.")).toBeInTheDocument();
    expect(screen.getByLabelText("OpenAI API key")).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Save AI settings" })).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/Remove the saved/)).not.toBeInTheDocument();
  });
});

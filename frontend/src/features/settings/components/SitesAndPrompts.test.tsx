import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { SettingsPage } from "./SettingsPage";
import { ScopeProvider } from "../../sites/hooks/useScope";
import { jsonResponse, mockFetch, renderWithClient } from "../../../test/utils";
import { SPORTS_INDUSTRY } from "../../../test/fixtures";

afterEach(() => vi.unstubAllGlobals());

const ok = (data: unknown) => jsonResponse({ success: true, data, message: "", request_id: "r" });
const page = (results: unknown[]) => jsonResponse({ success: true, count: results.length, next: null, previous: null, results, request_id: "r" });

const INDUSTRIES = [SPORTS_INDUSTRY];

const PROMPTS = [
  {
    prompt_type: "auto_cluster",
    template: "Group {keywords} for {site_name}",
    default_template: "Group {keywords}",
    is_customized: true,
    variables: { keywords: "One line per keyword", site_name: "Name of the site" },
    updated_at: "2026-11-01T00:00:00Z",
  },
  {
    prompt_type: "generate_ideas",
    template: "Ideas for {cluster}",
    default_template: "Ideas for {cluster}",
    is_customized: false,
    variables: { cluster: "The cluster" },
    updated_at: null,
  },
];

function backend(role: "owner" | "viewer") {
  const writes: { method: string; url: string; body: unknown }[] = [];
  mockFetch((url, init) => {
    const path = url.split("?")[0];
    const method = init?.method ?? "GET";
    if (method !== "GET") {
      const body = init?.body ? JSON.parse(String(init.body)) : null;
      writes.push({ method, url, body });
      if (path === "/api/v1/auth/sites/1/" && method === "DELETE") return ok(null);
      if (path === "/api/v1/auth/sites/1/" && method === "PATCH") return ok({ id: 1, name: body.name });
      if (path === "/api/v1/auth/sectors/" && method === "POST") return jsonResponse({ success: true, data: { id: 9, ...body }, message: "", request_id: "r" }, 201);
      if (path === "/api/v1/system/prompts/auto_cluster/" && method === "DELETE") return ok({ ...PROMPTS[0], is_customized: false });
      if (path === "/api/v1/system/prompts/generate_ideas/" && method === "PUT")
        return jsonResponse(
          { success: false, error: "template: The template must use {cluster}.", errors: { template: ["The template must use {cluster}."] }, request_id: "r" },
          400,
        );
      throw new Error(`unexpected ${method} ${url}`);
    }
    if (path === "/api/v1/auth/me/")
      return ok({ role, is_platform_admin: false, user: { id: 1 }, account: { id: 1 }, site_ids: null, memberships: [] });
    if (path === "/api/v1/auth/sites/")
      return page([{ id: 1, name: "Shoes", domain: "shoes.example", industry: 3, site_type: "existing", hosting_type: "wordpress", sector_count: 1, is_active: true }]);
    if (path === "/api/v1/auth/sectors/") return page([{ id: 5, site: 1, name: "Running", industry_sector: 31 }]);
    if (path === "/api/v1/auth/industries/") return ok(INDUSTRIES);
    if (path === "/api/v1/system/prompts/") return ok(PROMPTS);
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

describe("Sites and sectors", () => {
  it("adds a sector from the site's industry, leaving out the ones it already has", async () => {
    const { writes } = backend("owner");
    renderAt("/settings/sites");
    const picker = await screen.findByRole("combobox", { name: "Add sector to Shoes" });
    await waitFor(() => expect(within(picker).getAllByRole("option").map((o) => o.textContent)).toEqual(["Choose…", "Cycling", "Other (type a name)"]));
    await userEvent.selectOptions(picker, "32");
    await userEvent.click(screen.getByRole("button", { name: "Add sector" }));
    await waitFor(() => expect(writes).toEqual([{ method: "POST", url: "/api/v1/auth/sectors/", body: { site: 1, industry_sector: 32 } }]));
  });

  it("edits a site and deletes it only after confirmation; Escape cancels", async () => {
    const { writes } = backend("owner");
    renderAt("/settings/sites");
    await userEvent.click(await screen.findByRole("button", { name: "Edit Shoes" }));
    const form = screen.getByRole("form", { name: "Edit Shoes" });
    const name = within(form).getByLabelText("Site name");
    await userEvent.clear(name);
    await userEvent.type(name, "Shoe Shop");
    await userEvent.click(within(form).getByRole("button", { name: "Save site" }));
    await waitFor(() => expect(writes[0]).toMatchObject({ method: "PATCH", url: "/api/v1/auth/sites/1/", body: { name: "Shoe Shop", domain: "shoes.example", industry: 3 } }));
    expect(await screen.findByText("Site “Shoe Shop” saved.")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Delete Shoes" }));
    expect(screen.getByRole("dialog", { name: "Delete Shoes?" })).toBeInTheDocument();
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(writes).toHaveLength(1);

    await userEvent.click(screen.getByRole("button", { name: "Delete Shoes" }));
    await userEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Delete site" }));
    await waitFor(() => expect(writes[1]).toEqual({ method: "DELETE", url: "/api/v1/auth/sites/1/", body: null }));
  });

  it("shows viewers sites and sectors without buttons", async () => {
    backend("viewer");
    renderAt("/settings/sites");
    expect(await screen.findByRole("heading", { name: "Shoes" })).toBeInTheDocument();
    expect(await screen.findByText("Running")).toBeInTheDocument();
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
    expect(screen.queryByRole("combobox", { name: /Add sector/ })).not.toBeInTheDocument();
  });
});

describe("Prompts", () => {
  it("lists prompt types with their variables, shows API field errors, and resets a customized prompt after confirmation", async () => {
    const { writes } = backend("owner");
    renderAt("/settings/prompts");
    const types = await screen.findByRole("list", { name: "Prompt types" });
    expect(within(types).getAllByRole("button").map((b) => b.textContent)).toEqual(["Auto clustercustomized", "Generate ideas"]);
    expect(screen.getByLabelText("Template for Auto cluster")).toHaveValue("Group {keywords} for {site_name}");
    expect(screen.getByText("{site_name}")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Reset to default" }));
    await userEvent.click(within(screen.getByRole("dialog", { name: "Reset Auto cluster to the default?" })).getByRole("button", { name: "Reset prompt" }));
    await waitFor(() => expect(writes).toEqual([{ method: "DELETE", url: "/api/v1/system/prompts/auto_cluster/", body: null }]));

    await userEvent.click(within(types).getByRole("button", { name: "Generate ideas" }));
    const template = screen.getByLabelText("Template for Generate ideas");
    expect(screen.queryByRole("button", { name: "Reset to default" })).not.toBeInTheDocument();
    await userEvent.clear(template);
    await userEvent.type(template, "Ideas please");
    await userEvent.click(screen.getByRole("button", { name: "Save prompt" }));
    expect(await screen.findByText("The template must use {cluster}.")).toBeInTheDocument();
    expect(writes[1]).toEqual({ method: "PUT", url: "/api/v1/system/prompts/generate_ideas/", body: { template: "Ideas please" } });
  });

  it("is read-only for viewers", async () => {
    backend("viewer");
    renderAt("/settings/prompts");
    expect(await screen.findByLabelText("Template for Auto cluster")).toHaveAttribute("readonly");
    expect(screen.queryByRole("button", { name: "Save prompt" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Reset to default" })).not.toBeInTheDocument();
  });
});

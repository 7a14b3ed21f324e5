import { afterEach, describe, expect, it, vi } from "vitest";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { OnboardingPage } from "./OnboardingPage";
import { ScopeProvider } from "../hooks/useScope";
import { jsonResponse, mockFetch, renderWithClient } from "../../../test/utils";
import { SPORTS_INDUSTRY } from "../../../test/fixtures";

afterEach(() => vi.unstubAllGlobals());

const ok = (data: unknown, status = 200) => jsonResponse({ success: true, data, message: "", request_id: "r" }, status);
const page = (results: unknown[]) =>
  jsonResponse({ success: true, count: results.length, next: null, previous: null, results, request_id: "r" });

const INDUSTRIES = [
  {
    ...SPORTS_INDUSTRY,
    sectors: [
      ...SPORTS_INDUSTRY.sectors,
      { id: 33, name: "Swimming", slug: "swimming", description: "", suggested_keywords: [] },
    ],
  },
];

function backend(createAnswer: () => Response) {
  const writes: { method: string; url: string; body: unknown }[] = [];
  mockFetch((url, init) => {
    const path = url.split("?")[0];
    const method = init?.method ?? "GET";
    if (method !== "GET") {
      writes.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : null });
      if (path === "/api/v1/auth/sites/") return createAnswer();
      throw new Error(`unexpected ${method} ${url}`);
    }
    if (path === "/api/v1/auth/me/")
      return ok({ role: "owner", is_platform_admin: false, user: { id: 1 }, account: { id: 1 }, site_ids: null, memberships: [] });
    if (path === "/api/v1/auth/sites/") return page([]);
    if (path === "/api/v1/auth/sectors/") return page([]);
    if (path === "/api/v1/auth/industries/") return ok(INDUSTRIES);
    throw new Error(`unexpected ${method} ${url}`);
  });
  return { writes };
}

const renderOnboarding = () =>
  renderWithClient(
    <MemoryRouter initialEntries={["/onboarding"]}>
      <ScopeProvider>
        <Routes>
          <Route path="/onboarding" element={<OnboardingPage />} />
          <Route path="/" element={<h1>Dashboard</h1>} />
        </Routes>
      </ScopeProvider>
    </MemoryRouter>,
  );

async function fillIn() {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText("Site name"), "Acme Running");
  await user.type(screen.getByLabelText(/^Domain/), "acme.example");
  await user.selectOptions(screen.getByLabelText("Industry"), "Sports");
  await user.click(screen.getByRole("checkbox", { name: "Running" }));
  await user.click(screen.getByRole("checkbox", { name: "Swimming" }));
  await user.click(screen.getByRole("button", { name: "Create site" }));
}

describe("OnboardingPage", () => {
  it("creates the site and its sectors in one request, then opens the dashboard", async () => {
    const { writes } = backend(() => ok({ id: 7, name: "Acme Running", sector_count: 2 }, 201));
    renderOnboarding();
    await fillIn();

    expect(await screen.findByRole("heading", { name: "Dashboard" })).toBeInTheDocument();
    expect(writes).toEqual([
      {
        method: "POST",
        url: "/api/v1/auth/sites/",
        body: { name: "Acme Running", domain: "acme.example", industry: 3, industry_sectors: [31, 33] },
      },
    ]);
  });

  it("shows a refused sector next to the sectors and stays on the form", async () => {
    const message = "Not a sector of the chosen industry: Swimming.";
    const { writes } = backend(() =>
      jsonResponse(
        { success: false, error: `Invalid input. industry_sectors: ${message}`, errors: { industry_sectors: [message] }, request_id: "r" },
        400,
      ),
    );
    renderOnboarding();
    await fillIn();

    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Set up your first site" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Create site" })).toBeEnabled();
    expect(writes).toHaveLength(1);
  });
});

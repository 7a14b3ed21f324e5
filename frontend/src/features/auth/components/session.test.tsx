import { afterEach, describe, expect, it, vi } from "vitest";
import { act, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { api } from "../../../api/client";
import { setTokens } from "../../../api/tokens";
import { SessionProvider } from "../hooks/useSession";
import { permissionsFor } from "../hooks/usePermissions";
import { RequireAuth } from "./RequireAuth";
import { LoginPage } from "./LoginPage";
import { jsonResponse, mockFetch, renderWithClient } from "../../../test/utils";

afterEach(() => vi.unstubAllGlobals());

describe("session", () => {
  it("sends a user whose refresh failed back to the login page with the reason", async () => {
    setTokens({ access: "stale", refresh: "stale" });
    mockFetch(() => jsonResponse({ success: false, error: "Token is invalid or expired", errors: {}, request_id: "r" }, 401));
    renderWithClient(
      <SessionProvider>
        <MemoryRouter initialEntries={["/planner"]}>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route
              path="/planner"
              element={
                <RequireAuth>
                  <p>Planner</p>
                </RequireAuth>
              }
            />
          </Routes>
        </MemoryRouter>
      </SessionProvider>,
    );
    expect(screen.getByText("Planner")).toBeInTheDocument();
    await act(async () => {
      await api("get", "/api/v1/auth/me/").catch(() => undefined);
    });
    expect(await screen.findByRole("heading", { name: "Log in to IGNY8" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Your session expired — please log in again");
  });

  it("lets owners, admins and editors write, and viewers only read", () => {
    expect(permissionsFor({ role: "owner", is_platform_admin: false })).toMatchObject({ canWrite: true, canAdmin: true });
    expect(permissionsFor({ role: "editor", is_platform_admin: false })).toMatchObject({ canWrite: true, canAdmin: false });
    expect(permissionsFor({ role: "viewer", is_platform_admin: false })).toMatchObject({ canWrite: false, canAdmin: false });
    expect(permissionsFor(undefined)).toMatchObject({ canWrite: false, canAdmin: false });
  });
});

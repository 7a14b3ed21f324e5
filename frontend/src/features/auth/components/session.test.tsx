import { afterEach, describe, expect, it, vi } from "vitest";
import { act, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { api } from "../../../api/client";
import { setTokens } from "../../../api/tokens";
import { SessionProvider } from "../hooks/useSession";
import { permissionsFor } from "../hooks/usePermissions";
import { RequireAuth } from "./RequireAuth";
import { LoginPage } from "./LoginPage";
import { useLogout } from "../api/logout";
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

  function LogoutButton() {
    const logout = useLogout();
    return (
      <button type="button" onClick={() => logout.mutate()}>
        Log out
      </button>
    );
  }

  const app = (start: string) => (
    <SessionProvider>
      <MemoryRouter initialEntries={[start]}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          {["/", "/writer/content/7"].map((path) => (
            <Route
              key={path}
              path={path}
              element={
                <RequireAuth>
                  <h1>{path === "/" ? "Dashboard" : "Article 7"}</h1>
                  <LogoutButton />
                </RequireAuth>
              }
            />
          ))}
        </Routes>
      </MemoryRouter>
    </SessionProvider>
  );

  function authBackend() {
    return mockFetch((url) => {
      if (url === "/api/v1/auth/logout/") return jsonResponse({ success: true, data: null, message: "", request_id: "r" });
      if (url === "/api/v1/auth/login/")
        return jsonResponse({ success: true, data: { access: "A2", refresh: "R2" }, message: "", request_id: "r" });
      throw new Error(`unexpected ${url}`);
    });
  }

  async function logIn() {
    await userEvent.type(await screen.findByLabelText("Email"), "ann@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "s3cret-passw0rd!");
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));
  }

  it("after Log out, whoever logs in next starts on the dashboard, not the last page", async () => {
    setTokens({ access: "A1", refresh: "R1" });
    authBackend();
    renderWithClient(app("/writer/content/7"));
    await userEvent.click(screen.getByRole("button", { name: "Log out" }));
    await logIn();
    expect(await screen.findByRole("heading", { name: "Dashboard" })).toBeInTheDocument();
  });

  it("a link opened while logged out comes back to its page after login", async () => {
    setTokens(null);
    authBackend();
    renderWithClient(app("/writer/content/7"));
    await logIn();
    expect(await screen.findByRole("heading", { name: "Article 7" })).toBeInTheDocument();
  });

  it("lets owners, admins and editors write, and viewers only read", () => {
    expect(permissionsFor({ role: "owner", is_platform_admin: false })).toMatchObject({ canWrite: true, canAdmin: true });
    expect(permissionsFor({ role: "editor", is_platform_admin: false })).toMatchObject({ canWrite: true, canAdmin: false });
    expect(permissionsFor({ role: "viewer", is_platform_admin: false })).toMatchObject({ canWrite: false, canAdmin: false });
    expect(permissionsFor(undefined)).toMatchObject({ canWrite: false, canAdmin: false });
  });
});

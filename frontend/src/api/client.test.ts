import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import { api, apiBlob, ApiError, buildUrl, onSessionExpired, SESSION_EXPIRED_MESSAGE, type ApiResult } from "./client";
import { getTokens, setTokens } from "./tokens";
import { getAccountId, onAccountChange, setAccountId } from "./account";
import type { Me, Paginated, Keyword } from "./types";
import { jsonResponse, mockFetch } from "../test/utils";

afterEach(() => {
  vi.unstubAllGlobals();
});

const authHeader = (init: RequestInit | undefined) => new Headers(init?.headers).get("Authorization");

describe("api client", () => {
  it("types results from the generated schema", () => {
    expectTypeOf<ApiResult<"/api/v1/auth/me/", "get">>().toEqualTypeOf<Me>();
    expectTypeOf<ApiResult<"/api/v1/planner/keywords/", "get">>().toEqualTypeOf<Paginated<Keyword>>();
  });

  it("unwraps {success, data} and sends the bearer token", async () => {
    setTokens({ access: "A1", refresh: "R1" });
    const fetchSpy = mockFetch(() =>
      jsonResponse({ success: true, data: { balance: 5 }, message: "", request_id: "r" }),
    );
    const result = await api("get", "/api/v1/billing/balance/");
    expect(result).toEqual({ balance: 5 });
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(fetchSpy.mock.calls[0]?.[0]).toBe("/api/v1/billing/balance/");
    expect(authHeader(fetchSpy.mock.calls[0]?.[1])).toBe("Bearer A1");
  });

  it("unwraps list envelopes into {count, next, previous, results}", async () => {
    mockFetch(() =>
      jsonResponse({ success: true, count: 2, next: null, previous: null, results: [{ id: 1 }, { id: 2 }], request_id: "r" }),
    );
    const page = await api("get", "/api/v1/planner/keywords/", { query: { page: 2, page_size: 50 } });
    expect(page).toEqual({ count: 2, next: null, previous: null, results: [{ id: 1 }, { id: 2 }] });
  });

  it("builds URLs with path parameters and skips empty query values", () => {
    expect(buildUrl("/api/v1/system/jobs/{id}/", { id: 7 })).toBe("/api/v1/system/jobs/7/");
    expect(buildUrl("/x/", undefined, { a: 1, b: "", c: undefined, d: "q r" })).toBe("/x/?a=1&d=q+r");
  });

  it("throws ApiError with the message, field errors and request id of an error envelope", async () => {
    mockFetch(() =>
      jsonResponse(
        { success: false, error: "Not enough credits.", errors: { ids: ["Too many."] }, request_id: "req-9" },
        402,
      ),
    );
    const error = await api("post", "/api/v1/planner/keywords/auto_cluster/", { body: { ids: [1] } }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ message: "Not enough credits.", status: 402, errors: { ids: ["Too many."] }, requestId: "req-9" });
  });

  it("gives a plain-words message when the server sends no envelope", async () => {
    mockFetch(() => new Response("<html>oops</html>", { status: 500 }));
    await expect(api("get", "/api/v1/auth/me/")).rejects.toThrow("Something went wrong on our side");
  });

  it("refreshes once on 401, stores the rotated pair and retries", async () => {
    setTokens({ access: "old", refresh: "R1" });
    const fetchSpy = mockFetch((url, init) => {
      if (url === "/api/v1/auth/refresh/") {
        expect(JSON.parse(String(init?.body))).toEqual({ refresh: "R1" });
        return jsonResponse({ success: true, data: { access: "new", refresh: "R2" }, message: "", request_id: "r" });
      }
      return authHeader(init) === "Bearer new"
        ? jsonResponse({ success: true, data: { ok: true }, message: "", request_id: "r" })
        : jsonResponse({ success: false, error: "Token expired", errors: {}, request_id: "r" }, 401);
    });
    await expect(api("get", "/api/v1/auth/me/")).resolves.toEqual({ ok: true });
    expect(fetchSpy.mock.calls.map((c) => c[0])).toEqual([
      "/api/v1/auth/me/",
      "/api/v1/auth/refresh/",
      "/api/v1/auth/me/",
    ]);
    expect(getTokens()).toEqual({ access: "new", refresh: "R2" });
  });

  it("shares one refresh between concurrent 401s", async () => {
    setTokens({ access: "old", refresh: "R1" });
    const fetchSpy = mockFetch((url, init) => {
      if (url === "/api/v1/auth/refresh/")
        return jsonResponse({ success: true, data: { access: "new", refresh: "R2" }, message: "", request_id: "r" });
      return authHeader(init) === "Bearer new"
        ? jsonResponse({ success: true, data: 1, message: "", request_id: "r" })
        : jsonResponse({ success: false, error: "expired", errors: {}, request_id: "r" }, 401);
    });
    await Promise.all([api("get", "/api/v1/auth/me/"), api("get", "/api/v1/billing/balance/")]);
    expect(fetchSpy.mock.calls.filter((c) => c[0] === "/api/v1/auth/refresh/")).toHaveLength(1);
  });

  it("logs out with the session-expired message when the refresh fails", async () => {
    setTokens({ access: "old", refresh: "R1" });
    const expired = vi.fn();
    const off = onSessionExpired(expired);
    const fetchSpy = mockFetch(() =>
      jsonResponse({ success: false, error: "Token is blacklisted", errors: {}, request_id: "r" }, 401),
    );
    const error = await api("get", "/api/v1/auth/me/").catch((e) => e);
    off();
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe(SESSION_EXPIRED_MESSAGE);
    expect(expired).toHaveBeenCalledWith("Your session expired — please log in again");
    expect(getTokens()).toBeNull();
    // the request, one refresh attempt, and no second retry
    expect(fetchSpy).toHaveBeenCalledTimes(2);
  });

  it("does not try to refresh a failed login", async () => {
    const fetchSpy = mockFetch(() =>
      jsonResponse({ success: false, error: "Wrong email or password.", errors: {}, request_id: "r" }, 401),
    );
    await expect(api("post", "/api/v1/auth/login/", { body: { email: "a@b.c", password: "x" } })).rejects.toThrow(
      "Wrong email or password.",
    );
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });

  it("apiBlob fetches a file with the bearer token, refreshing once on 401", async () => {
    setTokens({ access: "old", refresh: "R1" });
    const fetchSpy = mockFetch((url, init) => {
      if (url === "/api/v1/auth/refresh/")
        return jsonResponse({ success: true, data: { access: "new", refresh: "R2" }, message: "", request_id: "r" });
      return authHeader(init) === "Bearer new"
        ? new Response(new Uint8Array([1, 2, 3]), { status: 200, headers: { "Content-Type": "image/webp" } })
        : jsonResponse({ success: false, error: "expired", errors: {}, request_id: "r" }, 401);
    });
    const blob = await apiBlob("/api/v1/writer/images/{id}/file/", { path: { id: 9 } });
    expect(blob.size).toBe(3);
    expect(blob.type).toBe("image/webp");
    expect(fetchSpy.mock.calls.map((c) => c[0])).toEqual([
      "/api/v1/writer/images/9/file/",
      "/api/v1/auth/refresh/",
      "/api/v1/writer/images/9/file/",
    ]);
  });

  it("apiBlob throws the envelope's message when there is no file", async () => {
    mockFetch(() => jsonResponse({ success: false, error: "This image has no file yet.", errors: {}, request_id: "r" }, 404));
    const error = await apiBlob("/api/v1/writer/images/{id}/file/", { path: { id: 9 } }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ message: "This image has no file yet.", status: 404 });
  });

  it("sends the chosen account as X-Account-ID on every request, and none without a choice", async () => {
    setTokens({ access: "A1", refresh: "R1" });
    const fetchSpy = mockFetch(() => jsonResponse({ success: true, data: {}, message: "", request_id: "r" }));
    await api("get", "/api/v1/auth/me/");
    expect(new Headers(fetchSpy.mock.calls[0]?.[1]?.headers).has("X-Account-ID")).toBe(false);
    setAccountId(42);
    await api("get", "/api/v1/billing/balance/");
    await api("patch", "/api/v1/auth/account/", { body: { name: "B" } });
    expect(new Headers(fetchSpy.mock.calls[1]?.[1]?.headers).get("X-Account-ID")).toBe("42");
    const patch = new Headers(fetchSpy.mock.calls[2]?.[1]?.headers);
    expect(patch.get("X-Account-ID")).toBe("42");
    expect(patch.get("Authorization")).toBe("Bearer A1");
    expect(patch.get("Content-Type")).toBe("application/json");
  });

  it("falls back to the default account when the stored one is no longer the user's", async () => {
    setTokens({ access: "A1", refresh: "R1" });
    setAccountId(7);
    const changes: (number | null)[] = [];
    const off = onAccountChange((id) => changes.push(id));
    const fetchSpy = mockFetch((_url, init) =>
      new Headers(init?.headers).has("X-Account-ID")
        ? jsonResponse(
            { success: false, error: "You are not a member of the account named in X-Account-ID.", errors: {}, request_id: "r" },
            403,
          )
        : jsonResponse({ success: true, data: { account: { id: 1 } }, message: "", request_id: "r" }),
    );
    await expect(api("get", "/api/v1/auth/me/")).resolves.toEqual({ account: { id: 1 } });
    off();
    expect(fetchSpy).toHaveBeenCalledTimes(2);
    expect(getAccountId()).toBeNull();
    expect(changes).toEqual([null]);
    expect(localStorage.getItem("igny8.account")).toBeNull();
  });

  it("keeps the account on an ordinary 403 (a role refusal)", async () => {
    setAccountId(7);
    const fetchSpy = mockFetch(() =>
      jsonResponse({ success: false, error: "Your role (viewer) cannot do this; it needs admin or higher.", errors: {}, request_id: "r" }, 403),
    );
    await expect(api("patch", "/api/v1/auth/account/", { body: { name: "x" } })).rejects.toThrow("Your role (viewer)");
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(getAccountId()).toBe(7);
  });
});

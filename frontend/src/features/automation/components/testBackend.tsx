// A fake /api/v1 for the automation component tests (fetch is stubbed; nothing leaves the process).
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes } from "react-router";
import { jsonResponse, mockFetch, renderWithClient } from "../../../test/utils";
import { ScopeProvider } from "../../sites/hooks/useScope";
import type { Role } from "../../../api/types";
import { CATALOG } from "./catalogFixture";

export { CATALOG };

export const ok = (data: unknown, status = 200) => jsonResponse({ success: true, data, message: "", request_id: "r" }, status);
export const list = (results: unknown[], count = results.length) =>
  jsonResponse({ success: true, count, next: null, previous: null, results, request_id: "r" });
export const fail = (error: string, errors: Record<string, string[]>, status = 400) =>
  jsonResponse({ success: false, error, errors, request_id: "r" }, status);

export const rule = (over: Record<string, unknown> = {}) => ({
  id: 7,
  site: 1,
  sector: null,
  name: "Cluster new keywords daily at 2 AM",
  trigger: "schedule",
  conditions: [{ field: "unclustered_keywords", operator: "gte", value: 1 }],
  actions: [{ type: "auto_cluster", params: { limit: 500 } }],
  schedule: { cron: "0 2 * * *", timezone: "UTC" },
  is_active: true,
  max_executions_per_day: 1,
  credit_limit_per_execution: 10,
  next_run_at: "2026-11-26T02:00:00Z",
  last_run_at: null,
  template_key: "auto_cluster",
  created_at: "2026-11-25T08:00:00Z",
  updated_at: "2026-11-25T08:00:00Z",
  ...over,
});

export const run = (over: Record<string, unknown> = {}) => ({
  id: 31,
  rule: 7,
  rule_name: "Cluster new keywords daily at 2 AM",
  site: 1,
  status: "running",
  trigger: "manual",
  event: {},
  depth: 0,
  results: [{ type: "auto_cluster", status: "running", items: 4, processed: 1, credits: 10, errors: [] }],
  items_processed: 3,
  credits_used: 10,
  errors: [],
  message: "",
  pause_requested: false,
  cancel_requested: false,
  attempts: 1,
  started_at: "2026-11-25T09:00:00Z",
  finished_at: null,
  heartbeat_at: "2026-11-25T09:00:05Z",
  created_at: "2026-11-25T09:00:00Z",
  updated_at: "2026-11-25T09:00:05Z",
  ...over,
});

export interface Call {
  method: string;
  url: string;
  body: unknown;
}

type Handler = (method: string, path: string, url: string, body: unknown) => Response | undefined;

/** The shared endpoints (me, sites, sectors, balance, integrations, the rules catalog) plus the test's own
 * `handler` (which may answer any of them differently). */
export function backend(role: Role, handler: Handler, opts: { lowCredit?: boolean } = {}) {
  const calls: Call[] = [];
  mockFetch((url, init) => {
    const method = (init?.method ?? "GET").toUpperCase();
    const path = url.split("?")[0] ?? url;
    const body = init?.body ? (JSON.parse(String(init.body)) as unknown) : undefined;
    calls.push({ method, url, body });
    const own = handler(method, path, url, body);
    if (own) return own;
    if (path === "/api/v1/auth/me/")
      return ok({ role, is_platform_admin: false, user: { email: "u@x.test" }, account: null, site_ids: null, memberships: [] });
    if (path === "/api/v1/auth/sites/") return list([{ id: 1, name: "Shoes", sector_count: 1 }]);
    if (path === "/api/v1/auth/sectors/") return list([{ id: 5, site: 1, name: "Running" }]);
    if (path === "/api/v1/billing/balance/")
      return ok({ balance: opts.lowCredit ? 40 : 900, low_credit: !!opts.lowCredit, monthly_credits: 1000, used_this_month: 0, plan: { id: 1, name: "Free", slug: "free" } });
    if (path === "/api/v1/integration/") return list([{ id: 3, site: 1, name: "Main blog", platform: "wordpress" }]);
    if (method === "GET" && path === "/api/v1/automation/catalog/") return ok(CATALOG);
    throw new Error(`unexpected ${method} ${url}`);
  });
  return calls;
}

export function renderAt(path: string, routes: { path: string; element: ReactElement }[]) {
  return renderWithClient(
    <MemoryRouter initialEntries={[path]}>
      <ScopeProvider>
        <Routes>
          {routes.map((r) => (
            <Route key={r.path} path={r.path} element={r.element} />
          ))}
          <Route path="*" element={<p>Elsewhere</p>} />
        </Routes>
      </ScopeProvider>
    </MemoryRouter>,
  );
}

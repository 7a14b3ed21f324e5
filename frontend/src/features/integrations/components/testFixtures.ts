// Shared rows for the integration and publishing tests (not used by the app).
import type { Integration } from "../types";

export function integrationRow(id: number, overrides: Partial<Integration> = {}): Integration {
  return {
    id,
    site: 1,
    platform: "wordpress",
    platform_type: "cms",
    name: "WordPress (Shoes)",
    config_json: { site_url: "https://blog.shoes.test" },
    has_credentials: true,
    is_active: true,
    sync_enabled: false,
    last_sync_at: null,
    sync_status: "never",
    last_error: "",
    connection_report: {},
    created_at: "2026-11-25T08:00:00Z",
    updated_at: "2026-11-25T08:00:00Z",
    ...overrides,
  };
}

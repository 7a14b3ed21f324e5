// Integration types, all from the generated schema (a backend rename breaks the build).
import type { components } from "../../api/schema";

type S = components["schemas"];

export type Integration = S["Integration"];
export type IntegrationRequest = S["IntegrationRequest"];
export type IntegrationPatch = S["PatchedIntegrationRequest"];
export type IntegrationSyncStatus = S["IntegrationSyncStatusEnum"];
export type PlatformName = S["PlatformEnum"];
export type PlatformInfo = S["Platform"];

/** What `POST /integration/{id}/test/` keeps on the integration (`connection_report`). */
export interface ConnectionReport {
  ok: boolean;
  platform: string;
  message: string;
  details: Record<string, unknown>;
  tested_at?: string;
}

export const PLATFORM_LABELS: Record<string, string> = {
  wordpress: "WordPress",
  shopify: "Shopify",
  custom_api: "Webhook (custom API)",
};

export const platformLabel = (platform: string) => PLATFORM_LABELS[platform] ?? platform;

export const SYNC_STATUS_LABELS: Record<IntegrationSyncStatus, string> = {
  never: "Never synced",
  pending: "Waiting to sync",
  running: "Syncing…",
  success: "Synced",
  failed: "Sync failed",
};

/** Words for the config and credential keys the platforms endpoint lists. */
export const FIELD_LABELS: Record<string, { label: string; hint?: string; type?: string }> = {
  site_url: { label: "Site address", hint: "e.g. https://blog.example.com", type: "url" },
  author: { label: "Author (WordPress user id or login)", hint: "Optional: posts are written as this user." },
  default_status: { label: "Default status", hint: "Optional: what a publish sends when no status is chosen." },
  shop_domain: { label: "Shop domain", hint: "e.g. my-shop.myshopify.com" },
  blog_id: { label: "Blog id", hint: "Optional: the Shopify blog articles go to." },
  blog_handle: { label: "Blog handle", hint: "Optional: the blog's handle instead of its id, e.g. news." },
  endpoint_url: { label: "Webhook URL", hint: "IGNY8 sends signed JSON here.", type: "url" },
  username: { label: "Username" },
  application_password: {
    label: "Application password",
    hint: "WordPress → Users → Profile → Application passwords.",
  },
  access_token: { label: "Admin API access token", hint: "From your Shopify custom app." },
  secret: { label: "Signing secret", hint: "Shared secret for the HMAC-SHA256 signature." },
  import_sector: { label: "Sector for imported content", hint: "Where posts synced from the platform land." },
};

export const fieldLabel = (key: string) => FIELD_LABELS[key]?.label ?? key.replace(/_/g, " ").replace(/^\w/, (c) => c.toUpperCase());

/** The address an integration points at, whatever the platform. */
export function integrationAddress(integration: Pick<Integration, "config_json">): string {
  const config = (integration.config_json ?? {}) as Record<string, unknown>;
  const value = config.site_url ?? config.shop_domain ?? config.endpoint_url ?? "";
  return typeof value === "string" ? value : String(value);
}

export function asReport(value: unknown): ConnectionReport | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  if (typeof v.ok !== "boolean") return null;
  return {
    ok: v.ok,
    platform: String(v.platform ?? ""),
    message: String(v.message ?? ""),
    details: (v.details && typeof v.details === "object" ? v.details : {}) as Record<string, unknown>,
    tested_at: typeof v.tested_at === "string" ? v.tested_at : undefined,
  };
}

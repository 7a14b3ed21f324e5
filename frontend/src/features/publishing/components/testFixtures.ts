// Shared rows for the publishing tests (not used by the app).
import type { PublishingRecord } from "../types";

export function recordRow(id: number, overrides: Partial<PublishingRecord> = {}): PublishingRecord {
  return {
    id,
    site: 1,
    content: 7,
    content_title: "Trail shoes",
    integration: 5,
    integration_name: "Blog",
    platform: "wordpress",
    origin: "published",
    status: "published",
    remote_status: "publish",
    remote_type: "post",
    external_id: "12",
    external_url: "https://blog.shoes.test/trail-shoes/",
    published_at: "2026-11-25T10:00:00Z",
    scheduled_for: null,
    sync_status: "in_sync",
    remote_modified_at: null,
    remote_snapshot: {},
    published_version: 3,
    attempts: 1,
    last_error: "",
    job: null,
    last_synced_at: null,
    created_at: "2026-11-25T10:00:00Z",
    updated_at: "2026-11-25T10:00:00Z",
    ...overrides,
  };
}

// Publishing types, from the generated schema where it has them.
import type { components } from "../../api/schema";

type S = components["schemas"];

export type PublishingRecord = S["PublishingRecord"];
export type PublishRequest = S["PublishRequest"];
export type PublishStatus = S["PublishStatusEnum"];
export type PublishAccepted = S["PublishAccepted"];
export type RecordStatus = S["PublishingRecordStatusEnum"];
export type RecordSyncStatus = S["PublishingRecordSyncStatusEnum"];

/** One destination in a `publishing.publish` job's result (`result.destinations[]`). */
export interface DestinationOutcome {
  record_id: number;
  integration_id?: number;
  platform?: string;
  ok: boolean;
  skipped?: boolean;
  status?: string;
  remote_status?: string;
  external_id?: string;
  external_url?: string;
  error?: string;
  warnings?: string[];
}

/** The job result's destinations, or [] when the result has another shape. */
export function destinationsOf(result: unknown): DestinationOutcome[] {
  if (!result || typeof result !== "object") return [];
  const list = (result as { destinations?: unknown }).destinations;
  if (!Array.isArray(list)) return [];
  return list.filter((d): d is DestinationOutcome => !!d && typeof d === "object" && "ok" in d);
}

/** The remote item IGNY8 read back (`remote_snapshot`). */
export interface RemoteSnapshot {
  title?: string;
  slug?: string;
  html?: string;
  status?: string;
  url?: string;
  modified_at?: string | null;
  excerpt?: string;
  categories?: string[];
  tags?: string[];
  meta_title?: string;
  meta_description?: string;
}

export const RECORD_STATUS_LABELS: Record<RecordStatus, string> = {
  pending: "Waiting",
  publishing: "Publishing…",
  published: "Published",
  scheduled: "Scheduled",
  failed: "Failed",
};

export const SYNC_LABELS: Record<RecordSyncStatus, string> = {
  in_sync: "In sync",
  remote_changed: "Changed on the platform",
  local_changed: "Changed in IGNY8",
  conflict: "Changed on both sides",
};

export const REMOTE_STATUS_LABELS: Record<string, string> = {
  publish: "live",
  draft: "draft",
  future: "scheduled on the platform",
};

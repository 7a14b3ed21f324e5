// Writer content types, all taken from the generated schema so a backend rename breaks the build.
// Kept in the feature (not api/types.ts) so other features' type lists stay untouched.
import type { components } from "../../api/schema";
import { CONTENT_TYPE_LABELS } from "../planner/labels";

type S = components["schemas"];

export type Content = S["Content"];
export type ContentStatus = Content["status"];
export type ContentSource = Content["source"];
export type ContentPatch = S["PatchedContentRequest"];
export type ContentVersion = S["ContentVersion"];
export type ContentVersionSource = ContentVersion["source"];
export type VersionDiff = S["VersionDiff"];
export type ContentImage = S["Image"];
export type ImageStatus = ContentImage["status"];
export type ImageType = ContentImage["image_type"];
export type EntityType = NonNullable<Content["entity_type"]>;

/** One field of a version diff: text fields carry a unified diff, the rest before/after values. */
export interface FieldChange {
  diff?: string;
  before: unknown;
  after: unknown;
}

export const CONTENT_STATUSES: ContentStatus[] = ["draft", "review", "approved", "published"];

export const STATUS_LABELS: Record<ContentStatus, string> = {
  draft: "Draft",
  review: "In review",
  approved: "Approved",
  published: "Published",
};

export const SOURCE_LABELS: Record<ContentSource, string> = {
  igny8: "IGNY8",
  manual: "Written by hand",
  wordpress: "WordPress",
  shopify: "Shopify",
  import: "Imported",
};

/** The same words the planner uses for an idea's content type. */
export const ENTITY_LABELS: Record<EntityType, string> = CONTENT_TYPE_LABELS;

export const VERSION_SOURCE_LABELS: Record<ContentVersionSource, string> = {
  ai: "AI generation",
  human: "Edited by a person",
  restore: "Restored",
  system: "System",
};

export const IMAGE_STATUS_LABELS: Record<ImageStatus, string> = {
  pending: "Prompt ready",
  generated: "Generated",
  failed: "Failed",
};

export const FIELD_LABELS: Record<string, string> = {
  title: "Title",
  slug: "Slug",
  meta_title: "Meta title",
  meta_description: "Meta description",
  html: "HTML",
  json_blocks: "Content blocks",
  structure_data: "Structure data",
  primary_keyword: "Primary keyword",
  secondary_keywords: "Secondary keywords",
  tags: "Tags",
  categories: "Categories",
  word_count: "Word count",
  status: "Status",
};

export const fieldLabel = (field: string) => FIELD_LABELS[field] ?? field.replace(/_/g, " ");

export const TASK_STATUS_LABELS: Record<S["TaskStatusEnum"], string> = {
  queued: "Queued",
  in_progress: "Writing…",
  completed: "Written",
  failed: "Failed",
};

// Shared rows for the writer content tests (not used by the app).
import type { Content, ContentImage, ContentVersion } from "../types";

export function contentRow(id: number, overrides: Partial<Content> = {}): Content {
  return {
    id,
    site: 1,
    sector: 5,
    task: null,
    cluster: null,
    cluster_name: "",
    title: `Article ${id}`,
    slug: `article-${id}`,
    meta_title: "",
    meta_description: "",
    html: "<p>Hello</p>",
    json_blocks: [],
    structure_data: {},
    primary_keyword: "",
    secondary_keywords: [],
    tags: [],
    categories: [],
    word_count: 1200 + id,
    entity_type: "post",
    content_structure: "article",
    source: "igny8",
    status: "draft",
    generated_by: "",
    external_url: "",
    created_at: "2026-11-25T08:00:00Z",
    updated_at: "2026-11-25T09:00:00Z",
    ...overrides,
  };
}

export function imageRow(id: number, overrides: Partial<ContentImage> = {}): ContentImage {
  return {
    id,
    site: 1,
    sector: 5,
    content: 7,
    image_type: "in_article",
    position: 1,
    prompt: `A prompt ${id}`,
    alt_text: `Alt ${id}`,
    caption: "",
    status: "pending",
    error: "",
    file_url: null,
    width: 0,
    height: 0,
    file_format: "",
    size_bytes: 0,
    provider: "",
    generated_by: "",
    created_at: "2026-11-25T08:00:00Z",
    updated_at: "2026-11-25T08:00:00Z",
    ...overrides,
  };
}

export function versionRow(version: number, overrides: Partial<ContentVersion> = {}): ContentVersion {
  return {
    version,
    source: "human",
    changed_by: 3,
    changed_by_email: "ed@example.com",
    changed_fields: ["meta_title"],
    summary: "Edited",
    created_at: "2026-11-25T08:00:00Z",
    ...overrides,
  };
}

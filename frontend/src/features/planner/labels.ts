import type { components } from "../../api/schema";
import type { ContentStructure, ContentType, IdeaStatus, KeywordIntent, KeywordStatus } from "../../api/types";

/** Idea and content-type values in words a marketer reads (the API's values stay in filters' option values). */
export const IDEA_STATUS_LABELS: Record<IdeaStatus, string> = {
  new: "New",
  queued: "Queued to writer",
  completed: "Written",
  archived: "Archived",
};

export const CONTENT_TYPE_LABELS: Record<ContentType, string> = {
  post: "Blog post",
  page: "Page",
  product: "Product",
  service: "Service page",
  taxonomy: "Category page",
};

export const STRUCTURE_LABELS: Record<ContentStructure, string> = {
  article: "Article",
  guide: "Guide",
  comparison: "Comparison",
  review: "Review",
  listicle: "List",
  how_to: "How-to",
  landing_page: "Landing page",
  service_page: "Service page",
  product_page: "Product page",
  category_page: "Category page",
};

export const KEYWORD_STATUS_LABELS: Record<KeywordStatus, string> = {
  new: "New",
  clustered: "Clustered",
  archived: "Archived",
};

export const INTENT_LABELS: Record<KeywordIntent, string> = {
  informational: "Informational",
  commercial: "Commercial",
  transactional: "Transactional",
  navigational: "Navigational",
};

export const CLUSTER_STATUS_LABELS: Record<components["schemas"]["ClusterStatusEnum"], string> = {
  active: "Active",
  archived: "Archived",
};

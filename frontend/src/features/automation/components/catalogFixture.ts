// GET /api/v1/automation/catalog/ exactly as the backend serves it (rules_catalog + CatalogSerializer),
// for the component tests; typed against the generated schema so a schema change breaks the build here.
import type { Catalog } from "../api/catalog";

const NUMBER_OPS = ["eq", "ne", "gt", "gte", "lt", "lte", "in"] as const;
const TEXT_OPS = ["eq", "ne", "in", "contains"] as const;
const LIST_OPS = ["in", "contains"] as const;
const field = (name: string, type: "int" | "num" | "str" | "list") => ({
  name,
  type,
  operators: [...(type === "int" || type === "num" ? NUMBER_OPS : type === "list" ? LIST_OPS : TEXT_OPS)],
});

export const CATALOG: Catalog = {
  triggers: [
    {
      value: "schedule",
      label: "Scheduled",
      event_entity: null,
      fields: [
        field("credits_balance", "int"),
        field("unclustered_keywords", "int"),
        field("clusters_without_ideas", "int"),
        field("new_ideas", "int"),
        field("queued_tasks", "int"),
        field("draft_content", "int"),
        field("weekday", "int"),
        field("hour", "int"),
      ],
    },
    {
      value: "keyword_added",
      label: "Keyword added",
      event_entity: "keyword",
      fields: [
        field("keyword", "str"),
        field("search_volume", "int"),
        field("difficulty", "int"),
        field("cpc", "num"),
        field("intent", "str"),
        field("source", "str"),
      ],
    },
    {
      value: "cluster_created",
      label: "Cluster created",
      event_entity: "cluster",
      fields: [
        field("name", "str"),
        field("keywords_count", "int"),
        field("volume", "int"),
        field("avg_difficulty", "num"),
        field("intent", "str"),
      ],
    },
    {
      value: "idea_created",
      label: "Idea created",
      event_entity: "idea",
      fields: [
        field("title", "str"),
        field("content_type", "str"),
        field("content_structure", "str"),
        field("target_word_count", "int"),
        field("primary_keyword", "str"),
      ],
    },
    {
      value: "content_generated",
      label: "Content generated",
      event_entity: "content",
      fields: [
        field("title", "str"),
        field("word_count", "int"),
        field("entity_type", "str"),
        field("content_structure", "str"),
        field("primary_keyword", "str"),
        field("status", "str"),
      ],
    },
    {
      value: "content_published",
      label: "Content published",
      event_entity: "content",
      fields: [
        field("title", "str"),
        field("word_count", "int"),
        field("entity_type", "str"),
        field("content_structure", "str"),
        field("primary_keyword", "str"),
        field("status", "str"),
        field("published_to", "list"),
      ],
    },
  ],
  operators: ["eq", "ne", "gt", "gte", "lt", "lte", "in", "contains"],
  numeric_operators: ["gt", "gte", "lt", "lte"],
  limits: { conditions: 20, actions: 10, in_values: 100 },
  actions: [
    {
      type: "auto_cluster",
      label: "Cluster keywords",
      input: "keyword",
      output: "cluster",
      params: [
        { name: "limit", kind: "int", default: 500, min: 1, max: 5000, choices: [], required: false },
      ],
    },
    {
      type: "generate_ideas",
      label: "Generate ideas",
      input: "cluster",
      output: "idea",
      params: [
        { name: "limit", kind: "int", default: 5, min: 1, max: 20, choices: [], required: false },
        { name: "ideas_per_cluster", kind: "int", default: 2, min: 1, max: 5, choices: [], required: false },
      ],
    },
    {
      type: "create_tasks",
      label: "Create writer tasks",
      input: "idea",
      output: "task",
      params: [
        { name: "limit", kind: "int", default: 20, min: 1, max: 100, choices: [], required: false },
      ],
    },
    {
      type: "generate_content",
      label: "Generate content",
      input: "task",
      output: "content",
      params: [
        { name: "limit", kind: "int", default: 3, min: 1, max: 10, choices: [], required: false },
      ],
    },
    {
      type: "generate_image_prompts",
      label: "Generate image prompts",
      input: "content",
      output: "content",
      params: [
        { name: "limit", kind: "int", default: 5, min: 1, max: 20, choices: [], required: false },
        { name: "in_article_count", kind: "int", default: 2, min: 0, max: 5, choices: [], required: false },
      ],
    },
    {
      type: "generate_images",
      label: "Generate images",
      input: "content",
      output: "content",
      params: [
        { name: "limit", kind: "int", default: 5, min: 1, max: 20, choices: [], required: false },
        { name: "file_format", kind: "choice", default: "webp", min: null, max: null, choices: ["webp", "png"], required: false },
      ],
    },
    {
      type: "publish",
      label: "Publish",
      input: "content",
      output: "content",
      params: [
        { name: "limit", kind: "int", default: 5, min: 1, max: 20, choices: [], required: false },
        { name: "destinations", kind: "destinations", default: null, min: null, max: null, choices: [], required: true },
        { name: "status", kind: "choice", default: "publish", min: null, max: null, choices: ["publish", "draft"], required: false },
      ],
    },
  ],
};

// What a rule may say, mirrored from backend/igny8_core/domain/automation/rules.py (the API does not
// publish these lists; the server validates again and its errors are shown next to the row).
import type { ActionType, Operator, RunStatus, Trigger } from "./types";

export const TRIGGERS: { value: Trigger; label: string; help: string }[] = [
  { value: "schedule", label: "On a schedule", help: "Runs at the times of its schedule." },
  { value: "keyword_added", label: "Keyword added", help: "Runs after keywords are added or imported." },
  { value: "cluster_created", label: "Cluster created", help: "Runs after clusters are created." },
  { value: "idea_created", label: "Idea created", help: "Runs after content ideas are created." },
  { value: "content_generated", label: "Content generated", help: "Runs after content is written." },
  { value: "content_published", label: "Content published", help: "Runs after content is published." },
];

export const triggerLabel = (trigger: string): string =>
  TRIGGERS.find((t) => t.value === trigger)?.label ?? (trigger === "manual" ? "Run now" : trigger);

export type FieldKind = "int" | "num" | "str" | "list";

const CONTENT_FIELDS: Record<string, FieldKind> = {
  title: "str",
  word_count: "int",
  entity_type: "str",
  content_structure: "str",
  primary_keyword: "str",
  status: "str",
};

export const CONDITION_FIELDS: Record<Trigger, Record<string, FieldKind>> = {
  keyword_added: { keyword: "str", search_volume: "int", difficulty: "int", cpc: "num", intent: "str", source: "str" },
  cluster_created: { name: "str", keywords_count: "int", volume: "int", avg_difficulty: "num", intent: "str" },
  idea_created: {
    title: "str",
    content_type: "str",
    content_structure: "str",
    target_word_count: "int",
    primary_keyword: "str",
  },
  content_generated: CONTENT_FIELDS,
  content_published: { ...CONTENT_FIELDS, published_to: "list" },
  schedule: {
    credits_balance: "int",
    unclustered_keywords: "int",
    clusters_without_ideas: "int",
    new_ideas: "int",
    queued_tasks: "int",
    draft_content: "int",
    weekday: "int",
    hour: "int",
  },
};

export const fieldLabel = (field: string): string => {
  const text = field.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
};

export const OPERATORS: { value: Operator; label: string }[] = [
  { value: "eq", label: "equals" },
  { value: "ne", label: "does not equal" },
  { value: "gt", label: "is greater than" },
  { value: "gte", label: "is at least" },
  { value: "lt", label: "is less than" },
  { value: "lte", label: "is at most" },
  { value: "in", label: "is one of" },
  { value: "contains", label: "contains" },
];

/** The operators that make sense for a field of this kind (the server enforces the same). */
export function operatorsFor(kind: FieldKind | undefined): Operator[] {
  if (kind === "int" || kind === "num") return ["eq", "ne", "gt", "gte", "lt", "lte", "in"];
  if (kind === "list") return ["contains", "in"];
  return ["eq", "ne", "in", "contains"];
}

export interface ParamSpec {
  kind: "int" | "choice" | "destinations";
  label: string;
  default?: number | string;
  min?: number;
  max?: number;
  choices?: string[];
}

export const ACTIONS: { value: ActionType; label: string; params: Record<string, ParamSpec> }[] = [
  { value: "auto_cluster", label: "Cluster keywords", params: { limit: { kind: "int", label: "Keywords at most", default: 500, min: 1, max: 5000 } } },
  {
    value: "generate_ideas",
    label: "Generate ideas",
    params: {
      limit: { kind: "int", label: "Clusters at most", default: 5, min: 1, max: 20 },
      ideas_per_cluster: { kind: "int", label: "Ideas per cluster", default: 2, min: 1, max: 5 },
    },
  },
  { value: "create_tasks", label: "Create writer tasks", params: { limit: { kind: "int", label: "Ideas at most", default: 20, min: 1, max: 100 } } },
  { value: "generate_content", label: "Generate content", params: { limit: { kind: "int", label: "Tasks at most", default: 3, min: 1, max: 10 } } },
  {
    value: "generate_image_prompts",
    label: "Generate image prompts",
    params: {
      limit: { kind: "int", label: "Articles at most", default: 5, min: 1, max: 20 },
      in_article_count: { kind: "int", label: "In-article images", default: 2, min: 0, max: 5 },
    },
  },
  {
    value: "generate_images",
    label: "Generate images",
    params: {
      limit: { kind: "int", label: "Articles at most", default: 5, min: 1, max: 20 },
      file_format: { kind: "choice", label: "File format", default: "webp", choices: ["webp", "png"] },
    },
  },
  {
    value: "publish",
    label: "Publish",
    params: {
      limit: { kind: "int", label: "Articles at most", default: 5, min: 1, max: 20 },
      destinations: { kind: "destinations", label: "Publish to" },
      status: { kind: "choice", label: "Publish as", default: "publish", choices: ["publish", "draft"] },
    },
  },
];

export const actionLabel = (type: string): string => ACTIONS.find((a) => a.value === type)?.label ?? type;

export function defaultParams(type: ActionType): Record<string, unknown> {
  const spec = ACTIONS.find((a) => a.value === type)?.params ?? {};
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(spec)) {
    if (p.kind === "destinations") out[name] = [];
    else if (p.default !== undefined) out[name] = p.default;
  }
  return out;
}

export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  queued: "Queued",
  running: "Running",
  paused: "Paused",
  cancelled: "Cancelled",
  succeeded: "Succeeded",
  failed: "Failed",
  stopped_at_cap: "Stopped at a limit",
};

export const runStatusLabel = (status: string): string => RUN_STATUS_LABELS[status as RunStatus] ?? status;

/** "12s", "3 min 4 s", "1 h 2 min"; empty when the run has not started. */
export function formatDuration(startedAt: string | null, finishedAt: string | null, now = Date.now()): string {
  if (!startedAt) return "";
  const end = finishedAt ? new Date(finishedAt).getTime() : now;
  const seconds = Math.max(0, Math.round((end - new Date(startedAt).getTime()) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return "";
  try {
    return new Intl.DateTimeFormat("en-GB", {
      dateStyle: "medium",
      timeStyle: "short",
      ...(timeZone ? { timeZone } : {}),
    }).format(new Date(iso));
  } catch {
    return new Date(iso).toLocaleString();
  }
}

export const userTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

// Human-readable copy for the automation vocabulary. What a rule may say (triggers, condition fields and
// their types, operators per field, actions and their parameters with limits and choices) comes from the
// API: GET /automation/catalog/ (features/automation/api/catalog.ts). Only labels and help texts live here;
// the Record<Enum, …> types make the build fail when the schema gains a trigger, operator or action.
import type { ActionType, Operator, RunStatus, Trigger } from "./types";

export const TRIGGER_TEXT: Record<Trigger, { label: string; help: string }> = {
  schedule: { label: "On a schedule", help: "Runs at the times of its schedule." },
  keyword_added: { label: "Keyword added", help: "Runs after keywords are added or imported." },
  cluster_created: { label: "Cluster created", help: "Runs after clusters are created." },
  idea_created: { label: "Idea created", help: "Runs after content ideas are created." },
  content_generated: { label: "Content generated", help: "Runs after content is written." },
  content_published: { label: "Content published", help: "Runs after content is published." },
};

/** The UI's label for a trigger; `fallback` (the catalog's label) or the value for one it doesn't know. */
export const triggerLabel = (trigger: string, fallback?: string): string =>
  TRIGGER_TEXT[trigger as Trigger]?.label ?? (trigger === "manual" ? "Run now" : (fallback ?? trigger));

export const triggerHelp = (trigger: string): string => TRIGGER_TEXT[trigger as Trigger]?.help ?? "";

export const fieldLabel = (field: string): string => {
  const text = field.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
};

export const OPERATOR_LABELS: Record<Operator, string> = {
  eq: "equals",
  ne: "does not equal",
  gt: "is greater than",
  gte: "is at least",
  lt: "is less than",
  lte: "is at most",
  in: "is one of",
  contains: "contains",
};

export const operatorLabel = (operator: string): string => OPERATOR_LABELS[operator as Operator] ?? operator;

export const ACTION_LABELS: Record<ActionType, string> = {
  auto_cluster: "Cluster keywords",
  generate_ideas: "Generate ideas",
  create_tasks: "Create writer tasks",
  generate_content: "Generate content",
  generate_image_prompts: "Generate image prompts",
  generate_images: "Generate images",
  publish: "Publish",
};

export const actionLabel = (type: string, fallback?: string): string =>
  ACTION_LABELS[type as ActionType] ?? fallback ?? type;

/** Labels of action parameters; a parameter not named here is shown by its name. */
const PARAM_LABELS: Partial<Record<ActionType, Record<string, string>>> = {
  auto_cluster: { limit: "Keywords at most" },
  generate_ideas: { limit: "Clusters at most", ideas_per_cluster: "Ideas per cluster" },
  create_tasks: { limit: "Ideas at most" },
  generate_content: { limit: "Tasks at most" },
  generate_image_prompts: { limit: "Articles at most", in_article_count: "In-article images" },
  generate_images: { limit: "Articles at most", file_format: "File format" },
  publish: { limit: "Articles at most", destinations: "Publish to", status: "Publish as" },
};

export const paramLabel = (type: string, name: string): string =>
  PARAM_LABELS[type as ActionType]?.[name] ?? fieldLabel(name);

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

import type { Job } from "../../api/types";

/** Whole job kinds the backend creates (backend: AI_JOB_PREFIX + function, PIPELINE_KIND, PUBLISH_JOB,
 * SYNC_JOB, LOW_CREDIT_JOB, system.selftest). */
const FULL_KIND_LABELS: Record<string, string> = {
  "billing.low_credits": "Credits running low",
  "publishing.publish": "Publishing",
  "publishing.sync": "Syncing with your site",
  "writer.full_article": "Full article",
  "system.selftest": "Self-test",
};

/** By the kind's last part ("ai.auto_cluster" → auto_cluster), for the AI functions. */
const KIND_LABELS: Record<string, string> = {
  auto_cluster: "Keyword clustering",
  generate_ideas: "Content ideas",
  generate_content: "Writing drafts",
  generate_article: "Full article",
  generate_image_prompts: "Image prompts",
  generate_images: "Images",
  full_article: "Full article",
  selftest: "Self-test",
};

/** Kinds that are notices rather than work: shown by their message, not as "finished". */
const NOTICE_KINDS: ReadonlySet<string> = new Set(["billing.low_credits"]);

export const isNoticeJob = (kind: string): boolean => NOTICE_KINDS.has(kind);

/** The automation run a job works for (automation stores it in the job's payload), if any. */
export function automationRunOf(payload: unknown): number | null {
  if (!payload || typeof payload !== "object") return null;
  const id = (payload as Record<string, unknown>).automation_run_id;
  return typeof id === "number" ? id : null;
}

/** "ai.auto_cluster" / "writer.full_article" / "billing.low_credits" → words a marketer reads; a job an
 * automation run started says so ("Automation: Keyword clustering"). */
export function jobLabel(kind: string, payload?: unknown): string {
  const name = kind.includes(".") ? kind.slice(kind.lastIndexOf(".") + 1) : kind;
  const label = FULL_KIND_LABELS[kind] ?? KIND_LABELS[name] ?? name.replace(/_/g, " ").replace(/^\w/, (c) => c.toUpperCase());
  return automationRunOf(payload) !== null ? `Automation: ${label}` : label;
}

export function jobStatusText(job: Pick<Job, "status" | "error" | "message">): string {
  switch (job.status) {
    case "queued":
      return "Waiting to start…";
    case "running":
      return job.message || "Working…";
    case "succeeded":
      return job.message || "Done.";
    case "failed":
      return `This didn't work: ${job.error || job.message || "the job failed."}`;
    case "cancelled":
      return "Cancelled.";
  }
}

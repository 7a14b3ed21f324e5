import type { Job } from "../../api/types";

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

/** "ai.auto_cluster" / "writer.full_article" / "system.selftest" → words a marketer reads. */
export function jobLabel(kind: string): string {
  const name = kind.includes(".") ? kind.slice(kind.lastIndexOf(".") + 1) : kind;
  return KIND_LABELS[name] ?? name.replace(/_/g, " ").replace(/^\w/, (c) => c.toUpperCase());
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

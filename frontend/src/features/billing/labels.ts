import type { TransactionType } from "./api/transactions";

const OPERATION_LABELS: Record<string, string> = {
  clustering: "Keyword clustering",
  idea_generation: "Idea generation",
  content_generation: "Content generation",
  image_generation: "Image generation",
  image_prompt_extraction: "Image prompt extraction",
  linking: "Internal linking",
  optimization: "Content optimization",
  site_structure_generation: "Site structure generation",
  site_page_generation: "Site page generation",
};

export const operationLabel = (type: string) => OPERATION_LABELS[type] ?? type.replace(/_/g, " ");

export const TRANSACTION_LABELS: Record<TransactionType, string> = {
  subscription: "Monthly plan credits",
  topup: "Top-up",
  deduction: "Usage",
  refund: "Refund",
  adjustment: "Adjustment",
};

/** YYYY-MM-DD of a local date. */
export function isoDay(date: Date): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, "0");
  const d = String(date.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

/** Every day from start to end (YYYY-MM-DD, inclusive), computed in UTC so DST never skips a day. */
export function daysBetween(start: string, end: string): string[] {
  const out: string[] = [];
  const cursor = new Date(`${start}T00:00:00Z`);
  const last = new Date(`${end}T00:00:00Z`);
  if (Number.isNaN(cursor.getTime()) || Number.isNaN(last.getTime())) return out;
  while (cursor <= last && out.length < 400) {
    out.push(cursor.toISOString().slice(0, 10));
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return out;
}

/** "Nov 3" style label for a YYYY-MM-DD day, independent of the viewer's time zone. */
export function shortDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return date.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}

import { describe, expect, it } from "vitest";
import { automationRunOf, isNoticeJob, jobLabel, jobStatusText } from "./jobText";

describe("jobLabel", () => {
  it.each([
    ["billing.low_credits", "Credits running low"],
    ["publishing.publish", "Publishing"],
    ["publishing.sync", "Syncing with your site"],
    ["writer.full_article", "Full article"],
    ["system.selftest", "Self-test"],
    ["ai.auto_cluster", "Keyword clustering"],
    ["ai.generate_ideas", "Content ideas"],
    ["ai.generate_content", "Writing drafts"],
    ["ai.generate_image_prompts", "Image prompts"],
    ["ai.generate_images", "Images"],
    ["something.brand_new_kind", "Brand new kind"],
  ])("names %s as %s", (kind, label) => {
    expect(jobLabel(kind)).toBe(label);
  });

  it("says when an automation run started the job (its payload names the run)", () => {
    expect(jobLabel("ai.auto_cluster", { site_id: 1, automation_run_id: 31 })).toBe("Automation: Keyword clustering");
    expect(jobLabel("ai.generate_content", { site_id: 1 })).toBe("Writing drafts");
    expect(jobLabel("ai.generate_content", null)).toBe("Writing drafts");
    expect(automationRunOf({ automation_run_id: 31 })).toBe(31);
    expect(automationRunOf({ automation_run_id: "31" })).toBeNull();
    expect(automationRunOf([])).toBeNull();
  });

  it("treats the low-credit job as a notice and reads its message", () => {
    expect(isNoticeJob("billing.low_credits")).toBe(true);
    expect(isNoticeJob("publishing.publish")).toBe(false);
    expect(isNoticeJob("ai.auto_cluster")).toBe(false);
    const message = "Credits are low: 40 left, under 10% of the 1,000 in your plan each month. Top up to keep automation running.";
    expect(jobStatusText({ status: "succeeded", error: "", message })).toBe(message);
  });
});

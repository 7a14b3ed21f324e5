import { afterEach, describe, expect, it, vi } from "vitest";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { NotificationBell } from "./NotificationBell";
import { jsonResponse, mockFetch, renderWithClient } from "../../../test/utils";

afterEach(() => vi.unstubAllGlobals());

const job = (id: number, status: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: "ai.auto_cluster",
  status,
  progress: 100,
  step: "",
  message: "",
  error: "",
  finished_at: "2026-11-25T08:00:00Z",
  updated_at: "2026-11-25T08:00:00Z",
  ...extra,
});

describe("NotificationBell", () => {
  it("counts finished and failed jobs since it was last opened and lists them", async () => {
    const fetchSpy = mockFetch(() =>
      jsonResponse({
        success: true,
        count: 3,
        next: null,
        previous: null,
        results: [
          job(1, "succeeded", { message: "9 keywords in 3 clusters." }),
          job(2, "failed", { error: "Not enough credits." }),
          job(3, "running", { finished_at: null }),
        ],
        request_id: "r",
      }),
    );
    renderWithClient(<NotificationBell />);
    const bell = await screen.findByRole("button", { name: "Notifications, 2 new" });
    expect(String(fetchSpy.mock.calls[0]?.[0])).toBe("/api/v1/system/jobs/?ordering=-updated_at&page_size=10");
    await userEvent.click(bell);
    const panel = screen.getByRole("region", { name: "Recent jobs" });
    expect(panel).toHaveTextContent("Keyword clustering — finished");
    expect(panel).toHaveTextContent("This didn't work: Not enough credits.");
    expect(panel.querySelectorAll("li")).toHaveLength(2);
    expect(screen.getByRole("button", { name: "Notifications" })).toHaveAttribute("aria-expanded", "true");
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("region", { name: "Recent jobs" })).not.toBeInTheDocument();
  });

  it("labels the low-credit notice, publishing jobs and the jobs an automation run started", async () => {
    const low = "Credits are low: 40 left, under 10% of the 1,000 in your plan each month. Top up to keep automation running.";
    mockFetch(() =>
      jsonResponse({
        success: true,
        count: 3,
        next: null,
        previous: null,
        results: [
          job(4, "succeeded", { kind: "billing.low_credits", message: low, payload: {} }),
          job(5, "succeeded", { kind: "publishing.publish", message: "Published to Main blog.", payload: { record_ids: [1] } }),
          job(6, "failed", { kind: "ai.generate_content", error: "The AI provider timed out.", payload: { automation_run_id: 31 } }),
        ],
        request_id: "r",
      }),
    );
    renderWithClient(<NotificationBell />);
    await userEvent.click(await screen.findByRole("button", { name: "Notifications, 3 new" }));
    const items = [...screen.getByRole("region", { name: "Recent jobs" }).querySelectorAll("li")];
    expect(items.map((li) => li.textContent)).toEqual([
      `Credits running low${low}`,
      "Publishing — finishedPublished to Main blog.",
      "Automation: Writing drafts — failedThis didn't work: The AI provider timed out.",
    ]);
    expect(items.map((li) => li.className)).toEqual(["notice", "succeeded", "failed"]);
  });
});

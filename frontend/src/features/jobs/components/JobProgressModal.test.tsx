import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Job } from "../../../api/types";
import { JobProgressModal } from "./JobProgressModal";
import { jsonResponse, mockFetch, renderWithClient } from "../../../test/utils";

afterEach(() => vi.unstubAllGlobals());

function job(overrides: Partial<Job>): Job {
  return {
    id: 42,
    kind: "auto_cluster",
    status: "running",
    progress: 0,
    step: "",
    message: "",
    site: 1,
    user: 1,
    payload: {},
    result: null,
    error: "",
    credits_used: 0,
    cancel_requested: false,
    attempts: 1,
    created_at: "2026-11-25T08:00:00Z",
    started_at: "2026-11-25T08:00:01Z",
    finished_at: null,
    updated_at: "2026-11-25T08:00:02Z",
    ...overrides,
  };
}

const envelope = (data: Job) => jsonResponse({ success: true, data, message: "", request_id: "r" });

describe("JobProgressModal", () => {
  it("polls the job endpoint and shows progress, step and message until it succeeds", async () => {
    const states = [
      job({ status: "queued" }),
      job({ progress: 40, step: "embedding", message: "Embedding 400 keywords" }),
      job({ status: "succeeded", progress: 100, message: "Made 12 clusters.", credits_used: 10, finished_at: "x" }),
    ];
    let call = 0;
    const fetchSpy = mockFetch((url) => {
      expect(url).toBe("/api/v1/system/jobs/42/");
      return envelope(states[Math.min(call++, states.length - 1)] as Job);
    });
    const onFinished = vi.fn();
    renderWithClient(<JobProgressModal jobId={42} title="Clustering keywords" onClose={() => {}} onFinished={onFinished} pollIntervalMs={10} />);

    expect(screen.getByRole("dialog", { name: "Clustering keywords" })).toBeInTheDocument();
    expect(await screen.findByText("Waiting to start…")).toBeInTheDocument();
    expect(await screen.findByText("Embedding 400 keywords")).toBeInTheDocument();
    expect(screen.getByText("Step: embedding")).toBeInTheDocument();
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "40");

    expect(await screen.findByText("Made 12 clusters.")).toBeInTheDocument();
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
    expect(screen.getByText("Credits used: 10")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Close" })).toBeInTheDocument();
    expect(onFinished).toHaveBeenCalledTimes(1);
    // polling stops once the job is finished
    const calls = fetchSpy.mock.calls.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(fetchSpy.mock.calls.length).toBe(calls);
  });

  it("shows the failure in plain words", async () => {
    mockFetch(() => envelope(job({ status: "failed", progress: 60, error: "Not enough credits to cluster 5,000 keywords." })));
    renderWithClient(<JobProgressModal jobId={42} onClose={() => {}} />);
    expect(await screen.findByRole("alert")).toHaveTextContent("This didn't work: Not enough credits to cluster 5,000 keywords.");
    expect(screen.getByRole("heading", { name: "Keyword clustering" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Cancel job" })).not.toBeInTheDocument();
  });

  it("can cancel a running job and closes on Escape", async () => {
    const fetchSpy = mockFetch((url, init) => {
      if (url === "/api/v1/system/jobs/42/cancel/") {
        expect(init?.method).toBe("POST");
        return envelope(job({ cancel_requested: true }));
      }
      return envelope(job({ progress: 10 }));
    });
    const onClose = vi.fn();
    renderWithClient(<JobProgressModal jobId={42} onClose={onClose} pollIntervalMs={5000} />);
    await userEvent.click(await screen.findByRole("button", { name: "Cancel job" }));
    await waitFor(() => expect(fetchSpy.mock.calls.some((c) => c[0] === "/api/v1/system/jobs/42/cancel/")).toBe(true));
    await userEvent.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalled();
  });
});

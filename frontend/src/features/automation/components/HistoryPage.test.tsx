import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { HistoryPage } from "./HistoryPage";
import { RunDetailPage } from "./RunDetailPage";
import { backend, list, ok, renderAt, rule, run } from "./testBackend";

afterEach(() => vi.unstubAllGlobals());

const runsRequested = (calls: { url: string }[]) =>
  calls.filter((c) => c.url.startsWith("/api/v1/automation/runs/?")).map((c) => new URL(c.url, "http://x").searchParams.toString());

describe("HistoryPage", () => {
  it("lists runs and filters by rule and status, paginated by the server", async () => {
    const calls = backend("viewer", (_m, path, url) => {
      if (path === "/api/v1/automation/rules/") return list([rule(), rule({ id: 8, name: "Content hourly" })]);
      if (path === "/api/v1/automation/runs/") {
        const page = new URL(url, "http://x").searchParams.get("page");
        return list(
          [
            run({
              id: page === "2" ? 5 : 31,
              status: "succeeded",
              started_at: "2026-11-25T09:00:00Z",
              finished_at: "2026-11-25T09:01:05Z",
              items_processed: 9,
              credits_used: 10,
              errors: [{ action: 0, type: "auto_cluster", item: "batch", error: "AI down" }],
            }),
          ],
          60,
        );
      }
      return undefined;
    });
    renderAt("/automation/history", [{ path: "/automation/history", element: <HistoryPage pollMs={60_000} /> }]);
    const table = await screen.findByRole("table", { name: "Automation runs" });
    const cells = within(within(table).getAllByRole("row")[1] as HTMLElement).getAllByRole("cell").map((c) => c.textContent);
    expect(cells).toEqual(["Cluster new keywords daily at 2 AM", "Run now", "Succeeded", "25 Nov 2026, 09:00", "1 min 5 s", "9", "10", "1"]);
    expect(runsRequested(calls)).toEqual(["site_id=1&page=1&page_size=25"]);

    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    await waitFor(() => expect(runsRequested(calls).at(-1)).toBe("site_id=1&page=2&page_size=25"));
    expect(screen.getByText("Page 2 of 3")).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText("Rule"), "Content hourly");
    await waitFor(() => expect(runsRequested(calls).at(-1)).toBe("site_id=1&page=1&page_size=25&rule=8"));
    await userEvent.selectOptions(screen.getByLabelText("Status"), "Stopped at a limit");
    await waitFor(() => expect(runsRequested(calls).at(-1)).toBe("site_id=1&page=1&page_size=25&rule=8&status=stopped_at_cap"));
    await userEvent.selectOptions(screen.getByLabelText("Rows per page"), "50");
    await waitFor(() => expect(runsRequested(calls).at(-1)).toBe("site_id=1&page=1&page_size=50&rule=8&status=stopped_at_cap"));
  });

  it("says when no runs match the filters", async () => {
    backend("owner", (_m, path) => {
      if (path === "/api/v1/automation/rules/") return list([rule()]);
      if (path === "/api/v1/automation/runs/") return list([]);
      return undefined;
    });
    renderAt("/automation/history", [{ path: "/automation/history", element: <HistoryPage pollMs={60_000} /> }]);
    expect(await screen.findByText("No runs yet.")).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText("Status"), "Failed");
    expect(await screen.findByText("No runs match these filters.")).toBeInTheDocument();
  });
});

describe("RunDetailPage", () => {
  it("shows each action's result and the errors", async () => {
    backend("viewer", (_m, path) =>
      path === "/api/v1/automation/runs/31/"
        ? ok(
            run({
              status: "succeeded",
              finished_at: "2026-11-25T09:02:00Z",
              message: "4 item(s) processed, 35 credit(s); 1 item(s) failed.",
              results: [
                { type: "auto_cluster", status: "succeeded", items: 1, processed: 1, credits: 10, outputs: 2, errors: [] },
                { type: "generate_ideas", status: "succeeded", items: 2, processed: 1, credits: 15, errors: [{ item: "12", error: "Model refused." }] },
              ],
              errors: [{ action: 1, type: "generate_ideas", item: "12", error: "Model refused." }],
            }),
          )
        : undefined,
    );
    renderAt("/automation/history/31", [{ path: "/automation/history/:runId", element: <RunDetailPage /> }]);
    const actions = await screen.findByRole("list", { name: "Actions" });
    expect(within(actions).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "Cluster keywords Succeeded 1 of 1 item(s), 10 credit(s)",
      "Generate ideas Succeeded 1 of 2 item(s), 15 credit(s), 1 failed",
    ]);
    const errors = screen.getByRole("table", { name: "Errors of this run" });
    expect(within(errors).getAllByRole("cell").map((c) => c.textContent)).toEqual(["2. Generate ideas", "12", "Model refused."]);
    expect(screen.getByText("4 item(s) processed, 35 credit(s); 1 item(s) failed.")).toBeInTheDocument();
    // Viewers see no run controls.
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });
});

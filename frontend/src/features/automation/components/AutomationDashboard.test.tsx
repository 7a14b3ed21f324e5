import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AutomationDashboard } from "./AutomationDashboard";
import { backend, list, ok, renderAt, rule, run } from "./testBackend";
import type { Role } from "../../../api/types";

afterEach(() => vi.unstubAllGlobals());

const RULES = [
  rule(),
  rule({ id: 8, name: "Ideas when a cluster is created", trigger: "cluster_created", schedule: {}, next_run_at: null, actions: [{ type: "generate_ideas", params: {} }] }),
];

function open(role: Role, runs: unknown[], opts: { lowCredit?: boolean; rules?: unknown[] } = {}) {
  let current = runs;
  const calls = backend(
    role,
    (method, path) => {
      if (path === "/api/v1/automation/rules/" && method === "GET") return list(opts.rules ?? RULES);
      if (path === "/api/v1/automation/runs/") return list(current);
      const control = path.match(/^\/api\/v1\/automation\/runs\/(\d+)\/(pause|resume|cancel)\/$/);
      if (control && method === "POST") {
        const verb = control[2];
        const updated = run({
          status: "running",
          pause_requested: verb === "pause",
          cancel_requested: verb === "cancel",
        });
        current = [updated];
        return ok(updated);
      }
      if (path === "/api/v1/automation/rules/7/run_now/") return ok(run({ id: 40, status: "queued" }), 202);
      if (method === "PATCH" && path === "/api/v1/automation/rules/8/") return ok({ ...RULES[1], is_active: false });
      return undefined;
    },
    opts,
  );
  renderAt("/automation", [{ path: "/automation", element: <AutomationDashboard pollMs={60_000} /> }]);
  return calls;
}

describe("AutomationDashboard", () => {
  it("lists the rules with trigger, schedule in words, next run, active switch and last run", async () => {
    open("owner", [run({ id: 30, status: "succeeded", finished_at: "2026-11-25T09:01:00Z" })]);
    const table = await screen.findByRole("table", { name: "Automation rules" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(within(rows[0] as HTMLElement).getByText("Daily at 02:00")).toBeInTheDocument();
    expect(within(rows[0] as HTMLElement).getByText(/26 Nov 2026, 02:00/)).toBeInTheDocument();
    expect(within(rows[0] as HTMLElement).getByRole("link", { name: "Succeeded: last run of Cluster new keywords daily at 2 AM" })).toHaveTextContent("Succeeded");
    expect(within(rows[1] as HTMLElement).getByText("On event")).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByText("Never")).toBeInTheDocument();
    expect(screen.getByText(/Nothing is running\./)).toBeInTheDocument();
  });

  it("turns a rule off with its switch", async () => {
    const calls = open("admin", []);
    await userEvent.click(await screen.findByRole("checkbox", { name: "Active: Ideas when a cluster is created" }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === "PATCH")).toEqual({ method: "PATCH", url: "/api/v1/automation/rules/8/", body: { is_active: false } }),
    );
  });

  it("shows the current run's progress, items and credits, and pauses, resumes and cancels it", async () => {
    const calls = open("editor", [run()]);
    const current = await screen.findByRole("group", { name: "Run 31 of Cluster new keywords daily at 2 AM" });
    expect(within(current).getByRole("progressbar", { name: "Run progress" })).toHaveAttribute("aria-valuenow", "25");
    expect(within(current).getByText("Items processed").nextSibling).toHaveTextContent("3");
    expect(within(current).getByText("Credits used").nextSibling).toHaveTextContent("10");
    expect(within(current).getByText("1 of 4 item(s), 10 credit(s)")).toBeInTheDocument();

    await userEvent.click(within(current).getByRole("button", { name: "Pause" }));
    expect(await within(current).findByRole("button", { name: "Pausing…" })).toBeDisabled();
    await userEvent.click(within(current).getByRole("button", { name: "Cancel run" }));
    await waitFor(() =>
      expect(calls.filter((c) => c.method === "POST").map((c) => c.url)).toEqual([
        "/api/v1/automation/runs/31/pause/",
        "/api/v1/automation/runs/31/cancel/",
      ]),
    );
  });

  it("offers Resume for a paused run", async () => {
    const calls = open("owner", [run({ status: "paused", message: "Paused after 3 item(s)." })]);
    expect(await screen.findByText("Paused after 3 item(s).")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Resume" }));
    await waitFor(() => expect(calls.some((c) => c.url === "/api/v1/automation/runs/31/resume/")).toBe(true));
    expect(await screen.findByRole("button", { name: "Pause" })).toBeEnabled();
  });

  it("runs a rule now", async () => {
    const calls = open("editor", []);
    await userEvent.click(await screen.findByRole("button", { name: "Run now: Cluster new keywords daily at 2 AM" }));
    await waitFor(() => expect(calls.some((c) => c.method === "POST" && c.url === "/api/v1/automation/rules/7/run_now/")).toBe(true));
    expect(await screen.findByText("Cluster new keywords daily at 2 AM: run queued.")).toBeInTheDocument();
  });

  it("warns when credits are low", async () => {
    open("owner", [], { lowCredit: true });
    expect(await screen.findByText(/Credits are low \(40 left\)/)).toBeInTheDocument();
  });

  it("points to the workflows when there are no rules", async () => {
    open("owner", [], { rules: [] });
    expect(await screen.findByText("No automation rules yet — start from a workflow")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Browse workflows" })).toHaveAttribute("href", "/automation/workflows");
  });

  it("gives viewers no buttons: no switches, run, pause or cancel", async () => {
    open("viewer", [run()]);
    await screen.findByRole("group", { name: /Run 31/ });
    await screen.findByRole("table", { name: "Automation rules" });
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
    expect(screen.queryByRole("checkbox")).not.toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "New rule" })).not.toBeInTheDocument();
  });
});

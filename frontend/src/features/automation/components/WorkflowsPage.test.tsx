import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { WorkflowsPage } from "./WorkflowsPage";
import { backend, fail, list, ok, renderAt, rule } from "./testBackend";
import type { Role } from "../../../api/types";

afterEach(() => vi.unstubAllGlobals());

const TEMPLATES = [
  {
    key: "auto_cluster",
    name: "Auto cluster keywords",
    description: "Cluster new keywords daily at 2 AM.",
    needs_destinations: false,
    rules: [{ name: "Cluster new keywords daily at 2 AM", trigger: "schedule", schedule: { cron: "0 2 * * *", timezone: "UTC" }, actions: [{ type: "auto_cluster", params: {} }], max_executions_per_day: 1, credit_limit_per_execution: 10 }],
  },
  {
    key: "auto_publish",
    name: "Auto publish",
    description: "Publish written content daily at 10 AM.",
    needs_destinations: true,
    rules: [{ name: "Publish daily at 10 AM", trigger: "schedule", schedule: { cron: "0 10 * * *", timezone: "UTC" }, actions: [{ type: "publish", params: {} }], max_executions_per_day: 1, credit_limit_per_execution: 1 }],
  },
];

function open(role: Role) {
  const calls = backend(role, (method, path, _url, body) => {
    if (path === "/api/v1/automation/templates/") return ok(TEMPLATES);
    if (method === "POST" && path === "/api/v1/automation/templates/auto_publish/apply/") {
      const b = body as { destinations: unknown[] };
      if (b.destinations.length === 0) return fail("destinations: Name at least one destination.", { destinations: ["Name at least one destination."] });
      return ok([rule({ id: 12, name: "Publish daily at 10 AM" })], 201);
    }
    if (path === "/api/v1/integration/") return list([{ id: 3, site: 1, name: "Main blog", platform: "wordpress" }]);
    return undefined;
  });
  renderAt("/automation/workflows", [{ path: "/automation/workflows", element: <WorkflowsPage /> }]);
  return calls;
}

describe("WorkflowsPage", () => {
  it("describes each template and creates its rules for a sector and destinations, then links to them", async () => {
    const calls = open("owner");
    expect(await screen.findByText("Cluster new keywords daily at 2 AM.")).toBeInTheDocument();
    expect(screen.getByText(/Daily at 10:00: Publish/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Use this workflow: Auto publish" }));
    const dialog = screen.getByRole("dialog", { name: "Use “Auto publish”" });
    const create = within(dialog).getByRole("button", { name: "Create 1 rule(s)" });
    expect(create).toBeDisabled(); // a publishing workflow needs a destination
    await userEvent.selectOptions(within(dialog).getByLabelText(/^Sector/), "Running");
    await userEvent.selectOptions(within(dialog).getByLabelText(/^Time zone/), "Europe/Berlin");
    await userEvent.click(await within(dialog).findByRole("checkbox", { name: /Main blog/ }));
    await userEvent.click(create);
    const done = await screen.findByRole("dialog", { name: "Auto publish: done" });
    expect(within(done).getByRole("link", { name: "Publish daily at 10 AM" })).toHaveAttribute("href", "/automation/rules/12");
    await waitFor(() =>
      expect(calls.find((c) => c.method === "POST")?.body).toEqual({ site: 1, sector: 5, timezone: "Europe/Berlin", destinations: [3] }),
    );
  });

  it("shows viewers the templates without the button", async () => {
    open("viewer");
    expect(await screen.findByText("Cluster new keywords daily at 2 AM.")).toBeInTheDocument();
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });
});

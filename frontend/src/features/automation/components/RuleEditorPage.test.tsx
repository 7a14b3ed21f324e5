import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RuleEditorPage } from "./RuleEditorPage";
import { backend, CATALOG, fail, ok, renderAt, rule, run } from "./testBackend";
import type { Catalog } from "../api/catalog";
import type { Role } from "../../../api/types";

afterEach(() => vi.unstubAllGlobals());

const editorRoutes = [{ path: "/automation/rules/:ruleId", element: <RuleEditorPage /> }];

function openNew(role: Role = "owner", onPost?: (body: unknown) => Response) {
  const calls = backend(role, (method, path, _url, body) => {
    if (method === "POST" && path === "/api/v1/automation/rules/") return onPost?.(body) ?? ok(rule({ id: 9 }), 201);
    if (path === "/api/v1/automation/rules/9/") return ok(rule({ id: 9 }));
    return undefined;
  });
  renderAt("/automation/rules/new", editorRoutes);
  return calls;
}

function openExisting(role: Role, extra?: (method: string, path: string) => Response | undefined) {
  const calls = backend(role, (method, path) => {
    const own = extra?.(method, path);
    if (own) return own;
    if (method === "GET" && path === "/api/v1/automation/rules/7/") return ok(rule());
    return undefined;
  });
  renderAt("/automation/rules/7", editorRoutes);
  return calls;
}

const options = (select: HTMLElement) => within(select).getAllByRole("option").map((o) => o.getAttribute("value"));

describe("RuleEditorPage", () => {
  it("offers the condition fields of the chosen trigger and drops the ones that no longer apply", async () => {
    openNew();
    const trigger = await screen.findByLabelText("Trigger");
    expect(trigger).toHaveValue("keyword_added");
    await userEvent.click(screen.getByRole("button", { name: "Add condition" }));
    expect(options(screen.getByLabelText("Condition 1 field"))).toEqual([
      "keyword",
      "search_volume",
      "difficulty",
      "cpc",
      "intent",
      "source",
    ]);
    await userEvent.selectOptions(screen.getByLabelText("Condition 1 field"), "search_volume");
    expect(options(screen.getByLabelText("Condition 1 operator"))).toEqual(["eq", "ne", "gt", "gte", "lt", "lte", "in"]);

    await userEvent.selectOptions(trigger, "cluster_created");
    expect(screen.queryByLabelText("Condition 1 field")).not.toBeInTheDocument();
    expect(screen.getByText("Removed 1 condition(s) that don’t apply to this trigger.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Add condition" }));
    expect(options(screen.getByLabelText("Condition 1 field"))).toEqual(["name", "keywords_count", "volume", "avg_difficulty", "intent"]);
    expect(options(screen.getByLabelText("Condition 1 operator"))).toEqual(["eq", "ne", "in", "contains"]);
  });

  it("shows the API's errors next to the row they name", async () => {
    const calls = openNew("owner", () =>
      fail("conditions.1: \"gt\" needs a number as value.", {
        "conditions.1": ['"gt" needs a number as value.'],
        "actions.0.params.limit": ["A whole number from 1 to 5000."],
        "schedule.cron": ['"0 25 * * *" is not a cron expression (5 fields: minute hour day month weekday).'],
      }),
    );
    await userEvent.type(await screen.findByLabelText("Name"), "Big keywords");
    await userEvent.selectOptions(screen.getByLabelText("Trigger"), "schedule");
    const cron = screen.getByLabelText("Cron (minute hour day month weekday)");
    await userEvent.clear(cron);
    await userEvent.type(cron, "0 25 * * *");
    await userEvent.click(screen.getByRole("button", { name: "Add condition" }));
    await userEvent.click(screen.getByRole("button", { name: "Add condition" }));
    await userEvent.selectOptions(screen.getByLabelText("Condition 2 field"), "queued_tasks");
    await userEvent.selectOptions(screen.getByLabelText("Condition 2 operator"), "gt");
    await userEvent.type(screen.getByLabelText("Condition 2 value"), "many");
    await userEvent.type(screen.getByLabelText("Condition 1 value"), "100");
    await userEvent.click(screen.getByRole("button", { name: "Create rule" }));

    const row2 = (await screen.findByLabelText("Condition 2 value")).closest("li") as HTMLElement;
    expect(await within(row2).findByText('"gt" needs a number as value.')).toBeInTheDocument();
    const row1 = screen.getByLabelText("Condition 1 value").closest("li") as HTMLElement;
    expect(within(row1).queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.getByLabelText("Condition 2 value")).toHaveAttribute("aria-invalid", "true");
    const action1 = screen.getByRole("listitem", { name: "Action 1" });
    expect(within(action1).getByText("A whole number from 1 to 5000.")).toBeInTheDocument();
    expect(screen.getByText(/is not a cron expression/)).toBeInTheDocument();
    expect(screen.getByText("Please fix the marked fields.")).toBeInTheDocument();

    const post = calls.find((c) => c.method === "POST");
    expect(post?.body).toEqual({
      site: 1,
      sector: null,
      name: "Big keywords",
      trigger: "schedule",
      schedule: { cron: "0 25 * * *", timezone: expect.any(String) },
      conditions: [
        { field: "credits_balance", operator: "eq", value: 100 },
        { field: "queued_tasks", operator: "gt", value: "many" },
      ],
      actions: [{ type: "auto_cluster", params: { limit: 500 } }],
      is_active: true,
      max_executions_per_day: 10,
      credit_limit_per_execution: 100,
    });
  });

  it("adds, reorders and removes actions, and saves them in that order", async () => {
    const calls = openExisting("admin", (method, path) =>
      method === "PATCH" && path === "/api/v1/automation/rules/7/" ? ok(rule()) : undefined,
    );
    await screen.findByRole("heading", { name: "Rule: Cluster new keywords daily at 2 AM" });
    await userEvent.selectOptions(screen.getByLabelText("New action"), "generate_ideas");
    await userEvent.click(screen.getByRole("button", { name: "Add action" }));
    await userEvent.selectOptions(screen.getByLabelText("New action"), "publish");
    await userEvent.click(screen.getByRole("button", { name: "Add action" }));
    expect(screen.getByRole("button", { name: "Move action 1 up" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Move action 3 down" })).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Move action 2 up" }));
    expect(screen.getByLabelText("Action 1 type")).toHaveValue("generate_ideas");
    expect(screen.getByLabelText("Action 2 type")).toHaveValue("auto_cluster");
    await userEvent.click(screen.getByRole("button", { name: "Move action 1 down" }));
    await userEvent.click(screen.getByRole("button", { name: "Move action 2 down" }));
    expect(screen.getByLabelText("Action 3 type")).toHaveValue("generate_ideas");
    await userEvent.click(within(screen.getByRole("listitem", { name: "Action 2" })).getByRole("checkbox", { name: /Main blog/ }));
    await userEvent.clear(screen.getByLabelText("Action 3 ideas per cluster"));
    await userEvent.type(screen.getByLabelText("Action 3 ideas per cluster"), "3");
    await userEvent.click(screen.getByRole("button", { name: "Save rule" }));
    expect(await screen.findByText("Rule saved.")).toBeInTheDocument();
    const patch = calls.find((c) => c.method === "PATCH");
    expect((patch?.body as { actions: unknown }).actions).toEqual([
      { type: "auto_cluster", params: { limit: 500 } },
      { type: "publish", params: { limit: 5, destinations: [3], status: "publish" } },
      { type: "generate_ideas", params: { limit: 5, ideas_per_cluster: 3 } },
    ]);
    expect(patch?.body).not.toHaveProperty("site");

    await userEvent.click(screen.getByRole("button", { name: "Remove action 2" }));
    expect(screen.getAllByLabelText(/^Action \d type$/)).toHaveLength(2);
  });

  it("builds the cron from the presets and previews the next run times", async () => {
    openExisting("owner");
    await screen.findByRole("heading", { name: "Rule: Cluster new keywords daily at 2 AM" });
    const cron = screen.getByLabelText("Cron (minute hour day month weekday)");
    expect(cron).toHaveValue("0 2 * * *");
    expect(screen.getByRole("radio", { name: "Daily" })).toBeChecked();
    expect(screen.getByText("Daily at 02:00")).toBeInTheDocument();
    expect(within(screen.getByRole("list", { name: "Next run times" })).getAllByRole("listitem")).toHaveLength(3);

    fireEvent.change(screen.getByLabelText("At (HH:MM)"), { target: { value: "09:30" } });
    expect(cron).toHaveValue("30 9 * * *");
    await userEvent.click(screen.getByRole("radio", { name: "Weekly" }));
    await userEvent.selectOptions(screen.getByLabelText("On"), "Friday");
    expect(cron).toHaveValue("30 9 * * 5");
    expect(screen.getByText("Weekly on Friday at 09:30")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("radio", { name: "Every hour" }));
    expect(cron).toHaveValue("30 * * * *");
    await userEvent.clear(cron);
    await userEvent.type(cron, "*/15 9-17 * * 1-5");
    expect(screen.getByRole("radio", { name: "Custom (cron)" })).toBeChecked();
    expect(screen.getByText('Cron "*/15 9-17 * * 1-5"')).toBeInTheDocument();
    await userEvent.clear(cron);
    await userEvent.type(cron, "0 2 * *");
    expect(screen.getByText(/No run times: the cron is not valid/)).toBeInTheDocument();
  });

  it("shows a dry run's items and estimated credits", async () => {
    const calls = openExisting("viewer", (method, path) =>
      method === "POST" && path === "/api/v1/automation/rules/7/dry_run/"
        ? ok({
            rule_id: 7,
            conditions_met: true,
            executions_today: 0,
            max_executions_per_day: 1,
            credit_limit_per_execution: 10,
            estimated_credits: 30,
            would_stop_at_credit_cap: true,
            actions: [
              { type: "auto_cluster", items: [1, 2, 3], count: 3, estimated_credits: 10, basis: "exact" },
              { type: "generate_ideas", items: [], count: 2, estimated_credits: 20, basis: "projected" },
            ],
            next_run_at: "2026-11-26T02:00:00Z",
          })
        : undefined,
    );
    await userEvent.click(await screen.findByRole("button", { name: "Dry run" }));
    const panel = await screen.findByRole("region", { name: "Dry run result" });
    expect(within(panel).getByText(/Conditions are met\./)).toBeInTheDocument();
    expect(within(panel).getByText("30")).toBeInTheDocument();
    expect(within(panel).getByText(/would reach the credit limit per run/)).toBeInTheDocument();
    const rows = within(panel).getAllByRole("row").slice(1).map((r) => within(r).getAllByRole("cell").map((c) => c.textContent));
    expect(rows).toEqual([
      ["Cluster keywords", "3", "10", "Exact (items there now)"],
      ["Generate ideas", "2", "20", "Projected (made by earlier actions)"],
    ]);
    expect(within(panel).getByText("Nothing was spent or changed.")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "POST").map((c) => c.url)).toEqual(["/api/v1/automation/rules/7/dry_run/"]);
  });

  it("runs now (202) and follows the run's progress", async () => {
    openExisting("editor", (method, path) => {
      if (method === "POST" && path === "/api/v1/automation/rules/7/run_now/") return ok(run({ status: "queued" }), 202);
      if (path === "/api/v1/automation/runs/31/") return ok(run({ status: "succeeded", finished_at: "2026-11-25T09:00:12Z", message: "9 item(s) processed, 10 credit(s)." }));
      return undefined;
    });
    await userEvent.click(await screen.findByRole("button", { name: "Run now" }));
    const panel = await screen.findByRole("region", { name: "Run progress" });
    expect(await within(panel).findByText("9 item(s) processed, 10 credit(s).")).toBeInTheDocument();
    expect(within(panel).getByRole("progressbar", { name: "Run progress" })).toHaveAttribute("aria-valuenow", "25");
    // Editors run rules but do not change them.
    expect(screen.queryByRole("button", { name: "Save rule" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Delete rule" })).not.toBeInTheDocument();
  });

  it("deletes after a confirmation", async () => {
    const calls = openExisting("owner", (method, path) =>
      method === "DELETE" && path === "/api/v1/automation/rules/7/" ? new Response(null, { status: 204 }) : undefined,
    );
    await userEvent.click(await screen.findByRole("button", { name: "Delete rule" }));
    const dialog = screen.getByRole("dialog", { name: "Delete this rule?" });
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete rule" }));
    expect(await screen.findByText("Elsewhere")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "DELETE").map((c) => c.url)).toEqual(["/api/v1/automation/rules/7/"]);
  });

  it("is read-only for viewers: no save, delete or run buttons; the form is disabled", async () => {
    openExisting("viewer");
    await screen.findByRole("heading", { name: "Rule: Cluster new keywords daily at 2 AM" });
    expect(screen.getByText("You can look at this rule; only owners and admins can change it.")).toBeInTheDocument();
    expect(screen.getByLabelText("Name")).toBeDisabled();
    expect(screen.getByLabelText("Action 1 type")).toBeDisabled();
    expect(screen.getByRole("button", { name: "Add condition" })).toBeDisabled();
    for (const name of ["Save rule", "Create rule", "Delete rule", "Run now"])
      expect(screen.queryByRole("button", { name })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Dry run" })).toBeEnabled();
  });

  it("takes triggers, fields, operators and action parameters from the API's catalog", async () => {
    // A catalog that differs from today's backend: the editor must follow it, not a copy of its own.
    const catalog: Catalog = {
      ...CATALOG,
      limits: { conditions: 1, actions: 1, in_values: 100 },
      triggers: CATALOG.triggers
        .filter((t) => t.value !== "idea_created")
        .map((t) =>
          t.value === "keyword_added"
            ? { ...t, fields: [...t.fields.slice(0, 2), { name: "country", type: "str", operators: ["eq", "in"] }] }
            : t,
        ),
      actions: CATALOG.actions
        .filter((a) => a.type !== "create_tasks")
        .map((a) =>
          a.type === "auto_cluster"
            ? { ...a, params: [{ name: "limit", kind: "int", default: 50, min: 1, max: 100, choices: [], required: false }] }
            : a.type === "generate_images"
              ? {
                  ...a,
                  params: a.params.map((p) => (p.name === "file_format" ? { ...p, choices: ["webp", "png", "avif"] } : p)),
                }
              : a,
        ),
    };
    const calls = backend("owner", (method, path) => {
      if (method === "GET" && path === "/api/v1/automation/catalog/") return ok(catalog);
      if (method === "POST" && path === "/api/v1/automation/rules/") return ok(rule({ id: 9 }), 201);
      if (path === "/api/v1/automation/rules/9/") return ok(rule({ id: 9 }));
      return undefined;
    });
    renderAt("/automation/rules/new", editorRoutes);
    expect(screen.getByText("Loading what rules can do…")).toBeInTheDocument();

    const trigger = await screen.findByLabelText("Trigger");
    expect(options(trigger)).toEqual(["schedule", "keyword_added", "cluster_created", "content_generated", "content_published"]);
    // Labels stay the UI's copy.
    expect(within(trigger).getByRole("option", { name: "On a schedule" })).toHaveValue("schedule");
    await userEvent.click(screen.getByRole("button", { name: "Add condition" }));
    expect(options(screen.getByLabelText("Condition 1 field"))).toEqual(["keyword", "search_volume", "country"]);
    await userEvent.selectOptions(screen.getByLabelText("Condition 1 field"), "country");
    expect(options(screen.getByLabelText("Condition 1 operator"))).toEqual(["eq", "in"]);
    await userEvent.selectOptions(screen.getByLabelText("Condition 1 operator"), "in");
    await userEvent.type(screen.getByLabelText("Condition 1 value"), "de, at");
    expect(screen.getByRole("button", { name: "Add condition" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Add action" })).toBeDisabled();

    const limit = screen.getByLabelText("Action 1 keywords at most");
    expect(limit).toHaveValue(50);
    expect(limit).toHaveAttribute("max", "100");
    expect(options(screen.getByLabelText("New action"))).toEqual([
      "auto_cluster",
      "generate_ideas",
      "generate_content",
      "generate_image_prompts",
      "generate_images",
      "publish",
    ]);
    await userEvent.selectOptions(screen.getByLabelText("Action 1 type"), "generate_images");
    expect(options(screen.getByLabelText("Action 1 file format"))).toEqual(["webp", "png", "avif"]);
    await userEvent.selectOptions(screen.getByLabelText("Action 1 type"), "auto_cluster");

    await userEvent.type(screen.getByLabelText("Name"), "By country");
    await userEvent.click(screen.getByRole("button", { name: "Create rule" }));
    await screen.findByRole("heading", { name: "Rule: Cluster new keywords daily at 2 AM" });
    const post = calls.find((c) => c.method === "POST");
    expect(post?.body).toMatchObject({
      trigger: "keyword_added",
      conditions: [{ field: "country", operator: "in", value: ["de", "at"] }],
      actions: [{ type: "auto_cluster", params: { limit: 50 } }],
    });
    expect(calls.filter((c) => c.url === "/api/v1/automation/catalog/")).toHaveLength(1);
  });

  it("keeps a saved condition on a field the catalog no longer offers, marked as not available", async () => {
    const catalog: Catalog = {
      ...CATALOG,
      triggers: CATALOG.triggers.map((t) =>
        t.value === "schedule" ? { ...t, fields: t.fields.filter((f) => f.name !== "unclustered_keywords") } : t,
      ),
    };
    openExisting("owner", (method, path) =>
      method === "GET" && path === "/api/v1/automation/catalog/" ? ok(catalog) : undefined,
    );
    const field = await screen.findByLabelText("Condition 1 field");
    expect(field).toHaveValue("unclustered_keywords");
    expect(within(field).getByRole("option", { name: "Unclustered keywords (not available)" })).toBeInTheDocument();
    expect(screen.getByLabelText("Condition 1 operator")).toHaveValue("gte");
    expect(screen.getByLabelText("Condition 1 value")).toHaveValue("1");
  });

  it("says so when the catalog cannot be loaded, and tries again", async () => {
    let failing = true;
    const calls = backend("owner", (method, path) =>
      method === "GET" && path === "/api/v1/automation/catalog/" && failing
        ? fail("The service is unavailable.", {}, 503)
        : undefined,
    );
    renderAt("/automation/rules/new", editorRoutes);
    expect(await screen.findByText("The service is unavailable.")).toBeInTheDocument();
    expect(screen.queryByLabelText("Trigger")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Create rule" })).not.toBeInTheDocument();
    failing = false;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByLabelText("Trigger")).toHaveValue("keyword_added");
    expect(screen.getByLabelText("Action 1 keywords at most")).toHaveValue(500);
    expect(calls.filter((c) => c.url === "/api/v1/automation/catalog/")).toHaveLength(2);
  });

  it("says so when the rule does not exist", async () => {
    backend("owner", (_m, path) => (path === "/api/v1/automation/rules/404/" ? fail("Not found.", {}, 404) : undefined));
    renderAt("/automation/rules/404", editorRoutes);
    expect(await screen.findByText("Rule not found.")).toBeInTheDocument();
  });
});


import { useCallback, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError } from "../../../api/client";
import { ConfirmDialog } from "../../../components/Dialog";
import { FormError } from "../../../components/FormError";
import { ErrorState, Loading } from "../../../components/States";
import { useScope } from "../../sites/hooks/useScope";
import { useRule } from "../api/rule";
import { useCreateRule } from "../api/createRule";
import { useUpdateRule } from "../api/updateRule";
import { useDeleteRule } from "../api/deleteRule";
import { useDryRun } from "../api/dryRun";
import { useRunNow } from "../api/runNow";
import { useTemplates } from "../api/templates";
import { useIntegrations } from "../api/integrations";
import { defaultParams, findField, triggerFields, useCatalog, type Catalog, type FieldType } from "../api/catalog";
import { useAutomationPermissions } from "../hooks/useAutomationPermissions";
import { errorsAt, unplacedErrors } from "../errors";
import { triggerHelp, triggerLabel, userTimeZone } from "../labels";
import type { Rule, RuleRequest, Trigger } from "../types";
import { AutomationNav } from "./AutomationNav";
import { ActionsBuilder, type ActionState } from "./ActionsBuilder";
import { ConditionsBuilder, type ConditionState } from "./ConditionsBuilder";
import { DryRunPanel } from "./DryRunPanel";
import { FieldMessages } from "./FieldMessages";
import { LiveRun } from "./RunProgress";
import { ScheduleBuilder } from "./ScheduleBuilder";

interface FormState {
  name: string;
  sector: number | null;
  trigger: Trigger;
  cron: string;
  timezone: string;
  conditions: ConditionState[];
  actions: ActionState[];
  isActive: boolean;
  maxPerDay: string;
  creditLimit: string;
}

function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(", ");
  return value === undefined || value === null ? "" : String(value);
}

/** Typed value for the API: numbers for number fields, a list for `in`, text otherwise. */
export function conditionValue(
  fieldType: FieldType | undefined,
  row: Pick<ConditionState, "operator" | "value">,
): unknown {
  const numeric = fieldType === "int" || fieldType === "num";
  const one = (text: string): unknown => {
    const t = text.trim();
    return numeric && t !== "" && !Number.isNaN(Number(t)) ? Number(t) : t;
  };
  if (row.operator === "in") return row.value.split(",").map((s) => s.trim()).filter(Boolean).map(one);
  return one(row.value);
}

function initialState(catalog: Catalog, rule: Rule | undefined, sectorId: number | null, nextKey: () => number): FormState {
  if (!rule) {
    const trigger: Trigger = catalog.triggers.some((t) => t.value === "keyword_added")
      ? "keyword_added"
      : (catalog.triggers[0]?.value ?? "keyword_added");
    const first = catalog.actions[0];
    return {
      name: "",
      sector: sectorId,
      trigger,
      cron: "0 9 * * *",
      timezone: userTimeZone(),
      conditions: [],
      actions: first ? [{ key: nextKey(), type: first.type, params: defaultParams(catalog, first.type) }] : [],
      isActive: true,
      maxPerDay: "10",
      creditLimit: "100",
    };
  }
  return {
    name: rule.name,
    sector: rule.sector ?? null,
    trigger: rule.trigger,
    cron: rule.schedule?.cron ?? "0 9 * * *",
    timezone: rule.schedule?.timezone ?? "UTC",
    conditions: (rule.conditions ?? []).map((c) => ({ key: nextKey(), field: c.field, operator: c.operator, value: valueText(c.value) })),
    actions: rule.actions.map((a) => ({ key: nextKey(), type: a.type, params: { ...(a.params ?? {}) } })),
    isActive: rule.is_active ?? true,
    maxPerDay: String(rule.max_executions_per_day ?? 10),
    creditLimit: String(rule.credit_limit_per_execution ?? 100),
  };
}

/** /automation/rules/new and /automation/rules/:ruleId. */
export function RuleEditorPage() {
  const { ruleId } = useParams();
  const id = ruleId && ruleId !== "new" ? Number(ruleId) : null;
  const rule = useRule(id);
  const catalog = useCatalog();
  if (id !== null && Number.isNaN(id)) return <ErrorState error={new Error("Rule not found.")} />;
  if (id !== null && rule.isPending) return <Loading label="Loading the rule…" />;
  if (id !== null && rule.isError)
    return (
      <section className="page">
        <ErrorState error={rule.error instanceof ApiError && rule.error.status === 404 ? new Error("Rule not found.") : rule.error} />
        <Link to="/automation/rules">Back to rules</Link>
      </section>
    );
  if (catalog.isPending) return <Loading label="Loading what rules can do…" />;
  if (catalog.isError)
    return (
      <section className="page">
        <ErrorState error={catalog.error} retry={() => void catalog.refetch()} />
        <Link to="/automation/rules">Back to rules</Link>
      </section>
    );
  return <RuleEditor key={id ?? "new"} rule={rule.data} catalog={catalog.data} />;
}

function RuleEditor({ rule, catalog }: { rule: Rule | undefined; catalog: Catalog }) {
  const scope = useScope();
  const navigate = useNavigate();
  const { canManage, canRun } = useAutomationPermissions();
  const counter = useRef(0);
  const nextKey = useCallback(() => ++counter.current, []);
  const [form, setForm] = useState<FormState>(() => initialState(catalog, rule, scope.sectorId, nextKey));
  const [dropped, setDropped] = useState(0);
  const [saved, setSaved] = useState("");
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [runId, setRunId] = useState<number | null>(null);
  const siteId = rule?.site ?? scope.siteId;
  const integrations = useIntegrations(siteId);
  const create = useCreateRule();
  const update = useUpdateRule();
  const remove = useDeleteRule();
  const dryRun = useDryRun();
  const runNow = useRunNow();
  const error = rule ? update.error : create.error;

  const set = (patch: Partial<FormState>) => {
    setSaved("");
    setForm((f) => ({ ...f, ...patch }));
  };

  const changeTrigger = (trigger: Trigger) => {
    const allowed = new Set(triggerFields(catalog, trigger).map((f) => f.name));
    const kept = form.conditions.filter((c) => allowed.has(c.field));
    setDropped(form.conditions.length - kept.length);
    set({ trigger, conditions: kept });
  };

  const body = (): RuleRequest => ({
    site: siteId ?? 0,
    sector: form.sector,
    name: form.name.trim(),
    trigger: form.trigger,
    schedule: form.trigger === "schedule" ? { cron: form.cron.trim(), timezone: form.timezone } : {},
    conditions: form.conditions.map((c) => ({
      field: c.field,
      operator: c.operator,
      value: conditionValue(findField(catalog, form.trigger, c.field)?.type, c),
    })),
    actions: form.actions.map((a) => ({ type: a.type, params: a.params })),
    is_active: form.isActive,
    max_executions_per_day: Number(form.maxPerDay),
    credit_limit_per_execution: Number(form.creditLimit),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!canManage) return;
    if (rule) {
      const { site: _site, ...patch } = body();
      update.mutate({ id: rule.id, body: patch }, { onSuccess: () => setSaved("Rule saved.") });
    } else {
      create.mutate(body(), { onSuccess: (created) => navigate(`/automation/rules/${created.id}`, { replace: true }) });
    }
  };

  const placed = (key: string) =>
    /^(name|sector|trigger|schedule(\.cron|\.timezone)?|conditions(\.\d+.*)?|actions(\.\d+.*)?|max_executions_per_day|credit_limit_per_execution)$/.test(
      key,
    );
  const otherErrors = unplacedErrors(error, placed);
  const hasPlaced = error instanceof ApiError && Object.keys(error.errors).some(placed);
  const paramErrors = (i: number, name: string) => errorsAt(error, `actions.${i}.params.${name}`);
  const rowErrors = (i: number) => [
    ...errorsAt(error, `actions.${i}`, true),
    ...errorsAt(error, `actions.${i}.type`),
    ...errorsAt(error, `actions.${i}.params`, true),
  ];

  return (
    <section className="page automation">
      <header className="page-header">
        <h1>{rule ? `Rule: ${rule.name}` : "New automation rule"}</h1>
        <Link to="/automation/rules">All rules</Link>
      </header>
      <AutomationNav />
      {!canManage && (
        <p className="notice" role="status">
          You can look at this rule; only owners and admins can change it.
        </p>
      )}
      {rule?.template_key && <TemplateOrigin templateKey={rule.template_key} />}

      <form className="rule-form stack" onSubmit={submit} noValidate aria-label="Rule">
        <fieldset disabled={!canManage} className="plain">
          <div className="row wrap-row">
            <div className="field">
              <label>
                Name
                <input value={form.name} onChange={(e) => set({ name: e.target.value })} required maxLength={255} />
              </label>
              <FieldMessages messages={errorsAt(error, "name")} />
            </div>
            <div className="field">
              <label>
                Sector
                <select
                  value={form.sector ?? ""}
                  onChange={(e) => set({ sector: e.target.value === "" ? null : Number(e.target.value) })}
                >
                  <option value="">All sectors</option>
                  {scope.sectors.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </label>
              <FieldMessages messages={errorsAt(error, "sector")} />
            </div>
            <div className="field">
              <label>
                Trigger
                <select value={form.trigger} onChange={(e) => changeTrigger(e.target.value as Trigger)}>
                  {catalog.triggers.map((t) => (
                    <option key={t.value} value={t.value}>
                      {triggerLabel(t.value, t.label)}
                    </option>
                  ))}
                </select>
              </label>
              <span className="muted small">{triggerHelp(form.trigger)}</span>
              <FieldMessages messages={errorsAt(error, "trigger")} />
            </div>
          </div>
          {dropped > 0 && (
            <p className="notice" role="status">
              Removed {dropped} condition(s) that don’t apply to this trigger.
            </p>
          )}

          {form.trigger === "schedule" && (
            <ScheduleBuilder
              cron={form.cron}
              timezone={form.timezone}
              onChange={(s) => set({ cron: s.cron, timezone: s.timezone })}
              cronErrors={[...errorsAt(error, "schedule", true), ...errorsAt(error, "schedule.cron")]}
              timezoneErrors={errorsAt(error, "schedule.timezone")}
            />
          )}

          <ConditionsBuilder
            trigger={form.trigger}
            fields={triggerFields(catalog, form.trigger)}
            maxRows={catalog.limits.conditions}
            rows={form.conditions}
            onChange={(conditions) => set({ conditions })}
            newKey={nextKey}
            errorsFor={(i) => errorsAt(error, `conditions.${i}`)}
            listErrors={errorsAt(error, "conditions", true)}
          />

          <ActionsBuilder
            catalog={catalog}
            rows={form.actions}
            onChange={(actions) => set({ actions })}
            newKey={nextKey}
            rowErrors={rowErrors}
            paramErrors={paramErrors}
            listErrors={errorsAt(error, "actions", true)}
            destinations={integrations.data?.results ?? []}
          />

          <fieldset>
            <legend>Limits</legend>
            <div className="row wrap-row">
              <div className="field">
                <label>
                  Runs per day at most
                  <input
                    type="number"
                    min={1}
                    max={1440}
                    value={form.maxPerDay}
                    onChange={(e) => set({ maxPerDay: e.target.value })}
                  />
                </label>
                <FieldMessages messages={errorsAt(error, "max_executions_per_day")} />
              </div>
              <div className="field">
                <label>
                  Credits per run at most
                  <input
                    type="number"
                    min={1}
                    value={form.creditLimit}
                    onChange={(e) => set({ creditLimit: e.target.value })}
                  />
                </label>
                <FieldMessages messages={errorsAt(error, "credit_limit_per_execution")} />
              </div>
              <label className="checkbox">
                <input type="checkbox" checked={form.isActive} onChange={(e) => set({ isActive: e.target.checked })} />
                Active
              </label>
            </div>
          </fieldset>
        </fieldset>

        {error && (
          <div className="error" role="alert">
            <p>{hasPlaced ? "Please fix the marked fields." : error.message}</p>
            {otherErrors.length > 0 && (
              <ul>
                {otherErrors.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {saved && <p role="status">{saved}</p>}

        <div className="toolbar">
          {canManage && (
            <button type="submit" className="primary" disabled={create.isPending || update.isPending}>
              {rule ? "Save rule" : "Create rule"}
            </button>
          )}
          {rule && (
            <button type="button" onClick={() => dryRun.mutate(rule.id)} disabled={dryRun.isPending}>
              {dryRun.isPending ? "Working out…" : "Dry run"}
            </button>
          )}
          {rule && canRun && (
            <button
              type="button"
              onClick={() => runNow.mutate(rule.id, { onSuccess: (run) => setRunId(run.id) })}
              disabled={runNow.isPending}
            >
              Run now
            </button>
          )}
          {rule && canManage && (
            <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>
              Delete rule
            </button>
          )}
        </div>
        {rule && <p className="muted small">Dry run and Run now use the saved rule.</p>}
      </form>

      <FormError error={dryRun.error ?? runNow.error} />
      {dryRun.data && <DryRunPanel result={dryRun.data} />}
      {runId !== null && (
        <section className="card" aria-label="Run progress">
          <h2>Run</h2>
          <LiveRun runId={runId} />
        </section>
      )}

      {confirmDelete && rule && (
        <ConfirmDialog
          title="Delete this rule?"
          confirmLabel="Delete rule"
          busy={remove.isPending}
          error={remove.error}
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => remove.mutate(rule.id, { onSuccess: () => navigate("/automation/rules") })}
        >
          <p>
            “{rule.name}” stops running. Its run history goes too. What it already made (clusters, content, posts) stays.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** "Created from the “Auto cluster keywords” workflow." — the template's name, its key until it loads. */
function TemplateOrigin({ templateKey }: { templateKey: string }) {
  const templates = useTemplates();
  const name = templates.data?.find((t) => t.key === templateKey)?.name ?? templateKey;
  return (
    <p className="muted">
      Created from the “<Link to="/automation/workflows">{name}</Link>” workflow.
    </p>
  );
}

import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { Dialog } from "../../../components/Dialog";
import { FormError } from "../../../components/FormError";
import { Empty, ErrorState, Loading } from "../../../components/States";
import { useScope } from "../../sites/hooks/useScope";
import { useTemplates } from "../api/templates";
import { useApplyTemplate } from "../api/applyTemplate";
import { useIntegrations } from "../api/integrations";
import { useAutomationPermissions } from "../hooks/useAutomationPermissions";
import { errorsAt } from "../errors";
import { describeCron, timeZones } from "../cron";
import { actionLabel, triggerLabel, userTimeZone } from "../labels";
import type { Rule, Template } from "../types";
import { AutomationNav } from "./AutomationNav";
import { FieldMessages } from "./FieldMessages";

/** Automation → Workflows: one-click templates that create ordinary, editable rules. */
export function WorkflowsPage() {
  const scope = useScope();
  const { canManage } = useAutomationPermissions();
  const templates = useTemplates();
  const [using, setUsing] = useState<Template | null>(null);
  if (scope.siteId === null) return <Loading label="Loading your sites…" />;
  return (
    <section className="page automation">
      <header className="page-header">
        <h1>Workflows</h1>
      </header>
      <AutomationNav />
      <p className="muted">
        A workflow creates a set of rules for {scope.site?.name ?? "this site"}. They are ordinary rules: change or
        delete them afterwards.
      </p>
      {templates.isPending ? (
        <Loading label="Loading workflows…" />
      ) : templates.isError ? (
        <ErrorState error={templates.error} retry={() => void templates.refetch()} />
      ) : templates.data.length === 0 ? (
        <Empty title="No workflows available." />
      ) : (
        <ul className="workflow-grid">
          {templates.data.map((t) => (
            <li key={t.key} className="card workflow">
              <h2>{t.name}</h2>
              <p>{t.description}</p>
              <ol className="small">
                {t.rules.map((r) => (
                  <li key={r.name}>
                    <strong>{r.name}</strong>{" "}
                    <span className="muted">
                      ({r.trigger === "schedule" ? describeCron(r.schedule?.cron) : triggerLabel(r.trigger)}:{" "}
                      {r.actions.map((a) => actionLabel(a.type)).join(", ")})
                    </span>
                  </li>
                ))}
              </ol>
              {t.needs_destinations && <p className="muted small">Needs a publishing destination.</p>}
              {canManage && (
                <button type="button" className="primary" onClick={() => setUsing(t)} aria-label={`Use this workflow: ${t.name}`}>
                  Use this workflow
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {using && <UseWorkflowDialog template={using} onClose={() => setUsing(null)} />}
    </section>
  );
}

function UseWorkflowDialog({ template, onClose }: { template: Template; onClose: () => void }) {
  const scope = useScope();
  const apply = useApplyTemplate();
  const integrations = useIntegrations(template.needs_destinations ? scope.siteId : null);
  const [sector, setSector] = useState<number | null>(scope.sectorId);
  const [timezone, setTimezone] = useState(userTimeZone());
  const [destinations, setDestinations] = useState<number[]>([]);
  const [created, setCreated] = useState<Rule[] | null>(null);
  const zones = timeZones();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (scope.siteId === null) return;
    apply.mutate(
      { key: template.key, body: { site: scope.siteId, sector, timezone, destinations } },
      { onSuccess: (rules) => setCreated(rules) },
    );
  };

  if (created)
    return (
      <Dialog title={`${template.name}: done`} onClose={onClose}>
        <p role="status">Created {created.length} rule(s):</p>
        <ul>
          {created.map((r) => (
            <li key={r.id}>
              <Link to={`/automation/rules/${r.id}`}>{r.name}</Link>
            </li>
          ))}
        </ul>
        <div className="modal-actions">
          <Link className="button-link primary" to="/automation">
            Go to the dashboard
          </Link>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </Dialog>
    );

  const list = integrations.data?.results ?? [];
  return (
    <Dialog title={`Use “${template.name}”`} onClose={onClose}>
      <form className="stack" onSubmit={submit}>
        <label>
          Sector
          <select value={sector ?? ""} onChange={(e) => setSector(e.target.value === "" ? null : Number(e.target.value))}>
            <option value="">All sectors</option>
            {scope.sectors.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          <FieldMessages messages={errorsAt(apply.error, "sector")} />
        </label>
        <label>
          Time zone of the schedules
          <select value={timezone} onChange={(e) => setTimezone(e.target.value)}>
            {(zones.includes(timezone) ? zones : [timezone, ...zones]).map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
          <FieldMessages messages={errorsAt(apply.error, "timezone")} />
        </label>
        {template.needs_destinations && (
          <fieldset>
            <legend>Publish to</legend>
            {integrations.isPending ? (
              <Loading label="Loading destinations…" />
            ) : list.length === 0 ? (
              <p className="muted">This site has no publishing destinations yet — connect one before using this workflow.</p>
            ) : (
              list.map((d) => (
                <label key={d.id} className="checkbox">
                  <input
                    type="checkbox"
                    checked={destinations.includes(d.id)}
                    onChange={(e) =>
                      setDestinations((cur) => (e.target.checked ? [...cur, d.id] : cur.filter((x) => x !== d.id)))
                    }
                  />
                  {d.name || d.platform} <span className="muted">({d.platform})</span>
                </label>
              ))
            )}
            <FieldMessages messages={errorsAt(apply.error, "destinations")} />
          </fieldset>
        )}
        <FormError error={apply.error} />
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="primary"
            disabled={apply.isPending || (template.needs_destinations && destinations.length === 0)}
          >
            {apply.isPending ? "Creating…" : `Create ${template.rules.length} rule(s)`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

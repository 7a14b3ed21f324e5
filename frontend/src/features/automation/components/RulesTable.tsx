import { Link } from "react-router";
import { FormError } from "../../../components/FormError";
import { useUpdateRule } from "../api/updateRule";
import { useRunNow } from "../api/runNow";
import { useAutomationPermissions } from "../hooks/useAutomationPermissions";
import { describeCron } from "../cron";
import { actionLabel, formatDateTime, runStatusLabel, triggerLabel, userTimeZone } from "../labels";
import type { Rule, Run } from "../types";
import { RunStatusBadge } from "./RunProgress";

interface Props {
  rules: Rule[];
  /** The newest run of each rule (by rule id), when known. */
  lastRuns?: Map<number, Run>;
  /** Run now buttons (dashboard). */
  showRunNow?: boolean;
  onRunQueued?: (run: Run) => void;
  sectorName?: (id: number | null | undefined) => string;
}

export function NextRun({ rule }: { rule: Rule }) {
  if (rule.trigger !== "schedule") return <span className="muted">On event</span>;
  if (!rule.is_active) return <span className="muted">Off</span>;
  if (!rule.next_run_at) return <span className="muted">Not planned</span>;
  const tz = rule.schedule?.timezone || "UTC";
  const mine = userTimeZone();
  return (
    <span className="next-run">
      <span>
        {formatDateTime(rule.next_run_at, tz)} <span className="muted">({tz})</span>
      </span>
      {mine !== tz && (
        <span className="muted">
          {formatDateTime(rule.next_run_at, mine)} your time
        </span>
      )}
    </span>
  );
}

/** The site's rules: trigger, schedule in words, next run, active toggle, last run. */
export function RulesTable({ rules, lastRuns, showRunNow, onRunQueued, sectorName }: Props) {
  const { canManage, canRun } = useAutomationPermissions();
  const update = useUpdateRule();
  const runNow = useRunNow();
  return (
    <>
      <div className="table-wrap">
        <table className="data-table rules-table">
          <caption className="sr-only">Automation rules</caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Trigger</th>
              <th scope="col">Next run</th>
              <th scope="col">Active</th>
              {lastRuns && <th scope="col">Last run</th>}
              {showRunNow && canRun && (
                <th scope="col">
                  <span className="sr-only">Run</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => {
              const last = lastRuns?.get(rule.id);
              return (
                <tr key={rule.id}>
                  <td className="wrap">
                    <Link to={`/automation/rules/${rule.id}`}>{rule.name}</Link>
                    <div className="muted small">
                      {rule.actions.map((a) => actionLabel(a.type)).join(" → ")}
                      {sectorName && rule.sector ? ` · ${sectorName(rule.sector)}` : ""}
                    </div>
                  </td>
                  <td className="wrap">
                    {triggerLabel(rule.trigger)}
                    {rule.trigger === "schedule" && <div className="muted small">{describeCron(rule.schedule?.cron)}</div>}
                  </td>
                  <td className="wrap">
                    <NextRun rule={rule} />
                  </td>
                  <td>
                    {canManage ? (
                      <label className="switch">
                        <input
                          type="checkbox"
                          checked={rule.is_active ?? true}
                          disabled={update.isPending}
                          aria-label={`Active: ${rule.name}`}
                          onChange={(e) => update.mutate({ id: rule.id, body: { is_active: e.target.checked } })}
                        />
                        <span>{rule.is_active ? "On" : "Off"}</span>
                      </label>
                    ) : rule.is_active ? (
                      "On"
                    ) : (
                      "Off"
                    )}
                  </td>
                  {lastRuns && (
                    <td>
                      {last ? (
                        <Link to={`/automation/history/${last.id}`} aria-label={`${runStatusLabel(last.status)}: last run of ${rule.name}`}>
                          <RunStatusBadge status={last.status} />
                        </Link>
                      ) : (
                        <span className="muted">Never</span>
                      )}
                    </td>
                  )}
                  {showRunNow && canRun && (
                    <td>
                      <button
                        type="button"
                        onClick={() => runNow.mutate(rule.id, { onSuccess: (run) => onRunQueued?.(run) })}
                        disabled={runNow.isPending}
                        aria-label={`Run now: ${rule.name}`}
                      >
                        Run now
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <FormError error={update.error ?? runNow.error} />
    </>
  );
}

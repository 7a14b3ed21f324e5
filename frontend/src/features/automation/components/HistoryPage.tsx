import { useState } from "react";
import { Link } from "react-router";
import { Pagination } from "../../../components/Pagination";
import { Empty, ErrorState, Loading } from "../../../components/States";
import { useScope } from "../../sites/hooks/useScope";
import { useRules } from "../api/rules";
import { useRuns } from "../api/runs";
import { useNow } from "../hooks/useNow";
import { formatDateTime, formatDuration, RUN_STATUS_LABELS, triggerLabel } from "../labels";
import { runErrors, type RunStatus } from "../types";
import { AutomationNav } from "./AutomationNav";
import { RunStatusBadge } from "./RunProgress";

const STATUSES = Object.keys(RUN_STATUS_LABELS) as RunStatus[];

/** Automation → History: every run, filtered by rule and status, paginated by the server. */
export function HistoryPage({ pollMs = 3000 }: { pollMs?: number }) {
  const scope = useScope();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(25);
  const [rule, setRule] = useState<number | null>(null);
  const [status, setStatus] = useState<RunStatus | null>(null);
  const rules = useRules(scope.siteId);
  const runs = useRuns({ siteId: scope.siteId, page, pageSize, rule, status }, pollMs);
  const now = useNow(5000);
  if (scope.siteId === null) return <Loading label="Loading your sites…" />;
  const rows = runs.data?.results ?? [];
  return (
    <section className="page automation">
      <header className="page-header">
        <h1>Automation history</h1>
      </header>
      <AutomationNav />
      <div className="filters" role="search" aria-label="Filter runs">
        <label>
          Rule
          <select
            value={rule ?? ""}
            onChange={(e) => {
              setRule(e.target.value === "" ? null : Number(e.target.value));
              setPage(1);
            }}
          >
            <option value="">All rules</option>
            {(rules.data?.results ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select
            value={status ?? ""}
            onChange={(e) => {
              setStatus(e.target.value === "" ? null : (e.target.value as RunStatus));
              setPage(1);
            }}
          >
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {RUN_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {runs.isPending ? (
        <Loading label="Loading runs…" />
      ) : runs.isError ? (
        <ErrorState error={runs.error} retry={() => void runs.refetch()} />
      ) : rows.length === 0 ? (
        <Empty title={rule !== null || status !== null ? "No runs match these filters." : "No runs yet."}>
          {rule === null && status === null && <p>Runs appear here when a rule runs on its trigger, its schedule, or Run now.</p>}
        </Empty>
      ) : (
        <div className="table-wrap" aria-busy={runs.isPlaceholderData}>
          <table className="data-table">
            <caption className="sr-only">Automation runs</caption>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Trigger</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Duration</th>
                <th scope="col" className="num">
                  Items
                </th>
                <th scope="col" className="num">
                  Credits
                </th>
                <th scope="col" className="num">
                  Errors
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((run) => (
                <tr key={run.id}>
                  <td>
                    <Link to={`/automation/history/${run.id}`}>{run.rule_name}</Link>
                  </td>
                  <td>{triggerLabel(run.trigger)}</td>
                  <td>
                    <RunStatusBadge status={run.status} />
                  </td>
                  <td>{formatDateTime(run.started_at ?? run.created_at)}</td>
                  <td>{formatDuration(run.started_at, run.finished_at, now)}</td>
                  <td className="num">{run.items_processed}</td>
                  <td className="num">{run.credits_used}</td>
                  <td className="num">{runErrors(run).length}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination
            label="Run pages"
            page={page}
            pageSize={pageSize}
            count={runs.data.count}
            onPageChange={setPage}
            onPageSizeChange={(size) => {
              setPageSize(size);
              setPage(1);
            }}
          />
        </div>
      )}
    </section>
  );
}

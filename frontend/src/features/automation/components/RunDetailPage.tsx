import { Link, useParams } from "react-router";
import { ApiError } from "../../../api/client";
import { ErrorState, Loading } from "../../../components/States";
import { useRun } from "../api/run";
import { actionLabel, formatDateTime } from "../labels";
import { runErrors } from "../types";
import { AutomationNav } from "./AutomationNav";
import { RunPanel } from "./RunProgress";

/** /automation/history/:runId — one run: per-action results, errors, timing; live while active. */
export function RunDetailPage() {
  const { runId } = useParams();
  const id = Number(runId);
  const run = useRun(Number.isNaN(id) ? null : id);
  return (
    <section className="page automation">
      <header className="page-header">
        <h1>Run {runId}</h1>
        <Link to="/automation/history">All runs</Link>
      </header>
      <AutomationNav />
      {Number.isNaN(id) ? (
        <ErrorState error={new Error("Run not found.")} />
      ) : run.isPending ? (
        <Loading label="Loading the run…" />
      ) : run.isError ? (
        <ErrorState error={run.error instanceof ApiError && run.error.status === 404 ? new Error("Run not found.") : run.error} />
      ) : (
        <>
          <div className="card">
            <RunPanel run={run.data} detailLink={false} />
          </div>
          <dl className="run-meta">
            <div>
              <dt>Rule</dt>
              <dd>
                <Link to={`/automation/rules/${run.data.rule}`}>{run.data.rule_name}</Link>
              </dd>
            </div>
            <div>
              <dt>Queued</dt>
              <dd>{formatDateTime(run.data.created_at)}</dd>
            </div>
            <div>
              <dt>Started</dt>
              <dd>{formatDateTime(run.data.started_at) || "—"}</dd>
            </div>
            <div>
              <dt>Finished</dt>
              <dd>{formatDateTime(run.data.finished_at) || "—"}</dd>
            </div>
            <div>
              <dt>Attempts</dt>
              <dd>{run.data.attempts}</dd>
            </div>
            {run.data.depth > 0 && (
              <div>
                <dt>Started by another run</dt>
                <dd>{run.data.depth} step(s) down a chain</dd>
              </div>
            )}
          </dl>
          <h2 className="section-title">Errors</h2>
          {runErrors(run.data).length === 0 ? (
            <p className="muted">No errors.</p>
          ) : (
            <div className="table-wrap">
              <table className="data-table">
                <caption className="sr-only">Errors of this run</caption>
                <thead>
                  <tr>
                    <th scope="col">Action</th>
                    <th scope="col">Item</th>
                    <th scope="col">Error</th>
                  </tr>
                </thead>
                <tbody>
                  {runErrors(run.data).map((e, i) => (
                    <tr key={i}>
                      <td>
                        {e.action + 1}. {actionLabel(e.type)}
                      </td>
                      <td>{e.item}</td>
                      <td className="wrap">{e.error}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

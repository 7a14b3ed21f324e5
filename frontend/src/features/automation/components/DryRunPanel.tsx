import { actionLabel, formatDateTime } from "../labels";
import type { DryRun } from "../types";

/** What the rule would do now, without spending: items and estimated credits per action. */
export function DryRunPanel({ result }: { result: DryRun }) {
  return (
    <section className="card dry-run" aria-label="Dry run result">
      <h2>Dry run — what this rule would do now</h2>
      <p>
        {result.conditions_met ? "Conditions are met." : "Conditions are not met now: the rule would not run."} Estimated
        credits: <strong>{result.estimated_credits}</strong> (limit {result.credit_limit_per_execution} per run). Runs today:{" "}
        {result.executions_today} of {result.max_executions_per_day}.
      </p>
      {result.would_stop_at_credit_cap && (
        <p className="notice" role="status">
          This would reach the credit limit per run; the run would stop there and say so.
        </p>
      )}
      {result.executions_today >= result.max_executions_per_day && (
        <p className="notice" role="status">
          The daily limit is reached; the rule will not run again today.
        </p>
      )}
      <div className="table-wrap">
        <table className="data-table">
          <caption className="sr-only">Actions in the dry run</caption>
          <thead>
            <tr>
              <th scope="col">Action</th>
              <th scope="col" className="num">
                Items
              </th>
              <th scope="col" className="num">
                Estimated credits
              </th>
              <th scope="col">Basis</th>
            </tr>
          </thead>
          <tbody>
            {result.actions.map((a, i) => (
              <tr key={i}>
                <td>{actionLabel(a.type)}</td>
                <td className="num">{a.count}</td>
                <td className="num">{a.estimated_credits}</td>
                <td>{a.basis === "exact" ? "Exact (items there now)" : "Projected (made by earlier actions)"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.next_run_at && <p className="muted">Next scheduled run: {formatDateTime(result.next_run_at)}</p>}
      <p className="muted small">Nothing was spent or changed.</p>
    </section>
  );
}

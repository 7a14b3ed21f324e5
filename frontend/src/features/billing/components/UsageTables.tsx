import type { Usage } from "../api/usage";
import { operationLabel } from "../labels";

interface Row {
  key: string;
  label: string;
  credits: number;
  count: number;
}

function BreakdownTable({ caption, column, rows, total }: { caption: string; column: string; rows: Row[]; total: number }) {
  return (
    <div className="card usage-breakdown">
      <h3>{caption}</h3>
      {rows.length === 0 ? (
        <p className="muted">No usage in this period.</p>
      ) : (
        <table className="data-table compact">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{column}</th>
              <th scope="col" className="num">
                Credits
              </th>
              <th scope="col" className="num">
                Share
              </th>
              <th scope="col" className="num">
                Operations
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                <td className="num">{row.credits.toLocaleString()}</td>
                <td className="num">{total > 0 ? `${Math.round((row.credits / total) * 100)}%` : "—"}</td>
                <td className="num">{row.count.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Usage by operation type, site and user. */
export function UsageTables({ usage }: { usage: Usage }) {
  const total = usage.total_credits;
  return (
    <div className="usage-tables">
      <BreakdownTable
        caption="By operation type"
        column="Operation"
        total={total}
        rows={usage.by_operation_type.map((r) => ({
          key: r.operation_type,
          label: operationLabel(r.operation_type),
          credits: r.credits,
          count: r.count,
        }))}
      />
      <BreakdownTable
        caption="By site"
        column="Site"
        total={total}
        rows={usage.by_site.map((r) => ({
          key: String(r.site_id),
          label: r.site_name || (r.site_id === null ? "No site / deleted site" : `Site ${r.site_id}`),
          credits: r.credits,
          count: r.count,
        }))}
      />
      <BreakdownTable
        caption="By user"
        column="User"
        total={total}
        rows={usage.by_user.map((r) => ({
          key: String(r.user_id),
          label: r.email || "Automation / removed user",
          credits: r.credits,
          count: r.count,
        }))}
      />
    </div>
  );
}

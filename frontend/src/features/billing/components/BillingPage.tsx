import { useState } from "react";
import { useBalance } from "../api/balance";
import { useUsage } from "../api/usage";
import { isoDay } from "../labels";
import { UsageChart } from "./UsageChart";
import { UsageTables } from "./UsageTables";
import { TransactionsTable } from "./TransactionsTable";
import { usePermissions } from "../../auth/hooks/usePermissions";
import { useScope } from "../../sites/hooks/useScope";
import { FieldErrors } from "../../../components/FormError";
import { ErrorState, Loading } from "../../../components/States";

function defaultRange(): { start: string; end: string } {
  const end = new Date();
  const start = new Date(end);
  start.setDate(start.getDate() - 29);
  return { start: isoDay(start), end: isoDay(end) };
}

export function BillingPage() {
  const { canAdmin } = usePermissions();
  return (
    <section className="page billing-page">
      <header className="page-header">
        <h1>Billing</h1>
      </header>
      <BalanceSummary />
      <UsageSection />
      {canAdmin ? (
        <TransactionsTable />
      ) : (
        <p className="muted">The transaction history is visible to account owners and admins.</p>
      )}
    </section>
  );
}

function BalanceSummary() {
  const balance = useBalance();
  if (balance.isPending) return <Loading label="Loading your credits…" />;
  if (balance.isError) return <ErrorState error={balance.error} retry={() => void balance.refetch()} />;
  const b = balance.data;
  return (
    <section className="billing-cards" aria-label="Credit balance">
      <div className={b.low_credit ? "card balance-card credits-low" : "card balance-card"}>
        <p className="stage-label">Current balance</p>
        <p className="big">
          <strong>{b.balance.toLocaleString()}</strong> credits
        </p>
        {b.low_credit && (
          <p className="notice" role="alert">
            Running low — top up to keep AI jobs running.
          </p>
        )}
      </div>
      <div className="card">
        <p className="stage-label">Plan</p>
        <p className="big">{b.plan.name}</p>
        <p className="muted">{b.monthly_credits.toLocaleString()} credits every month</p>
      </div>
      <div className="card">
        <p className="stage-label">Used this month</p>
        <p className="big">{b.used_this_month.toLocaleString()}</p>
        <p className="muted">credits</p>
      </div>
    </section>
  );
}

function UsageSection() {
  const scope = useScope();
  const [range, setRange] = useState(defaultRange);
  const [draft, setDraft] = useState(range);
  const [siteId, setSiteId] = useState<number | null>(null);
  const usage = useUsage({ ...range, siteId });

  return (
    <section className="billing-section" aria-labelledby="usage-title">
      <h2 id="usage-title">Usage</h2>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setRange(draft);
        }}
      >
        <label>
          From
          <input type="date" required value={draft.start} max={draft.end} onChange={(e) => setDraft({ ...draft, start: e.target.value })} />
        </label>
        <label>
          To
          <input type="date" required value={draft.end} min={draft.start} onChange={(e) => setDraft({ ...draft, end: e.target.value })} />
        </label>
        <label>
          Usage of
          <select value={siteId ?? ""} onChange={(e) => setSiteId(e.target.value ? Number(e.target.value) : null)}>
            <option value="">All sites</option>
            {scope.sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={usage.isFetching}>
          Show usage
        </button>
      </form>
      <FieldErrors error={usage.error} field="start" />
      <FieldErrors error={usage.error} field="end" />
      {usage.isPending && <Loading label="Loading usage…" />}
      {usage.isError && <ErrorState error={usage.error} retry={() => void usage.refetch()} />}
      {usage.data && (
        <div aria-busy={usage.isFetching}>
          <p>
            <strong>{usage.data.total_credits.toLocaleString()}</strong> credits used in{" "}
            {usage.data.operations.toLocaleString()} operations ({usage.data.start} to {usage.data.end}).
          </p>
          <UsageChart start={usage.data.start} end={usage.data.end} days={usage.data.by_day} />
          <UsageTables usage={usage.data} />
        </div>
      )}
    </section>
  );
}

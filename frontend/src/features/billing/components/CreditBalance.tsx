import { useBalance } from "../api/balance";

export function CreditBalance() {
  const { data, isError } = useBalance();
  if (isError) return <span className="credits muted">Credits unavailable</span>;
  if (!data) return <span className="credits muted">Credits…</span>;
  return (
    <span className={data.low_credit ? "credits credits-low" : "credits"} role="status" aria-live="polite">
      <strong>{data.balance.toLocaleString()}</strong> credits
      {data.low_credit && <span className="badge warn">Running low — top up to keep AI jobs running</span>}
    </span>
  );
}

import { useState } from "react";
import { useAccountDetails } from "../api/account";
import { useUpdateAccount } from "../api/updateAccount";
import { usePermissions } from "../../auth/hooks/usePermissions";
import { FieldErrors, FormError } from "../../../components/FormError";
import { ErrorState, Loading } from "../../../components/States";

const STATUS_TEXT: Record<string, string> = { active: "Active", suspended: "Suspended", cancelled: "Cancelled" };

export function AccountSettings() {
  const account = useAccountDetails();
  const { canAdmin, role } = usePermissions();
  if (account.isPending) return <Loading label="Loading your account…" />;
  if (account.isError) return <ErrorState error={account.error} retry={() => void account.refetch()} />;
  const a = account.data;
  return (
    <section aria-labelledby="account-title" className="stack">
      <h2 id="account-title">Account</h2>
      {canAdmin ? <RenameForm key={a.id} name={a.name} /> : <p className="big">{a.name}</p>}
      <dl className="facts">
        <div>
          <dt>Plan</dt>
          <dd>{a.plan.name}</dd>
        </div>
        <div>
          <dt>Monthly credits</dt>
          <dd>{(a.plan.monthly_credits ?? 0).toLocaleString()}</dd>
        </div>
        <div>
          <dt>Credit balance</dt>
          <dd>{a.credits.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`badge status-${a.status}`}>{STATUS_TEXT[a.status] ?? a.status}</span>
          </dd>
        </div>
        <div>
          <dt>Your role</dt>
          <dd>{role ?? "—"}</dd>
        </div>
      </dl>
    </section>
  );
}

function RenameForm({ name: initial }: { name: string }) {
  const [name, setName] = useState(initial);
  const [saved, setSaved] = useState(false);
  const update = useUpdateAccount();
  return (
    <form
      className="settings-form"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        update.mutate({ name: name.trim() }, { onSuccess: () => setSaved(true) });
      }}
    >
      <label>
        Account name
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={255} disabled={update.isPending} />
      </label>
      <FieldErrors error={update.error} field="name" />
      <FormError error={update.error} />
      {saved && (
        <p className="notice ok" role="status">
          Account name saved.
        </p>
      )}
      <div>
        <button type="submit" className="primary" disabled={update.isPending || !name.trim() || name.trim() === initial}>
          {update.isPending ? "Saving…" : "Save name"}
        </button>
      </div>
    </form>
  );
}

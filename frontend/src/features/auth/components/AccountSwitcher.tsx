import { useNavigate } from "react-router";
import { useMe } from "../api/me";
import { useAccount } from "../hooks/useAccount";

/** Shown in the header only to people who belong to more than one account. */
export function AccountSwitcher() {
  const { data: me } = useMe();
  const { switchAccount } = useAccount();
  const navigate = useNavigate();
  const memberships = me?.memberships ?? [];
  if (memberships.length < 2) return null;
  const current = me?.account?.id ?? memberships[0]?.account_id;
  return (
    <label className="inline-label account-switcher">
      <span>Account</span>
      <select
        value={current ?? ""}
        onChange={(e) => {
          const id = Number(e.target.value);
          if (!id || id === current) return;
          switchAccount(id);
          void navigate("/");
        }}
      >
        {memberships.map((m) => (
          <option key={m.account_id} value={m.account_id}>
            {m.account_name} ({m.role})
          </option>
        ))}
      </select>
    </label>
  );
}

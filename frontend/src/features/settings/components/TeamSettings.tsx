import { useState } from "react";
import type { Role } from "../../../api/types";
import type { Member } from "../types";
import { useMembers } from "../api/members";
import { useAddMember } from "../api/addMember";
import { useUpdateMemberRole } from "../api/updateMemberRole";
import { useRemoveMember } from "../api/removeMember";
import { useMe } from "../../auth/api/me";
import { usePermissions } from "../../auth/hooks/usePermissions";
import { useScope } from "../../sites/hooks/useScope";
import { ConfirmDialog } from "../../../components/Dialog";
import { FieldErrors, FormError } from "../../../components/FormError";
import { Empty, ErrorState, Loading } from "../../../components/States";

export const ROLE_LABELS: Record<Role, string> = { owner: "Owner", admin: "Admin", editor: "Editor", viewer: "Viewer" };
const RANK: Record<Role, number> = { viewer: 1, editor: 2, admin: 3, owner: 4 };
const ROLES: Role[] = ["owner", "admin", "editor", "viewer"];

/** Roles the current user may hand out: up to their own; only owners make owners. */
export function assignableRoles(myRole: Role | null): Role[] {
  if (!myRole || RANK[myRole] < RANK.admin) return [];
  return ROLES.filter((r) => RANK[r] <= RANK[myRole]);
}

export function TeamSettings() {
  const members = useMembers();
  const me = useMe();
  const { canAdmin, role } = usePermissions();
  const { sites } = useScope();
  const updateRole = useUpdateMemberRole();
  const remove = useRemoveMember();
  const [removing, setRemoving] = useState<Member | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const assignable = assignableRoles(role);
  const myUserId = me.data?.user.id;
  const siteName = (id: number) => sites.find((s) => s.id === id)?.name ?? `Site ${id}`;

  const canManage = (m: Member) =>
    canAdmin && m.user.id !== myUserId && RANK[m.role] <= RANK[role ?? "viewer"] && (m.role !== "owner" || role === "owner");

  return (
    <section aria-labelledby="team-title" className="stack">
      <h2 id="team-title">Team</h2>
      <p className="muted">
        Owners and admins manage everything; editors create and run AI jobs on the sites they are given; viewers only look.
      </p>
      {notice && (
        <p className="notice ok" role="status">
          {notice}
        </p>
      )}
      <FormError error={updateRole.error} />
      {members.isPending && <Loading label="Loading your team…" />}
      {members.isError && <ErrorState error={members.error} retry={() => void members.refetch()} />}
      {members.data && members.data.count === 0 && <Empty title="No members yet." />}
      {members.data && members.data.count > 0 && (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="sr-only">Team members</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Sites</th>
                {canAdmin && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {members.data.results.map((m) => (
                <tr key={m.id}>
                  <td>
                    {m.user.full_name || "—"}
                    {m.user.id === myUserId && <span className="badge">you</span>}
                  </td>
                  <td>{m.user.email}</td>
                  <td>
                    {canManage(m) ? (
                      <select
                        aria-label={`Role of ${m.user.email}`}
                        value={m.role}
                        disabled={updateRole.isPending}
                        onChange={(e) => {
                          setNotice(null);
                          const next = e.target.value as Role;
                          updateRole.mutate(
                            { id: m.id, role: next },
                            { onSuccess: () => setNotice(`${m.user.email} is now ${ROLE_LABELS[next].toLowerCase()}.`) },
                          );
                        }}
                      >
                        {assignable.map((r) => (
                          <option key={r} value={r}>
                            {ROLE_LABELS[r]}
                          </option>
                        ))}
                      </select>
                    ) : (
                      ROLE_LABELS[m.role]
                    )}
                  </td>
                  <td className="wrap">{m.site_ids === null ? "All sites" : m.site_ids.length ? m.site_ids.map(siteName).join(", ") : "None yet"}</td>
                  {canAdmin && (
                    <td>
                      {canManage(m) && (
                        <button type="button" className="danger" aria-label={`Remove ${m.user.email}`} onClick={() => setRemoving(m)}>
                          Remove
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {canAdmin && <AddMemberForm assignable={assignable} onAdded={(email) => setNotice(`${email} was added to the account.`)} />}

      {removing && (
        <ConfirmDialog
          title="Remove this member?"
          confirmLabel="Remove member"
          busy={remove.isPending}
          error={remove.error}
          onCancel={() => {
            remove.reset();
            setRemoving(null);
          }}
          onConfirm={() =>
            remove.mutate(removing.id, {
              onSuccess: () => {
                setNotice(`${removing.user.email} was removed from the account.`);
                setRemoving(null);
              },
            })
          }
        >
          <p>
            {removing.user.email} loses access to this account and all its sites. Their login stays, and you can add them again
            later.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function AddMemberForm({ assignable, onAdded }: { assignable: Role[]; onAdded: (email: string) => void }) {
  const { sites } = useScope();
  const add = useAddMember();
  const empty = { email: "", role: "editor" as Role, password: "", first_name: "", last_name: "" };
  const [form, setForm] = useState(empty);
  const [siteIds, setSiteIds] = useState<number[]>([]);
  const limited = form.role === "editor" || form.role === "viewer";
  return (
    <form
      className="settings-form card"
      aria-labelledby="add-member-title"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(
          { ...form, email: form.email.trim(), sites: limited ? siteIds.map(String) : [] },
          {
            onSuccess: (member) => {
              onAdded(member.user.email);
              setForm(empty);
              setSiteIds([]);
            },
          },
        );
      }}
    >
      <h3 id="add-member-title">Add a member</h3>
      <p className="muted">
        Someone who already uses IGNY8 is added by email. For someone new, also set a first password and share it with them.
      </p>
      <fieldset disabled={add.isPending} className="plain">
        <div className="form-grid">
          <label>
            Email
            <input type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
          </label>
          <FieldErrors error={add.error} field="email" />
          <label>
            Their role
            <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
              {assignable.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </label>
          <FieldErrors error={add.error} field="role" />
          <label>
            First name (optional)
            <input value={form.first_name} onChange={(e) => setForm({ ...form, first_name: e.target.value })} />
          </label>
          <label>
            Last name (optional)
            <input value={form.last_name} onChange={(e) => setForm({ ...form, last_name: e.target.value })} />
          </label>
          <label>
            Password for a new user
            <input
              type="password"
              autoComplete="new-password"
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
            />
          </label>
          <FieldErrors error={add.error} field="password" />
        </div>
        {limited && sites.length > 0 && (
          <fieldset>
            <legend>Sites they may work on</legend>
            <div className="checkbox-grid">
              {sites.map((s) => (
                <label key={s.id} className="checkbox">
                  <input
                    type="checkbox"
                    checked={siteIds.includes(s.id)}
                    onChange={(e) => setSiteIds(e.target.checked ? [...siteIds, s.id] : siteIds.filter((id) => id !== s.id))}
                  />
                  {s.name}
                </label>
              ))}
            </div>
            <FieldErrors error={add.error} field="sites" />
          </fieldset>
        )}
      </fieldset>
      <FormError error={add.error} />
      <div>
        <button type="submit" className="primary" disabled={add.isPending || !form.email.trim()}>
          {add.isPending ? "Adding…" : "Add member"}
        </button>
      </div>
    </form>
  );
}

import { useState } from "react";
import type { SiteAccess } from "../types";
import { useMembers } from "../api/members";
import { useSiteAccess } from "../api/siteAccess";
import { useGrantSiteAccess } from "../api/grantSiteAccess";
import { useRevokeSiteAccess } from "../api/revokeSiteAccess";
import { useScope } from "../../sites/hooks/useScope";
import { ROLE_LABELS } from "./TeamSettings";
import { ConfirmDialog } from "../../../components/Dialog";
import { FieldErrors, FormError } from "../../../components/FormError";
import { Empty, ErrorState, Loading } from "../../../components/States";

/** Which editors and viewers may work on which sites (owners and admins see every site). Admin-only page. */
export function SiteAccessSettings() {
  const members = useMembers();
  const access = useSiteAccess();
  const { sites } = useScope();
  const grant = useGrantSiteAccess();
  const revoke = useRevokeSiteAccess();
  const [userId, setUserId] = useState("");
  const [siteId, setSiteId] = useState("");
  const [revoking, setRevoking] = useState<SiteAccess | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const limited = (members.data?.results ?? []).filter((m) => m.role === "editor" || m.role === "viewer");
  const siteName = (id: number) => sites.find((s) => s.id === id)?.name ?? `Site ${id}`;
  const memberOf = (user: number) => limited.find((m) => m.user.id === user);
  const grants = access.data?.results ?? [];

  return (
    <section aria-labelledby="site-access-title" className="stack">
      <h2 id="site-access-title">Site access</h2>
      <p className="muted">Owners and admins see every site. Editors and viewers see only the sites granted here.</p>
      {notice && (
        <p className="notice ok" role="status">
          {notice}
        </p>
      )}
      {(members.isPending || access.isPending) && <Loading label="Loading site access…" />}
      {members.isError && <ErrorState error={members.error} retry={() => void members.refetch()} />}
      {access.isError && <ErrorState error={access.error} retry={() => void access.refetch()} />}
      {members.data && limited.length === 0 && (
        <Empty title="No editors or viewers yet.">
          <p>Add team members with the editor or viewer role on the Team tab, then grant them sites here.</p>
        </Empty>
      )}
      {limited.length > 0 && (
        <form
          className="settings-form card"
          aria-labelledby="grant-title"
          onSubmit={(e) => {
            e.preventDefault();
            grant.mutate(
              { user: Number(userId), site: Number(siteId) },
              {
                onSuccess: (row) => {
                  setNotice(`${row.user_email} can now work on ${siteName(row.site)}.`);
                  setSiteId("");
                },
              },
            );
          }}
        >
          <h3 id="grant-title">Grant access</h3>
          <fieldset disabled={grant.isPending} className="plain">
            <div className="form-grid two">
              <label>
                Team member
                <select required value={userId} onChange={(e) => setUserId(e.target.value)}>
                  <option value="">Choose a member…</option>
                  {limited.map((m) => (
                    <option key={m.user.id} value={m.user.id}>
                      {m.user.email} ({ROLE_LABELS[m.role]})
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Site to open to them
                <select required value={siteId} onChange={(e) => setSiteId(e.target.value)}>
                  <option value="">Choose a site…</option>
                  {sites.map((s) => (
                    <option
                      key={s.id}
                      value={s.id}
                      disabled={grants.some((g) => g.user === Number(userId) && g.site === s.id)}
                    >
                      {s.name}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <FieldErrors error={grant.error} field="user" />
            <FieldErrors error={grant.error} field="site" />
          </fieldset>
          <FormError error={grant.error} />
          <div>
            <button type="submit" className="primary" disabled={grant.isPending || !userId || !siteId}>
              {grant.isPending ? "Granting…" : "Grant access"}
            </button>
          </div>
        </form>
      )}
      {access.data && grants.length === 0 && limited.length > 0 && <p className="muted">No site access granted yet.</p>}
      {grants.length > 0 && (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="sr-only">Site access granted to editors and viewers</caption>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Role</th>
                <th scope="col">Site</th>
                <th scope="col">Granted</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {grants.map((g) => {
                const member = memberOf(g.user);
                return (
                  <tr key={g.id}>
                    <td>{g.user_email}</td>
                    <td>{member ? ROLE_LABELS[member.role] : "—"}</td>
                    <td>{siteName(g.site)}</td>
                    <td>{new Date(g.created_at).toLocaleDateString()}</td>
                    <td>
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Revoke ${g.user_email}'s access to ${siteName(g.site)}`}
                        onClick={() => setRevoking(g)}
                      >
                        Revoke
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {revoking && (
        <ConfirmDialog
          title="Revoke site access?"
          confirmLabel="Revoke access"
          busy={revoke.isPending}
          error={revoke.error}
          onCancel={() => {
            revoke.reset();
            setRevoking(null);
          }}
          onConfirm={() =>
            revoke.mutate(revoking.id, {
              onSuccess: () => {
                setNotice(`${revoking.user_email} no longer sees ${siteName(revoking.site)}.`);
                setRevoking(null);
              },
            })
          }
        >
          <p>
            {revoking.user_email} will no longer see {siteName(revoking.site)} or anything in it.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

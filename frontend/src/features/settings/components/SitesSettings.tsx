import { useState } from "react";
import type { components } from "../../../api/schema";
import type { Industry, Site } from "../../../api/types";
import { useSites } from "../../sites/api/sites";
import { useSectors } from "../../sites/api/sectors";
import { useIndustries } from "../../sites/api/industries";
import { useCreateSite } from "../../sites/api/createSite";
import { useCreateSector } from "../../sites/api/createSector";
import { useUpdateSite } from "../api/updateSite";
import { useDeleteSite } from "../api/deleteSite";
import { useDeleteSector } from "../api/deleteSector";
import { usePermissions } from "../../auth/hooks/usePermissions";
import { ConfirmDialog } from "../../../components/Dialog";
import { FieldErrors, FormError } from "../../../components/FormError";
import { Empty, ErrorState, Loading } from "../../../components/States";

type SiteType = components["schemas"]["SiteTypeEnum"];
type HostingType = components["schemas"]["HostingTypeEnum"];

const SITE_TYPES: Record<SiteType, string> = { existing: "Existing", new: "New (built in IGNY8)", hybrid: "Hybrid" };
const HOSTING_TYPES: Record<HostingType, string> = {
  wordpress: "WordPress",
  shopify: "Shopify",
  igny8_sites: "IGNY8 Sites",
  custom: "Custom",
  multi: "Multiple destinations",
};

interface SiteForm {
  name: string;
  domain: string;
  description: string;
  industry: number | null;
  site_type: SiteType;
  hosting_type: HostingType;
}

const formOf = (site?: Site): SiteForm => ({
  name: site?.name ?? "",
  domain: site?.domain ?? "",
  description: site?.description ?? "",
  industry: site?.industry ?? null,
  site_type: (site?.site_type as SiteType | undefined) ?? "existing",
  hosting_type: (site?.hosting_type as HostingType | undefined) ?? "wordpress",
});

export function SitesSettings() {
  const sites = useSites();
  const industries = useIndustries();
  const { canAdmin } = usePermissions();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Site | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const remove = useDeleteSite();
  const industryList = industries.data ?? [];

  return (
    <section aria-labelledby="sites-title" className="stack">
      <div className="page-header">
        <h2 id="sites-title">Sites and sectors</h2>
        {canAdmin && !creating && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            Add site
          </button>
        )}
      </div>
      {notice && (
        <p className="notice ok" role="status">
          {notice}
        </p>
      )}
      {creating && (
        <SiteEditor
          industries={industryList}
          onDone={(site) => {
            setCreating(false);
            if (site) setNotice(`Site “${site.name}” created. Add its sectors below.`);
          }}
        />
      )}
      {sites.isPending && <Loading label="Loading your sites…" />}
      {sites.isError && <ErrorState error={sites.error} retry={() => void sites.refetch()} />}
      {sites.data && sites.data.count === 0 && <Empty title="No sites yet." />}
      {sites.data?.results.map((site) => (
        <SiteCard
          key={site.id}
          site={site}
          industries={industryList}
          canAdmin={canAdmin}
          onDelete={() => setDeleting(site)}
          onNotice={setNotice}
        />
      ))}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete site"
          busy={remove.isPending}
          error={remove.error}
          onCancel={() => {
            remove.reset();
            setDeleting(null);
          }}
          onConfirm={() =>
            remove.mutate(deleting.id, {
              onSuccess: () => {
                setNotice(`Site “${deleting.name}” deleted.`);
                setDeleting(null);
              },
            })
          }
        >
          <p>
            This deletes the site with all its sectors, keywords, clusters, ideas, tasks and content. It cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function SiteCard({
  site,
  industries,
  canAdmin,
  onDelete,
  onNotice,
}: {
  site: Site;
  industries: Industry[];
  canAdmin: boolean;
  onDelete: () => void;
  onNotice: (text: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const industry = industries.find((i) => i.id === site.industry);
  return (
    <article className="card site-card" aria-labelledby={`site-${site.id}-title`}>
      <div className="page-header">
        <h3 id={`site-${site.id}-title`}>{site.name}</h3>
        {canAdmin && !editing && (
          <div className="toolbar">
            <button type="button" aria-label={`Edit ${site.name}`} onClick={() => setEditing(true)}>
              Edit
            </button>
            <button type="button" className="danger" aria-label={`Delete ${site.name}`} onClick={onDelete}>
              Delete
            </button>
          </div>
        )}
      </div>
      {editing ? (
        <SiteEditor
          site={site}
          industries={industries}
          onDone={(saved) => {
            setEditing(false);
            if (saved) onNotice(`Site “${saved.name}” saved.`);
          }}
        />
      ) : (
        <p className="muted">
          {site.domain || "No domain"} · {industry?.name ?? "No industry"} · {HOSTING_TYPES[site.hosting_type as HostingType] ?? site.hosting_type}
          {site.is_active === false && " · inactive"}
        </p>
      )}
      <SectorList site={site} industry={industry} canAdmin={canAdmin} />
    </article>
  );
}

function SiteEditor({ site, industries, onDone }: { site?: Site; industries: Industry[]; onDone: (site: Site | null) => void }) {
  const [form, setForm] = useState<SiteForm>(() => formOf(site));
  const create = useCreateSite();
  const update = useUpdateSite();
  const mutation = site ? update : create;
  const prefix = site ? `edit-${site.id}` : "new";
  const submit = () => {
    const body = { ...form, name: form.name.trim(), domain: form.domain.trim() };
    if (site) update.mutate({ id: site.id, body }, { onSuccess: (s) => onDone(s) });
    else create.mutate(body, { onSuccess: (s) => onDone(s) });
  };
  return (
    <form
      className="settings-form"
      aria-label={site ? `Edit ${site.name}` : "New site"}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <fieldset disabled={mutation.isPending} className="plain">
        <div className="form-grid">
          <label htmlFor={`${prefix}-name`}>Site name</label>
          <input id={`${prefix}-name`} required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          <FieldErrors error={mutation.error} field="name" />
          <label htmlFor={`${prefix}-domain`}>Domain</label>
          <input
            id={`${prefix}-domain`}
            placeholder="example.com"
            value={form.domain}
            onChange={(e) => setForm({ ...form, domain: e.target.value })}
          />
          <FieldErrors error={mutation.error} field="domain" />
          <label htmlFor={`${prefix}-industry`}>Industry</label>
          <select
            id={`${prefix}-industry`}
            value={form.industry ?? ""}
            onChange={(e) => setForm({ ...form, industry: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">No industry</option>
            {industries.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
          <FieldErrors error={mutation.error} field="industry" />
          <label htmlFor={`${prefix}-type`}>Site type</label>
          <select id={`${prefix}-type`} value={form.site_type} onChange={(e) => setForm({ ...form, site_type: e.target.value as SiteType })}>
            {(Object.keys(SITE_TYPES) as SiteType[]).map((t) => (
              <option key={t} value={t}>
                {SITE_TYPES[t]}
              </option>
            ))}
          </select>
          <label htmlFor={`${prefix}-hosting`}>Hosting</label>
          <select
            id={`${prefix}-hosting`}
            value={form.hosting_type}
            onChange={(e) => setForm({ ...form, hosting_type: e.target.value as HostingType })}
          >
            {(Object.keys(HOSTING_TYPES) as HostingType[]).map((t) => (
              <option key={t} value={t}>
                {HOSTING_TYPES[t]}
              </option>
            ))}
          </select>
          <label htmlFor={`${prefix}-description`}>Description</label>
          <textarea
            id={`${prefix}-description`}
            rows={2}
            value={form.description}
            onChange={(e) => setForm({ ...form, description: e.target.value })}
          />
        </div>
      </fieldset>
      <FormError error={mutation.error} />
      <div className="toolbar">
        <button type="submit" className="primary" disabled={mutation.isPending || !form.name.trim()}>
          {mutation.isPending ? "Saving…" : site ? "Save site" : "Create site"}
        </button>
        <button type="button" onClick={() => onDone(null)} disabled={mutation.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function SectorList({ site, industry, canAdmin }: { site: Site; industry: Industry | undefined; canAdmin: boolean }) {
  const sectors = useSectors(site.id);
  const create = useCreateSector();
  const remove = useDeleteSector();
  const [choice, setChoice] = useState("");
  const [customName, setCustomName] = useState("");
  const [removing, setRemoving] = useState<{ id: number; name: string } | null>(null);
  const rows = sectors.data?.results ?? [];
  const taken = new Set(rows.map((s) => s.industry_sector).filter((id): id is number => id != null));
  const available = (industry?.sectors ?? []).filter((s) => !taken.has(s.id));

  return (
    <div className="sector-list" role="group" aria-label={`Sectors of ${site.name}`}>
      <h4>Sectors</h4>
      {sectors.isPending && <Loading label="Loading sectors…" />}
      {sectors.isError && <ErrorState error={sectors.error} retry={() => void sectors.refetch()} />}
      {sectors.data && rows.length === 0 && <p className="muted">No sectors yet.</p>}
      {rows.length > 0 && (
        <ul className="chip-list">
          {rows.map((sector) => (
            <li key={sector.id} className="chip">
              {sector.name}
              {canAdmin && (
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={`Remove sector ${sector.name} from ${site.name}`}
                  onClick={() => setRemoving({ id: sector.id, name: sector.name ?? "" })}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canAdmin && (
        <form
          className="inline-form wrap"
          onSubmit={(e) => {
            e.preventDefault();
            const body =
              choice === "custom" || !choice
                ? { site: site.id, name: customName.trim() }
                : { site: site.id, industry_sector: Number(choice) };
            create.mutate(body, {
              onSuccess: () => {
                setChoice("");
                setCustomName("");
              },
            });
          }}
        >
          <label className="inline-label">
            <span>Add sector to {site.name}</span>
            <select value={choice} onChange={(e) => setChoice(e.target.value)} disabled={create.isPending}>
              <option value="">Choose…</option>
              {available.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
              <option value="custom">Other (type a name)</option>
            </select>
          </label>
          {choice === "custom" && (
            <label className="inline-label">
              <span>Sector name</span>
              <input value={customName} onChange={(e) => setCustomName(e.target.value)} required disabled={create.isPending} />
            </label>
          )}
          <button
            type="submit"
            disabled={create.isPending || !choice || (choice === "custom" && !customName.trim())}
          >
            {create.isPending ? "Adding…" : "Add sector"}
          </button>
        </form>
      )}
      <FieldErrors error={create.error} field="name" />
      <FieldErrors error={create.error} field="industry_sector" />
      <FormError error={create.error} />
      {removing && (
        <ConfirmDialog
          title={`Remove sector ${removing.name}?`}
          confirmLabel="Remove sector"
          busy={remove.isPending}
          error={remove.error}
          onCancel={() => {
            remove.reset();
            setRemoving(null);
          }}
          onConfirm={() => remove.mutate(removing.id, { onSuccess: () => setRemoving(null) })}
        >
          <p>Keywords, clusters and content in this sector are deleted with it.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

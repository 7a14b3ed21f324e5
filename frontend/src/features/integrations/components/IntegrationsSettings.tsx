import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useScope } from "../../sites/hooks/useScope";
import { usePermissions } from "../../auth/hooks/usePermissions";
import { JobProgressModal } from "../../jobs/components/JobProgressModal";
import { ConfirmDialog } from "../../../components/Dialog";
import { FormError } from "../../../components/FormError";
import { Empty, ErrorState, Loading } from "../../../components/States";
import { useIntegrations } from "../api/integrations";
import { useDeleteIntegration } from "../api/deleteIntegration";
import { useTestIntegration } from "../api/testIntegration";
import { useSyncIntegration, type SyncMode } from "../api/syncIntegration";
import { asReport, integrationAddress, platformLabel, SYNC_STATUS_LABELS, type Integration } from "../types";
import { ConnectionReportView } from "./ConnectionReportView";
import { IntegrationForm } from "./IntegrationForm";
import { refreshQueries } from "../../../api/refresh";

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "Never");

/** Settings → Integrations: the selected site's publishing destinations. Admins manage; others read. */
export function IntegrationsSettings() {
  const { site, siteId, sitesLoading } = useScope();
  const { canAdmin } = usePermissions();
  const integrations = useIntegrations(siteId);
  const remove = useDeleteIntegration();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Integration | "new" | null>(null);
  const [deleting, setDeleting] = useState<Integration | null>(null);
  const [syncJob, setSyncJob] = useState<{ id: number; title: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const rows = integrations.data?.results ?? [];

  return (
    <section aria-labelledby="integrations-title" className="stack integrations-settings">
      <h2 id="integrations-title">Integrations</h2>
      <p className="muted">
        Where {site ? <strong>{site.name}</strong> : "this site"} publishes: WordPress sites, Shopify stores and webhooks.
        {!canAdmin && " Only owners and admins can change them."}
      </p>
      {notice && (
        <p className="notice ok" role="status">
          {notice}
        </p>
      )}
      {canAdmin && siteId !== null && (
        <div>
          <button type="button" className="primary" onClick={() => setEditing("new")}>
            Add integration
          </button>
        </div>
      )}
      {(sitesLoading || (siteId !== null && integrations.isPending)) && <Loading label="Loading integrations…" />}
      {!sitesLoading && siteId === null && (
        <Empty title="No site yet.">
          <p>Create a site first; then connect it to WordPress, Shopify or a webhook.</p>
        </Empty>
      )}
      {integrations.isError && <ErrorState error={integrations.error} retry={() => void integrations.refetch()} />}
      {integrations.data && rows.length === 0 && (
        <Empty title="No integrations yet — connect WordPress, Shopify or a webhook to publish.">
          <p>
            {canAdmin
              ? "Add one with the button above: you'll need the site's address and an application password or access token."
              : "Ask an owner or admin of this account to connect one."}
          </p>
        </Empty>
      )}
      {rows.length > 0 && (
        <ul className="integration-list" aria-label="Integrations">
          {rows.map((row) => (
            <IntegrationCard
              key={row.id}
              integration={row}
              canAdmin={canAdmin}
              onEdit={() => setEditing(row)}
              onDelete={() => setDeleting(row)}
              onSyncStarted={(jobId, mode) =>
                setSyncJob({ id: jobId, title: `${mode === "full" ? "Full sync" : "Syncing changes"} — ${platformLabel(row.platform)}` })
              }
            />
          ))}
        </ul>
      )}
      {editing !== null && siteId !== null && (
        <IntegrationForm
          siteId={siteId}
          integration={editing === "new" ? undefined : editing}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            setNotice(
              created
                ? `${platformLabel(saved.platform)} added. Test the connection to check it works.`
                : `${platformLabel(saved.platform)} integration saved.`,
            );
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete this integration?"
          confirmLabel="Delete integration"
          busy={remove.isPending}
          error={remove.error}
          onCancel={() => {
            remove.reset();
            setDeleting(null);
          }}
          onConfirm={() =>
            remove.mutate(deleting.id, {
              onSuccess: () => {
                setNotice(`${platformLabel(deleting.platform)} integration deleted.`);
                setDeleting(null);
              },
            })
          }
        >
          <p>
            IGNY8 will stop publishing to {integrationAddress(deleting) || platformLabel(deleting.platform)} and forget its
            credentials and publishing records. Nothing is deleted on the platform itself.
          </p>
        </ConfirmDialog>
      )}
      {syncJob && (
        <JobProgressModal
          jobId={syncJob.id}
          title={syncJob.title}
          onClose={() => setSyncJob(null)}
          onFinished={() => {
            void refreshQueries(queryClient, ["integrations", "list"]);
            void refreshQueries(queryClient, ["writer", "content", "list"]);
          }}
        />
      )}
    </section>
  );
}

interface CardProps {
  integration: Integration;
  canAdmin: boolean;
  onEdit: () => void;
  onDelete: () => void;
  onSyncStarted: (jobId: number, mode: SyncMode) => void;
}

function IntegrationCard({ integration, canAdmin, onEdit, onDelete, onSyncStarted }: CardProps) {
  const test = useTestIntegration();
  const sync = useSyncIntegration();
  const [mode, setMode] = useState<SyncMode>("incremental");
  const label = platformLabel(integration.platform);
  const title = integration.name || label;
  const address = integrationAddress(integration);
  const report = asReport(test.data?.connection_report ?? integration.connection_report);
  const titleId = `integration-${integration.id}-title`;
  const canSync = integration.platform !== "custom_api";

  return (
    <li className="card integration-card" aria-labelledby={titleId}>
      <div className="integration-head">
        <h3 id={titleId}>{title}</h3>
        <span className={`badge ${integration.is_active ? "badge-ok" : "badge-muted"}`}>
          {integration.is_active ? "Active" : "Switched off"}
        </span>
      </div>
      <dl className="integration-facts">
        <div>
          <dt>Platform</dt>
          <dd>{label}</dd>
        </div>
        <div>
          <dt>{integration.platform === "shopify" ? "Shop" : "Address"}</dt>
          <dd className="break">{address || "—"}</dd>
        </div>
        <div>
          <dt>Credentials</dt>
          <dd>{integration.has_credentials ? "Saved" : "None"}</dd>
        </div>
        {canSync && (
          <>
            <div>
              <dt>Automatic sync</dt>
              <dd>{integration.sync_enabled ? "On" : "Off"}</dd>
            </div>
            <div>
              <dt>Last sync</dt>
              <dd>{when(integration.last_sync_at)}</dd>
            </div>
            <div>
              <dt>Sync status</dt>
              <dd>
                <span className={`badge sync-${integration.sync_status}`}>{SYNC_STATUS_LABELS[integration.sync_status]}</span>
              </dd>
            </div>
          </>
        )}
      </dl>
      {integration.last_error && (
        <p className="error integration-error">
          <strong>Last error:</strong> {integration.last_error}
        </p>
      )}
      {report && <ConnectionReportView report={report} />}
      <FormError error={test.error ?? sync.error} />
      {canAdmin && (
        <div className="integration-actions toolbar" role="group" aria-label={`Actions for ${title}`}>
          <button type="button" onClick={() => test.mutate(integration.id)} disabled={test.isPending}>
            {test.isPending ? "Testing…" : "Test connection"}
          </button>
          {canSync && (
            <span className="sync-controls">
              <label>
                <span className="sr-only">Sync mode for {title}</span>
                <select value={mode} onChange={(e) => setMode(e.target.value as SyncMode)}>
                  <option value="incremental">Changes since last sync</option>
                  <option value="full">Everything (full)</option>
                </select>
              </label>
              <button
                type="button"
                disabled={sync.isPending || !integration.is_active}
                onClick={() => sync.mutate({ id: integration.id, mode }, { onSuccess: (job) => onSyncStarted(job.job_id, mode) })}
              >
                {sync.isPending ? "Starting…" : "Sync now"}
              </button>
            </span>
          )}
          <button type="button" onClick={onEdit}>
            Edit
          </button>
          <button type="button" className="danger" onClick={onDelete}>
            Delete
          </button>
        </div>
      )}
    </li>
  );
}

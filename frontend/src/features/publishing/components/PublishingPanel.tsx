import { useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { ConfirmDialog } from "../../../components/Dialog";
import { FormError } from "../../../components/FormError";
import { ErrorState, Loading } from "../../../components/States";
import { JobProgressModal } from "../../jobs/components/JobProgressModal";
import { platformLabel } from "../../integrations/types";
import { usePublishingRecords } from "../api/records";
import { useResolveRecord, type Keep } from "../api/resolveRecord";
import { useCancelScheduledPublish } from "../api/cancelRecord";
import { useInView } from "../hooks/useInView";
import {
  RECORD_STATUS_LABELS,
  REMOTE_STATUS_LABELS,
  SYNC_LABELS,
  type PublishingRecord,
  type RemoteSnapshot,
} from "../types";
import { refreshQueries } from "../../../api/refresh";

/** The content fields a remote change is compared on. */
export interface LocalFields {
  title: string;
  slug: string;
  html: string;
  meta_title: string;
  meta_description: string;
}

interface Props {
  content: LocalFields & { id: number };
  canWrite: boolean;
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");
const NEEDS_RESOLVING = new Set(["remote_changed", "conflict"]);
const plain = (html: string) =>
  html
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/\s+/g, " ")
    .trim();

const COMPARED: { key: keyof LocalFields & keyof RemoteSnapshot; label: string }[] = [
  { key: "title", label: "Title" },
  { key: "slug", label: "Slug" },
  { key: "meta_title", label: "Meta title" },
  { key: "meta_description", label: "Meta description" },
  { key: "html", label: "Article text" },
];

/** Which fields differ between IGNY8's content and the platform's version (text compared without markup). */
export function remoteDifferences(local: LocalFields, snapshot: RemoteSnapshot) {
  return COMPARED.filter(({ key }) => {
    const remote = snapshot[key];
    if (typeof remote !== "string") return false;
    return key === "html" ? plain(remote) !== plain(local.html) : remote.trim() !== local[key].trim();
  }).map(({ key, label }) => ({
    key,
    label,
    local: key === "html" ? plain(local.html) : local[key],
    remote: key === "html" ? plain(String(snapshot.html)) : String(snapshot[key]),
  }));
}

/** Where this content was published, each destination's state, and the explicit resolution of remote edits. */
export function PublishingPanel({ content, canWrite }: Props) {
  const ref = useRef<HTMLElement>(null);
  const records = usePublishingRecords(content.id, useInView(ref));
  const resolve = useResolveRecord(content.id);
  const cancel = useCancelScheduledPublish(content.id);
  const queryClient = useQueryClient();
  const [resolving, setResolving] = useState<{ record: PublishingRecord; keep: Keep } | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const rows = records.data?.results ?? [];

  return (
    <section ref={ref} className="card publishing-panel" aria-labelledby="publishing-panel-title">
      <h2 id="publishing-panel-title">Publishing</h2>
      {notice && (
        <p className="notice ok-notice" role="status">
          {notice}
        </p>
      )}
      {records.isLoading && <Loading label="Loading publishing records…" />}
      {records.isError && <ErrorState error={records.error} retry={() => void records.refetch()} />}
      {records.data && rows.length === 0 && <p className="muted">Not published anywhere yet.</p>}
      {rows.length > 0 && (
        <ul className="record-list" aria-label="Publishing records">
          {rows.map((r) => {
            const name = r.integration_name || platformLabel(r.platform);
            const snapshot = (r.remote_snapshot ?? {}) as RemoteSnapshot;
            const diffs = NEEDS_RESOLVING.has(r.sync_status) ? remoteDifferences(content, snapshot) : [];
            return (
              <li key={r.id} className="record" aria-label={`${name}: ${RECORD_STATUS_LABELS[r.status]}`}>
                <p className="record-head">
                  <strong>{name}</strong> <span className={`badge record-${r.status}`}>{RECORD_STATUS_LABELS[r.status]}</span>{" "}
                  {r.status === "published" && <span className="muted">({REMOTE_STATUS_LABELS[r.remote_status] ?? r.remote_status})</span>}
                </p>
                <dl className="record-facts">
                  {r.external_url && (
                    <div>
                      <dt>Address</dt>
                      <dd>
                        <a href={r.external_url} target="_blank" rel="noopener noreferrer" className="break">
                          {r.external_url}
                        </a>
                      </dd>
                    </div>
                  )}
                  <div>
                    <dt>Published</dt>
                    <dd>{when(r.published_at)}</dd>
                  </div>
                  {r.status === "scheduled" && (
                    <div>
                      <dt>Scheduled for</dt>
                      <dd>{when(r.scheduled_for)}</dd>
                    </div>
                  )}
                  <div>
                    <dt>Sync</dt>
                    <dd>
                      <span className={`badge sync-${r.sync_status}`}>{SYNC_LABELS[r.sync_status]}</span>
                    </dd>
                  </div>
                </dl>
                {r.last_error && r.status === "failed" && <p className="error">{r.last_error}</p>}
                {canWrite && r.status === "scheduled" && (
                  <button
                    type="button"
                    disabled={cancel.isPending}
                    onClick={() => cancel.mutate(r.id, { onSuccess: () => setNotice(`Scheduled publish to ${name} cancelled.`) })}
                  >
                    Cancel scheduled publish
                  </button>
                )}
                {NEEDS_RESOLVING.has(r.sync_status) && (
                  <div className="remote-change" role="group" aria-label={`Changes on ${name}`}>
                    <p>
                      {r.sync_status === "conflict"
                        ? `This was edited both here and on ${name}. Nothing was overwritten: choose which version to keep.`
                        : `Someone edited this on ${name}. IGNY8's content was not touched: choose which version to keep.`}
                      {r.remote_modified_at && <span className="muted"> Edited there {when(r.remote_modified_at)}.</span>}
                    </p>
                    {diffs.length > 0 ? (
                      <table className="data-table diff-table">
                        <caption className="sr-only">What differs on {name}</caption>
                        <thead>
                          <tr>
                            <th scope="col">Field</th>
                            <th scope="col">In IGNY8</th>
                            <th scope="col">On {name}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {diffs.map((d) => (
                            <tr key={d.key}>
                              <th scope="row">{d.label}</th>
                              <td><div className="clip">{d.local || "—"}</div></td>
                              <td><div className="clip">{d.remote || "—"}</div></td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    ) : (
                      <p className="muted">The platform's version differs in details IGNY8 doesn't show here (e.g. categories or images).</p>
                    )}
                    {canWrite && (
                      <div className="toolbar">
                        <button type="button" onClick={() => setResolving({ record: r, keep: "local" })}>
                          Keep IGNY8's version
                        </button>
                        <button type="button" onClick={() => setResolving({ record: r, keep: "remote" })}>
                          Take {name}'s version
                        </button>
                      </div>
                    )}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <FormError error={cancel.error} />
      {resolving && (
        <ConfirmDialog
          title={resolving.keep === "local" ? "Keep IGNY8's version?" : "Take the platform's version?"}
          confirmLabel={resolving.keep === "local" ? "Publish IGNY8's version" : "Take the platform's version"}
          busy={resolve.isPending}
          error={resolve.error}
          onCancel={() => {
            resolve.reset();
            setResolving(null);
          }}
          onConfirm={() => {
            const { record, keep } = resolving;
            const name = record.integration_name || platformLabel(record.platform);
            resolve.mutate(
              { id: record.id, keep },
              {
                onSuccess: (answer: unknown) => {
                  setResolving(null);
                  const job = answer && typeof answer === "object" && "job_id" in answer ? (answer as { job_id: number | null }).job_id : null;
                  if (job !== null) setJobId(job);
                  setNotice(
                    keep === "local"
                      ? `Publishing IGNY8's version over the one on ${name}.`
                      : `The version from ${name} is now IGNY8's content (a new version).`,
                  );
                },
              },
            );
          }}
        >
          {resolving.keep === "local" ? (
            <p>The edits made on {resolving.record.integration_name || platformLabel(resolving.record.platform)} will be overwritten by IGNY8's version.</p>
          ) : (
            <p>IGNY8's content will be replaced by the platform's version (saved as a new version — you can restore the current one from Versions).</p>
          )}
        </ConfirmDialog>
      )}
      {jobId !== null && (
        <JobProgressModal
          jobId={jobId}
          title="Publishing IGNY8's version"
          canCancel={false}
          onClose={() => setJobId(null)}
          onFinished={() => void refreshQueries(queryClient, ["publishing", "records", content.id])}
        />
      )}
    </section>
  );
}

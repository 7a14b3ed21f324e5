import { useState } from "react";
import { Pagination } from "../../../components/Pagination";
import { useContentVersions } from "../api/contentVersions";
import { useVersionDiff } from "../api/versionDiff";
import { useRestoreVersion } from "../api/restoreVersion";
import { CONTENT_LABELS as L } from "../labels";
import { fieldLabel, VERSION_SOURCE_LABELS, type Content, type ContentVersion, type FieldChange } from "../types";
import { formatDate } from "../format";
import { Dialog } from "../../../components/Dialog";
import { FormError } from "../../../components/FormError";
import { Empty, ErrorState, Loading } from "../../../components/States";

const PAGE_SIZE = 10;

interface Props {
  contentId: number;
  canWrite: boolean;
  /** The editor has unsaved edits a restore would replace. */
  dirty: boolean;
  onRestored: (content: Content, version: number) => void;
}

export function changedFieldList(version: Pick<ContentVersion, "changed_fields">): string {
  const fields = Array.isArray(version.changed_fields) ? (version.changed_fields as unknown[]).map(String) : [];
  return fields.length === 0 ? "—" : fields.map(fieldLabel).join(", ");
}

function who(version: ContentVersion): string {
  if (version.changed_by_email) return version.changed_by_email;
  return version.source === "ai" || version.source === "system" ? "IGNY8" : "Unknown";
}

export function VersionsPanel({ contentId, canWrite, dirty, onRestored }: Props) {
  const [page, setPage] = useState(1);
  const versions = useContentVersions(contentId, page, PAGE_SIZE);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [diff, setDiff] = useState<{ from: number; to: number } | null>(null);
  const [restoring, setRestoring] = useState<ContentVersion | null>(null);
  const restore = useRestoreVersion(contentId, (content) => {
    if (restoring) onRestored(content, restoring.version);
    setRestoring(null);
  });

  const rows = versions.data?.results ?? [];
  const count = versions.data?.count ?? 0;
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
  const latest = page === 1 ? rows[0]?.version : undefined;
  // Defaults: the newest version against the one before it.
  const toValue = to ?? rows[0]?.version ?? null;
  const fromValue = from ?? rows[1]?.version ?? rows[0]?.version ?? null;

  return (
    <section className="card versions-panel" aria-labelledby="versions-heading">
      <h2 id="versions-heading">{L.versionsHeading}</h2>
      {versions.isPending && <Loading label="Loading versions…" />}
      {versions.isError && <ErrorState error={versions.error} retry={() => void versions.refetch()} />}
      {versions.data && count === 0 && <Empty title="No versions yet." />}
      {versions.data && count > 0 && (
        <>
          {rows.length > 1 && fromValue !== null && toValue !== null && (
            <form
              className="compare-form"
              onSubmit={(e) => {
                e.preventDefault();
                setDiff({ from: Math.min(fromValue, toValue), to: Math.max(fromValue, toValue) });
              }}
            >
              <label className="inline-label">
                <span>From version</span>
                <select value={fromValue} onChange={(e) => setFrom(Number(e.target.value))}>
                  {rows.map((v) => (
                    <option key={v.version} value={v.version}>
                      {v.version}
                    </option>
                  ))}
                </select>
              </label>
              <label className="inline-label">
                <span>To version</span>
                <select value={toValue} onChange={(e) => setTo(Number(e.target.value))}>
                  {rows.map((v) => (
                    <option key={v.version} value={v.version}>
                      {v.version}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" disabled={fromValue === toValue}>
                {L.compareButton}
              </button>
            </form>
          )}
          <ol className="version-list" aria-label="Version history">
            {rows.map((v) => (
              <li key={v.version} className="version">
                <div className="version-head">
                  <strong>Version {v.version}</strong>
                  {v.version === latest && <span className="badge">current</span>}
                  <span className="muted">
                    {VERSION_SOURCE_LABELS[v.source] ?? v.source} · {who(v)} ·{" "}
                    <time dateTime={v.created_at}>{formatDate(v.created_at)}</time>
                  </span>
                </div>
                <p className="version-fields">
                  <span className="muted">Changed:</span> {changedFieldList(v)}
                  {v.summary && <span className="muted"> — {v.summary}</span>}
                </p>
                <div className="version-actions">
                  {v.version > 1 && (
                    <button
                      type="button"
                      aria-label={`Show changes in version ${v.version}`}
                      onClick={() => setDiff({ from: v.version - 1, to: v.version })}
                    >
                      Changes
                    </button>
                  )}
                  {canWrite && v.version !== latest && (
                    <button type="button" aria-label={`Restore version ${v.version}`} onClick={() => setRestoring(v)}>
                      Restore
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ol>
          {pages > 1 && (
            <Pagination label="Version pages" page={page} pageSize={PAGE_SIZE} count={count} onPageChange={setPage} previousLabel="Newer" nextLabel="Older" />
          )}
        </>
      )}

      {diff && <DiffDialog contentId={contentId} from={diff.from} to={diff.to} onClose={() => setDiff(null)} />}
      {restoring && (
        <Dialog
          title={L.restoreDialog}
          alert
          onClose={() => {
            setRestoring(null);
            restore.reset();
          }}
        >
          <p>
            Every field goes back to how it was in version {restoring.version} ({formatDate(restoring.created_at)}). The
            restore is saved as a new version, so you can undo it later.
          </p>
          {dirty && <p className="error">Your unsaved edits will be lost.</p>}
          <FormError error={restore.error} />
          <div className="modal-actions">
            <button
              type="button"
              onClick={() => {
                setRestoring(null);
                restore.reset();
              }}
            >
              Cancel
            </button>
            <button
              type="button"
              className="primary"
              disabled={restore.isPending}
              onClick={() => restore.mutate(restoring.version)}
            >
              {`${L.restoreConfirm} ${restoring.version}`}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 2);
}

function DiffDialog({ contentId, from, to, onClose }: { contentId: number; from: number; to: number; onClose: () => void }) {
  const diff = useVersionDiff(contentId, from, to);
  const changes = Object.entries((diff.data?.changes ?? {}) as Record<string, FieldChange>);
  return (
    <Dialog title={L.diffDialog} onClose={onClose} wide>
      <p className="muted">
        Version {from} → version {to}
      </p>
      {diff.isPending && <Loading label="Loading changes…" />}
      {diff.isError && <ErrorState error={diff.error} retry={() => void diff.refetch()} />}
      {diff.data && changes.length === 0 && <p>These versions are the same.</p>}
      {changes.map(([field, change]) => (
        <section key={field} className="diff-field" aria-label={`Changes to ${fieldLabel(field)}`}>
          <h3>{fieldLabel(field)}</h3>
          {typeof change.diff === "string" && change.diff ? (
            <pre className="diff">
              {change.diff.split("\n").map((line, i) => (
                <span
                  key={i}
                  className={
                    line.startsWith("+++") || line.startsWith("---")
                      ? "diff-file"
                      : line.startsWith("@@")
                        ? "diff-hunk"
                        : line.startsWith("+")
                          ? "diff-add"
                          : line.startsWith("-")
                            ? "diff-del"
                            : ""
                  }
                >
                  {line}
                  {"\n"}
                </span>
              ))}
            </pre>
          ) : (
            <dl className="diff-values">
              <dt>Before</dt>
              <dd>
                <pre>{show(change.before)}</pre>
              </dd>
              <dt>After</dt>
              <dd>
                <pre>{show(change.after)}</pre>
              </dd>
            </dl>
          )}
        </section>
      ))}
      <div className="modal-actions">
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

import { useCallback, useEffect, useRef, useState } from "react";
import { Pagination } from "../../../components/Pagination";
import { Dialog } from "../../../components/Dialog";
import { useQueryClient } from "@tanstack/react-query";
import type { Cluster } from "../../../api/types";
import { useClusters, type ClusterOrderField, type ClusterOrdering } from "../api/clusters";
import { useClusterKeywords } from "../api/clusterKeywords";
import { useRenameCluster } from "../api/renameCluster";
import { useMergeClusters } from "../api/mergeClusters";
import { useGenerateIdeas } from "../api/generateIdeas";
import { useSelection } from "../hooks/useSelection";
import { useDebouncedValue } from "../hooks/useDebouncedValue";
import { JobProgressModal } from "../../jobs/components/JobProgressModal";
import { useScope } from "../../sites/hooks/useScope";
import { usePermissions } from "../../auth/hooks/usePermissions";
import { FormError } from "../../../components/FormError";
import { Empty, ErrorState, Loading } from "../../../components/States";
import { refreshQueries } from "../../../api/refresh";
import { CLUSTER_STATUS_LABELS, INTENT_LABELS } from "../labels";


const COLUMNS: { label: string; field?: ClusterOrderField; numeric?: boolean }[] = [
  { label: "Name", field: "name" },
  { label: "Keywords", field: "keywords_count", numeric: true },
  { label: "Volume", field: "volume", numeric: true },
  { label: "Avg difficulty", field: "avg_difficulty", numeric: true },
  { label: "Intent" },
  { label: "Status" },
];

export function nextClusterOrdering(current: ClusterOrdering | null, field: ClusterOrderField): ClusterOrdering | null {
  if (current === field) return `-${field}`;
  if (current === `-${field}`) return null;
  return field;
}

export function ClustersPage() {
  const scope = useScope();
  const { canWrite } = usePermissions();
  const queryClient = useQueryClient();
  const [searchText, setSearchText] = useState("");
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(25);
  const [ordering, setOrdering] = useState<ClusterOrdering | null>(null);
  const [expanded, setExpanded] = useState<number | null>(null);
  const [renaming, setRenaming] = useState<number | null>(null);
  const [merging, setMerging] = useState(false);
  const [ideasPerCluster, setIdeasPerCluster] = useState(2);
  const [jobId, setJobId] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const selection = useSelection();
  const search = useDebouncedValue(searchText);

  const clusters = useClusters({ search, page, pageSize, ordering, siteId: scope.siteId, sectorId: scope.sectorId });
  const rename = useRenameCluster();
  const generate = useGenerateIdeas();

  const onJobFinished = useCallback(() => {
    void refreshQueries(queryClient, ["planner"]);
    void refreshQueries(queryClient, ["billing"]);
    void refreshQueries(queryClient, ["jobs", "recent"]);
  }, [queryClient]);
  const closeJob = useCallback(() => setJobId(null), []);

  if (scope.siteId === null) return <Loading label="Loading your sites…" />;

  const rows = clusters.data?.results ?? [];
  const count = clusters.data?.count ?? 0;
  const pages = Math.max(1, Math.ceil(count / pageSize));
  const pageIds = rows.map((r) => r.id);
  const selectedOnPage = pageIds.filter((id) => selection.selected.has(id)).length;
  const selectedCount = selection.ids.length;
  const selectedClusters = rows.filter((r) => selection.selected.has(r.id));

  const startIdeas = () => {
    setNotice(null);
    generate.mutate(
      { ids: selection.ids, ideas_per_cluster: ideasPerCluster },
      {
        onSuccess: (accepted) => {
          setJobId(accepted.job_id);
          selection.clear();
        },
      },
    );
  };

  return (
    <section className="page">
      <header className="page-header">
        <h1>Clusters</h1>
      </header>

      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search clusters
          <input
            type="search"
            value={searchText}
            onChange={(e) => {
              setSearchText(e.target.value);
              setPage(1);
            }}
          />
        </label>
      </form>

      {canWrite && selectedCount > 0 && (
        <div className="bulk-bar" role="region" aria-label="Bulk actions">
          <span>{selectedCount} selected</span>
          <label className="inline-label">
            <span>Ideas per cluster</span>
            <select value={ideasPerCluster} onChange={(e) => setIdeasPerCluster(Number(e.target.value))}>
              {[1, 2, 3, 4, 5].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="primary" onClick={startIdeas} disabled={generate.isPending}>
            Generate ideas
          </button>
          <button type="button" onClick={() => setMerging(true)} disabled={selectedCount < 2}>
            Merge
          </button>
          <button type="button" onClick={selection.clear}>
            Clear selection
          </button>
        </div>
      )}

      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <FormError error={generate.error ?? rename.error} />

      {clusters.isPending && <Loading label="Loading clusters…" />}
      {clusters.isError && <ErrorState error={clusters.error} retry={() => void clusters.refetch()} />}
      {clusters.data && count === 0 && (
        <Empty title={search ? "No clusters match this search." : "No clusters yet."}>
          {!search && <p>Cluster your keywords on the Keywords page to create clusters.</p>}
        </Empty>
      )}
      {clusters.data && count > 0 && (
        <div className="table-wrap" aria-busy={clusters.isFetching}>
          <table className="data-table">
            <caption className="sr-only">
              Clusters, page {page} of {pages}
            </caption>
            <thead>
              <tr>
                {canWrite && (
                  <th scope="col" className="select-col">
                    <HeaderCheckbox
                      checked={pageIds.length > 0 && selectedOnPage === pageIds.length}
                      indeterminate={selectedOnPage > 0 && selectedOnPage < pageIds.length}
                      onChange={() => selection.togglePage(pageIds)}
                    />
                  </th>
                )}
                {COLUMNS.map((col) => {
                  const sort =
                    col.field && ordering === col.field
                      ? "ascending"
                      : col.field && ordering === `-${col.field}`
                        ? "descending"
                        : "none";
                  return (
                    <th key={col.label} scope="col" aria-sort={col.field ? sort : undefined} className={col.numeric ? "num" : ""}>
                      {col.field ? (
                        <button
                          type="button"
                          className="sort-button"
                          onClick={() => {
                            setOrdering(nextClusterOrdering(ordering, col.field as ClusterOrderField));
                            setPage(1);
                          }}
                        >
                          {col.label}
                          <span aria-hidden="true">{sort === "ascending" ? " ▲" : sort === "descending" ? " ▼" : ""}</span>
                        </button>
                      ) : (
                        col.label
                      )}
                    </th>
                  );
                })}
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <ClusterRow
                  key={row.id}
                  row={row}
                  canWrite={canWrite}
                  selected={selection.selected.has(row.id)}
                  onToggle={() => selection.toggle(row.id)}
                  expanded={expanded === row.id}
                  onExpand={() => setExpanded(expanded === row.id ? null : row.id)}
                  renaming={renaming === row.id}
                  onRename={() => setRenaming(row.id)}
                  onCancelRename={() => setRenaming(null)}
                  onSaveRename={(name) =>
                    rename.mutate(
                      { id: row.id, name },
                      {
                        onSuccess: () => {
                          setRenaming(null);
                          setNotice(`Renamed the cluster to “${name}”.`);
                        },
                      },
                    )
                  }
                  saving={rename.isPending}
                  columns={COLUMNS.length + (canWrite ? 2 : 1)}
                />
              ))}
            </tbody>
          </table>
          <Pagination label="Cluster pages" page={page} pageSize={pageSize} count={count} onPageChange={setPage} onPageSizeChange={(size) => { setPageSize(size); setPage(1); }} />
        </div>
      )}

      {merging && (
        <MergeDialog
          clusters={selectedClusters}
          ids={selection.ids}
          onClose={() => setMerging(false)}
          onMerged={(c) => {
            setMerging(false);
            selection.clear();
            setNotice(`Merged into “${c.name}”.`);
          }}
        />
      )}
      {jobId !== null && <JobProgressModal jobId={jobId} title="Generating ideas" onClose={closeJob} onFinished={onJobFinished} />}
    </section>
  );
}

function HeaderCheckbox({ checked, indeterminate, onChange }: { checked: boolean; indeterminate: boolean; onChange: () => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return <input ref={ref} type="checkbox" aria-label="Select all clusters on this page" checked={checked} onChange={onChange} />;
}

interface RowProps {
  row: Cluster;
  canWrite: boolean;
  selected: boolean;
  onToggle: () => void;
  expanded: boolean;
  onExpand: () => void;
  renaming: boolean;
  onRename: () => void;
  onCancelRename: () => void;
  onSaveRename: (name: string) => void;
  saving: boolean;
  columns: number;
}

function ClusterRow(props: RowProps) {
  const { row, canWrite } = props;
  const [name, setName] = useState(row.name);
  return (
    <>
      <tr className={props.selected ? "selected" : ""}>
        {canWrite && (
          <td className="select-col">
            <input type="checkbox" aria-label={`Select cluster ${row.name}`} checked={props.selected} onChange={props.onToggle} />
          </td>
        )}
        <td>
          {props.renaming ? (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (name.trim()) props.onSaveRename(name.trim());
              }}
            >
              <input aria-label={`New name for ${row.name}`} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
              <button type="submit" className="primary" disabled={props.saving || !name.trim()}>
                Save name
              </button>
              <button
                type="button"
                onClick={() => {
                  setName(row.name);
                  props.onCancelRename();
                }}
              >
                Cancel
              </button>
            </form>
          ) : (
            row.name
          )}
        </td>
        <td className="num">{row.keywords_count.toLocaleString()}</td>
        <td className="num">{row.volume.toLocaleString()}</td>
        <td className="num">{row.avg_difficulty}</td>
        <td>{row.intent ? INTENT_LABELS[row.intent] : "—"}</td>
        <td>
          <span className={`badge status-${row.status ?? "active"}`}>{CLUSTER_STATUS_LABELS[row.status ?? "active"]}</span>
        </td>
        <td>
          <button type="button" aria-expanded={props.expanded} onClick={props.onExpand} aria-label={`Keywords in ${row.name}`}>
            Keywords
          </button>
          {canWrite && !props.renaming && (
            <button
              type="button"
              aria-label={`Rename ${row.name}`}
              onClick={() => {
                setName(row.name);
                props.onRename();
              }}
            >
              Rename
            </button>
          )}
        </td>
      </tr>
      {props.expanded && (
        <tr className="detail-row">
          <td colSpan={props.columns}>
            <ClusterKeywords cluster={row} />
          </td>
        </tr>
      )}
    </>
  );
}

function ClusterKeywords({ cluster }: { cluster: Cluster }) {
  const keywords = useClusterKeywords(cluster.id);
  if (keywords.isPending) return <Loading label="Loading keywords…" />;
  if (keywords.isError) return <ErrorState error={keywords.error} retry={() => void keywords.refetch()} />;
  if (keywords.data.count === 0) return <Empty title="This cluster has no keywords." />;
  return (
    <div role="region" aria-label={`Keywords in ${cluster.name}`}>
      <ul className="keyword-list">
        {keywords.data.results.map((k) => (
          <li key={k.id}>
            {k.keyword} <span className="muted">({(k.search_volume ?? 0).toLocaleString()} / mo)</span>
          </li>
        ))}
      </ul>
      {keywords.data.count > keywords.data.results.length && (
        <p className="muted">
          Showing {keywords.data.results.length} of {keywords.data.count.toLocaleString()} keywords.
        </p>
      )}
      <p>
        <a href={`/planner?cluster=${cluster.id}`}>Open {cluster.name} on the Keywords page</a>
      </p>
    </div>
  );
}

function MergeDialog({
  clusters,
  ids,
  onClose,
  onMerged,
}: {
  clusters: Cluster[];
  ids: number[];
  onClose: () => void;
  onMerged: (c: Cluster) => void;
}) {
  const merge = useMergeClusters();
  const [target, setTarget] = useState<number>(ids[0] ?? 0);
  const [name, setName] = useState("");
  const label = (id: number) => clusters.find((c) => c.id === id)?.name ?? `Cluster ${id}`;
  return (
    <Dialog title="Merge clusters" onClose={onClose}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            merge.mutate(
              {
                target: String(target),
                cluster_ids: ids.filter((id) => id !== target).map(String),
                name: name.trim(),
              },
              { onSuccess: onMerged },
            );
          }}
        >
          <p>
            Keywords from {ids.length} clusters move into the one you keep; the others are removed.
          </p>
          <label>
            Keep cluster
            <select value={target} onChange={(e) => setTarget(Number(e.target.value))}>
              {ids.map((id) => (
                <option key={id} value={id}>
                  {label(id)}
                </option>
              ))}
            </select>
          </label>
          <label>
            New name (optional)
            <input value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <FormError error={merge.error} />
          <div className="modal-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={merge.isPending}>
              Merge clusters
            </button>
          </div>
        </form>
    </Dialog>
  );
}

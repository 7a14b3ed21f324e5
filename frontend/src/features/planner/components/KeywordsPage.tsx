import { useCallback, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { KeywordIntent, KeywordStatus } from "../../../api/types";
import { EMPTY_FILTERS, useKeywords, type KeywordFilters, type KeywordOrdering } from "../api/keywords";
import { useBulkDeleteKeywords } from "../api/bulkDelete";
import { useBulkUpdateKeywordStatus } from "../api/bulkUpdateStatus";
import { useAutoCluster } from "../api/autoCluster";
import { useExportKeywords } from "../api/exportKeywords";
import { useSelection } from "../hooks/useSelection";
import { useDebouncedValue } from "../hooks/useDebouncedValue";
import { KeywordsTable } from "./KeywordsTable";
import { ImportDialog } from "./ImportDialog";
import { JobProgressModal } from "../../jobs/components/JobProgressModal";
import { useScope } from "../../sites/hooks/useScope";
import { usePermissions } from "../../auth/hooks/usePermissions";
import { FormError } from "../../../components/FormError";
import { Empty, ErrorState, Loading } from "../../../components/States";
import { refreshQueries } from "../../../api/refresh";
import { INTENT_LABELS, KEYWORD_STATUS_LABELS } from "../labels";

const STATUSES: KeywordStatus[] = ["new", "clustered", "archived"];
const INTENTS: KeywordIntent[] = ["informational", "commercial", "transactional", "navigational"];

export function KeywordsPage() {
  const scope = useScope();
  const { canWrite } = usePermissions();
  const queryClient = useQueryClient();
  // Drill-down from the clusters page: /planner?cluster=<id> starts filtered to that cluster.
  const [filters, setFilters] = useState<KeywordFilters>(() => ({
    ...EMPTY_FILTERS,
    cluster: new URLSearchParams(window.location.search).get("cluster") ?? "",
  }));
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(25);
  const [ordering, setOrdering] = useState<KeywordOrdering | null>(null);
  const [importing, setImporting] = useState(false);
  const [jobId, setJobId] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const selection = useSelection();
  const search = useDebouncedValue(filters.search);

  const params = { ...filters, search, page, pageSize, ordering, siteId: scope.siteId, sectorId: scope.sectorId };
  const keywords = useKeywords(params);
  const bulkDelete = useBulkDeleteKeywords();
  const bulkStatus = useBulkUpdateKeywordStatus();
  const cluster = useAutoCluster();
  const exporter = useExportKeywords();

  const setFilter = <K extends keyof KeywordFilters>(key: K, value: KeywordFilters[K]) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setPage(1);
    selection.clear();
  };

  const startCluster = (all: boolean) => {
    setNotice(null);
    const body = all
      ? { site_id: scope.siteId as number, ...(scope.sectorId !== null ? { sector_id: scope.sectorId } : {}) }
      : { ids: selection.ids };
    cluster.mutate(body, {
      onSuccess: (accepted) => {
        setJobId(accepted.job_id);
        selection.clear();
      },
    });
  };

  const onJobFinished = useCallback(() => {
    void refreshQueries(queryClient, ["planner"]);
    void refreshQueries(queryClient, ["billing"]);
    void refreshQueries(queryClient, ["jobs", "recent"]);
  }, [queryClient]);
  const closeJob = useCallback(() => setJobId(null), []);
  const closeImport = useCallback(() => setImporting(false), []);

  if (scope.siteId === null) return <Loading label="Loading your sites…" />;

  const selectedCount = selection.ids.length;
  const mutationError = bulkDelete.error ?? bulkStatus.error ?? cluster.error ?? exporter.error;
  const hasFilters = Object.entries(filters).some(([, v]) => v !== "");

  return (
    <section className="page">
      <header className="page-header">
        <h1>Keywords</h1>
        <div className="toolbar">
          {canWrite && (
            <button type="button" onClick={() => setImporting(true)}>
              Import CSV
            </button>
          )}
          <button type="button" onClick={() => exporter.mutate(params)} disabled={exporter.isPending}>
            {exporter.isPending ? "Preparing CSV…" : "Export CSV"}
          </button>
          {canWrite && (
            <button type="button" className="primary" onClick={() => startCluster(true)} disabled={cluster.isPending}>
              Cluster all unclustered
            </button>
          )}
        </div>
      </header>

      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search keywords
          <input type="search" value={filters.search} onChange={(e) => setFilter("search", e.target.value)} />
        </label>
        <label>
          Status
          <select value={filters.status} onChange={(e) => setFilter("status", e.target.value as KeywordStatus | "")}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {KEYWORD_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Intent
          <select value={filters.intent} onChange={(e) => setFilter("intent", e.target.value as KeywordIntent | "")}>
            <option value="">Any intent</option>
            {INTENTS.map((s) => (
              <option key={s} value={s}>
                {INTENT_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Clustered
          <select value={filters.cluster} onChange={(e) => setFilter("cluster", e.target.value)}>
            <option value="">All keywords</option>
            <option value="none">Not clustered yet</option>
            {filters.cluster !== "" && filters.cluster !== "none" && <option value={filters.cluster}>One cluster (#{filters.cluster})</option>}
          </select>
        </label>
        <label>
          Min volume
          <input inputMode="numeric" value={filters.volumeMin} onChange={(e) => setFilter("volumeMin", e.target.value)} />
        </label>
        <label>
          Max volume
          <input inputMode="numeric" value={filters.volumeMax} onChange={(e) => setFilter("volumeMax", e.target.value)} />
        </label>
        {hasFilters && (
          <button type="button" onClick={() => setFilters(EMPTY_FILTERS)}>
            Clear filters
          </button>
        )}
      </form>

      {canWrite && selectedCount > 0 && (
        <div className="bulk-bar" role="region" aria-label="Bulk actions">
          <span>{selectedCount} selected</span>
          <button type="button" className="primary" onClick={() => startCluster(false)} disabled={cluster.isPending}>
            Cluster selected
          </button>
          <button
            type="button"
            onClick={() =>
              bulkStatus.mutate(
                { ids: selection.ids, status: "archived" },
                { onSuccess: (r) => setNotice(`Archived ${r.updated ?? 0} keywords.`) },
              )
            }
          >
            Archive
          </button>
          <button
            type="button"
            className="danger"
            onClick={() => {
              if (window.confirm(`Delete ${selectedCount} keywords? This cannot be undone.`)) {
                bulkDelete.mutate(selection.ids, {
                  onSuccess: (r) => {
                    setNotice(`Deleted ${r.deleted ?? 0} keywords.`);
                    selection.clear();
                  },
                });
              }
            }}
          >
            Delete
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
      <FormError error={mutationError} />

      {keywords.isPending && <Loading label="Loading keywords…" />}
      {keywords.isError && <ErrorState error={keywords.error} retry={() => void keywords.refetch()} />}
      {keywords.data && keywords.data.count === 0 && (
        <Empty title={hasFilters ? "No keywords match these filters." : "No keywords here yet."}>
          {!hasFilters && canWrite && <p>Import a CSV from your keyword tool to get started.</p>}
        </Empty>
      )}
      {keywords.data && keywords.data.count > 0 && (
        <KeywordsTable
          rows={keywords.data.results}
          count={keywords.data.count}
          page={page}
          pageSize={pageSize}
          ordering={ordering}
          busy={keywords.isFetching}
          onPageChange={setPage}
          onPageSizeChange={(size) => {
            setPageSize(size);
            setPage(1);
          }}
          onOrderingChange={(o) => {
            setOrdering(o);
            setPage(1);
          }}
          selection={canWrite ? selection : undefined}
        />
      )}

      {importing && (
        <ImportDialog
          siteId={scope.siteId}
          sectors={scope.sectors}
          sectorsLoading={scope.sectorsLoading}
          defaultSectorId={scope.sectorId}
          onClose={closeImport}
        />
      )}
      {jobId !== null && (
        <JobProgressModal jobId={jobId} title="Clustering keywords" onClose={closeJob} onFinished={onJobFinished} />
      )}
    </section>
  );
}

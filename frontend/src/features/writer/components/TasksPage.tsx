import { useCallback, useState } from "react";
import { Link } from "react-router";
import { Pagination } from "../../../components/Pagination";
import { useQueryClient } from "@tanstack/react-query";
import { useTasks } from "../api/tasks";
import { useGenerateContent } from "../api/generateContent";
import { useGenerateArticle } from "../api/generateArticle";
import { useSelection } from "../../planner/hooks/useSelection";
import { JobProgressModal } from "../../jobs/components/JobProgressModal";
import { useScope } from "../../sites/hooks/useScope";
import { usePermissions } from "../../auth/hooks/usePermissions";
import { FormError } from "../../../components/FormError";
import { Empty, ErrorState, Loading } from "../../../components/States";
import { refreshQueries } from "../../../api/refresh";
import { CONTENT_TYPE_LABELS, STRUCTURE_LABELS } from "../../planner/labels";
import { TASK_STATUS_LABELS } from "../types";

const PAGE_SIZE = 25;

export function TasksPage() {
  const scope = useScope();
  const { canWrite } = usePermissions();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [job, setJob] = useState<{ id: number; title: string } | null>(null);
  const selection = useSelection();
  const tasks = useTasks({ page, pageSize: PAGE_SIZE, siteId: scope.siteId, sectorId: scope.sectorId });
  const content = useGenerateContent();
  const article = useGenerateArticle();

  const onJobFinished = useCallback(() => {
    void refreshQueries(queryClient, ["writer"]);
    void refreshQueries(queryClient, ["billing"]);
    void refreshQueries(queryClient, ["jobs", "recent"]);
  }, [queryClient]);
  const closeJob = useCallback(() => setJob(null), []);

  if (scope.siteId === null) return <Loading label="Loading your sites…" />;

  const rows = tasks.data?.results ?? [];
  const count = tasks.data?.count ?? 0;
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
  const pageIds = rows.map((r) => r.id);
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selection.selected.has(id));
  const selectedCount = selection.ids.length;
  const busy = content.isPending || article.isPending;

  const start = (which: "content" | "article") => {
    const mutation = which === "content" ? content : article;
    mutation.mutate(selection.ids, {
      onSuccess: (accepted) => {
        setJob({ id: accepted.job_id, title: which === "content" ? "Generating content" : "Writing full articles" });
        selection.clear();
      },
    });
  };

  return (
    <section className="page">
      <header className="page-header">
        <h1>Tasks</h1>
      </header>

      {canWrite && selectedCount > 0 && (
        <div className="bulk-bar" role="region" aria-label="Bulk actions">
          <span>{selectedCount} selected</span>
          <button type="button" className="primary" onClick={() => start("content")} disabled={busy}>
            Generate content
          </button>
          <button type="button" onClick={() => start("article")} disabled={busy}>
            Write full article
          </button>
          <button type="button" onClick={selection.clear}>
            Clear selection
          </button>
        </div>
      )}
      <FormError error={content.error ?? article.error} />

      {tasks.isPending && <Loading label="Loading tasks…" />}
      {tasks.isError && <ErrorState error={tasks.error} retry={() => void tasks.refetch()} />}
      {tasks.data && count === 0 && (
        <Empty title="No writer tasks yet.">
          <p>Queue ideas to the writer from the Ideas page.</p>
        </Empty>
      )}
      {tasks.data && count > 0 && (
        <div className="table-wrap" aria-busy={tasks.isFetching}>
          <table className="data-table">
            <caption className="sr-only">
              Tasks, page {page} of {pages}
            </caption>
            <thead>
              <tr>
                {canWrite && (
                  <th scope="col" className="select-col">
                    <input
                      type="checkbox"
                      aria-label="Select all tasks on this page"
                      checked={allOnPage}
                      onChange={() => selection.togglePage(pageIds)}
                    />
                  </th>
                )}
                <th scope="col">Title</th>
                <th scope="col">Type</th>
                <th scope="col">Structure</th>
                <th scope="col" className="num">
                  Target words
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className={selection.selected.has(row.id) ? "selected" : ""}>
                  {canWrite && (
                    <td className="select-col">
                      <input
                        type="checkbox"
                        aria-label={`Select task ${row.title}`}
                        checked={selection.selected.has(row.id)}
                        onChange={() => selection.toggle(row.id)}
                      />
                    </td>
                  )}
                  <td>
                    {row.content_id !== null ? <Link to={`/writer/content/${row.content_id}`}>{row.title}</Link> : row.title}
                    {row.error && <span className="muted"> — {row.error}</span>}
                  </td>
                  <td>{CONTENT_TYPE_LABELS[row.content_type ?? "post"]}</td>
                  <td>{STRUCTURE_LABELS[row.content_structure ?? "article"]}</td>
                  <td className="num">{(row.target_word_count ?? 0).toLocaleString()}</td>
                  <td>
                    <span className={`badge status-${row.status ?? "queued"}`}>{TASK_STATUS_LABELS[row.status ?? "queued"]}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination label="Task pages" page={page} pageSize={PAGE_SIZE} count={count} onPageChange={setPage} />
        </div>
      )}

      {job !== null && <JobProgressModal jobId={job.id} title={job.title} onClose={closeJob} onFinished={onJobFinished} />}
    </section>
  );
}

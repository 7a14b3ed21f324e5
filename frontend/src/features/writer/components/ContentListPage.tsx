import { useState } from "react";
import { Pagination } from "../../../components/Pagination";
import { Link } from "react-router";
import { useContents } from "../api/contents";
import { CONTENT_LABELS as L } from "../labels";
import { CONTENT_STATUSES, ENTITY_LABELS, SOURCE_LABELS, STATUS_LABELS, type ContentStatus } from "../types";
import { formatDate } from "../format";
import { useDebouncedValue } from "../../planner/hooks/useDebouncedValue";
import { useScope } from "../../sites/hooks/useScope";
import { Empty, ErrorState, Loading } from "../../../components/States";


export function ContentListPage() {
  const scope = useScope();
  const [status, setStatus] = useState<ContentStatus | "">("");
  const [searchText, setSearchText] = useState("");
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(25);
  const search = useDebouncedValue(searchText);
  const contents = useContents({ status, search, page, pageSize, siteId: scope.siteId, sectorId: scope.sectorId });

  if (scope.siteId === null) return <Loading label="Loading your sites…" />;

  const rows = contents.data?.results ?? [];
  const count = contents.data?.count ?? 0;
  const pages = Math.max(1, Math.ceil(count / pageSize));
  const filtered = status !== "" || search.trim() !== "";

  return (
    <section className="page content-page">
      <header className="page-header">
        <h1>{L.listHeading}</h1>
      </header>

      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          {L.statusFilter}
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as ContentStatus | "");
              setPage(1);
            }}
          >
            <option value="">Any status</option>
            {CONTENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {L.searchInput}
          <input
            type="search"
            value={searchText}
            placeholder="Title, keyword or slug"
            onChange={(e) => {
              setSearchText(e.target.value);
              setPage(1);
            }}
          />
        </label>
      </form>

      {contents.isPending && <Loading label="Loading content…" />}
      {contents.isError && <ErrorState error={contents.error} retry={() => void contents.refetch()} />}
      {contents.data && count === 0 && (
        <Empty title={filtered ? "No content matches these filters." : "No content yet."}>
          {filtered ? (
            <p>Try another status or search term.</p>
          ) : (
            <p>
              Articles appear here once they are written. Start from the <Link to="/writer/tasks">Tasks</Link> page.
            </p>
          )}
        </Empty>
      )}
      {contents.data && count > 0 && (
        <div className="table-wrap" aria-busy={contents.isFetching}>
          <table className="data-table content-table">
            <caption className="sr-only">
              Content, page {page} of {pages}
            </caption>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Type</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Words
                </th>
                <th scope="col">Updated</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td className="content-title-cell">
                    <Link to={`/writer/content/${row.id}`}>{row.title || "(untitled)"}</Link>
                    {row.generated_by === "offline" && <span className="badge warn">offline draft</span>}
                  </td>
                  <td>{ENTITY_LABELS[row.entity_type ?? "post"]}</td>
                  <td>
                    <span className={`badge content-status-${row.status}`}>{STATUS_LABELS[row.status]}</span>
                  </td>
                  <td className="num">{row.word_count.toLocaleString()}</td>
                  <td>
                    <time dateTime={row.updated_at}>{formatDate(row.updated_at)}</time>
                  </td>
                  <td>{SOURCE_LABELS[row.source]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination label={L.listPages} page={page} pageSize={pageSize} count={count} onPageChange={setPage} onPageSizeChange={(size) => { setPageSize(size); setPage(1); }} />
        </div>
      )}
    </section>
  );
}

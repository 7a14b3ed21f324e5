import { useEffect, useRef } from "react";
import { Pagination } from "../../../components/Pagination";
import type { Keyword } from "../../../api/types";
import type { KeywordOrderField, KeywordOrdering } from "../api/keywords";
import { INTENT_LABELS, KEYWORD_STATUS_LABELS } from "../labels";

interface Column {
  field: KeywordOrderField | null;
  label: string;
  numeric?: boolean;
}

const COLUMNS: Column[] = [
  { field: "keyword", label: "Keyword" },
  { field: "search_volume", label: "Volume", numeric: true },
  { field: "difficulty", label: "Difficulty", numeric: true },
  { field: "cpc", label: "CPC", numeric: true },
  { field: "intent", label: "Intent" },
  { field: null, label: "Cluster" },
  { field: "status", label: "Status" },
];

export const PAGE_SIZES = [25, 50, 100, 200] as const;

/** Cycles a column's sort: none → ascending → descending → none. */
export function nextOrdering(current: KeywordOrdering | null, field: KeywordOrderField): KeywordOrdering | null {
  if (current === field) return `-${field}`;
  if (current === `-${field}`) return null;
  return field;
}

export interface KeywordsTableProps {
  rows: Keyword[];
  count: number;
  page: number;
  pageSize: number;
  ordering: KeywordOrdering | null;
  onPageChange: (page: number) => void;
  onPageSizeChange: (size: number) => void;
  onOrderingChange: (ordering: KeywordOrdering | null) => void;
  /** When absent the table has no checkboxes (viewers). */
  selection?: {
    selected: ReadonlySet<number>;
    toggle: (id: number) => void;
    togglePage: (ids: number[]) => void;
  };
  busy?: boolean;
}

export function KeywordsTable({
  rows,
  count,
  page,
  pageSize,
  ordering,
  onPageChange,
  onPageSizeChange,
  onOrderingChange,
  selection,
  busy = false,
}: KeywordsTableProps) {
  const pages = Math.max(1, Math.ceil(count / pageSize));
  const pageIds = rows.map((r) => r.id);
  const selectedOnPage = selection ? pageIds.filter((id) => selection.selected.has(id)).length : 0;
  const headerBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (headerBox.current) headerBox.current.indeterminate = selectedOnPage > 0 && selectedOnPage < pageIds.length;
  }, [selectedOnPage, pageIds.length]);


  return (
    <div className="table-wrap" aria-busy={busy}>
      <table className="data-table">
        <caption className="sr-only">Keywords, page {page} of {pages}</caption>
        <thead>
          <tr>
            {selection && (
              <th scope="col" className="select-col">
                <input
                  ref={headerBox}
                  type="checkbox"
                  aria-label="Select all keywords on this page"
                  checked={pageIds.length > 0 && selectedOnPage === pageIds.length}
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
                      onClick={() => onOrderingChange(nextOrdering(ordering, col.field as KeywordOrderField))}
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
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className={selection?.selected.has(row.id) ? "selected" : ""}>
              {selection && (
                <td className="select-col">
                  <input
                    type="checkbox"
                    aria-label={`Select ${row.keyword}`}
                    checked={selection.selected.has(row.id)}
                    onChange={() => selection.toggle(row.id)}
                  />
                </td>
              )}
              <td>{row.keyword}</td>
              <td className="num">{(row.search_volume ?? 0).toLocaleString()}</td>
              <td className="num">{row.difficulty ?? "—"}</td>
              <td className="num">{row.cpc ?? "—"}</td>
              <td>{row.intent ? INTENT_LABELS[row.intent] : "—"}</td>
              <td>{row.cluster_name || <span className="muted">Not clustered</span>}</td>
              <td>
                <span className={`badge status-${row.status ?? "new"}`}>{KEYWORD_STATUS_LABELS[row.status ?? "new"]}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination label="Keyword pages" page={page} pageSize={pageSize} count={count} onPageChange={onPageChange} onPageSizeChange={onPageSizeChange} pageSizes={PAGE_SIZES} />
    </div>
  );
}

export const PAGE_SIZES = [25, 50, 100] as const;

interface Props {
  /** Accessible name of the navigation landmark, e.g. "Keyword pages". */
  label: string;
  page: number;
  pageSize: number;
  count: number;
  onPageChange: (page: number) => void;
  /** Given: shows "1–25 of 300" and a rows-per-page select (the caller goes back to page 1). */
  onPageSizeChange?: (pageSize: number) => void;
  pageSizes?: readonly number[];
  previousLabel?: string;
  nextLabel?: string;
}

/** Server-side pagination controls shared by every table. */
export function Pagination({
  label,
  page,
  pageSize,
  count,
  onPageChange,
  onPageSizeChange,
  pageSizes = PAGE_SIZES,
  previousLabel = "Previous",
  nextLabel = "Next",
}: Props) {
  const pages = Math.max(1, Math.ceil(count / pageSize));
  const first = count === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(count, page * pageSize);
  return (
    <nav className="pagination" aria-label={label}>
      {onPageSizeChange && (
        <>
          <span>
            {first}–{last} of {count.toLocaleString()}
          </span>
          <label className="inline-label">
            <span>Rows per page</span>
            <select value={pageSize} onChange={(e) => onPageSizeChange(Number(e.target.value))}>
              {pageSizes.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      <button type="button" onClick={() => onPageChange(page - 1)} disabled={page <= 1}>
        {previousLabel}
      </button>
      <span aria-live="polite">
        Page {page} of {pages}
      </span>
      <button type="button" onClick={() => onPageChange(page + 1)} disabled={page >= pages}>
        {nextLabel}
      </button>
    </nav>
  );
}

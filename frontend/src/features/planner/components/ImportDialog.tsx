import { useState, type FormEvent } from "react";
import { Dialog } from "../../../components/Dialog";
import type { Sector } from "../../../api/types";
import { useImportKeywords } from "../api/importKeywords";
import { FormError } from "../../../components/FormError";

/** What each recognised CSV column became (the report's `columns`: CSV header → field). */
const IMPORT_FIELD_LABELS: Record<string, string> = {
  keyword: "keyword",
  search_volume: "search volume",
  difficulty: "difficulty",
  cpc: "CPC",
  intent: "intent",
};

interface Props {
  siteId: number;
  sectors: Sector[];
  defaultSectorId: number | null;
  /** The sectors are still being read: say so instead of "no sectors yet". */
  sectorsLoading?: boolean;
  onClose: () => void;
}

/** CSV import: shows upload progress, then the report with every rejected row and why. */
export function ImportDialog({ siteId, sectors, defaultSectorId, sectorsLoading = false, onClose }: Props) {
  const importer = useImportKeywords();
  const [file, setFile] = useState<File | null>(null);
  // The user's pick, else the header's sector, else the site's first — read at render time, so a
  // dialog opened before the sectors arrived still gets one when they do.
  const [pickedSectorId, setSectorId] = useState<number | null>(null);
  const sectorId = pickedSectorId ?? defaultSectorId ?? sectors[0]?.id ?? null;
  const [progress, setProgress] = useState(0);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!file || sectorId === null) return;
    setProgress(0);
    importer.mutate({ file, siteId, sectorId, onProgress: setProgress });
  };

  const report = importer.data;
  return (
    <Dialog title="Import keywords from CSV" onClose={onClose} wide>
        {!report && (
          <form className="stack" onSubmit={onSubmit}>
            <p className="muted">Exports from Ahrefs, Semrush, Search Console and Keyword Planner work as they are.</p>
            {sectors.length === 0 && sectorsLoading ? (
              <p className="muted" role="status">
                Loading this site's sectors…
              </p>
            ) : sectors.length === 0 ? (
              <p className="error" role="alert">
                This site has no sectors yet. Add a sector before importing keywords.
              </p>
            ) : (
              <label>
                Sector
                <select value={sectorId ?? ""} onChange={(e) => setSectorId(Number(e.target.value))}>
                  {sectors.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label>
              CSV file
              <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            </label>
            {importer.isPending && (
              <div>
                <div
                  className="progress running"
                  role="progressbar"
                  aria-label="Upload progress"
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={progress}
                >
                  <div className="progress-fill" style={{ width: `${progress}%` }} />
                </div>
                <p role="status">{progress < 100 ? `Uploading… ${progress}%` : "Uploaded — reading your keywords…"}</p>
              </div>
            )}
            <FormError error={importer.error} />
            <div className="modal-actions">
              <button type="button" onClick={onClose}>
                Cancel
              </button>
              <button type="submit" className="primary" disabled={!file || sectorId === null || importer.isPending}>
                Import
              </button>
            </div>
          </form>
        )}
        {report && (
          <div className="stack">
            <p role="status">
              Read {report.total_rows.toLocaleString()} rows: {report.created.toLocaleString()} new,{" "}
              {report.updated.toLocaleString()} updated, {report.unchanged.toLocaleString()} unchanged,{" "}
              {report.duplicates.toLocaleString()} duplicates skipped, {report.rejected_count.toLocaleString()} rejected.
            </p>
            {Object.keys(report.columns).length > 0 && (
              <p className="muted">
                Columns used:{" "}
                {Object.entries(report.columns)
                  .map(([column, field]) => `${column} → ${IMPORT_FIELD_LABELS[field] ?? field.replace(/_/g, " ")}`)
                  .join(", ")}
              </p>
            )}
            {report.rejected.length > 0 && (
              <div className="table-wrap short">
                <table className="data-table">
                  <caption>Rows we couldn't import</caption>
                  <thead>
                    <tr>
                      <th scope="col">Row</th>
                      <th scope="col">Value</th>
                      <th scope="col">Why</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.rejected.map((r) => (
                      <tr key={`${r.row}-${r.value}`}>
                        <td>{r.row}</td>
                        <td>{r.value}</td>
                        <td>{r.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <div className="modal-actions">
              <button type="button" className="primary" onClick={onClose}>
                Done
              </button>
            </div>
          </div>
        )}
    </Dialog>
  );
}

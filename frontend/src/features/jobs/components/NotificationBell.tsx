import { useEffect, useRef, useState } from "react";
import { useRecentJobs } from "../api/jobs";
import { isNoticeJob, jobLabel, jobStatusText } from "../jobText";

const SEEN_KEY = "igny8.jobs.seenAt";

/** Bell listing finished and failed jobs; the badge counts those finished since last opened. */
export function NotificationBell() {
  const { data } = useRecentJobs(10);
  const [open, setOpen] = useState(false);
  const [seenAt, setSeenAt] = useState(() => localStorage.getItem(SEEN_KEY) ?? "");
  const ref = useRef<HTMLDivElement>(null);
  const finished = (data?.results ?? []).filter((j) => j.status === "succeeded" || j.status === "failed");
  const seenMs = seenAt ? Date.parse(seenAt) : 0;
  const unseen = finished.filter((j) => Date.parse(j.finished_at ?? j.updated_at) > seenMs).length;

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    const onClick = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  const toggle = () => {
    if (!open) {
      const now = new Date().toISOString();
      localStorage.setItem(SEEN_KEY, now);
      setSeenAt(now);
    }
    setOpen((o) => !o);
  };

  return (
    <div className="bell" ref={ref}>
      <button
        type="button"
        aria-expanded={open}
        aria-haspopup="true"
        aria-label={unseen ? `Notifications, ${unseen} new` : "Notifications"}
        onClick={toggle}
      >
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {unseen > 0 && <span className="bell-count">{unseen}</span>}
      </button>
      {open && (
        <div className="bell-panel" role="region" aria-label="Recent jobs">
          {finished.length === 0 ? (
            <p className="muted">No finished jobs yet. We'll let you know here when one ends.</p>
          ) : (
            <ul>
              {finished.map((job) => (
                <li key={job.id} className={isNoticeJob(job.kind) ? "notice" : job.status === "failed" ? "failed" : "succeeded"}>
                  <strong>{jobLabel(job.kind, job.payload)}</strong>
                  {!isNoticeJob(job.kind) && <> — {job.status === "failed" ? "failed" : "finished"}</>}
                  <br />
                  <span className="muted">{jobStatusText(job)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

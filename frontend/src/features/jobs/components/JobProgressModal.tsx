import { useEffect, useRef } from "react";
import type { Job } from "../../../api/types";
import { Dialog } from "../../../components/Dialog";
import { useJob, isFinished } from "../api/job";
import { useCancelJob } from "../api/cancelJob";
import { jobLabel, jobStatusText } from "../jobText";

interface Props {
  jobId: number;
  title?: string;
  onClose: () => void;
  /** Called once when the job succeeds (e.g. to refresh the table). */
  onFinished?: (job: Job) => void;
  canCancel?: boolean;
  pollIntervalMs?: number;
}

/** Shows a long operation's progress, step and outcome, fed by GET /system/jobs/{id}/. */
export function JobProgressModal({ jobId, title, onClose, onFinished, canCancel = true, pollIntervalMs }: Props) {
  const { data: job, error } = useJob(jobId, pollIntervalMs);
  const cancel = useCancelJob();
  const notified = useRef(false);

  useEffect(() => {
    if (job && isFinished(job) && !notified.current) {
      notified.current = true;
      onFinished?.(job);
    }
  }, [job, onFinished]);

  const heading = title ?? (job ? jobLabel(job.kind, job.payload) : "Working…");
  const finished = isFinished(job);
  const progress = job ? Math.max(0, Math.min(100, job.progress)) : 0;

  return (
    // Focus starts on the dialog itself, so Enter never cancels a job by accident.
    <Dialog title={heading} onClose={onClose} initialFocus="dialog">
        {error && !job && (
          <p className="error" role="alert">
            We couldn't check on this job: {error.message}
          </p>
        )}
        {!job && !error && <p role="status">Starting…</p>}
        {job && (
          <>
            <div
              className={`progress ${job.status}`}
              role="progressbar"
              aria-label="Job progress"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={progress}
            >
              <div className="progress-fill" style={{ width: `${progress}%` }} />
            </div>
            <p className="progress-figure">{progress}%</p>
            {job.step && !finished && <p className="muted">Step: {job.step}</p>}
            <p role={job.status === "failed" ? "alert" : "status"} className={job.status === "failed" ? "error" : ""}>
              {jobStatusText(job)}
            </p>
            {finished && job.credits_used > 0 && <p className="muted">Credits used: {job.credits_used}</p>}
          </>
        )}
        <div className="modal-actions">
          {job && !finished && canCancel && (
            <button type="button" onClick={() => cancel.mutate(jobId)} disabled={cancel.isPending || job.cancel_requested}>
              {job.cancel_requested ? "Cancelling…" : "Cancel job"}
            </button>
          )}
          <button type="button" className={finished ? "primary" : ""} onClick={onClose}>
            {finished ? "Close" : "Hide — keep running"}
          </button>
        </div>
    </Dialog>
  );
}

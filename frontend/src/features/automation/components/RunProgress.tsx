import { useEffect, useRef } from "react";
import { Link } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { FormError } from "../../../components/FormError";
import { ErrorState, Loading } from "../../../components/States";
import { useRun } from "../api/run";
import { usePauseRun } from "../api/pauseRun";
import { useResumeRun } from "../api/resumeRun";
import { useCancelRun } from "../api/cancelRun";
import { useAutomationPermissions } from "../hooks/useAutomationPermissions";
import { useNow } from "../hooks/useNow";
import { actionLabel, formatDuration, runStatusLabel, triggerLabel } from "../labels";
import { isActiveRun, runErrors, runResults, type Run } from "../types";
import { refreshQueries } from "../../../api/refresh";

/** Items done / items chosen across the run's actions (0–100), or null before any are chosen. */
export function runPercent(run: Run): number | null {
  const results = runResults(run);
  const total = results.reduce((sum, r) => sum + (r.items ?? 0), 0);
  if (total === 0) return isActiveRun(run) ? null : 100;
  const done = results.reduce((sum, r) => sum + (r.processed ?? 0) + (r.errors?.length ?? 0), 0);
  return Math.min(100, Math.round((done / total) * 100));
}

export function RunStatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status}`}>{runStatusLabel(status)}</span>;
}

/** The run's controls: pause / resume / cancel (editors and up), effective after the current item. */
export function RunControls({ run }: { run: Run }) {
  const { canRun } = useAutomationPermissions();
  const pause = usePauseRun();
  const resume = useResumeRun();
  const cancel = useCancelRun();
  if (!canRun || !isActiveRun(run)) return null;
  const busy = pause.isPending || resume.isPending || cancel.isPending;
  return (
    <div className="toolbar">
      {run.status === "paused" ? (
        <button type="button" onClick={() => resume.mutate(run.id)} disabled={busy}>
          Resume
        </button>
      ) : (
        <button type="button" onClick={() => pause.mutate(run.id)} disabled={busy || run.pause_requested}>
          {run.pause_requested ? "Pausing…" : "Pause"}
        </button>
      )}
      <button type="button" className="danger" onClick={() => cancel.mutate(run.id)} disabled={busy || run.cancel_requested}>
        {run.cancel_requested ? "Cancelling…" : "Cancel run"}
      </button>
      <FormError error={pause.error ?? resume.error ?? cancel.error} />
    </div>
  );
}

/** A run as it happens (polled): status, progress, items, credits, per-action results and controls. */
export function RunPanel({ run, detailLink = true }: { run: Run; detailLink?: boolean }) {
  const active = isActiveRun(run);
  const now = useNow(1000, active && !!run.started_at);
  const percent = runPercent(run);
  const results = runResults(run);
  const errors = runErrors(run);
  return (
    <div className="run-panel" aria-label={`Run ${run.id} of ${run.rule_name}`} role="group">
      <div className="run-head">
        <strong>{run.rule_name}</strong>
        <RunStatusBadge status={run.status} />
        <span className="muted">{triggerLabel(run.trigger)}</span>
        {detailLink && <Link to={`/automation/history/${run.id}`}>Run details</Link>}
      </div>
      <div
        className={`progress ${run.status}`}
        role="progressbar"
        aria-label="Run progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={percent === null ? "Choosing items" : `${percent}%`}
      >
        <div className="progress-fill" style={{ width: `${percent ?? 0}%` }} />
      </div>
      <dl className="run-figures">
        <div>
          <dt>Items processed</dt>
          <dd>{run.items_processed}</dd>
        </div>
        <div>
          <dt>Credits used</dt>
          <dd>{run.credits_used}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(run.started_at, run.finished_at, now) || "Not started"}</dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd>{errors.length}</dd>
        </div>
      </dl>
      {run.message && (
        <p role="status" className={run.status === "failed" ? "error" : "muted"}>
          {run.message}
        </p>
      )}
      {results.length > 0 && (
        <ol className="action-results" aria-label="Actions">
          {results.map((r, i) => (
            <li key={i}>
              <span>{actionLabel(r.type)}</span> <RunStatusBadge status={r.status} />{" "}
              <span className="muted">
                {r.processed ?? 0} of {r.items ?? 0} item(s), {r.credits ?? 0} credit(s)
                {r.errors?.length ? `, ${r.errors.length} failed` : ""}
              </span>
            </li>
          ))}
        </ol>
      )}
      <RunControls run={run} />
    </div>
  );
}

/** Loads a run by id and keeps polling it until it ends; tells the caller once when it ends. */
export function LiveRun({ runId, onFinished }: { runId: number; onFinished?: (run: Run) => void }) {
  const run = useRun(runId);
  const queryClient = useQueryClient();
  const told = useRef(false);
  useEffect(() => {
    if (run.data && !isActiveRun(run.data) && !told.current) {
      told.current = true;
      void refreshQueries(queryClient, ["automation", "runs", "list"]);
      void refreshQueries(queryClient, ["automation", "rules"]);
      void refreshQueries(queryClient, ["billing"]);
      void refreshQueries(queryClient, ["planner"]);
      void refreshQueries(queryClient, ["writer"]);
      onFinished?.(run.data);
    }
  }, [run.data, onFinished, queryClient]);
  if (run.isPending) return <Loading label="Loading the run…" />;
  if (run.isError) return <ErrorState error={run.error} retry={() => void run.refetch()} />;
  return <RunPanel run={run.data} />;
}

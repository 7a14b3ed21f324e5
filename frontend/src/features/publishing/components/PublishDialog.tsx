import { useId, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { Job } from "../../../api/types";
import { Dialog } from "../../../components/Dialog";
import { FieldErrors, FormError } from "../../../components/FormError";
import { Empty, ErrorState, Loading } from "../../../components/States";
import { JobProgressModal } from "../../jobs/components/JobProgressModal";
import { useIntegrations } from "../../integrations/api/integrations";
import { integrationAddress, platformLabel, type Integration } from "../../integrations/types";
import { usePublish } from "../api/publish";
import {
  destinationsOf,
  RECORD_STATUS_LABELS,
  REMOTE_STATUS_LABELS,
  type DestinationOutcome,
  type PublishingRecord,
  type PublishStatus,
} from "../types";
import { refreshQueries } from "../../../api/refresh";

type When = "now" | "draft" | "schedule";
type Scheduler = "igny8" | "platform";

interface Props {
  content: { id: number; site: number; title: string };
  onClose: () => void;
}

type Phase =
  | { step: "form" }
  | { step: "running"; jobId: number }
  | { step: "done"; outcomes: DestinationOutcome[]; jobError?: string }
  | { step: "scheduled"; records: PublishingRecord[] };

const destinationName = (i: Pick<Integration, "name" | "platform">) => i.name || platformLabel(i.platform);

/** Publish one content item to some of its site's active integrations: now, as a draft, or scheduled (by
 * IGNY8 at that time, or sent now and scheduled by the platform). Shows the job's progress, then what each
 * destination answered. */
export function PublishDialog({ content, onClose }: Props) {
  const integrations = useIntegrations(content.site);
  const publish = usePublish();
  const queryClient = useQueryClient();
  const ids = useId();
  const [chosen, setChosen] = useState<number[] | null>(null);
  const [when, setWhen] = useState<When>("now");
  const [scheduler, setScheduler] = useState<Scheduler>("igny8");
  const [publishAt, setPublishAt] = useState("");
  const [phase, setPhase] = useState<Phase>({ step: "form" });

  const active = (integrations.data?.results ?? []).filter((i) => i.is_active);
  // Every active destination is ticked until the user changes the choice.
  const selected = chosen ?? active.map((i) => i.id);
  const byId = new Map((integrations.data?.results ?? []).map((i) => [i.id, i]));
  const refresh = () => {
    void refreshQueries(queryClient, ["publishing", "records", content.id]);
    void refreshQueries(queryClient, ["writer", "content", "detail", content.id]);
    void refreshQueries(queryClient, ["writer", "content", "list"]);
  };

  if (phase.step === "running") {
    return (
      <JobProgressModal
        jobId={phase.jobId}
        title={`Publishing “${content.title}”`}
        canCancel={false}
        onClose={onClose}
        onFinished={(job: Job) => {
          refresh();
          setPhase({ step: "done", outcomes: destinationsOf(job.result), jobError: job.status === "succeeded" ? undefined : job.error || job.message });
        }}
      />
    );
  }

  if (phase.step === "done" || phase.step === "scheduled") {
    const outcomes: DestinationOutcome[] =
      phase.step === "done"
        ? phase.outcomes
        : phase.records.map((r) => ({ record_id: r.id, integration_id: r.integration, platform: r.platform, ok: true, status: r.status, external_url: r.external_url }));
    const failed = outcomes.filter((o) => !o.ok).length;
    return (
      <Dialog title="Publishing results" onClose={onClose} wide>
        {phase.step === "done" && phase.jobError && (
          <p className="error" role="alert">
            Publishing didn't finish: {phase.jobError}
          </p>
        )}
        {phase.step === "scheduled" && (
          <p role="status">
            Scheduled for {phase.records[0]?.scheduled_for ? new Date(phase.records[0].scheduled_for).toLocaleString() : "later"}. IGNY8
            will publish it then; you can cancel it in the Publishing panel.
          </p>
        )}
        {phase.step === "done" && !phase.jobError && (
          <p role="status">
            {failed === 0
              ? `Done: ${outcomes.length} of ${outcomes.length} destination(s) answered OK.`
              : `${outcomes.length - failed} of ${outcomes.length} destination(s) OK, ${failed} failed.`}
          </p>
        )}
        <ul className="publish-results" aria-label="Results per destination">
          {outcomes.map((o) => {
            const integration = o.integration_id !== undefined ? byId.get(o.integration_id) : undefined;
            const name = integration ? destinationName(integration) : platformLabel(o.platform ?? "destination");
            return (
              <li key={o.record_id} className={`publish-result ${o.ok ? "result-ok" : "result-failed"}`}>
                <p>
                  <strong>{name}</strong>{" "}
                  <span className={`badge record-${o.ok ? o.status ?? "published" : "failed"}`}>
                    {o.ok ? RECORD_STATUS_LABELS[(o.status ?? "published") as keyof typeof RECORD_STATUS_LABELS] ?? o.status : "Failed"}
                  </span>
                  {o.ok && o.remote_status && o.status === "published" && (
                    <span className="muted"> ({REMOTE_STATUS_LABELS[o.remote_status] ?? o.remote_status})</span>
                  )}
                </p>
                {o.ok && o.external_url && (
                  <p>
                    <a href={o.external_url} target="_blank" rel="noopener noreferrer">
                      View on {platformLabel(o.platform ?? integration?.platform ?? "")}
                      <span className="sr-only"> (opens in a new tab)</span>
                    </a>{" "}
                    <span className="muted break">{o.external_url}</span>
                  </p>
                )}
                {!o.ok && o.error && (
                  <p className="error" role="alert">
                    {o.error}
                  </p>
                )}
                {(o.warnings ?? []).length > 0 && (
                  <ul className="warnings" aria-label={`Warnings for ${name}`}>
                    {(o.warnings ?? []).map((w) => (
                      <li key={w}>{w}</li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
        <div className="modal-actions">
          <button type="button" className="primary" onClick={onClose}>
            Close
          </button>
        </div>
      </Dialog>
    );
  }

  const needsTime = when === "schedule";
  const toggle = (id: number, on: boolean) =>
    setChosen((prev) => {
      const base = prev ?? active.map((i) => i.id);
      return on ? [...base.filter((x) => x !== id), id] : base.filter((x) => x !== id);
    });

  return (
    <Dialog title="Publish" onClose={onClose} wide>
      {integrations.isPending && <Loading label="Loading destinations…" />}
      {integrations.isError && <ErrorState error={integrations.error} retry={() => void integrations.refetch()} />}
      {integrations.data && active.length === 0 && (
        <>
          <Empty title="Nowhere to publish yet — connect WordPress, Shopify or a webhook first.">
            <p>An owner or admin can add one in Settings → Integrations.</p>
          </Empty>
          <div className="modal-actions">
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      )}
      {active.length > 0 && (
        <form
          className="publish-form stack"
          aria-label="Publish content"
          onSubmit={(e) => {
            e.preventDefault();
            const status: PublishStatus = when === "draft" ? "draft" : when === "schedule" && scheduler === "platform" ? "future" : "publish";
            publish.mutate(
              {
                content_id: content.id,
                destinations: selected.map(String),
                status,
                publish_at: needsTime && publishAt ? new Date(publishAt).toISOString() : null,
              },
              {
                onSuccess: (accepted) => {
                  if (accepted.job_id !== null) setPhase({ step: "running", jobId: accepted.job_id });
                  else {
                    refresh();
                    setPhase({ step: "scheduled", records: accepted.records });
                  }
                },
              },
            );
          }}
        >
          <p className="muted">“{content.title}”</p>
          <fieldset disabled={publish.isPending} className="stack">
            <legend>Destinations</legend>
            {active.map((i) => (
              <label key={i.id} className="checkbox">
                <input type="checkbox" checked={selected.includes(i.id)} onChange={(e) => toggle(i.id, e.target.checked)} />{" "}
                {destinationName(i)} <span className="muted break">{integrationAddress(i)}</span>
              </label>
            ))}
          </fieldset>
          <FieldErrors error={publish.error} field="destinations" />
          <fieldset disabled={publish.isPending} className="stack">
            <legend>When</legend>
            <label className="checkbox">
              <input type="radio" name={`${ids}-when`} checked={when === "now"} onChange={() => setWhen("now")} /> Publish now
            </label>
            <label className="checkbox">
              <input type="radio" name={`${ids}-when`} checked={when === "draft"} onChange={() => setWhen("draft")} /> Send as a
              draft (not visible until published on the platform)
            </label>
            <label className="checkbox">
              <input type="radio" name={`${ids}-when`} checked={when === "schedule"} onChange={() => setWhen("schedule")} /> Schedule
            </label>
            {needsTime && (
              <div className="schedule-options stack">
                <label>
                  Publish at
                  <input
                    type="datetime-local"
                    required
                    value={publishAt}
                    min={new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16)}
                    onChange={(e) => setPublishAt(e.target.value)}
                  />
                </label>
                <label className="checkbox">
                  <input
                    type="radio"
                    name={`${ids}-scheduler`}
                    checked={scheduler === "igny8"}
                    onChange={() => setScheduler("igny8")}
                  />{" "}
                  IGNY8 sends it at that time
                </label>
                <label className="checkbox">
                  <input
                    type="radio"
                    name={`${ids}-scheduler`}
                    checked={scheduler === "platform"}
                    onChange={() => setScheduler("platform")}
                  />{" "}
                  Send it now and let the platform schedule it
                </label>
              </div>
            )}
          </fieldset>
          <FieldErrors error={publish.error} field="publish_at" />
          <FormError error={publish.error} />
          <div className="modal-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={publish.isPending || selected.length === 0 || (needsTime && !publishAt)}>
              {publish.isPending ? "Starting…" : needsTime ? "Schedule" : "Publish"}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

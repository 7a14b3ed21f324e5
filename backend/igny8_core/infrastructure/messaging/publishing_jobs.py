"""Job handlers for publishing and sync (kinds ``publishing.publish`` and ``publishing.sync``)."""

from __future__ import annotations

from igny8_core.domain.jobs.models import Job
from igny8_core.domain.publishing.publisher import publish_job_run
from igny8_core.domain.publishing.services import PUBLISH_JOB, SYNC_JOB
from igny8_core.domain.publishing.sync import integration_sync
from igny8_core.infrastructure.external.base import IntegrationError
from igny8_core.infrastructure.messaging.job_runner import JobFailure, JobOutcome, register_job_handler


@register_job_handler(PUBLISH_JOB)
def publish_handler(job: Job) -> JobOutcome:
    """Publishing is free (seed §10.3 has no publishing cost). Each destination's outcome is in the result;
    the job succeeds when it tried them all, whatever each answered."""
    result = publish_job_run(job=job)
    total = result["published"] + result["failed"]
    return JobOutcome(result, message=f"Published to {result['published']} of {total} destination(s).")


@register_job_handler(SYNC_JOB)
def sync_handler(job: Job) -> JobOutcome:
    try:
        result = integration_sync(
            integration_id=int(job.payload["integration_id"]), mode=str(job.payload.get("mode", "full")), job=job
        )
    except IntegrationError as exc:
        raise JobFailure(exc.message) from None
    return JobOutcome(
        result,
        message=f"Sync done: {result['created']} new, {result['updated']} updated, "
        f"{result['remote_changed']} changed remotely, {result['conflict']} in conflict.",
    )

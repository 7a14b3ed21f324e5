"""Job lifecycle: create → enqueue (on commit) → start → progress → succeed / fail / cancel.

Status changes are conditional UPDATEs, so a redelivered task or a late cancel can never
move a finished job back to running.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from igny8_core.core.auth.models import Account, Site, User
from igny8_core.domain.jobs.models import ACTIVE_JOB_STATUSES, Job, JobStatus
from igny8_core.shared.exceptions import ConflictError


class JobCancelled(Exception):
    """Raised inside a running job when the user asked to cancel it."""


# Job kinds that hold other rows waiting on them (a publish job's records): called inside the
# cancelling transaction when a queued job is cancelled, so nothing is left waiting for a job that
# will never run. A running job cleans up itself when it sees JobCancelled.
_QUEUED_CANCEL_HOOKS: dict[str, Callable[[Job], None]] = {}


def on_queued_job_cancelled(kind: str) -> Callable[[Callable[[Job], None]], Callable[[Job], None]]:
    def register(hook: Callable[[Job], None]) -> Callable[[Job], None]:
        _QUEUED_CANCEL_HOOKS[kind] = hook
        return hook

    return register


def job_create(
    *,
    account: Account,
    kind: str,
    user: User | None = None,
    site: Site | None = None,
    payload: dict[str, Any] | None = None,
    message: str = "Queued",
) -> Job:
    return Job.objects.create(account=account, kind=kind, user=user, site=site, payload=payload or {}, message=message)


def job_enqueue(*, job: Job, send: Callable[[int], Any]) -> None:
    """Hand the job to the queue once the surrounding transaction commits (never a phantom job)."""
    transaction.on_commit(lambda: send(job.pk))


def job_start(*, job_id: int) -> Job | None:
    """Mark the job running; None if it is finished or cancelled (a duplicate delivery)."""
    now = timezone.now()
    Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(status=JobStatus.RUNNING, started_at=now)
    Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(attempts=F("attempts") + 1, updated_at=now)
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status != JobStatus.RUNNING:
        return None
    if job.cancel_requested:
        job_mark_cancelled(job_id=job_id)
        return None
    return job


def job_progress(*, job_id: int, progress: int, step: str = "", message: str = "") -> None:
    """Report progress; raises JobCancelled if the user cancelled meanwhile."""
    progress = max(0, min(100, int(progress)))
    Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        progress=progress, step=step[:50], message=message[:500], updated_at=timezone.now()
    )
    if Job.objects.filter(pk=job_id, cancel_requested=True).exists():
        raise JobCancelled()


def job_succeed(
    *, job_id: int, result: dict[str, Any] | None = None, credits_used: int = 0, message: str = "Done"
) -> None:
    Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        status=JobStatus.SUCCEEDED,
        progress=100,
        step="done",
        message=message[:500],
        result=result or {},
        credits_used=credits_used,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def job_fail(*, job_id: int, error: str) -> None:
    Job.objects.filter(pk=job_id, status__in=ACTIVE_JOB_STATUSES).update(
        status=JobStatus.FAILED,
        error=error[:5000],
        message=error[:500],
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def job_mark_cancelled(*, job_id: int) -> None:
    Job.objects.filter(pk=job_id, status__in=ACTIVE_JOB_STATUSES).update(
        status=JobStatus.CANCELLED, message="Cancelled", finished_at=timezone.now(), updated_at=timezone.now()
    )


@transaction.atomic
def job_cancel(*, job: Job) -> Job:
    """Cancel a queued job now; ask a running one to stop at its next progress report."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status == JobStatus.QUEUED:
        job.status = JobStatus.CANCELLED
        job.cancel_requested = True
        job.message = "Cancelled"
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "cancel_requested", "message", "finished_at", "updated_at"])
        hook = _QUEUED_CANCEL_HOOKS.get(job.kind)
        if hook is not None:
            hook(job)
    elif job.status == JobStatus.RUNNING:
        job.cancel_requested = True
        job.message = "Cancelling…"
        job.save(update_fields=["cancel_requested", "message", "updated_at"])
    else:
        raise ConflictError(f"This job has already finished ({job.status}); it cannot be cancelled.")
    return job

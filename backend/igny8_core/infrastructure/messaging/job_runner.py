"""Runs a Job by its kind. Handlers register here; the Celery task only passes the id."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from igny8_core.domain.jobs.models import Job
from igny8_core.domain.jobs.services import (
    JobCancelled,
    job_fail,
    job_mark_cancelled,
    job_progress,
    job_start,
    job_succeed,
)

logger = logging.getLogger("igny8.jobs")

JobHandler = Callable[[Job], "JobOutcome"]
_HANDLERS: dict[str, JobHandler] = {}


class JobOutcome:
    def __init__(self, result: dict[str, Any] | None = None, *, credits_used: int = 0, message: str = "Done") -> None:
        self.result = result or {}
        self.credits_used = credits_used
        self.message = message


class JobFailure(Exception):
    """A handler's way to fail a job with a message the user can read (not retried)."""


def register_job_handler(kind: str) -> Callable[[JobHandler], JobHandler]:
    def decorator(func: JobHandler) -> JobHandler:
        _HANDLERS[kind] = func
        return func

    return decorator


def job_kinds() -> list[str]:
    return sorted(_HANDLERS)


def job_execute(*, job_id: int) -> str:
    """Run one job to a final state. Returns that state. Safe to call twice for the same id."""
    job = job_start(job_id=job_id)
    if job is None:
        return "skipped"
    handler = _HANDLERS.get(job.kind)
    if handler is None:
        job_fail(job_id=job_id, error=f"Unknown job kind: {job.kind}")
        return "failed"
    try:
        outcome = handler(job)
    except JobCancelled:
        job_mark_cancelled(job_id=job_id)
        return "cancelled"
    except JobFailure as exc:
        job_fail(job_id=job_id, error=str(exc))
        return "failed"
    except Exception as exc:
        logger.exception("Job %s (%s) crashed", job_id, job.kind)
        job_fail(job_id=job_id, error=f"The job failed unexpectedly: {exc.__class__.__name__}: {exc}")
        return "failed"
    job_succeed(job_id=job_id, result=outcome.result, credits_used=outcome.credits_used, message=outcome.message)
    return "succeeded"


@register_job_handler("system.selftest")
def _selftest(job: Job) -> JobOutcome:
    """Round trip through the broker and a worker; proves the queue is alive. Costs nothing."""
    import socket

    steps = max(1, min(int(job.payload.get("steps", 4)), 20))
    delay = max(0.0, min(float(job.payload.get("delay", 0)), 2.0))
    for i in range(1, steps + 1):
        time.sleep(delay)
        job_progress(
            job_id=job.pk,
            progress=int(i * 100 / steps) - (1 if i == steps else 0),
            step="selftest",
            message=f"Step {i} of {steps}",
        )
    return JobOutcome({"worker": socket.gethostname(), "steps": steps}, message="Worker is alive.")

"""Celery tasks: thin, idempotent, take ids, call a service. Retries are explicit."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.db import InterfaceError, OperationalError

from igny8_core.domain.billing.services import credits_replenish_monthly
from igny8_core.infrastructure.messaging.job_runner import job_execute

TRANSIENT = (OperationalError, InterfaceError)

# Every task that runs a Job: acknowledged only after it ran (a dead worker's job is redelivered, and
# job_execute makes that safe); database hiccups retried with backoff and jitter.
JOB_TASK_OPTIONS: dict[str, Any] = {
    "acks_late": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(name="igny8.jobs.run", **JOB_TASK_OPTIONS)
def run_job(job_id: int) -> str:
    return job_execute(job_id=job_id)


def send_job(job_id: int) -> Any:
    return run_job.apply_async(args=(job_id,))


@shared_task(
    name="igny8.billing.replenish_monthly_credits",
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    max_retries=5,
)
def replenish_monthly_credits() -> dict[str, int]:
    return credits_replenish_monthly()


@shared_task(
    name="igny8.publishing.publish_due", acks_late=True, autoretry_for=TRANSIENT, retry_backoff=5, max_retries=3
)
def publish_due() -> list[int]:
    """Every minute: scheduled publishing records whose time has come go to publish jobs (claimed once)."""
    from igny8_core.domain.publishing.services import publish_due as publish_due_records

    return publish_due_records()


@shared_task(name="igny8.publishing.sync_due", acks_late=True, autoretry_for=TRANSIENT, retry_backoff=5, max_retries=3)
def sync_due() -> list[int]:
    """Every 5 minutes: integrations with sync_enabled get an incremental sync when their last one is
    older than 15 minutes."""
    from igny8_core.domain.publishing.services import sync_due as queue_due_syncs

    return queue_due_syncs()

"""The job runner: handlers by kind, final states, cancellation, and a real worker round trip."""

from __future__ import annotations

import logging
import socket
import time
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker

from igny8_core.celery import app
from igny8_core.domain.jobs.models import Job
from igny8_core.domain.jobs.services import job_cancel, job_create, job_progress
from igny8_core.infrastructure.messaging import job_runner
from igny8_core.infrastructure.messaging.celery_tasks import run_job
from igny8_core.infrastructure.messaging.job_runner import JobFailure, JobOutcome, job_execute, job_kinds
from tests.conftest import Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def register_handler(monkeypatch) -> Any:
    """Register a test-only handler for the duration of one test."""

    def register(kind: str, func: Any) -> None:
        monkeypatch.setitem(job_runner._HANDLERS, kind, func)

    return register


def make_job(tenant: Tenant, kind: str, **payload: Any) -> Job:
    return job_create(account=tenant.account, kind=kind, user=tenant.owner, payload=payload)


def fresh(job: Job) -> Job:
    return Job.objects.get(pk=job.pk)


def test_selftest_is_a_registered_kind():
    assert "system.selftest" in job_kinds()


def test_selftest_runs_to_success_reporting_progress(tenant: Tenant, monkeypatch):
    reported: list[tuple[int, str, str]] = []
    real_progress = job_runner.job_progress

    def spy(*, job_id: int, progress: int, step: str = "", message: str = "") -> None:
        reported.append((progress, step, message))
        real_progress(job_id=job_id, progress=progress, step=step, message=message)

    monkeypatch.setattr(job_runner, "job_progress", spy)
    job = make_job(tenant, "system.selftest", steps=3)

    assert job_execute(job_id=job.pk) == "succeeded"

    assert reported == [
        (33, "selftest", "Step 1 of 3"),
        (66, "selftest", "Step 2 of 3"),
        (99, "selftest", "Step 3 of 3"),
    ]
    job = fresh(job)
    assert (job.status, job.progress, job.step, job.message) == ("succeeded", 100, "done", "Worker is alive.")
    assert job.result == {"worker": socket.gethostname(), "steps": 3}
    assert (job.attempts, job.credits_used, job.error) == (1, 0, "")
    assert job.started_at is not None
    assert job.finished_at is not None


def test_job_execute_is_idempotent_a_second_call_on_a_finished_job_is_skipped(tenant: Tenant, register_handler):
    calls: list[int] = []

    def handler(job: Job) -> JobOutcome:
        calls.append(job.pk)
        return JobOutcome({"n": len(calls)}, credits_used=7, message="Made it.")

    register_handler("test.count", handler)
    job = make_job(tenant, "test.count")

    assert job_execute(job_id=job.pk) == "succeeded"
    first = fresh(job)
    assert job_execute(job_id=job.pk) == "skipped"

    assert calls == [job.pk]
    second = fresh(job)
    assert (second.status, second.result, second.credits_used, second.message) == (
        "succeeded",
        {"n": 1},
        7,
        "Made it.",
    )
    assert (second.attempts, second.finished_at, second.updated_at) == (1, first.finished_at, first.updated_at)


def test_job_execute_of_a_missing_job_is_skipped(db):
    assert job_execute(job_id=987654) == "skipped"


def test_an_unknown_kind_fails_the_job(tenant: Tenant):
    job = make_job(tenant, "no.such.kind")

    assert job_execute(job_id=job.pk) == "failed"

    job = fresh(job)
    assert (job.status, job.error, job.message) == (
        "failed",
        "Unknown job kind: no.such.kind",
        "Unknown job kind: no.such.kind",
    )
    assert job.finished_at is not None
    assert job_execute(job_id=job.pk) == "skipped"


def test_job_failure_fails_the_job_with_its_message(tenant: Tenant, register_handler):
    def handler(job: Job) -> JobOutcome:
        job_progress(job_id=job.pk, progress=20, step="checking")
        raise JobFailure("The site has no keywords to cluster.")

    register_handler("test.refuse", handler)
    job = make_job(tenant, "test.refuse")

    assert job_execute(job_id=job.pk) == "failed"

    job = fresh(job)
    assert (job.status, job.error, job.message) == (
        "failed",
        "The site has no keywords to cluster.",
        "The site has no keywords to cluster.",
    )
    assert (job.progress, job.step, job.result) == (20, "checking", {})


def test_a_crashing_handler_fails_the_job_and_logs_it(tenant: Tenant, register_handler, caplog):
    def handler(job: Job) -> JobOutcome:
        raise KeyError("missing")

    register_handler("test.crash", handler)
    job = make_job(tenant, "test.crash")

    with caplog.at_level(logging.ERROR, logger="igny8.jobs"):
        assert job_execute(job_id=job.pk) == "failed"

    job = fresh(job)
    assert (job.status, job.error) == ("failed", "The job failed unexpectedly: KeyError: 'missing'")
    assert [r.getMessage() for r in caplog.records if r.name == "igny8.jobs"] == [f"Job {job.pk} (test.crash) crashed"]


def test_a_job_cancelled_while_queued_never_runs(tenant: Tenant, register_handler):
    calls: list[int] = []

    def handler(job: Job) -> JobOutcome:
        calls.append(job.pk)
        return JobOutcome()

    register_handler("test.count", handler)
    job = make_job(tenant, "test.count")

    job_cancel(job=job)

    assert job_execute(job_id=job.pk) == "skipped"
    assert calls == []
    job = fresh(job)
    assert (job.status, job.attempts, job.started_at, job.message) == ("cancelled", 0, None, "Cancelled")


def test_a_job_cancelled_while_running_stops_at_its_next_progress_report(tenant: Tenant, register_handler):
    reached: list[str] = []

    def handler(job: Job) -> JobOutcome:
        job_progress(job_id=job.pk, progress=30, step="part 1")
        reached.append("part 1")
        job_cancel(job=job)  # the user clicks Cancel while the job runs
        job_progress(job_id=job.pk, progress=60, step="part 2")
        reached.append("part 2")
        return JobOutcome({"never": True})

    register_handler("test.long", handler)
    job = make_job(tenant, "test.long")

    assert job_execute(job_id=job.pk) == "cancelled"

    assert reached == ["part 1"]
    job = fresh(job)
    assert (job.status, job.message, job.cancel_requested, job.result) == ("cancelled", "Cancelled", True, {})
    assert job.finished_at is not None
    assert job_execute(job_id=job.pk) == "skipped"


def test_the_celery_task_runs_the_job_by_id(tenant: Tenant):
    job = make_job(tenant, "system.selftest", steps=1)

    assert run_job.apply(args=(job.pk,)).get() == "succeeded"
    assert run_job.apply(args=(job.pk,)).get() == "skipped"
    assert fresh(job).status == "succeeded"


# --- a real worker ------------------------------------------------------------------------------


def _purge_broker() -> None:
    """Drop messages other tests left on the queue, so the worker only sees ours."""
    app.control.purge()


@pytest.mark.django_db(transaction=True)
def test_selftest_round_trips_through_the_broker_and_a_real_worker(make_tenant, settings):
    assert app.conf.task_always_eager is False
    assert app.conf.broker_url.startswith("redis://" if settings.REDIS_URL else "filesystem://")
    tenant = make_tenant()
    _purge_broker()

    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=30):
        response = tenant.client.post("/api/v1/system/jobs/selftest/", {"steps": 3}, format="json")
        assert response.status_code == 202
        body = response.json()
        assert body["message"] == "Job queued."
        assert body["data"]["status"] == "queued"
        job_id = body["data"]["job_id"]

        deadline = time.monotonic() + 30
        while True:
            polled = tenant.client.get(f"/api/v1/system/jobs/{job_id}/")
            assert polled.status_code == 200
            data = polled.json()["data"]
            if data["status"] not in ("queued", "running") or time.monotonic() > deadline:
                break
            time.sleep(0.1)

    assert data["status"] == "succeeded", data
    assert (data["progress"], data["step"], data["message"], data["error"]) == (100, "done", "Worker is alive.", "")
    assert data["result"]["steps"] == 3
    assert data["result"]["worker"] == socket.gethostname()
    assert (data["kind"], data["payload"], data["attempts"], data["user"]) == (
        "system.selftest",
        {"steps": 3, "delay": 0.0},
        1,
        tenant.owner.pk,
    )

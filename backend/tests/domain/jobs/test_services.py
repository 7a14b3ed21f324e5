"""Job lifecycle services: create, enqueue on commit, start, progress, succeed, fail, cancel."""

from __future__ import annotations

import pytest
from django.db import transaction

from igny8_core.domain.jobs.models import Job
from igny8_core.domain.jobs.services import (
    JobCancelled,
    job_cancel,
    job_create,
    job_enqueue,
    job_fail,
    job_mark_cancelled,
    job_progress,
    job_start,
    job_succeed,
)
from igny8_core.shared.exceptions import ConflictError
from tests.conftest import Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(tenant: Tenant) -> Job:
    return job_create(account=tenant.account, kind="test.noop", user=tenant.owner, payload={"n": 1})


def fresh(job: Job) -> Job:
    return Job.objects.get(pk=job.pk)


def test_job_create_starts_queued_with_nothing_done(tenant: Tenant, job: Job):
    job = fresh(job)

    assert (job.account_id, job.user_id, job.site_id, job.kind) == (
        tenant.account.pk,
        tenant.owner.pk,
        None,
        "test.noop",
    )
    assert (job.status, job.progress, job.step, job.message) == ("queued", 0, "", "Queued")
    assert (job.payload, job.result, job.error, job.credits_used) == ({"n": 1}, {}, "", 0)
    assert (job.cancel_requested, job.attempts, job.celery_task_id) == (False, 0, "")
    assert (job.started_at, job.finished_at) == (None, None)
    assert job.is_active is True


def test_a_job_on_a_site_always_belongs_to_the_sites_account(tenant: Tenant, stranger: Tenant):
    job = job_create(account=stranger.account, kind="test.noop", site=tenant.site)

    assert fresh(job).account_id == tenant.account.pk


def test_job_enqueue_sends_only_after_the_transaction_commits(job: Job, django_capture_on_commit_callbacks):
    sent: list[int] = []

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job_enqueue(job=job, send=sent.append)
        assert sent == []

    assert len(callbacks) == 1
    callbacks[0]()
    assert sent == [job.pk]


def test_job_enqueue_in_a_rolled_back_transaction_never_sends(job: Job, django_capture_on_commit_callbacks):
    sent: list[int] = []

    def enqueue_then_roll_back() -> None:
        with transaction.atomic():
            job_enqueue(job=job, send=sent.append)
            raise RuntimeError("rolled back")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        enqueue_then_roll_back()

    assert callbacks == []
    assert sent == []


def test_job_start_marks_running_and_counts_the_attempt(job: Job):
    started = job_start(job_id=job.pk)

    assert started is not None
    job = fresh(job)
    assert (job.status, job.attempts) == ("running", 1)
    assert job.started_at is not None
    assert job.is_active is True


def test_a_redelivered_running_job_counts_another_attempt_but_keeps_its_start_time(job: Job):
    job_start(job_id=job.pk)
    first_start = fresh(job).started_at

    again = job_start(job_id=job.pk)

    assert again is not None
    job = fresh(job)
    assert (job.status, job.attempts, job.started_at) == ("running", 2, first_start)


@pytest.mark.parametrize("finish", ["succeed", "fail", "cancel"])
def test_job_start_on_a_finished_job_returns_none_and_changes_nothing(job: Job, finish):
    job_start(job_id=job.pk)
    if finish == "succeed":
        job_succeed(job_id=job.pk, result={"ok": True})
    elif finish == "fail":
        job_fail(job_id=job.pk, error="boom")
    else:
        job_mark_cancelled(job_id=job.pk)
    before = fresh(job)

    assert job_start(job_id=job.pk) is None

    after = fresh(job)
    assert (after.status, after.attempts, after.started_at, after.finished_at) == (
        before.status,
        1,
        before.started_at,
        before.finished_at,
    )


def test_job_start_of_a_missing_job_returns_none(db):
    assert job_start(job_id=424242) is None


def test_job_start_of_a_running_job_with_a_pending_cancel_cancels_it(job: Job):
    job_start(job_id=job.pk)
    job_cancel(job=job)

    assert job_start(job_id=job.pk) is None

    job = fresh(job)
    assert (job.status, job.message, job.cancel_requested) == ("cancelled", "Cancelled", True)
    assert job.finished_at is not None


def test_job_progress_updates_a_running_job_clamped_and_truncated(job: Job):
    job_start(job_id=job.pk)

    job_progress(job_id=job.pk, progress=42, step="clustering", message="Grouping keywords")
    assert (fresh(job).progress, fresh(job).step, fresh(job).message) == (42, "clustering", "Grouping keywords")

    job_progress(job_id=job.pk, progress=250, step="s" * 80, message="m" * 900)
    job_after = fresh(job)
    assert (job_after.progress, job_after.step, job_after.message) == (100, "s" * 50, "m" * 500)

    job_progress(job_id=job.pk, progress=-3)
    assert (fresh(job).progress, fresh(job).step, fresh(job).message) == (0, "", "")


def test_job_progress_does_not_touch_a_job_that_is_not_running(job: Job):
    job_progress(job_id=job.pk, progress=50, step="x", message="y")

    job = fresh(job)
    assert (job.status, job.progress, job.step, job.message) == ("queued", 0, "", "Queued")


def test_job_succeed_records_result_credits_and_finish(job: Job):
    job_start(job_id=job.pk)
    job_progress(job_id=job.pk, progress=40, step="working")

    job_succeed(job_id=job.pk, result={"ideas": 3}, credits_used=45, message="3 ideas created.")

    job = fresh(job)
    assert (job.status, job.progress, job.step, job.message) == ("succeeded", 100, "done", "3 ideas created.")
    assert (job.result, job.credits_used, job.error) == ({"ideas": 3}, 45, "")
    assert job.finished_at is not None
    assert job.is_active is False


def test_job_succeed_on_a_queued_job_does_nothing(job: Job):
    job_succeed(job_id=job.pk, result={"x": 1})

    job = fresh(job)
    assert (job.status, job.progress, job.result, job.finished_at) == ("queued", 0, {}, None)


def test_job_fail_records_the_error_truncated(job: Job):
    job_start(job_id=job.pk)

    job_fail(job_id=job.pk, error="e" * 6000)

    job = fresh(job)
    assert job.status == "failed"
    assert job.error == "e" * 5000
    assert job.message == "e" * 500
    assert job.finished_at is not None


def test_job_fail_can_fail_a_queued_job_but_never_a_finished_one(tenant: Tenant, job: Job):
    job_fail(job_id=job.pk, error="Queue lost it")
    assert (fresh(job).status, fresh(job).error) == ("failed", "Queue lost it")

    done = job_create(account=tenant.account, kind="test.noop")
    job_start(job_id=done.pk)
    job_succeed(job_id=done.pk, result={"ok": True})
    job_fail(job_id=done.pk, error="late failure")
    done = fresh(done)
    assert (done.status, done.error, done.result) == ("succeeded", "", {"ok": True})


def test_cancelling_a_queued_job_is_immediate(job: Job):
    returned = job_cancel(job=job)

    assert (returned.status, returned.message) == ("cancelled", "Cancelled")
    job = fresh(job)
    assert (job.status, job.cancel_requested, job.message) == ("cancelled", True, "Cancelled")
    assert job.finished_at is not None
    assert job_start(job_id=job.pk) is None
    assert fresh(job).attempts == 0


def test_cancelling_a_running_job_asks_it_to_stop_at_the_next_progress_report(job: Job):
    job_start(job_id=job.pk)
    job_progress(job_id=job.pk, progress=30, step="working")

    returned = job_cancel(job=job)

    assert (returned.status, returned.cancel_requested, returned.message) == ("running", True, "Cancelling…")
    assert (fresh(job).status, fresh(job).finished_at) == ("running", None)
    with pytest.raises(JobCancelled):
        job_progress(job_id=job.pk, progress=60, step="working")
    job_mark_cancelled(job_id=job.pk)
    job = fresh(job)
    assert (job.status, job.message) == ("cancelled", "Cancelled")
    assert job.finished_at is not None


@pytest.mark.parametrize("finish", ["succeeded", "failed", "cancelled"])
def test_cancelling_a_finished_job_is_a_conflict_and_changes_nothing(job: Job, finish):
    job_start(job_id=job.pk)
    if finish == "succeeded":
        job_succeed(job_id=job.pk, result={"ok": True}, message="Done")
    elif finish == "failed":
        job_fail(job_id=job.pk, error="boom")
    else:
        job_mark_cancelled(job_id=job.pk)
    before = fresh(job)

    with pytest.raises(ConflictError) as exc:
        job_cancel(job=job)

    assert exc.value.message == f"This job has already finished ({finish}); it cannot be cancelled."
    after = fresh(job)
    assert (after.status, after.cancel_requested, after.message, after.finished_at, after.updated_at) == (
        before.status,
        False,
        before.message,
        before.finished_at,
        before.updated_at,
    )


def test_job_mark_cancelled_leaves_finished_jobs_alone(job: Job):
    job_start(job_id=job.pk)
    job_succeed(job_id=job.pk)

    job_mark_cancelled(job_id=job.pk)

    assert fresh(job).status == "succeeded"

"""KILL THE WORKER MID-RUN — a real Celery worker process on the real Redis broker (REDIS_URL) and a
shared PostgreSQL database (a separate process cannot share SQLite's in-memory test database). Marked
``postgres_redis``: `make pytest` always runs it, on the local PostgreSQL + Redis when the rest of the
suite runs on SQLite. The AI provider is a local fake HTTP server that answers slowly, so the run is caught in the
middle of an item; the worker is SIGKILLed (no ``finally`` runs), a new worker starts, the recovery sweep
re-sends the run, and it resumes from its cursor: no item done twice, no credit charged twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from igny8_core.celery import app
from igny8_core.core.seeding import reference_data_seed
from igny8_core.domain.ai.services import ai_settings_update
from igny8_core.domain.automation import services
from igny8_core.domain.automation.models import AutomationRun, AutomationSiteLock, RunStatus
from igny8_core.domain.billing.models import CreditTransaction
from igny8_core.domain.jobs.models import Job
from igny8_core.domain.planning.models import ContentIdeas
from igny8_core.domain.planning.services import cluster_refresh_stats
from tests.automation_support import ctx, make_rule
from tests.factories import ClusterFactory, KeywordFactory
from tests.infrastructure.ai.conftest import FakeAIServer, Reply, openai_chat

pytestmark = [
    pytest.mark.postgres_redis,
    pytest.mark.django_db(transaction=True),
]

BACKEND = Path(__file__).resolve().parents[3]


def idea_reply(n: int) -> Reply:
    idea = {
        "title": f"Organic Fertilizer Guide {n}",
        "description": "A guide.",
        "content_type": "post",
        "content_structure": "guide",
        "target_word_count": 1200,
        "primary_keyword": f"organic fertilizer {n}",
        "secondary_keywords": [],
        "outline": [{"heading": "What it is", "points": []}, {"heading": "How to use it", "points": []}],
    }
    return Reply(body=openai_chat(json.dumps({"ideas": [idea]})), delay=2.0)


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def start_worker(queue: str, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url(), "IGNY8_PER_SITE_QUEUES": "1"}
    command = [sys.executable, "-m", "celery", "-A", "igny8_core", "worker", "-Q", queue, "--pool=solo"]
    command += ["--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "info"]
    with log.open("ab") as out:
        return subprocess.Popen(command, cwd=BACKEND, env=env, stdout=out, stderr=out, start_new_session=True)


def kill(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def wait_for(check: Callable[[], bool], what: str, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; worker log:\n{log.read_text()[-4000:]}")
        time.sleep(0.05)


@pytest.fixture
def workers() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        kill(process)


def test_a_killed_worker_mid_run_resumes_without_duplicating_items_or_charges(
    make_tenant: Any, settings: Any, tmp_path: Path, workers: list[subprocess.Popen[bytes]]
):
    assert os.environ.get("REDIS_URL"), "needs a real broker shared with the worker: set REDIS_URL"
    assert connection.vendor == "postgresql", "the worker process must share the test database: set DATABASE_URL"
    settings.IGNY8_PER_SITE_QUEUES = True
    reference_data_seed()
    tenant = make_tenant()
    clusters = []
    for n in range(3):
        cluster = ClusterFactory.create(sector=tenant.sector, name=f"Organic fertilizer {n}")
        KeywordFactory.create(sector=tenant.sector, keyword=f"organic fertilizer {n}", cluster=cluster)
        cluster_refresh_stats(cluster_ids={cluster.pk})
        clusters.append(cluster)
    queue = f"site-{tenant.site.pk}"
    with app.connection_for_write() as conn:
        try:
            conn.default_channel.queue_purge(queue)  # type: ignore[attr-defined]
        except Exception:  # the queue does not exist yet
            pass
    log = tmp_path / "worker.log"

    with FakeAIServer() as fake:
        fake.reply(*(idea_reply(n) for n in range(4)))  # 3 items, one of them asked twice
        ai_settings_update(
            tenant=ctx(tenant),
            data={"provider": "openai", "openai_base_url": fake.url, "default_model": "gpt-4o-mini"},
            api_keys={"openai": "sk-test-key"},
        )
        rule = make_rule(
            tenant,
            trigger="schedule",
            schedule={"cron": "0 2 * * *"},
            actions=[{"type": "generate_ideas", "params": {"ideas_per_cluster": 1}}],
        )
        workers.append(start_worker(queue, log))
        run = services.automation_run_now(tenant=ctx(tenant), rule=rule)  # committed: sent to Redis

        def mid_second_item() -> bool:
            fresh = AutomationRun.objects.get(pk=run.pk)
            state = (fresh.cursor.get("actions") or {}).get("0") or {}
            return len(state.get("done", [])) == 1 and len(state.get("jobs", {})) == 2 and len(fake.requests) == 2

        wait_for(mid_second_item, "the run to be in the middle of its second item", log)
        kill(workers[0])  # SIGKILL: no finally, no ack

        run.refresh_from_db()
        assert run.status == RunStatus.RUNNING
        assert AutomationSiteLock.objects.get(site=tenant.site).run_id == run.pk  # left behind, with a lease
        assert ContentIdeas.objects.count() == 1
        second_job = Job.objects.get(pk=run.cursor["actions"]["0"]["jobs"][f"0:{clusters[1].pk}"])
        assert (second_job.status, second_job.committed_at) == ("running", None)

        workers.append(start_worker(queue, log))
        later = timezone.now() + services.lock_lease() + timedelta(minutes=1)
        assert services.automation_runs_recover(now=later) == [run.pk]  # what the minute tick does

        wait_for(
            lambda: AutomationRun.objects.get(pk=run.pk).status not in ("queued", "running"), "the run to finish", log
        )

    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, (run.message, log.read_text()[-4000:])
    assert run.cursor["actions"]["0"]["done"] == [c.pk for c in clusters]
    assert sorted(ContentIdeas.objects.values_list("cluster_id", flat=True)) == [c.pk for c in clusters]
    assert len(fake.requests) == 4  # only the interrupted item was asked again
    jobs = Job.objects.filter(kind="ai.generate_ideas").order_by("pk")
    assert jobs.count() == 3  # the interrupted item reused its job
    assert [j.attempts for j in jobs] == [1, 2, 1]
    deductions = CreditTransaction.objects.filter(account=tenant.account, amount__lt=0)
    assert sorted(deductions.values_list("idempotency_key", flat=True)) == sorted(f"job:{j.pk}" for j in jobs)
    assert -sum(deductions.values_list("amount", flat=True)) == 45 == run.credits_used
    assert run.attempts == 2
    assert AutomationSiteLock.objects.get(site=tenant.site).run_id is None

"""Executing runs with the real engine and the offline provider: every action, chaining, caps, the site
lock, pause / resume / cancel, crash and redelivery (nothing done or charged twice), dry runs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from igny8_core.core.auth.models import Account
from igny8_core.domain.automation import services
from igny8_core.domain.automation.models import AutomationRun, AutomationSiteLock, RunStatus
from igny8_core.domain.billing.models import CreditTransaction
from igny8_core.domain.content.models import Content, Images, Tasks
from igny8_core.domain.jobs.models import Job
from igny8_core.domain.planning.models import Clusters, ContentIdeas
from igny8_core.domain.planning.services import cluster_refresh_stats
from igny8_core.infrastructure.storage.file_storage import file_storage
from tests.automation_support import SentRuns, committed, ctx, drain, execute, make_rule
from tests.conftest import Tenant
from tests.factories import ClusterFactory, KeywordFactory, TaskFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data", "storage_dir")]

GARDEN = ["organic fertilizer for tomatoes", "best organic fertilizer for vegetables", "homemade organic fertilizer"]
OUTLINE = [
    {"heading": "What Is Organic Fertilizer?", "points": ["Definition"]},
    {"heading": "How to Apply It", "points": ["Timing", "Amounts"]},
]


def balance(tenant: Tenant) -> int:
    return Account.objects.values_list("credits", flat=True).get(pk=tenant.account.pk)


def charged(tenant: Tenant) -> int:
    return -sum(CreditTransaction.objects.filter(account=tenant.account, amount__lt=0).values_list("amount", flat=True))


def clusters_with_keywords(tenant: Tenant, count: int) -> list[Clusters]:
    out = []
    for n in range(count):
        cluster = ClusterFactory.create(sector=tenant.sector, name=f"Organic fertilizer {n}")
        KeywordFactory.create(
            sector=tenant.sector, keyword=f"organic fertilizer tip {n}", cluster=cluster, search_volume=500
        )
        cluster_refresh_stats(cluster_ids={cluster.pk})
        out.append(cluster)
    return out


def run_now(tenant: Tenant, rule: Any) -> AutomationRun:
    with committed():
        return services.automation_run_now(tenant=ctx(tenant), rule=rule)


def test_every_action_chained_keywords_to_images(tenant: Tenant, sent: SentRuns):
    for text in GARDEN:
        KeywordFactory.create(sector=tenant.sector, keyword=text, search_volume=800)
    rule = make_rule(
        tenant,
        trigger="schedule",
        schedule={"cron": "0 2 * * *"},
        credit_limit_per_execution=500,
        actions=[
            {"type": "auto_cluster"},
            {"type": "generate_ideas", "params": {"ideas_per_cluster": 1, "limit": 1}},
            {"type": "create_tasks"},
            {"type": "generate_content", "params": {"limit": 1}},
            {"type": "generate_image_prompts", "params": {"in_article_count": 1}},
            {"type": "generate_images"},
        ],
    )
    run = run_now(tenant, rule)
    assert sent == [run.pk]
    before = balance(tenant)

    assert execute(run) == "succeeded"

    run.refresh_from_db()
    cluster = Clusters.objects.get(site=tenant.site)
    idea = ContentIdeas.objects.get(cluster=cluster)
    task = Tasks.objects.get(idea=idea)
    content = Content.objects.get(task=task)
    images = list(Images.objects.filter(content=content).order_by("image_type"))
    assert [(i.image_type, i.status) for i in images] == [("featured", "generated"), ("in_article", "generated")]
    assert all(file_storage.exists(tenant.site.pk, i.file_path) for i in images)
    assert [r["type"] for r in run.results] == [
        "auto_cluster",
        "generate_ideas",
        "create_tasks",
        "generate_content",
        "generate_image_prompts",
        "generate_images",
    ]
    assert [r["status"] for r in run.results] == ["succeeded"] * 6
    assert [r["processed"] for r in run.results] == [1, 1, 1, 1, 1, 1]
    assert run.results[0]["credits"] == 10
    assert run.results[1]["credits"] == 15
    assert run.results[2]["credits"] == 0
    assert run.results[4]["credits"] == 2
    assert run.results[5]["credits"] == 10
    assert run.items_processed == 3 + 5  # three keywords in one clustering request, then one item per action
    assert run.credits_used == before - balance(tenant) == charged(tenant)
    assert run.errors == []
    assert run.status == RunStatus.SUCCEEDED
    assert run.finished_at is not None
    assert run.message == f"8 item(s) processed, {run.credits_used} credit(s)."
    # Every AI step was its own job, tagged with the run (the loop guard reads that).
    jobs = Job.objects.filter(account=tenant.account).order_by("pk")
    assert [j.kind for j in jobs] == [
        "ai.auto_cluster",
        "ai.generate_ideas",
        "ai.generate_content",
        "ai.generate_image_prompts",
        "ai.generate_images",
    ]
    assert {j.payload["automation_run_id"] for j in jobs} == {run.pk}
    assert not AutomationSiteLock.objects.filter(run__isnull=False).exists()


def test_the_credit_cap_stops_the_run_cleanly_before_the_item_that_would_pass_it(tenant: Tenant, sent: SentRuns):
    clusters_with_keywords(tenant, 3)
    rule = make_rule(
        tenant,
        trigger="schedule",
        schedule={"cron": "0 2 * * *"},
        credit_limit_per_execution=20,
        actions=[{"type": "generate_ideas", "params": {"ideas_per_cluster": 1}}],
    )
    run = run_now(tenant, rule)
    assert execute(run) == RunStatus.STOPPED_AT_CAP
    run.refresh_from_db()
    assert run.credits_used == 15 == charged(tenant)
    assert ContentIdeas.objects.count() == 1
    assert run.message == (
        "Credit limit reached: the next item needs about 15 credit(s) and this run has used 15 of its 20. "
        "Raise credit_limit_per_execution or let the next run continue."
    )
    assert run.results[0]["status"] == "stopped"
    assert not AutomationSiteLock.objects.filter(run__isnull=False).exists()


def test_the_daily_execution_cap(tenant: Tenant, sent: SentRuns):
    rule = make_rule(tenant, trigger="idea_created", max_executions_per_day=1, actions=[{"type": "create_tasks"}])
    first = run_now(tenant, rule)
    second = run_now(tenant, rule)
    assert first.status == RunStatus.QUEUED
    assert second.status == RunStatus.STOPPED_AT_CAP
    assert second.started_at is None
    assert second.message == (
        "Daily limit reached: this rule may run 1 time(s) a day. It runs again tomorrow, or raise "
        "max_executions_per_day."
    )
    assert sent == [first.pk]
    # Events past the cap add no record: today's refusal is already on record (one a day, not one per event).
    from igny8_core.domain.planning.services import idea_create

    for n in range(3):
        with committed():
            idea_create(tenant=ctx(tenant), data={"site": tenant.site, "sector": tenant.sector, "title": f"Idea {n}"})
    assert AutomationRun.objects.filter(rule=rule).count() == 2
    assert AutomationRun.objects.filter(rule=rule, status=RunStatus.STOPPED_AT_CAP).count() == 1


def test_one_run_per_site_and_the_lock_is_released_when_a_run_crashes(
    tenant: Tenant, sent: SentRuns, monkeypatch: pytest.MonkeyPatch
):
    clusters_with_keywords(tenant, 1)
    rule = make_rule(tenant, trigger="schedule", schedule={"cron": "0 2 * * *"}, actions=[{"type": "generate_ideas"}])
    other = make_rule(tenant, trigger="schedule", schedule={"cron": "0 3 * * *"}, actions=[{"type": "create_tasks"}])
    first, second = run_now(tenant, rule), run_now(tenant, other)
    assert services.automation_lock_acquire(run=first) is True
    assert execute(second) == "busy"  # the site is taken
    assert AutomationRun.objects.get(pk=second.pk).status == RunStatus.QUEUED
    services.automation_lock_release(run=first)

    def crash(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(services.EXECUTORS, "generate_ideas", crash)
    assert execute(first) == RunStatus.FAILED  # the item's error is reported, the run ends
    first.refresh_from_db()
    assert first.status == RunStatus.FAILED
    assert first.message == "Nothing done: disk on fire"
    assert first.errors == [
        {"action": 0, "type": "generate_ideas", "item": str(Clusters.objects.get().pk), "error": "disk on fire"}
    ]
    assert AutomationSiteLock.objects.get(site=tenant.site).run_id is None
    assert execute(second) == RunStatus.SUCCEEDED  # the site is free again


def test_a_killed_worker_leaves_an_expiring_lease_and_the_redelivered_run_duplicates_nothing(
    tenant: Tenant, sent: SentRuns, monkeypatch: pytest.MonkeyPatch
):
    """The process dies right after an item's job committed (and charged), before the run recorded the item."""
    clusters = clusters_with_keywords(tenant, 2)
    rule = make_rule(
        tenant,
        trigger="schedule",
        schedule={"cron": "0 2 * * *"},
        actions=[{"type": "generate_ideas", "params": {"ideas_per_cluster": 1}}],
    )
    run = run_now(tenant, rule)
    real = services.EXECUTORS["generate_ideas"]
    calls: list[int] = []

    class WorkerKilled(BaseException):
        pass

    def dies_after_second_item(*args: Any, **kwargs: Any) -> Any:
        outcome = real(*args, **kwargs)
        calls.append(args[4])
        if len(calls) == 2:
            raise WorkerKilled()
        return outcome

    monkeypatch.setitem(services.EXECUTORS, "generate_ideas", dies_after_second_item)
    monkeypatch.setattr(services, "automation_lock_release", lambda *, run: None)  # a killed process runs no finally
    with pytest.raises(WorkerKilled):
        execute(run)
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING
    assert run.cursor["actions"]["0"]["done"] == [clusters[0].pk]
    assert ContentIdeas.objects.count() == 2
    assert charged(tenant) == 30
    lock = AutomationSiteLock.objects.get(site=tenant.site)
    assert lock.run_id == run.pk
    assert lock.lease_expires_at is not None

    # Another run cannot take the site until the lease expires.
    other = run_now(
        tenant,
        make_rule(tenant, trigger="schedule", schedule={"cron": "0 3 * * *"}, actions=[{"type": "create_tasks"}]),
    )
    assert services.automation_lock_acquire(run=other) is False
    assert services.automation_lock_acquire(run=other, now=lock.lease_expires_at + timedelta(seconds=1)) is True
    AutomationSiteLock.objects.filter(site=tenant.site).update(run=run)  # give it back for the redelivery

    monkeypatch.setitem(services.EXECUTORS, "generate_ideas", real)
    monkeypatch.undo()
    assert execute(run) == RunStatus.SUCCEEDED  # the broker redelivers the same run
    run.refresh_from_db()
    assert run.attempts == 2
    assert run.cursor["actions"]["0"]["done"] == [clusters[0].pk, clusters[1].pk]
    assert ContentIdeas.objects.count() == 2  # the second cluster's job was found committed, not redone
    assert charged(tenant) == 30 == run.credits_used
    assert Job.objects.filter(kind="ai.generate_ideas").count() == 2
    assert execute(run) == "skipped"  # a duplicate delivery of a finished run does nothing


def test_pause_and_cancel_take_effect_after_the_current_item_and_resume_continues(
    tenant: Tenant, sent: SentRuns, monkeypatch: pytest.MonkeyPatch
):
    clusters = clusters_with_keywords(tenant, 3)
    rule = make_rule(
        tenant,
        trigger="schedule",
        schedule={"cron": "0 2 * * *"},
        actions=[{"type": "generate_ideas", "params": {"ideas_per_cluster": 1}}],
    )
    run = run_now(tenant, rule)
    real = services.EXECUTORS["generate_ideas"]

    def pause_during_first(*args: Any, **kwargs: Any) -> Any:
        services.automation_rule_pause(rule=rule)  # the user clicks pause while item 1 runs
        return real(*args, **kwargs)

    monkeypatch.setitem(services.EXECUTORS, "generate_ideas", pause_during_first)
    assert execute(run) == RunStatus.PAUSED
    run.refresh_from_db()
    assert run.status == RunStatus.PAUSED
    assert run.pause_requested is False
    assert run.message == "Paused after 1 item(s); resume continues from here."
    assert ContentIdeas.objects.count() == 1
    assert AutomationSiteLock.objects.get(site=tenant.site).run_id is None
    assert execute(run) == "skipped"  # a paused run is not picked up

    monkeypatch.setitem(services.EXECUTORS, "generate_ideas", real)
    # Editing the rule while its run is paused does not change what the run does (its plan is fixed).
    services.automation_rule_update(tenant=ctx(tenant), rule=rule, data={"actions": [{"type": "create_tasks"}]})
    sent.clear()
    with committed():
        services.automation_rule_resume(rule=rule)
    assert sent == [run.pk]

    def cancel_during_second(*args: Any, **kwargs: Any) -> Any:
        services.automation_rule_cancel(rule=rule)
        return real(*args, **kwargs)

    monkeypatch.setitem(services.EXECUTORS, "generate_ideas", cancel_during_second)
    assert execute(run) == RunStatus.CANCELLED
    run.refresh_from_db()
    assert run.cursor["actions"]["0"]["done"] == [clusters[0].pk, clusters[1].pk]
    assert ContentIdeas.objects.count() == 2
    assert run.credits_used == 30 == charged(tenant)
    assert run.message == "Cancelled after 2 item(s)."
    with pytest.raises(Exception, match="already finished"):
        services.automation_run_cancel(run=run)


def test_a_queued_run_pauses_and_cancels_at_once(tenant: Tenant, sent: SentRuns):
    rule = make_rule(tenant, trigger="idea_created", actions=[{"type": "create_tasks"}])
    run = run_now(tenant, rule)
    assert services.automation_run_pause(run=run).status == RunStatus.PAUSED
    assert services.automation_run_cancel(run=run).status == RunStatus.CANCELLED
    assert execute(run) == "skipped"


def test_dry_run_shows_items_and_credits_and_changes_nothing(tenant: Tenant, sent: SentRuns):
    clusters = clusters_with_keywords(tenant, 2)
    task = TaskFactory.create(sector=tenant.sector, target_word_count=900, outline=OUTLINE)
    rule = make_rule(
        tenant,
        trigger="schedule",
        schedule={"cron": "0 2 * * *"},
        credit_limit_per_execution=40,
        actions=[
            {"type": "generate_ideas", "params": {"ideas_per_cluster": 2}},
            {"type": "create_tasks"},
            {"type": "generate_content"},
        ],
    )
    counts = (
        Job.objects.count(),
        CreditTransaction.objects.count(),
        AutomationRun.objects.count(),
        ContentIdeas.objects.count(),
    )
    credits = balance(tenant)

    report = services.automation_rule_dry_run(rule=rule)

    assert report["actions"] == [
        {
            "type": "generate_ideas",
            "items": [c.pk for c in clusters],
            "count": 2,
            "estimated_credits": 30,
            "basis": "exact",
        },
        {"type": "create_tasks", "items": [], "count": 4, "estimated_credits": 0, "basis": "projected"},
        {"type": "generate_content", "items": [], "count": 3, "estimated_credits": 45, "basis": "projected"},
    ]
    assert report["estimated_credits"] == 75
    assert report["would_stop_at_credit_cap"] is True
    assert report["conditions_met"] is True
    assert (
        Job.objects.count(),
        CreditTransaction.objects.count(),
        AutomationRun.objects.count(),
        ContentIdeas.objects.count(),
    ) == counts
    assert balance(tenant) == credits
    assert Tasks.objects.get() == task


def test_a_run_stops_when_the_account_cannot_pay_the_next_item(tenant: Tenant, sent: SentRuns):
    clusters_with_keywords(tenant, 1)
    Account.objects.filter(pk=tenant.account.pk).update(credits=3)
    rule = make_rule(tenant, trigger="schedule", schedule={"cron": "0 2 * * *"}, actions=[{"type": "generate_ideas"}])
    run = run_now(tenant, rule)
    assert execute(run) == RunStatus.FAILED
    run.refresh_from_db()
    assert run.message == (
        "Stopped: Not enough credits for idea generation: 15 needed, 3 available. "
        "Top up or wait for your monthly credits."
    )
    assert charged(tenant) == 0
    assert Job.objects.count() == 0  # stopped before starting a job that could only fail


def test_recover_resends_runs_left_behind(tenant: Tenant, sent: SentRuns):
    from django.utils import timezone

    rule = make_rule(tenant, trigger="idea_created", actions=[{"type": "create_tasks"}])
    run = run_now(tenant, rule)
    sent.clear()
    later = timezone.now() + services.lock_lease() + timedelta(minutes=1)
    AutomationRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, heartbeat_at=timezone.now())
    assert services.automation_runs_recover(now=timezone.now()) == []
    assert services.automation_runs_recover(now=later) == [run.pk]
    assert sent == [run.pk]
    AutomationRun.objects.filter(pk=run.pk).update(status=RunStatus.QUEUED)
    assert [r.status for r in drain()] == [RunStatus.SUCCEEDED]  # nothing eligible: an empty, successful run

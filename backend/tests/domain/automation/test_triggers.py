"""Event triggers fire after commit from the services that create things (never on rollback), filtered by
the rule's conditions and sector; the loop guard; the scheduler tick on a frozen clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import transaction

from igny8_core.domain.automation import services
from igny8_core.domain.automation.models import AutomationRule, AutomationRun, RunStatus
from igny8_core.domain.content.models import Content
from igny8_core.domain.planning import services as planning
from igny8_core.domain.planning.models import Clusters, ContentIdeas, Keywords
from igny8_core.domain.planning.services import cluster_refresh_stats
from igny8_core.infrastructure.messaging import automation_tasks
from tests.automation_support import SentRuns, committed, ctx, drain, execute, make_rule
from tests.conftest import Tenant
from tests.factories import ClusterFactory, KeywordFactory, SectorFactory, TaskFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data", "storage_dir")]

TASKS = [{"type": "create_tasks"}]
CSV = b"Keyword,Volume,KD\norganic fertilizer for tomatoes,880,12\nhomemade organic fertilizer,90,8\n"


def runs_of(rule: AutomationRule) -> list[AutomationRun]:
    return list(AutomationRun.objects.filter(rule=rule).order_by("pk"))


def test_keyword_added_fires_after_the_import_commits_with_the_ids_that_meet_the_conditions(
    tenant: Tenant, sent: SentRuns
):
    rule = make_rule(
        tenant,
        trigger="keyword_added",
        conditions=[{"field": "search_volume", "operator": "gte", "value": 500}],
        actions=[{"type": "auto_cluster"}],
    )
    with committed():
        report = planning.keyword_import(tenant=ctx(tenant), site=tenant.site, sector=tenant.sector, raw=CSV)
        assert AutomationRun.objects.count() == 0  # nothing before the commit
    assert report["created"] == 2
    big = Keywords.objects.get(keyword="organic fertilizer for tomatoes")
    [run] = runs_of(rule)
    assert run.trigger == "keyword_added"
    assert run.status == RunStatus.QUEUED
    assert run.event == {"event": "keyword_added", "ids": [big.pk], "origin_run_id": None, "chain": []}
    assert sent == [run.pk]
    assert execute(run) == RunStatus.SUCCEEDED
    big.refresh_from_db()
    assert big.cluster_id is not None  # only the event's keyword was clustered
    assert Keywords.objects.get(keyword="homemade organic fertilizer").cluster_id is None


def test_keyword_create_fires_and_a_rolled_back_write_fires_nothing(tenant: Tenant, sent: SentRuns):
    rule = make_rule(tenant, trigger="keyword_added", actions=[{"type": "auto_cluster"}])

    def create_then_fail() -> None:
        with transaction.atomic():
            planning.keyword_create(
                tenant=ctx(tenant), data={"site": tenant.site, "sector": tenant.sector, "keyword": "never saved"}
            )
            raise RuntimeError("rollback")

    with committed(), pytest.raises(RuntimeError):
        create_then_fail()
    assert runs_of(rule) == []
    with committed():
        keyword = planning.keyword_create(
            tenant=ctx(tenant), data={"site": tenant.site, "sector": tenant.sector, "keyword": "green tea"}
        )
    assert [r.event["ids"] for r in runs_of(rule)] == [[keyword.pk]]


def test_no_matching_item_no_run_and_other_sectors_do_not_fire(tenant: Tenant, sent: SentRuns):
    other_sector = SectorFactory.create(site=tenant.site)
    picky = make_rule(
        tenant,
        trigger="keyword_added",
        conditions=[{"field": "intent", "operator": "eq", "value": "transactional"}],
        actions=[{"type": "auto_cluster"}],
    )
    elsewhere = make_rule(tenant, sector=other_sector, trigger="keyword_added", actions=[{"type": "auto_cluster"}])
    site_wide = make_rule(tenant, sector=None, trigger="keyword_added", actions=[{"type": "auto_cluster"}])
    inactive = make_rule(tenant, trigger="keyword_added", is_active=False, actions=[{"type": "auto_cluster"}])
    with committed():
        planning.keyword_create(
            tenant=ctx(tenant), data={"site": tenant.site, "sector": tenant.sector, "keyword": "what is tea"}
        )
    assert runs_of(picky) == []
    assert runs_of(elsewhere) == []
    assert runs_of(inactive) == []
    assert len(runs_of(site_wide)) == 1
    # An event without a sector reaches only site-wide rules.
    keyword = Keywords.objects.get(keyword="what is tea")
    [run_id] = services.automation_event_dispatch(
        event="keyword_added", site_id=tenant.site.pk, sector_id=None, ids=[keyword.pk]
    )
    assert AutomationRun.objects.get(pk=run_id).rule_id == site_wide.pk


def test_cluster_created_fires_from_cluster_create_and_from_clustering(tenant: Tenant, sent: SentRuns):
    rule = make_rule(tenant, trigger="cluster_created", actions=[{"type": "generate_ideas"}])
    with committed():
        manual = planning.cluster_create(
            tenant=ctx(tenant), data={"site": tenant.site, "sector": tenant.sector, "name": "Tea"}
        )
    assert [r.event["ids"] for r in runs_of(rule)] == [[manual.pk]]
    KeywordFactory.create(sector=tenant.sector, keyword="organic fertilizer for tomatoes")
    clusterer = make_rule(
        tenant, trigger="schedule", schedule={"cron": "0 2 * * *"}, actions=[{"type": "auto_cluster"}]
    )
    with committed():
        run = services.automation_run_now(tenant=ctx(tenant), rule=clusterer)
    execute(run)
    created = Clusters.objects.exclude(pk=manual.pk).get()
    second = runs_of(rule)[1]
    assert second.event == {
        "event": "cluster_created",
        "ids": [created.pk],
        "origin_run_id": run.pk,
        "chain": [clusterer.pk],
    }
    assert second.depth == 1


def test_idea_created_fires_from_idea_create_and_from_idea_generation(tenant: Tenant, sent: SentRuns):
    rule = make_rule(
        tenant,
        trigger="idea_created",
        conditions=[{"field": "title", "operator": "contains", "value": "fertilizer"}],
        actions=TASKS,
    )
    with committed():
        planning.idea_create(
            tenant=ctx(tenant), data={"site": tenant.site, "sector": tenant.sector, "title": "Tea time"}
        )
        idea = planning.idea_create(
            tenant=ctx(tenant), data={"site": tenant.site, "sector": tenant.sector, "title": "Fertilizer 101"}
        )
    assert [r.event["ids"] for r in runs_of(rule)] == [[idea.pk]]
    cluster = ClusterFactory.create(sector=tenant.sector, name="Organic fertilizer")
    KeywordFactory.create(sector=tenant.sector, keyword="organic fertilizer guide", cluster=cluster)
    cluster_refresh_stats(cluster_ids={cluster.pk})
    ideas_rule = make_rule(
        tenant, trigger="cluster_created", actions=[{"type": "generate_ideas", "params": {"ideas_per_cluster": 1}}]
    )
    with committed():
        run = services.automation_run_now(tenant=ctx(tenant), rule=ideas_rule)
    execute(run)
    generated = ContentIdeas.objects.get(cluster=cluster)
    last = runs_of(rule)[-1]
    assert "fertilizer" in generated.title.lower()
    assert last.event == {
        "event": "idea_created",
        "ids": [generated.pk],
        "origin_run_id": run.pk,
        "chain": [ideas_rule.pk],
    }


def test_content_generated_fires_from_content_generation(tenant: Tenant, sent: SentRuns):
    task = TaskFactory.create(
        sector=tenant.sector,
        title="Organic fertilizer guide",
        primary_keyword="organic fertilizer",
        outline=[{"heading": "Why", "points": ["a"]}, {"heading": "How", "points": ["b"]}],
    )
    writer = make_rule(
        tenant, trigger="schedule", schedule={"cron": "0 * * * *"}, actions=[{"type": "generate_content"}]
    )
    images = make_rule(
        tenant,
        trigger="content_generated",
        conditions=[{"field": "word_count", "operator": "gt", "value": 100}],
        actions=[{"type": "generate_image_prompts"}],
    )
    with committed():
        run = services.automation_run_now(tenant=ctx(tenant), rule=writer)
    execute(run)
    content = Content.objects.get(task=task)
    [fired] = runs_of(images)
    assert fired.event == {
        "event": "content_generated",
        "ids": [content.pk],
        "origin_run_id": run.pk,
        "chain": [writer.pk],
    }
    assert execute(fired) == RunStatus.SUCCEEDED
    assert content.images.count() == 3


def test_a_rule_never_triggers_itself(tenant: Tenant, sent: SentRuns):
    """cluster_created → auto_cluster creates clusters, which is cluster_created again: not for this rule."""
    KeywordFactory.create(sector=tenant.sector, keyword="best espresso machine for home")
    rule = make_rule(tenant, trigger="cluster_created", actions=[{"type": "auto_cluster"}])
    with committed():
        planning.cluster_create(
            tenant=ctx(tenant), data={"site": tenant.site, "sector": tenant.sector, "name": "Coffee"}
        )
    runs = drain()
    assert [r.status for r in runs] == [RunStatus.SUCCEEDED]
    assert Clusters.objects.count() == 2  # the manual one and the one the run made
    assert len(runs_of(rule)) == 1


def test_chains_do_not_loop_between_rules_and_stop_at_the_depth_limit(tenant: Tenant, sent: SentRuns):
    a = make_rule(tenant, trigger="cluster_created", actions=[{"type": "auto_cluster"}])
    b = make_rule(tenant, trigger="cluster_created", actions=[{"type": "auto_cluster"}])
    origin = AutomationRun.objects.create(
        account=tenant.account,
        rule=a,
        site=tenant.site,
        trigger="cluster_created",
        status=RunStatus.SUCCEEDED,
        event={"chain": [b.pk]},
        depth=1,
    )
    cluster = ClusterFactory.create(sector=tenant.sector)
    # Caused by a run of A that B started: neither A nor B runs again.
    assert (
        services.automation_event_dispatch(
            event="cluster_created",
            site_id=tenant.site.pk,
            sector_id=tenant.sector.pk,
            ids=[cluster.pk],
            origin_run_id=origin.pk,
        )
        == []
    )
    c = make_rule(tenant, trigger="cluster_created", actions=[{"type": "auto_cluster"}])
    [run_id] = services.automation_event_dispatch(
        event="cluster_created",
        site_id=tenant.site.pk,
        sector_id=tenant.sector.pk,
        ids=[cluster.pk],
        origin_run_id=origin.pk,
    )
    run = AutomationRun.objects.get(pk=run_id)
    assert run.rule_id == c.pk
    assert run.depth == 2
    assert run.event["chain"] == [b.pk, a.pk]
    AutomationRun.objects.filter(pk=origin.pk).update(depth=services.MAX_DEPTH)
    assert (
        services.automation_event_dispatch(
            event="cluster_created", site_id=tenant.site.pk, sector_id=None, ids=[cluster.pk], origin_run_id=origin.pk
        )
        == []
    )


def test_the_tick_runs_due_rules_once_on_a_frozen_clock(tenant: Tenant, sent: SentRuns):
    now = datetime(2026, 6, 1, 1, 30, tzinfo=UTC)
    data = {"site": tenant.site, "sector": tenant.sector, "actions": TASKS}
    daily = services.automation_rule_create(
        tenant=ctx(tenant),
        data={**data, "name": "2 AM", "trigger": "schedule", "schedule": {"cron": "0 2 * * *"}},
        now=now,
    )
    picky = services.automation_rule_create(
        tenant=ctx(tenant),
        data={
            **data,
            "name": "only with new ideas",
            "trigger": "schedule",
            "schedule": {"cron": "0 2 * * *"},
            "conditions": [{"field": "new_ideas", "operator": "gte", "value": 1}],
        },
        now=now,
    )
    assert daily.next_run_at == datetime(2026, 6, 1, 2, 0, tzinfo=UTC)

    assert services.automation_schedule_tick(now=now + timedelta(minutes=29)) == []
    at_two = now + timedelta(minutes=30)
    [run_id] = services.automation_schedule_tick(now=at_two)
    run = AutomationRun.objects.get(pk=run_id)
    assert run.rule_id == daily.pk
    assert run.trigger == "schedule"
    assert run.event == {"event": "schedule", "slot": "2026-06-01T02:00:00+00:00"}
    daily.refresh_from_db()
    picky.refresh_from_db()
    assert daily.next_run_at == datetime(2026, 6, 2, 2, 0, tzinfo=UTC)
    assert picky.next_run_at == datetime(2026, 6, 2, 2, 0, tzinfo=UTC)  # its slot passed: conditions not met
    assert services.automation_schedule_tick(now=at_two) == []  # a second tick (another beat) queues nothing
    # Missed slots (beat down for three days) fire once.
    assert len(services.automation_schedule_tick(now=at_two + timedelta(days=3))) == 1
    assert AutomationRun.objects.filter(rule=daily).count() == 2


def test_the_beat_entries_exist_and_the_tick_task_runs(settings: Any, tenant: Tenant, sent: SentRuns):
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["automation-tick"]["task"] == "igny8.automation.tick"
    assert schedule["notify-low-credits"]["task"] == "igny8.billing.notify_low_credits"
    assert schedule["replenish-monthly-credits"]["task"] == "igny8.billing.replenish_monthly_credits"
    assert schedule["publish-due-content"]["task"] == "igny8.publishing.publish_due"
    assert automation_tasks.automation_tick() == []


def test_the_run_task_executes_the_run_and_reports_a_busy_site(tenant: Tenant, sent: SentRuns):
    rule = make_rule(tenant, trigger="idea_created", actions=TASKS)
    with committed():
        first = services.automation_run_now(tenant=ctx(tenant), rule=rule)
        second = services.automation_run_now(tenant=ctx(tenant), rule=rule)
    assert services.automation_lock_acquire(run=first) is True
    assert automation_tasks.run_automation.apply(args=(second.pk,)).get() == "busy"
    services.automation_lock_release(run=first)
    assert automation_tasks.run_automation.apply(args=(second.pk,)).get() == RunStatus.SUCCEEDED
    assert automation_tasks.run_automation.apply(args=(second.pk,)).get() == "skipped"


def test_per_site_queue_routing_is_off_by_default(settings: Any):
    settings.IGNY8_PER_SITE_QUEUES = False
    assert automation_tasks.run_queue(7) is None
    settings.IGNY8_PER_SITE_QUEUES = True
    assert automation_tasks.run_queue(7) == "site-7"

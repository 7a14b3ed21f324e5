"""The whole pipeline on autopilot: imported keywords → clusters → ideas → tasks → content → images →
published in a real, stock WordPress (tests/wordpress_peer.py), driven only by the scheduler tick on a
frozen clock and by events, with no human step. ``drain`` plays the worker."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from igny8_core.core.auth.models import Account
from igny8_core.domain.automation import services
from igny8_core.domain.automation.models import AutomationRule, AutomationRun, RunStatus
from igny8_core.domain.billing.models import CreditTransaction
from igny8_core.domain.content.models import Content, Images, Tasks
from igny8_core.domain.planning import services as planning
from igny8_core.domain.planning.models import Clusters, ContentIdeas, Keywords
from igny8_core.domain.publishing.models import PublishingRecord
from tests.automation_support import SentRuns, committed, ctx, drain, make_rule
from tests.conftest import Tenant
from tests.publishing_support import make_integration
from tests.wordpress_peer import WordPressPeer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data", "storage_dir")]

START = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)


def tick(at: datetime) -> list[AutomationRun]:
    with committed():
        services.automation_schedule_tick(now=at)
    return drain()


def names(runs: list[AutomationRun]) -> list[tuple[str, str]]:
    return [(r.rule.name, r.status) for r in runs]


def test_imported_keywords_end_up_published_in_wordpress_with_no_human_step(
    tenant: Tenant, wordpress_site: WordPressPeer, sent: SentRuns
):
    tag = uuid.uuid4().hex[:6]
    integration = make_integration(
        tenant, platform="wordpress", url=wordpress_site.base_url, credentials=wordpress_site.credentials
    )
    rules = services.automation_template_apply(
        tenant=ctx(tenant),
        key="full_autopilot",
        site=tenant.site,
        sector=tenant.sector,
        destinations=[integration.pk],
        now=START,
    )
    assert [r.name for r in rules] == [
        "Cluster new keywords daily at 2 AM",
        "Ideas when a cluster is created",
        "Writer tasks daily at 9 AM",
        "Content hourly",
        "Images when content is generated",
        "Publish daily at 10 AM",
    ]
    published_rule = make_rule(
        tenant,
        name="Seen published",
        trigger="content_published",
        conditions=[{"field": "published_to", "operator": "contains", "value": "wordpress"}],
        actions=[{"type": "create_tasks"}],
    )
    csv = (
        "Keyword,Volume\n"
        f"organic fertilizer for tomatoes {tag},880\n"
        f"best organic fertilizer for vegetables {tag},1900\n"
        f"homemade organic fertilizer {tag},720\n"
    ).encode()
    with committed():
        planning.keyword_import(tenant=ctx(tenant), site=tenant.site, sector=tenant.sector, raw=csv)
    assert AutomationRun.objects.count() == 0  # no rule listens to keyword_added in this workflow

    # 02:00 clustering; its new cluster triggers the ideas rule at once.
    day1 = START
    assert names(tick(day1 + timedelta(hours=2))) == [
        ("Cluster new keywords daily at 2 AM", RunStatus.SUCCEEDED),
        ("Ideas when a cluster is created", RunStatus.SUCCEEDED),
    ]
    assert Keywords.objects.filter(cluster__isnull=True).count() == 0
    clusters = Clusters.objects.filter(site=tenant.site).count()
    ideas = ContentIdeas.objects.count()
    assert clusters <= ideas <= 2 * clusters  # up to two per cluster (the offline writer may find one)
    # 03:00-08:00: "Content hourly" is due but has no queued task: its conditions keep it from running.
    assert tick(day1 + timedelta(hours=3)) == []
    # 09:00 writer tasks (content's 09:00 slot still had no tasks when the tick looked).
    assert names(tick(day1 + timedelta(hours=9))) == [("Writer tasks daily at 9 AM", RunStatus.SUCCEEDED)]
    assert Tasks.objects.filter(status="queued").count() == ideas
    # 10:00 content (two per hour), whose new drafts trigger the images rule; nothing to publish yet at 10:00.
    assert names(tick(day1 + timedelta(hours=10))) == [
        ("Content hourly", RunStatus.SUCCEEDED),
        ("Images when content is generated", RunStatus.SUCCEEDED),
    ]
    assert Content.objects.count() == min(2, ideas)
    for hour in range(11, 24):  # the rest of the day writes the rest
        tick(day1 + timedelta(hours=hour))
    assert Content.objects.count() == ideas
    assert Images.objects.exclude(status="generated").count() == 0
    assert Images.objects.count() == 3 * Content.objects.count()

    # Day 2, 10:00: publish to WordPress.
    runs = tick(day1 + timedelta(days=1, hours=10))
    publish_run = next(r for r in runs if r.rule.name == "Publish daily at 10 AM")
    assert publish_run.status == RunStatus.SUCCEEDED, publish_run.errors
    assert publish_run.results[0]["processed"] == min(5, ideas)
    records = list(PublishingRecord.objects.filter(integration=integration, status="published"))
    assert len(records) == min(5, ideas)
    for record in records:
        post = wordpress_site.rest_json("GET", f"/wp/v2/posts/{record.external_id}", params={"context": "edit"})
        content = record.content
        assert post["status"] == "publish"
        assert post["title"]["raw"] == content.title
        assert post["featured_media"] > 0
        assert content.status == "published"
    # The publication fired content_published, caught by the extra rule, with its loop-guard chain.
    seen = AutomationRun.objects.filter(rule=published_rule).order_by("pk")
    assert seen.count() == 1
    assert seen[0].event["origin_run_id"] == publish_run.pk
    assert sorted(seen[0].event["ids"]) == sorted(r.content_id for r in records)

    # Every credit spent is on a run, and nothing was charged twice.
    spent = -sum(
        CreditTransaction.objects.filter(account=tenant.account, amount__lt=0).values_list("amount", flat=True)
    )
    assert spent == sum(AutomationRun.objects.values_list("credits_used", flat=True))
    assert Account.objects.get(pk=tenant.account.pk).credits == 1000 - spent
    assert not AutomationRule.objects.filter(pk__in=[r.pk for r in rules], is_active=False).exists()

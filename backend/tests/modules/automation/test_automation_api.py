"""/api/v1/automation/: rules CRUD with validation, dry_run, run_now, pause / resume / cancel; runs history
and control; templates. Roles: owners/admins write rules and apply templates, editors run and control
runs, viewers read. Another account's rule or run answers 404 everywhere and nothing changes."""

from __future__ import annotations

from typing import Any

import pytest

from igny8_core.core.auth.models import Role
from igny8_core.domain.automation.models import AutomationRule, AutomationRun, RunStatus
from igny8_core.domain.jobs.models import Job
from tests.automation_support import SentRuns, make_rule
from tests.conftest import Tenant
from tests.factories import SectorFactory, SiteFactory
from tests.publishing_support import NOT_FOUND, make_integration, without_request_id

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

RULES = "/api/v1/automation/rules/"
RUNS = "/api/v1/automation/runs/"
TEMPLATES = "/api/v1/automation/templates/"


def body(tenant: Tenant, **extra: Any) -> dict[str, Any]:
    return {
        "site": tenant.site.pk,
        "sector": tenant.sector.pk,
        "name": "Tasks every morning",
        "trigger": "schedule",
        "schedule": {"cron": "0 9 * * 1-5", "timezone": "Europe/Paris"},
        "conditions": [{"field": "new_ideas", "operator": "gte", "value": 3}],
        "actions": [{"type": "create_tasks", "params": {"limit": 10}}],
        "max_executions_per_day": 2,
        "credit_limit_per_execution": 50,
        **extra,
    }


def state() -> dict[str, list[Any]]:
    return {
        "rules": list(AutomationRule.objects.order_by("pk").values()),
        "runs": list(AutomationRun.objects.order_by("pk").values()),
        "jobs": list(Job.objects.order_by("pk").values_list("pk", flat=True)),
    }


def test_admin_creates_reads_updates_and_deletes_a_rule(tenant: Tenant):
    _, admin = tenant.member(Role.ADMIN)
    response = admin.post(RULES, body(tenant), format="json")
    assert response.status_code == 201, response.content
    data = response.json()["data"]
    rule = AutomationRule.objects.get()
    assert data["id"] == rule.pk
    assert data["schedule"] == {"cron": "0 9 * * 1-5", "timezone": "Europe/Paris"}
    assert data["actions"] == [{"type": "create_tasks", "params": {"limit": 10}}]
    assert data["conditions"] == [{"field": "new_ideas", "operator": "gte", "value": 3}]
    assert data["next_run_at"] is not None
    assert data["last_run_at"] is None
    assert rule.created_by is not None

    listed = tenant.client.get(RULES, {"site_id": tenant.site.pk}).json()
    assert [r["id"] for r in listed["results"]] == [rule.pk]

    response = admin.patch(f"{RULES}{rule.pk}/", {"trigger": "idea_created", "conditions": []}, format="json")
    assert response.status_code == 200, response.content
    rule.refresh_from_db()
    assert (rule.trigger, rule.schedule, rule.next_run_at) == ("idea_created", {}, None)

    response = admin.delete(f"{RULES}{rule.pk}/")
    assert response.status_code == 200
    assert response.json()["message"] == "Rule deleted."
    assert AutomationRule.objects.count() == 0


def test_validation_errors_name_the_place(tenant: Tenant):
    response = tenant.client.post(
        RULES,
        body(
            tenant,
            schedule={"cron": "every day"},
            conditions=[{"field": "title", "operator": "eq", "value": "x"}],
            actions=[{"type": "publish", "params": {"destinations": ["myspace"]}}],
        ),
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "conditions.0": [
            'Unknown field "title" for trigger schedule; use one of: credits_balance, unclustered_keywords, '
            "clusters_without_ideas, new_ideas, queued_tasks, draft_content, weekday, hour."
        ],
        "schedule.cron": ['"every day" is not a cron expression (5 fields: minute hour day month weekday).'],
    }
    response = tenant.client.post(
        RULES,
        body(tenant, actions=[{"type": "fly"}], conditions=[{"field": "hour", "operator": "between", "value": 1}]),
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {  # the same dotted places as the service's errors
        "conditions.0.operator": ['"between" is not a valid choice.'],
        "actions.0.type": ['"fly" is not a valid choice.'],
    }
    other_site = SiteFactory.create(account=tenant.account)
    response = tenant.client.post(RULES, body(tenant, site=other_site.pk), format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"sector": ["This sector does not belong to the selected site."]}
    assert AutomationRule.objects.count() == 0


def test_a_rule_cannot_move_site_or_point_at_another_accounts_site(tenant: Tenant, stranger: Tenant):
    response = tenant.client.post(RULES, body(tenant, site=stranger.site.pk, sector=None), format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"site": [f'Invalid pk "{stranger.site.pk}" - object does not exist.']}
    rule = make_rule(tenant, trigger="idea_created", actions=[{"type": "create_tasks"}])
    other = SiteFactory.create(account=tenant.account)
    response = tenant.client.patch(
        f"{RULES}{rule.pk}/", {"site": other.pk, "sector": SectorFactory.create(site=other).pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"site": ["A rule cannot move to another site."]}


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_editors_and_viewers_cannot_write_rules(tenant: Tenant, role: str):
    rule = make_rule(tenant, trigger="idea_created", actions=[{"type": "create_tasks"}])
    _, client = tenant.member(role, sites=[tenant.site])
    before = state()
    for response in (
        client.post(RULES, body(tenant), format="json"),
        client.patch(f"{RULES}{rule.pk}/", {"name": "Mine"}, format="json"),
        client.delete(f"{RULES}{rule.pk}/"),
        client.post(f"{TEMPLATES}auto_ideas/apply/", {"site": tenant.site.pk}, format="json"),
    ):
        assert response.status_code == 403, response.content
    assert client.get(f"{RULES}{rule.pk}/").status_code == 200
    assert state() == before


def test_editor_runs_now_and_controls_the_run_viewer_cannot(tenant: Tenant, sent: SentRuns):
    rule = make_rule(tenant, trigger="idea_created", actions=[{"type": "create_tasks"}])
    _, viewer = tenant.member(Role.VIEWER, sites=[tenant.site])
    _, editor = tenant.member(Role.EDITOR, sites=[tenant.site])
    for action in ("run_now", "pause", "resume", "cancel"):
        assert viewer.post(f"{RULES}{rule.pk}/{action}/").status_code == 403
    assert AutomationRun.objects.count() == 0

    response = editor.post(f"{RULES}{rule.pk}/run_now/")
    assert response.status_code == 202, response.content
    run = AutomationRun.objects.get()
    assert response.json()["data"]["id"] == run.pk
    assert response.json()["data"]["status"] == "queued"
    assert response.json()["data"]["trigger"] == "manual"

    response = editor.post(f"{RULES}{rule.pk}/pause/")
    assert (response.status_code, response.json()["data"]["status"]) == (200, "paused")
    response = editor.post(f"{RULES}{rule.pk}/resume/")
    assert (response.status_code, response.json()["data"]["status"]) == (200, "queued")
    response = editor.post(f"{RUNS}{run.pk}/cancel/")
    assert (response.status_code, response.json()["data"]["status"]) == (200, "cancelled")
    response = editor.post(f"{RULES}{rule.pk}/cancel/")
    assert response.status_code == 409
    assert response.json()["error"] == "This rule has no queued, running or paused run."
    assert viewer.post(f"{RUNS}{run.pk}/resume/").status_code == 403


def test_viewer_dry_runs_and_nothing_is_written(tenant: Tenant):
    rule = make_rule(tenant, trigger="schedule", schedule={"cron": "0 2 * * *"}, actions=[{"type": "auto_cluster"}])
    _, viewer = tenant.member(Role.VIEWER, sites=[tenant.site])
    before = state()
    response = viewer.post(f"{RULES}{rule.pk}/dry_run/")
    assert response.status_code == 200, response.content
    data = response.json()["data"]
    assert data["actions"] == [
        {"type": "auto_cluster", "items": [], "count": 0, "estimated_credits": 0, "basis": "exact"}
    ]
    assert (data["estimated_credits"], data["conditions_met"], data["would_stop_at_credit_cap"]) == (0, True, False)
    assert state() == before


def test_runs_list_filters_and_detail(tenant: Tenant, sent: SentRuns):
    rule = make_rule(tenant, trigger="idea_created", actions=[{"type": "create_tasks"}])
    other = make_rule(tenant, trigger="cluster_created", actions=[{"type": "generate_ideas"}])
    first = tenant.client.post(f"{RULES}{rule.pk}/run_now/").json()["data"]["id"]
    second = tenant.client.post(f"{RULES}{other.pk}/run_now/").json()["data"]["id"]
    AutomationRun.objects.filter(pk=second).update(
        status=RunStatus.SUCCEEDED, results=[{"type": "generate_ideas", "status": "succeeded", "processed": 0}]
    )
    assert [r["id"] for r in tenant.client.get(RUNS).json()["results"]] == [second, first]
    assert [r["id"] for r in tenant.client.get(RUNS, {"rule": rule.pk}).json()["results"]] == [first]
    assert [r["id"] for r in tenant.client.get(RUNS, {"status": "succeeded"}).json()["results"]] == [second]
    detail = tenant.client.get(f"{RUNS}{second}/").json()["data"]
    assert detail["rule_name"] == other.name
    assert detail["results"] == [{"type": "generate_ideas", "status": "succeeded", "processed": 0}]


def test_another_accounts_rules_and_runs_are_404_everywhere_and_nothing_changes(
    tenant: Tenant, stranger: Tenant, sent: SentRuns
):
    theirs = make_rule(stranger, trigger="idea_created", actions=[{"type": "create_tasks"}])
    their_run = AutomationRun.objects.create(
        account=stranger.account, rule=theirs, site=stranger.site, trigger="manual", status=RunStatus.RUNNING
    )
    before = state()
    for pk in (theirs.pk, 999999):
        url = f"{RULES}{pk}/"
        for response in (
            tenant.client.get(url),
            tenant.client.patch(url, {"name": "Pwned"}, format="json"),
            tenant.client.put(url, body(tenant), format="json"),
            tenant.client.delete(url),
            tenant.client.post(f"{url}dry_run/"),
            tenant.client.post(f"{url}run_now/"),
            tenant.client.post(f"{url}pause/"),
            tenant.client.post(f"{url}resume/"),
            tenant.client.post(f"{url}cancel/"),
        ):
            assert response.status_code == 404, response.content
            assert without_request_id(response) == NOT_FOUND
    for pk in (their_run.pk, 999999):
        for response in (
            tenant.client.get(f"{RUNS}{pk}/"),
            tenant.client.post(f"{RUNS}{pk}/pause/"),
            tenant.client.post(f"{RUNS}{pk}/resume/"),
            tenant.client.post(f"{RUNS}{pk}/cancel/"),
        ):
            assert response.status_code == 404, response.content
    assert tenant.client.get(RULES).json()["results"] == []
    assert tenant.client.get(RUNS).json()["results"] == []
    response = tenant.client.post(f"{TEMPLATES}auto_ideas/apply/", {"site": stranger.site.pk}, format="json")
    assert response.status_code == 400
    assert state() == before
    assert sent == []


def test_an_editor_without_access_to_the_site_sees_no_rules(tenant: Tenant):
    other = SiteFactory.create(account=tenant.account)
    rule = make_rule(
        tenant,
        site=other,
        sector=SectorFactory.create(site=other),
        trigger="idea_created",
        actions=[{"type": "create_tasks"}],
    )
    _, editor = tenant.member(Role.EDITOR, sites=[tenant.site])
    assert editor.get(f"{RULES}{rule.pk}/").status_code == 404
    assert editor.post(f"{RULES}{rule.pk}/run_now/").status_code == 404


def test_templates_list_and_apply(tenant: Tenant, allow_private: None):
    _, viewer = tenant.member(Role.VIEWER)
    listed = viewer.get(TEMPLATES).json()["data"]
    assert [t["key"] for t in listed] == [
        "full_autopilot",
        "auto_cluster",
        "auto_ideas",
        "auto_tasks",
        "auto_content",
        "auto_images",
        "auto_publish",
    ]
    autopilot = listed[0]
    assert [(r["trigger"], (r.get("schedule") or {}).get("cron")) for r in autopilot["rules"]] == [
        ("schedule", "0 2 * * *"),
        ("cluster_created", None),
        ("schedule", "0 9 * * *"),
        ("schedule", "0 * * * *"),
        ("content_generated", None),
        ("schedule", "0 10 * * *"),
    ]
    response = tenant.client.post(f"{TEMPLATES}full_autopilot/apply/", {"site": tenant.site.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"destinations": ["Name at least one destination."]}
    wp = make_integration(tenant, platform="wordpress", url="http://127.0.0.1:1")
    response = tenant.client.post(
        f"{TEMPLATES}full_autopilot/apply/",
        {"site": tenant.site.pk, "sector": tenant.sector.pk, "destinations": [wp.pk], "timezone": "America/New_York"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["message"] == "6 rule(s) created."
    rules = list(AutomationRule.objects.order_by("pk"))
    assert [r.template_key for r in rules] == ["full_autopilot"] * 6
    assert rules[5].actions == [
        {"type": "publish", "params": {"destinations": [wp.pk], "status": "publish", "limit": 5}}
    ]
    assert rules[0].schedule == {"cron": "0 2 * * *", "timezone": "America/New_York"}
    # Ordinary rules: editable afterwards.
    response = tenant.client.patch(
        f"{RULES}{rules[3].pk}/", {"schedule": {"cron": "30 */2 * * *", "timezone": "UTC"}}, format="json"
    )
    assert response.status_code == 200
    assert tenant.client.post(f"{TEMPLATES}nope/apply/", {"site": tenant.site.pk}, format="json").status_code == 404


def test_catalog_lists_triggers_fields_operators_and_actions(tenant: Tenant):
    _, viewer = tenant.member(Role.VIEWER)
    response = viewer.get("/api/v1/automation/catalog/")
    assert response.status_code == 200
    data = response.json()["data"]
    assert [t["value"] for t in data["triggers"]] == [
        "schedule",
        "keyword_added",
        "cluster_created",
        "idea_created",
        "content_generated",
        "content_published",
    ]
    keyword = data["triggers"][1]
    assert keyword == {
        "value": "keyword_added",
        "label": "Keyword added",
        "event_entity": "keyword",
        "fields": [
            {"name": "keyword", "type": "str", "operators": ["eq", "ne", "in", "contains"]},
            {"name": "search_volume", "type": "int", "operators": ["eq", "ne", "gt", "gte", "lt", "lte", "in"]},
            {"name": "difficulty", "type": "int", "operators": ["eq", "ne", "gt", "gte", "lt", "lte", "in"]},
            {"name": "cpc", "type": "num", "operators": ["eq", "ne", "gt", "gte", "lt", "lte", "in"]},
            {"name": "intent", "type": "str", "operators": ["eq", "ne", "in", "contains"]},
            {"name": "source", "type": "str", "operators": ["eq", "ne", "in", "contains"]},
        ],
    }
    schedule = data["triggers"][0]
    assert schedule["event_entity"] is None
    published = data["triggers"][-1]
    assert published["fields"][-1] == {"name": "published_to", "type": "list", "operators": ["in", "contains"]}
    assert data["operators"] == ["eq", "ne", "gt", "gte", "lt", "lte", "in", "contains"]
    assert data["numeric_operators"] == ["gt", "gte", "lt", "lte"]
    assert data["limits"] == {"conditions": 20, "actions": 10, "in_values": 100}
    assert [a["type"] for a in data["actions"]] == [
        "auto_cluster",
        "generate_ideas",
        "create_tasks",
        "generate_content",
        "generate_image_prompts",
        "generate_images",
        "publish",
    ]
    publish = data["actions"][-1]
    assert publish == {
        "type": "publish",
        "label": "Publish",
        "input": "content",
        "output": "content",
        "params": [
            {"name": "limit", "kind": "int", "default": 5, "min": 1, "max": 20, "choices": [], "required": False},
            {
                "name": "destinations",
                "kind": "destinations",
                "default": None,
                "min": None,
                "max": None,
                "choices": [],
                "required": True,
            },
            {
                "name": "status",
                "kind": "choice",
                "default": "publish",
                "min": None,
                "max": None,
                "choices": ["publish", "draft"],
                "required": False,
            },
        ],
    }
    assert client_for_anonymous().get("/api/v1/automation/catalog/").status_code == 401


def client_for_anonymous() -> Any:
    from tests.conftest import client_for

    return client_for(None)


def test_a_rule_shows_its_current_run(tenant: Tenant, sent: SentRuns):
    rule = make_rule(tenant, trigger="idea_created", actions=[{"type": "create_tasks"}])
    assert tenant.client.get(f"{RULES}{rule.pk}/").json()["data"]["active_run"] is None
    run_id = tenant.client.post(f"{RULES}{rule.pk}/run_now/").json()["data"]["id"]
    assert tenant.client.get(f"{RULES}{rule.pk}/").json()["data"]["active_run"] == run_id
    assert [r["active_run"] for r in tenant.client.get(RULES).json()["results"]] == [run_id]
    AutomationRun.objects.filter(pk=run_id).update(status=RunStatus.SUCCEEDED)
    assert tenant.client.get(f"{RULES}{rule.pk}/").json()["data"]["active_run"] is None

"""Rule validation (clear errors naming the place) and condition semantics, every operator."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from igny8_core.domain.automation.models import AutomationRule
from igny8_core.domain.automation.rules import (
    CONDITION_FIELDS,
    OPERATORS,
    RuleErrors,
    condition_holds,
    conditions_validate,
    operators_for_type,
    schedule_next,
)
from igny8_core.shared.exceptions import ValidationFailed
from tests.automation_support import make_rule
from tests.conftest import Tenant
from tests.factories import KeywordFactory
from tests.publishing_support import make_integration

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

IDEAS = [{"type": "generate_ideas", "params": {}}]


def errors_of(tenant: Tenant, **data: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationFailed) as exc:
        make_rule(tenant, **data)
    assert AutomationRule.objects.count() == 0
    return dict(exc.value.errors)


def test_a_valid_event_rule_is_saved_with_defaults_filled_in(tenant: Tenant):
    rule = make_rule(
        tenant,
        trigger="cluster_created",
        conditions=[{"field": "volume", "operator": "gte", "value": 100}],
        actions=[{"type": "generate_ideas"}, {"type": "create_tasks", "params": {"limit": 5}}],
    )
    rule.refresh_from_db()
    assert rule.actions == [
        {"type": "generate_ideas", "params": {"limit": 5, "ideas_per_cluster": 2}},
        {"type": "create_tasks", "params": {"limit": 5}},
    ]
    assert rule.schedule == {}
    assert rule.next_run_at is None
    assert rule.account_id == tenant.account.pk


@pytest.mark.parametrize(
    ("trigger", "condition", "where", "message"),
    [
        (
            "keyword_added",
            {"field": "volume", "operator": "eq", "value": 1},
            "conditions.0",
            'Unknown field "volume" for trigger keyword_added; use one of: keyword, search_volume, difficulty, cpc, '
            "intent, source.",
        ),
        (
            "keyword_added",
            {"field": "search_volume", "operator": "between", "value": 1},
            "conditions.0",
            'Unknown operator "between"; use one of: eq, ne, gt, gte, lt, lte, in, contains.',
        ),
        (
            "keyword_added",
            {"field": "intent", "operator": "gt", "value": 1},
            "conditions.0",
            '"gt" compares numbers; intent is text.',
        ),
        (
            "keyword_added",
            {"field": "search_volume", "operator": "lte", "value": "10"},
            "conditions.0",
            '"lte" needs a number as value.',
        ),
        (
            "keyword_added",
            {"field": "intent", "operator": "in", "value": []},
            "conditions.0",
            '"in" needs a list of 1 to 100 values.',
        ),
        (
            "keyword_added",
            {"field": "difficulty", "operator": "in", "value": [1, "x"]},
            "conditions.0",
            '"in" values for difficulty must all be numbers.',
        ),
        (
            "keyword_added",
            {"field": "search_volume", "operator": "contains", "value": "1"},
            "conditions.0",
            '"contains" works on text or lists; search_volume is a number.',
        ),
        (
            "keyword_added",
            {"field": "keyword", "operator": "eq", "value": 3},
            "conditions.0",
            '"eq" on keyword needs text.',
        ),
        (
            "content_published",
            {"field": "published_to", "operator": "eq", "value": "wordpress"},
            "conditions.0",
            '"eq" on published_to needs a list; use contains.',
        ),
        ("schedule", {"field": "title", "operator": "eq", "value": "x"}, "conditions.0", None),
        ("keyword_added", {"field": "intent"}, "conditions.0", "Give exactly field, operator and value."),
    ],
)
def test_conditions_are_checked_against_the_trigger(
    tenant: Tenant, trigger: str, condition: dict[str, Any], where: str, message: str | None
):
    extra: dict[str, Any] = {"schedule": {"cron": "0 9 * * *"}} if trigger == "schedule" else {}
    errors = errors_of(tenant, trigger=trigger, conditions=[condition], actions=IDEAS, **extra)
    assert list(errors) == [where]
    if message:
        assert errors[where] == [message]


@pytest.mark.parametrize(
    ("actions", "where", "message"),
    [
        ([], "actions", "Give at least one action."),
        (
            [{"type": "dance"}],
            "actions.0",
            'Unknown action "dance"; use one of: auto_cluster, generate_ideas, create_tasks, generate_content, '
            "generate_image_prompts, generate_images, publish.",
        ),
        (
            [{"type": "generate_ideas", "params": {"ideas_per_cluster": 9}}],
            "actions.0.params.ideas_per_cluster",
            "A whole number from 1 to 5.",
        ),
        (
            [{"type": "generate_content", "params": {"limit": 0}}],
            "actions.0.params.limit",
            "A whole number from 1 to 10.",
        ),
        (
            [{"type": "generate_images", "params": {"file_format": "gif"}}],
            "actions.0.params.file_format",
            "One of: webp, png.",
        ),
        (
            [{"type": "create_tasks", "params": {"color": "red"}}],
            "actions.0.params",
            "Unknown parameter(s) for create_tasks: color.",
        ),
        ([{"type": "publish", "params": {}}], "actions.0.params.destinations", "publish needs destinations."),
        (
            [{"type": "publish", "params": {"destinations": []}}],
            "actions.0.params.destinations",
            "A list of 1 to 20 integration ids or platform names.",
        ),
        (
            [{"type": "publish", "params": {"destinations": ["myspace"]}}],
            "actions.0.params.destinations",
            'Unknown platform "myspace"; use an integration id or one of: wordpress, shopify, custom_api.',
        ),
        (
            [{"type": "publish", "params": {"destinations": [999999]}}],
            "actions.0.params.destinations",
            "No integration 999999 on this site.",
        ),
        (
            [{"type": "publish", "params": {"destinations": ["wordpress"], "status": "future"}}],
            "actions.0.params.status",
            "One of: publish, draft.",
        ),
    ],
)
def test_actions_and_their_parameters_are_checked(tenant: Tenant, actions: list[Any], where: str, message: str):
    errors = errors_of(tenant, trigger="content_generated", actions=actions)
    assert errors == {where: [message]}


def test_publish_destinations_must_be_integrations_of_the_rules_own_site(tenant: Tenant, stranger: Tenant):
    theirs = make_integration(stranger, platform="wordpress")
    errors = errors_of(
        tenant, trigger="content_generated", actions=[{"type": "publish", "params": {"destinations": [theirs.pk]}}]
    )
    assert errors == {"actions.0.params.destinations": [f"No integration {theirs.pk} on this site."]}
    mine = make_integration(tenant, platform="wordpress")
    rule = make_rule(
        tenant, trigger="content_generated", actions=[{"type": "publish", "params": {"destinations": [mine.pk]}}]
    )
    assert rule.actions[0]["params"] == {"limit": 5, "destinations": [mine.pk], "status": "publish"}


@pytest.mark.parametrize(
    ("schedule", "where", "message"),
    [
        (None, "schedule", 'A scheduled rule needs {"cron": "0 9 * * *", "timezone": "UTC"}.'),
        (
            {"cron": "61 * * * *"},
            "schedule.cron",
            '"61 * * * *" is not a cron expression (5 fields: minute hour day month weekday).',
        ),
        (
            {"cron": "0 9 * * * *"},
            "schedule.cron",
            '"0 9 * * * *" is not a cron expression (5 fields: minute hour day month weekday).',
        ),
        (
            {"cron": "0 9 * * *", "timezone": "Mars/Olympus"},
            "schedule.timezone",
            '"Mars/Olympus" is not a time zone (e.g. "Europe/Berlin").',
        ),
        ({"cron": "0 9 * * *", "every": 2}, "schedule", "Unknown key(s): every."),
    ],
)
def test_schedules_are_checked_with_croniter_and_zoneinfo(tenant: Tenant, schedule: Any, where: str, message: str):
    assert errors_of(tenant, trigger="schedule", schedule=schedule, actions=IDEAS) == {where: [message]}


def test_an_event_rule_has_no_schedule_and_errors_are_all_reported_at_once(tenant: Tenant):
    errors = errors_of(
        tenant,
        trigger="idea_created",
        schedule={"cron": "0 9 * * *"},
        conditions=[{"field": "nope", "operator": "eq", "value": 1}],
        actions=[{"type": "create_tasks", "params": {"limit": 1000}}],
    )
    assert sorted(errors) == ["actions.0.params.limit", "conditions.0", "schedule"]
    assert errors["schedule"] == ["Only scheduled rules have a schedule; leave it empty."]


def test_a_scheduled_rule_gets_its_next_run_in_its_time_zone(tenant: Tenant, monkeypatch: pytest.MonkeyPatch):
    from igny8_core.domain.automation import services
    from tests.automation_support import ctx

    now = datetime(2026, 3, 7, 12, 0, tzinfo=UTC)
    rule = services.automation_rule_create(
        tenant=ctx(tenant),
        data={
            "site": tenant.site,
            "name": "Berlin mornings",
            "trigger": "schedule",
            "schedule": {"cron": "0 9 * * *", "timezone": "Europe/Berlin"},
            "actions": IDEAS,
        },
        now=now,
    )
    assert rule.next_run_at == datetime(2026, 3, 8, 8, 0, tzinfo=UTC)  # 09:00 CET
    assert rule.schedule == {"cron": "0 9 * * *", "timezone": "Europe/Berlin"}


def test_next_run_is_dst_safe():
    schedule = {"cron": "0 9 * * *", "timezone": "Europe/Berlin"}
    # Berlin switches to summer time on 2026-03-29: 09:00 local is 08:00 UTC before, 07:00 UTC after.
    assert schedule_next(schedule, after=datetime(2026, 3, 28, 9, 0, tzinfo=UTC)) == datetime(
        2026, 3, 29, 7, 0, tzinfo=UTC
    )
    assert schedule_next(schedule, after=datetime(2026, 3, 27, 9, 0, tzinfo=UTC)) == datetime(
        2026, 3, 28, 8, 0, tzinfo=UTC
    )
    # A time that does not exist locally (02:30 on the spring-forward night) is not skipped for the day.
    nightly = {"cron": "30 2 * * *", "timezone": "Europe/Berlin"}
    first = schedule_next(nightly, after=datetime(2026, 3, 28, 12, 0, tzinfo=UTC))
    assert datetime(2026, 3, 29, 0, 0, tzinfo=UTC) <= first <= datetime(2026, 3, 29, 2, 0, tzinfo=UTC)
    hourly = {"cron": "0 * * * *", "timezone": "UTC"}
    assert schedule_next(hourly, after=datetime(2026, 1, 1, 10, 0, tzinfo=UTC)) == datetime(
        2026, 1, 1, 11, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("operator", "value", "expected"),
    [
        ("eq", 100, True),
        ("eq", 99, False),
        ("ne", 99, True),
        ("ne", 100, False),
        ("gt", 99, True),
        ("gt", 100, False),
        ("gte", 100, True),
        ("gte", 101, False),
        ("lt", 101, True),
        ("lt", 100, False),
        ("lte", 100, True),
        ("lte", 99, False),
        ("in", [1, 100], True),
        ("in", [1, 2], False),
    ],
)
def test_numeric_operators(operator: str, value: Any, expected: bool, tenant: Tenant):
    keyword = KeywordFactory.create(sector=tenant.sector, search_volume=100)
    assert condition_holds({"field": "search_volume", "operator": operator, "value": value}, keyword) is expected


def test_text_list_and_decimal_operators(tenant: Tenant):
    keyword = KeywordFactory.create(sector=tenant.sector, keyword="Best Green Tea", cpc=Decimal("1.50"))
    assert condition_holds({"field": "keyword", "operator": "contains", "value": "green"}, keyword) is True
    assert condition_holds({"field": "keyword", "operator": "contains", "value": "coffee"}, keyword) is False
    assert condition_holds({"field": "intent", "operator": "in", "value": ["informational"]}, keyword) is True
    assert condition_holds({"field": "cpc", "operator": "gt", "value": 1.2}, keyword) is True
    item = {"published_to": ["wordpress", "shopify"]}
    assert condition_holds({"field": "published_to", "operator": "contains", "value": "WordPress"}, item) is True
    assert condition_holds({"field": "published_to", "operator": "in", "value": ["custom_api"]}, item) is False
    assert condition_holds({"field": "word_count", "operator": "gt", "value": 1}, {"word_count": None}) is False


def _sample_value(field_type: str, operator: str) -> Any:
    scalar: Any = 3 if field_type in ("int", "num") else "x"
    return [scalar] if operator == "in" else scalar


def test_the_catalogs_operators_per_field_are_exactly_what_validation_accepts():
    """The rule editor offers ``operators_for_type``; each of them must validate and every other one fail."""
    for trigger, fields in CONDITION_FIELDS.items():
        for field, field_type in fields.items():
            for operator in OPERATORS:
                errors = RuleErrors()
                condition = {"field": field, "operator": operator, "value": _sample_value(field_type, operator)}
                clean = conditions_validate(trigger=trigger, conditions=[condition], errors=errors)
                allowed = operator in operators_for_type(field_type)
                assert (clean == [condition], errors.errors == {}) == (allowed, allowed), (trigger, field, operator)
    assert operators_for_type("int") == ("eq", "ne", "gt", "gte", "lt", "lte", "in")
    assert operators_for_type("num") == ("eq", "ne", "gt", "gte", "lt", "lte", "in")
    assert operators_for_type("str") == ("eq", "ne", "in", "contains")
    assert operators_for_type("list") == ("in", "contains")

"""What a rule may say, and what it means: condition fields per trigger, operators, action parameters,
schedules (croniter + zoneinfo, DST-safe next run). Pure functions; the services call them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter

from igny8_core.domain.automation.models import ActionType, Trigger
from igny8_core.shared.exceptions import ValidationFailed

MAX_CONDITIONS = 20
MAX_ACTIONS = 10
MAX_IN_VALUES = 100

# Condition fields per trigger, with their type: int / num (numbers), str, list (of strings).
_CONTENT_FIELDS = {
    "title": "str",
    "word_count": "int",
    "entity_type": "str",
    "content_structure": "str",
    "primary_keyword": "str",
    "status": "str",
}
CONDITION_FIELDS: dict[str, dict[str, str]] = {
    Trigger.KEYWORD_ADDED: {
        "keyword": "str",
        "search_volume": "int",
        "difficulty": "int",
        "cpc": "num",
        "intent": "str",
        "source": "str",
    },
    Trigger.CLUSTER_CREATED: {
        "name": "str",
        "keywords_count": "int",
        "volume": "int",
        "avg_difficulty": "num",
        "intent": "str",
    },
    Trigger.IDEA_CREATED: {
        "title": "str",
        "content_type": "str",
        "content_structure": "str",
        "target_word_count": "int",
        "primary_keyword": "str",
    },
    Trigger.CONTENT_GENERATED: _CONTENT_FIELDS,
    Trigger.CONTENT_PUBLISHED: {**_CONTENT_FIELDS, "published_to": "list"},
    # Scheduled rules test the site's state when they are due (counts in the rule's site/sector).
    Trigger.SCHEDULE: {
        "credits_balance": "int",
        "unclustered_keywords": "int",
        "clusters_without_ideas": "int",
        "new_ideas": "int",
        "queued_tasks": "int",
        "draft_content": "int",
        "weekday": "int",
        "hour": "int",
    },
}
OPERATORS = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "contains")
NUMERIC_OPERATORS = ("gt", "gte", "lt", "lte")
FIELD_TYPES = ("int", "num", "str", "list")
PARAM_KINDS = ("int", "choice", "destinations")
ENTITIES = ("keyword", "cluster", "idea", "task", "content")


def operators_for_type(field_type: str) -> tuple[str, ...]:
    """The operators ``conditions_validate`` accepts on a field of this type (numbers compare, text and
    lists contain; a list field has no eq / ne)."""
    if field_type in ("int", "num"):
        return ("eq", "ne", "gt", "gte", "lt", "lte", "in")
    if field_type == "list":
        return ("in", "contains")
    return ("eq", "ne", "in", "contains")


@dataclass(frozen=True)
class ParamSpec:
    kind: str  # int, choice, destinations
    default: Any = None
    low: int = 0
    high: int = 0
    choices: tuple[str, ...] = ()
    required: bool = False


ACTION_PARAMS: dict[str, dict[str, ParamSpec]] = {
    ActionType.AUTO_CLUSTER: {"limit": ParamSpec("int", 500, 1, 5000)},
    ActionType.GENERATE_IDEAS: {
        "limit": ParamSpec("int", 5, 1, 20),
        "ideas_per_cluster": ParamSpec("int", 2, 1, 5),
    },
    ActionType.CREATE_TASKS: {"limit": ParamSpec("int", 20, 1, 100)},
    ActionType.GENERATE_CONTENT: {"limit": ParamSpec("int", 3, 1, 10)},
    ActionType.GENERATE_IMAGE_PROMPTS: {
        "limit": ParamSpec("int", 5, 1, 20),
        "in_article_count": ParamSpec("int", 2, 0, 5),
    },
    ActionType.GENERATE_IMAGES: {
        "limit": ParamSpec("int", 5, 1, 20),
        "file_format": ParamSpec("choice", "webp", choices=("webp", "png")),
    },
    ActionType.PUBLISH: {
        "limit": ParamSpec("int", 5, 1, 20),
        "destinations": ParamSpec("destinations", required=True),
        "status": ParamSpec("choice", "publish", choices=("publish", "draft")),
    },
}

# What each action works on and what it hands to the next action (chaining by entity).
ACTION_INPUT: dict[str, str] = {
    ActionType.AUTO_CLUSTER: "keyword",
    ActionType.GENERATE_IDEAS: "cluster",
    ActionType.CREATE_TASKS: "idea",
    ActionType.GENERATE_CONTENT: "task",
    ActionType.GENERATE_IMAGE_PROMPTS: "content",
    ActionType.GENERATE_IMAGES: "content",
    ActionType.PUBLISH: "content",
}
ACTION_OUTPUT: dict[str, str] = {
    ActionType.AUTO_CLUSTER: "cluster",
    ActionType.GENERATE_IDEAS: "idea",
    ActionType.CREATE_TASKS: "task",
    ActionType.GENERATE_CONTENT: "content",
    ActionType.GENERATE_IMAGE_PROMPTS: "content",
    ActionType.GENERATE_IMAGES: "content",
    ActionType.PUBLISH: "content",
}
EVENT_ENTITY: dict[str, str] = {
    Trigger.KEYWORD_ADDED: "keyword",
    Trigger.CLUSTER_CREATED: "cluster",
    Trigger.IDEA_CREATED: "idea",
    Trigger.CONTENT_GENERATED: "content",
    Trigger.CONTENT_PUBLISHED: "content",
}


class RuleErrors:
    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            field, messages = next(iter(self.errors.items()))
            raise ValidationFailed(f"{field}: {messages[0]}", errors=self.errors)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _scalar_ok(kind: str, value: Any) -> bool:
    if kind in ("int", "num"):
        return _is_number(value)
    return isinstance(value, str)


def conditions_validate(*, trigger: str, conditions: Any, errors: RuleErrors) -> list[dict[str, Any]]:
    if conditions is None:
        return []
    if not isinstance(conditions, list):
        errors.add("conditions", "Must be a list of {field, operator, value}.")
        return []
    if len(conditions) > MAX_CONDITIONS:
        errors.add("conditions", f"At most {MAX_CONDITIONS} conditions.")
        return []
    fields = CONDITION_FIELDS.get(trigger, {})
    clean: list[dict[str, Any]] = []
    for index, cond in enumerate(conditions):
        where = f"conditions.{index}"
        if not isinstance(cond, dict) or set(cond) != {"field", "operator", "value"}:
            errors.add(where, "Give exactly field, operator and value.")
            continue
        field, operator, value = cond["field"], cond["operator"], cond["value"]
        if field not in fields:
            errors.add(where, f'Unknown field "{field}" for trigger {trigger}; use one of: {", ".join(fields)}.')
            continue
        if operator not in OPERATORS:
            errors.add(where, f'Unknown operator "{operator}"; use one of: {", ".join(OPERATORS)}.')
            continue
        kind = fields[field]
        if operator in NUMERIC_OPERATORS:
            if kind not in ("int", "num"):
                errors.add(where, f'"{operator}" compares numbers; {field} is text.')
                continue
            if not _is_number(value):
                errors.add(where, f'"{operator}" needs a number as value.')
                continue
        elif operator == "in":
            scalar = "str" if kind == "list" else kind
            if not isinstance(value, list) or not value or len(value) > MAX_IN_VALUES:
                errors.add(where, f'"in" needs a list of 1 to {MAX_IN_VALUES} values.')
                continue
            if not all(_scalar_ok(scalar, v) for v in value):
                errors.add(where, f'"in" values for {field} must all be {"numbers" if scalar != "str" else "text"}.')
                continue
        elif operator == "contains":
            if kind not in ("str", "list"):
                errors.add(where, f'"contains" works on text or lists; {field} is a number.')
                continue
            if not isinstance(value, str) or not value:
                errors.add(where, '"contains" needs non-empty text as value.')
                continue
        else:  # eq, ne
            expected = "str" if kind == "list" else kind
            if kind == "list" or not _scalar_ok(expected, value):
                what = "a list; use contains" if kind == "list" else ("a number" if kind != "str" else "text")
                errors.add(where, f'"{operator}" on {field} needs {what}.')
                continue
        clean.append({"field": field, "operator": operator, "value": value})
    return clean


def _value(item: Any, field: str) -> Any:
    value = item.get(field) if isinstance(item, dict) else getattr(item, field, None)
    if isinstance(value, Decimal):
        return float(value)
    return value


def condition_holds(condition: dict[str, Any], item: Any) -> bool:
    actual = _value(item, condition["field"])
    op, expected = condition["operator"], condition["value"]
    if op == "eq":
        return bool(actual == expected)
    if op == "ne":
        return bool(actual != expected)
    if op == "in":
        if isinstance(actual, list):
            return any(a in expected for a in actual)
        return actual in expected
    if op == "contains":
        if isinstance(actual, list):
            return any(str(expected).casefold() == str(a).casefold() for a in actual)
        return str(expected).casefold() in str(actual or "").casefold()
    if actual is None:
        return False
    if op == "gt":
        return bool(actual > expected)
    if op == "gte":
        return bool(actual >= expected)
    if op == "lt":
        return bool(actual < expected)
    return bool(actual <= expected)  # lte


def conditions_hold(conditions: list[dict[str, Any]], item: Any) -> bool:
    return all(condition_holds(c, item) for c in conditions)


def actions_validate(*, actions: Any, errors: RuleErrors) -> list[dict[str, Any]]:
    """Types and parameters; publish destinations are checked against the site by the service."""
    if not isinstance(actions, list) or not actions:
        errors.add("actions", "Give at least one action.")
        return []
    if len(actions) > MAX_ACTIONS:
        errors.add("actions", f"At most {MAX_ACTIONS} actions.")
        return []
    clean: list[dict[str, Any]] = []
    for index, action in enumerate(actions):
        where = f"actions.{index}"
        if not isinstance(action, dict) or "type" not in action or set(action) - {"type", "params"}:
            errors.add(where, "Give type and (optionally) params.")
            continue
        kind = action["type"]
        if kind not in ACTION_PARAMS:
            errors.add(where, f'Unknown action "{kind}"; use one of: {", ".join(ACTION_PARAMS)}.')
            continue
        params = action.get("params") or {}
        if not isinstance(params, dict):
            errors.add(f"{where}.params", "Must be an object.")
            continue
        specs = ACTION_PARAMS[kind]
        unknown = sorted(set(params) - set(specs))
        if unknown:
            errors.add(f"{where}.params", f"Unknown parameter(s) for {kind}: {', '.join(unknown)}.")
            continue
        out: dict[str, Any] = {}
        for name, spec in specs.items():
            if name not in params:
                if spec.required:
                    errors.add(f"{where}.params.{name}", f"{kind} needs {name}.")
                elif spec.default is not None:
                    out[name] = spec.default
                continue
            value = params[name]
            if spec.kind == "int":
                if not isinstance(value, int) or isinstance(value, bool) or not spec.low <= value <= spec.high:
                    errors.add(f"{where}.params.{name}", f"A whole number from {spec.low} to {spec.high}.")
                    continue
            elif spec.kind == "choice":
                if value not in spec.choices:
                    errors.add(f"{where}.params.{name}", f"One of: {', '.join(spec.choices)}.")
                    continue
            elif spec.kind == "destinations" and (
                not isinstance(value, list)
                or not value
                or len(value) > 20
                or not all(isinstance(v, int | str) and not isinstance(v, bool) for v in value)
            ):
                errors.add(f"{where}.params.{name}", "A list of 1 to 20 integration ids or platform names.")
                continue
            out[name] = value
        clean.append({"type": kind, "params": out})
    return clean


def schedule_validate(*, trigger: str, schedule: Any, errors: RuleErrors) -> dict[str, str]:
    if trigger != Trigger.SCHEDULE:
        if schedule:
            errors.add("schedule", "Only scheduled rules have a schedule; leave it empty.")
        return {}
    if not isinstance(schedule, dict) or not schedule.get("cron"):
        errors.add("schedule", 'A scheduled rule needs {"cron": "0 9 * * *", "timezone": "UTC"}.')
        return {}
    unknown = set(schedule) - {"cron", "timezone"}
    if unknown:
        errors.add("schedule", f"Unknown key(s): {', '.join(sorted(unknown))}.")
        return {}
    cron = " ".join(str(schedule["cron"]).split())
    tz = str(schedule.get("timezone") or "UTC")
    if len(cron.split()) != 5 or not croniter.is_valid(cron):
        errors.add("schedule.cron", f'"{cron}" is not a cron expression (5 fields: minute hour day month weekday).')
        return {}
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        errors.add("schedule.timezone", f'"{tz}" is not a time zone (e.g. "Europe/Berlin").')
        return {}
    return {"cron": cron, "timezone": tz}


def schedule_next(schedule: dict[str, str], *, after: datetime) -> datetime:
    """The first time strictly after ``after`` the cron matches, read as wall-clock time in the schedule's
    time zone (so "0 9 * * *" stays 09:00 local across DST changes), returned in UTC."""
    tz = ZoneInfo(schedule.get("timezone") or "UTC")
    local = after.astimezone(tz)
    nxt: datetime = croniter(schedule["cron"], local).get_next(datetime)
    if nxt.tzinfo is None:  # pragma: no cover - croniter keeps the start's tzinfo
        nxt = nxt.replace(tzinfo=tz)
    return nxt.astimezone(UTC)


def rules_catalog() -> dict[str, Any]:
    """What the rule editor may offer: triggers with their condition fields, operators, actions with
    their parameters (the same tables the validation uses)."""
    return {
        "triggers": [
            {
                "value": str(value),
                "label": str(label),
                "fields": [
                    {"name": n, "type": t, "operators": list(operators_for_type(t))}
                    for n, t in CONDITION_FIELDS[value].items()
                ],
                "event_entity": EVENT_ENTITY.get(value),
            }
            for value, label in Trigger.choices
        ],
        "operators": list(OPERATORS),
        "numeric_operators": list(NUMERIC_OPERATORS),
        "limits": {"conditions": MAX_CONDITIONS, "actions": MAX_ACTIONS, "in_values": MAX_IN_VALUES},
        "actions": [
            {
                "type": str(value),
                "label": str(label),
                "input": ACTION_INPUT[value],
                "output": ACTION_OUTPUT[value],
                "params": [
                    {
                        "name": name,
                        "kind": spec.kind,
                        "default": spec.default,
                        "min": spec.low if spec.kind == "int" else None,
                        "max": spec.high if spec.kind == "int" else None,
                        "choices": list(spec.choices),
                        "required": spec.required,
                    }
                    for name, spec in ACTION_PARAMS[value].items()
                ],
            }
            for value, label in ActionType.choices
        ],
    }

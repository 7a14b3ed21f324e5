"""One-click workflows (seed 5.3). Applying one creates ordinary rules the user can edit afterwards."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from igny8_core.shared.exceptions import NotFoundError

RuleSpec = dict[str, Any]


def _schedule(cron: str, tz: str) -> dict[str, str]:
    return {"cron": cron, "timezone": tz}


def _cluster_daily(d: list[Any], tz: str) -> RuleSpec:
    return {
        "name": "Cluster new keywords daily at 2 AM",
        "trigger": "schedule",
        "schedule": _schedule("0 2 * * *", tz),
        "conditions": [{"field": "unclustered_keywords", "operator": "gte", "value": 1}],
        "actions": [{"type": "auto_cluster", "params": {"limit": 500}}],
        "max_executions_per_day": 1,
        "credit_limit_per_execution": 10,
    }


def _ideas_on_cluster(d: list[Any], tz: str) -> RuleSpec:
    return {
        "name": "Ideas when a cluster is created",
        "trigger": "cluster_created",
        "actions": [{"type": "generate_ideas", "params": {"ideas_per_cluster": 2, "limit": 10}}],
        "max_executions_per_day": 10,
        "credit_limit_per_execution": 150,
    }


def _tasks_daily(d: list[Any], tz: str) -> RuleSpec:
    return {
        "name": "Writer tasks daily at 9 AM",
        "trigger": "schedule",
        "schedule": _schedule("0 9 * * *", tz),
        "conditions": [{"field": "new_ideas", "operator": "gte", "value": 1}],
        "actions": [{"type": "create_tasks", "params": {"limit": 20}}],
        "max_executions_per_day": 1,
        "credit_limit_per_execution": 1,
    }


def _content_hourly(d: list[Any], tz: str) -> RuleSpec:
    return {
        "name": "Content hourly",
        "trigger": "schedule",
        "schedule": _schedule("0 * * * *", tz),
        "conditions": [{"field": "queued_tasks", "operator": "gte", "value": 1}],
        "actions": [{"type": "generate_content", "params": {"limit": 2}}],
        "max_executions_per_day": 24,
        "credit_limit_per_execution": 60,
    }


def _images_on_content(d: list[Any], tz: str) -> RuleSpec:
    return {
        "name": "Images when content is generated",
        "trigger": "content_generated",
        "actions": [
            {"type": "generate_image_prompts", "params": {"in_article_count": 2, "limit": 5}},
            {"type": "generate_images", "params": {"limit": 5}},
        ],
        "max_executions_per_day": 48,
        "credit_limit_per_execution": 100,
    }


def _publish_daily(d: list[Any], tz: str) -> RuleSpec:
    return {
        "name": "Publish daily at 10 AM",
        "trigger": "schedule",
        "schedule": _schedule("0 10 * * *", tz),
        "conditions": [{"field": "draft_content", "operator": "gte", "value": 1}],
        "actions": [{"type": "publish", "params": {"destinations": list(d), "status": "publish", "limit": 5}}],
        "max_executions_per_day": 1,
        "credit_limit_per_execution": 1,
    }


@dataclass(frozen=True)
class Template:
    key: str
    name: str
    description: str
    parts: tuple[Callable[[list[Any], str], RuleSpec], ...]
    needs_destinations: bool

    def rules(self, *, destinations: list[Any], timezone_name: str) -> list[RuleSpec]:
        return [part(destinations, timezone_name) for part in self.parts]


TEMPLATES: dict[str, Template] = {
    t.key: t
    for t in (
        Template(
            "full_autopilot",
            "Keywords to published posts on autopilot",
            "Cluster new keywords daily at 2 AM, ideas when a cluster is created, writer tasks daily at 9 AM, "
            "content hourly, images when content is generated, publish daily at 10 AM.",
            (_cluster_daily, _ideas_on_cluster, _tasks_daily, _content_hourly, _images_on_content, _publish_daily),
            True,
        ),
        Template(
            "auto_cluster", "Auto cluster keywords", "Cluster new keywords daily at 2 AM.", (_cluster_daily,), False
        ),
        Template("auto_ideas", "Auto generate ideas", "Ideas when a cluster is created.", (_ideas_on_cluster,), False),
        Template(
            "auto_tasks", "Auto create tasks", "Writer tasks from new ideas daily at 9 AM.", (_tasks_daily,), False
        ),
        Template(
            "auto_content", "Auto generate content", "Content for queued tasks every hour.", (_content_hourly,), False
        ),
        Template(
            "auto_images",
            "Auto generate images",
            "Image prompts and images when content is generated.",
            (_images_on_content,),
            False,
        ),
        Template("auto_publish", "Auto publish", "Publish written content daily at 10 AM.", (_publish_daily,), True),
    )
}


def template_list() -> list[dict[str, Any]]:
    out = []
    for template in TEMPLATES.values():
        rules = template.rules(
            destinations=["<destination>"] if template.needs_destinations else [], timezone_name="UTC"
        )
        out.append(
            {
                "key": template.key,
                "name": template.name,
                "description": template.description,
                "needs_destinations": template.needs_destinations,
                "rules": rules,
            }
        )
    return out


def template_get(key: str) -> Template:
    try:
        return TEMPLATES[key]
    except KeyError:
        raise NotFoundError(f'No workflow template "{key}".') from None

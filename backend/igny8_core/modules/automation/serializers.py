from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from igny8_core.core.base.serializers import TenantSectorField, TenantSiteField
from igny8_core.domain.automation.models import (
    ACTIVE_RUN_STATUSES,
    ActionType,
    AutomationRule,
    AutomationRun,
    RunStatus,
    Trigger,
)
from igny8_core.domain.automation.rules import ENTITIES, FIELD_TYPES, OPERATORS, PARAM_KINDS


class ConditionSerializer(serializers.Serializer[Any]):
    field = serializers.CharField(help_text="A field of the trigger's object (or, for schedule, of the site).")
    operator = serializers.ChoiceField(choices=OPERATORS)
    value = serializers.JSONField(help_text="A number, text, or a list for `in`.")


class ActionSerializer(serializers.Serializer[Any]):
    type = serializers.ChoiceField(choices=ActionType.choices)
    params = serializers.DictField(
        child=serializers.JSONField(), required=False, default=dict, help_text="Per type: see docs/automation.md."
    )


class ScheduleSerializer(serializers.Serializer[Any]):
    cron = serializers.CharField(required=False, help_text='Cron, 5 fields, e.g. "0 9 * * *".')
    timezone = serializers.CharField(required=False, help_text='IANA zone, e.g. "Europe/Berlin" (default UTC).')


class RuleSerializer(serializers.ModelSerializer[AutomationRule]):
    """Structure is checked here; meaning (fields per trigger, operator/value types, action parameters,
    destinations, cron, time zone) by the service, whose errors name the exact place
    (``conditions.0``, ``actions.1.params.limit``, ``schedule.cron``)."""

    site = TenantSiteField()
    sector = TenantSectorField(required=False, allow_null=True)
    trigger = serializers.ChoiceField(choices=Trigger.choices)
    conditions = ConditionSerializer(many=True, required=False, default=list)
    actions = ActionSerializer(many=True)
    schedule = ScheduleSerializer(required=False, default=dict, help_text="Only for the schedule trigger.")
    max_executions_per_day = serializers.IntegerField(min_value=1, max_value=1440, required=False)
    credit_limit_per_execution = serializers.IntegerField(min_value=1, max_value=1_000_000, required=False)
    active_run = serializers.SerializerMethodField()

    class Meta:
        model = AutomationRule
        fields = [
            "id",
            "site",
            "sector",
            "name",
            "trigger",
            "conditions",
            "actions",
            "schedule",
            "is_active",
            "max_executions_per_day",
            "credit_limit_per_execution",
            "next_run_at",
            "last_run_at",
            "active_run",
            "template_key",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "next_run_at", "last_run_at", "template_key", "created_at", "updated_at"]

    @extend_schema_field(OpenApiTypes.INT)
    def get_active_run(self, obj: AutomationRule) -> int | None:
        """The rule's queued, running or paused run, if any (the dashboard's "current run")."""
        if hasattr(obj, "active_run_id"):
            return obj.active_run_id
        return (
            obj.runs.filter(status__in=ACTIVE_RUN_STATUSES)
            .order_by("-created_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        )

    def validate_schedule(self, value: Any) -> dict[str, Any]:
        return dict(value or {})

    def validate_conditions(self, value: Any) -> list[dict[str, Any]]:
        return [dict(c) for c in value or []]

    def validate_actions(self, value: Any) -> list[dict[str, Any]]:
        return [{"type": a["type"], "params": dict(a.get("params") or {})} for a in value]


class RunSerializer(serializers.ModelSerializer[AutomationRun]):
    rule_name = serializers.CharField(source="rule.name", read_only=True)
    status = serializers.ChoiceField(choices=RunStatus.choices, read_only=True)

    class Meta:
        model = AutomationRun
        fields = [
            "id",
            "rule",
            "rule_name",
            "site",
            "status",
            "trigger",
            "event",
            "depth",
            "results",
            "items_processed",
            "credits_used",
            "errors",
            "message",
            "pause_requested",
            "cancel_requested",
            "attempts",
            "started_at",
            "finished_at",
            "heartbeat_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class DryRunActionSerializer(serializers.Serializer[Any]):
    type = serializers.ChoiceField(choices=ActionType.choices)
    items = serializers.ListField(child=serializers.JSONField(), help_text="Ids it would work on (exact only).")
    count = serializers.IntegerField()
    estimated_credits = serializers.IntegerField()
    basis = serializers.ChoiceField(choices=["exact", "projected"])


class DryRunSerializer(serializers.Serializer[Any]):
    rule_id = serializers.IntegerField()
    conditions_met = serializers.BooleanField()
    executions_today = serializers.IntegerField()
    max_executions_per_day = serializers.IntegerField()
    credit_limit_per_execution = serializers.IntegerField()
    estimated_credits = serializers.IntegerField()
    would_stop_at_credit_cap = serializers.BooleanField()
    actions = DryRunActionSerializer(many=True)
    next_run_at = serializers.DateTimeField(allow_null=True)


class TemplateRuleSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    trigger = serializers.ChoiceField(choices=Trigger.choices)
    schedule = ScheduleSerializer(required=False)
    conditions = ConditionSerializer(many=True, required=False)
    actions = ActionSerializer(many=True)
    max_executions_per_day = serializers.IntegerField()
    credit_limit_per_execution = serializers.IntegerField()


class TemplateSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    needs_destinations = serializers.BooleanField()
    rules = TemplateRuleSerializer(many=True)


@extend_schema_field(OpenApiTypes.INT)
class _SiteId(TenantSiteField):
    """A site id (typed for the schema: this serializer has no model to derive it from)."""


@extend_schema_field(OpenApiTypes.INT)
class _SectorId(TenantSectorField):
    pass


class TemplateApplySerializer(serializers.Serializer[Any]):
    site = _SiteId()
    sector = _SectorId(required=False, allow_null=True, default=None)
    destinations = serializers.ListField(
        child=serializers.JSONField(), required=False, default=list, help_text="Integration ids or platform names."
    )
    timezone = serializers.CharField(required=False, default="UTC")


class CatalogFieldSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    type = serializers.ChoiceField(choices=FIELD_TYPES, help_text="int, num (numbers), str (text) or list (of text).")
    operators = serializers.ListField(
        child=serializers.ChoiceField(choices=OPERATORS), help_text="The operators allowed on this field, in order."
    )


class CatalogTriggerSerializer(serializers.Serializer[Any]):
    value = serializers.ChoiceField(choices=Trigger.choices)
    label = serializers.CharField()  # type: ignore[assignment]
    fields = CatalogFieldSerializer(many=True, help_text="Condition fields of this trigger.")  # type: ignore[assignment]
    event_entity = serializers.ChoiceField(
        choices=ENTITIES, allow_null=True, help_text="What the event hands to the first action (null for schedule)."
    )


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}], "nullable": True})
class ParamDefaultField(serializers.JSONField):
    """A parameter's default: a number (int params), text (choice params) or null (none)."""


class CatalogParamSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=PARAM_KINDS)
    default = ParamDefaultField(allow_null=True)
    min = serializers.IntegerField(allow_null=True)
    max = serializers.IntegerField(allow_null=True)
    choices = serializers.ListField(child=serializers.CharField())
    required = serializers.BooleanField()  # type: ignore[assignment]


class CatalogActionSerializer(serializers.Serializer[Any]):
    type = serializers.ChoiceField(choices=ActionType.choices)
    label = serializers.CharField()  # type: ignore[assignment]
    input = serializers.ChoiceField(choices=ENTITIES, help_text="What it works on.")
    output = serializers.ChoiceField(choices=ENTITIES, help_text="What it hands to the next action.")
    params = CatalogParamSerializer(many=True)


class CatalogLimitsSerializer(serializers.Serializer[Any]):
    conditions = serializers.IntegerField(help_text="Conditions per rule at most.")
    actions = serializers.IntegerField(help_text="Actions per rule at most.")
    in_values = serializers.IntegerField(help_text='Values of one "in" condition at most.')


class CatalogSerializer(serializers.Serializer[Any]):
    triggers = CatalogTriggerSerializer(many=True)
    operators = serializers.ListField(child=serializers.ChoiceField(choices=OPERATORS))
    numeric_operators = serializers.ListField(child=serializers.ChoiceField(choices=OPERATORS))
    limits = CatalogLimitsSerializer()
    actions = CatalogActionSerializer(many=True)

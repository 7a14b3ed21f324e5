"""/api/v1/automation/: rules (CRUD, dry_run, run_now, pause, resume, cancel), runs (history, detail,
pause / resume / cancel), workflow templates (list, apply).

Roles: owners and admins create, edit, delete rules and apply templates (a rule spends credits
unattended); editors may run a rule now and pause, resume or cancel runs; viewers read rules, runs,
templates and dry runs (a dry run writes nothing)."""

from __future__ import annotations

from typing import Any, ClassVar

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status as http_status
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from igny8_core.core.api.permissions import HasTenantRole
from igny8_core.core.api.response import success_response
from igny8_core.core.api.tenant import request_tenant
from igny8_core.core.auth.context import TenantContext
from igny8_core.core.auth.models import Role
from igny8_core.core.base.viewsets import TenantModelViewSet, TenantReadOnlyViewSet
from igny8_core.domain.automation import services
from igny8_core.domain.automation.models import AutomationRule, AutomationRun
from igny8_core.domain.automation.templates import template_list
from igny8_core.modules.automation.serializers import (
    DryRunSerializer,
    RuleSerializer,
    RunSerializer,
    TemplateApplySerializer,
    TemplateSerializer,
)


def _run_response(run: AutomationRun, message: str, status: int = http_status.HTTP_200_OK) -> Response:
    return success_response(RunSerializer(run).data, message=message, status=status)


class RuleViewSet(TenantModelViewSet[AutomationRule]):
    queryset = AutomationRule.objects.all()
    serializer_class = RuleSerializer
    site_field = "site"
    sector_field = "sector"
    read_role = Role.VIEWER
    write_role = Role.ADMIN
    action_roles = {
        "dry_run": Role.VIEWER,
        "run_now": Role.EDITOR,
        "pause": Role.EDITOR,
        "resume": Role.EDITOR,
        "cancel": Role.EDITOR,
    }
    filterset_fields = ["trigger", "is_active"]
    ordering_fields = ["created_at", "name", "next_run_at"]
    delete_message = "Rule deleted."

    def base_queryset(self) -> QuerySet[AutomationRule]:
        return AutomationRule.objects.select_related("site", "sector").order_by("site_id", "pk")

    def perform_create(self, serializer: RuleSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.automation_rule_create(tenant=self.tenant, data=dict(serializer.validated_data))

    def perform_update(self, serializer: RuleSerializer) -> None:  # type: ignore[override]
        assert serializer.instance is not None
        serializer.instance = services.automation_rule_update(
            tenant=self.tenant, rule=serializer.instance, data=dict(serializer.validated_data)
        )

    def perform_destroy(self, instance: AutomationRule) -> None:
        services.automation_rule_delete(tenant=self.tenant, rule=instance)

    @extend_schema(request=None, responses={200: DryRunSerializer})
    @action(detail=True, methods=["post"])
    def dry_run(self, request: Request, pk: str | None = None) -> Response:
        """What the rule would do now: items per action and estimated credits. Spends and writes nothing."""
        return success_response(DryRunSerializer(services.automation_rule_dry_run(rule=self.get_object())).data)

    @extend_schema(request=None, responses={202: RunSerializer})
    @action(detail=True, methods=["post"])
    def run_now(self, request: Request, pk: str | None = None) -> Response:
        """Queue a run now. 202 with the run (``stopped_at_cap`` at once when the daily limit is reached)."""
        run = services.automation_run_now(tenant=self.tenant, rule=self.get_object())
        return _run_response(run, run.message or "Run queued.", http_status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={200: RunSerializer})
    @action(detail=True, methods=["post"])
    def pause(self, request: Request, pk: str | None = None) -> Response:
        """Pause the rule's current run (after the item it is on)."""
        return _run_response(services.automation_rule_pause(rule=self.get_object()), "Pausing.")

    @extend_schema(request=None, responses={200: RunSerializer})
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, pk: str | None = None) -> Response:
        """Resume the rule's paused run from where it stopped."""
        return _run_response(services.automation_rule_resume(rule=self.get_object()), "Resumed.")

    @extend_schema(request=None, responses={200: RunSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Cancel the rule's current run (after the item it is on)."""
        return _run_response(services.automation_rule_cancel(rule=self.get_object()), "Cancelling.")


class RunFilter(django_filters.FilterSet):
    class Meta:
        model = AutomationRun
        fields = ["rule", "status", "trigger"]


class RunViewSet(TenantReadOnlyViewSet[AutomationRun]):
    queryset = AutomationRun.objects.all()
    serializer_class = RunSerializer
    site_field = "site"
    action_roles = {"pause": Role.EDITOR, "resume": Role.EDITOR, "cancel": Role.EDITOR}
    filterset_class = RunFilter
    ordering_fields = ["created_at", "finished_at", "status"]

    def base_queryset(self) -> QuerySet[AutomationRun]:
        return AutomationRun.objects.select_related("rule").order_by("-created_at", "-pk")

    @extend_schema(request=None, responses={200: RunSerializer})
    @action(detail=True, methods=["post"])
    def pause(self, request: Request, pk: str | None = None) -> Response:
        """Queued: paused now. Running: pauses after the current item."""
        return _run_response(services.automation_run_pause(run=self.get_object()), "Pausing.")

    @extend_schema(request=None, responses={200: RunSerializer})
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, pk: str | None = None) -> Response:
        """Continue a paused run from its cursor."""
        return _run_response(services.automation_run_resume(run=self.get_object()), "Resumed.")

    @extend_schema(request=None, responses={200: RunSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Queued or paused: cancelled now. Running: stops after the current item."""
        return _run_response(services.automation_run_cancel(run=self.get_object()), "Cancelling.")


class _TemplateBase(APIView):
    permission_classes: ClassVar[list[Any]] = [HasTenantRole]  # type: ignore[misc]
    read_role: ClassVar[str] = Role.VIEWER
    write_role: ClassVar[str] = Role.ADMIN

    def _tenant(self, request: Request) -> TenantContext:
        tenant = request_tenant(request)
        if tenant is None:
            raise NotAuthenticated()
        return tenant


class TemplateListView(_TemplateBase):
    @extend_schema(responses={200: TemplateSerializer(many=True)})
    def get(self, request: Request) -> Response:
        """The workflow templates (seed 5.3) and the rules each one creates."""
        self._tenant(request)
        return success_response(TemplateSerializer(template_list(), many=True).data)


class TemplateApplyView(_TemplateBase):
    @extend_schema(request=TemplateApplySerializer, responses={201: RuleSerializer(many=True)})
    def post(self, request: Request, key: str) -> Response:
        """Create the template's rules for a site (and sector). Owners and admins."""
        tenant = self._tenant(request)
        serializer = TemplateApplySerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        rules = services.automation_template_apply(
            tenant=tenant,
            key=key,
            site=data["site"],
            sector=data.get("sector"),
            destinations=list(data.get("destinations") or []),
            timezone_name=data.get("timezone") or "UTC",
        )
        return success_response(
            RuleSerializer(rules, many=True, context={"request": request}).data,
            message=f"{len(rules)} rule(s) created.",
            status=http_status.HTTP_201_CREATED,
        )

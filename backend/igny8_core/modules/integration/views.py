"""/api/v1/integration/: a site's publishing integrations (admins manage, everyone reads), connection
test, sync, and the platform's categories and tags."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from igny8_core.core.api.response import accepted_job_response, success_response
from igny8_core.core.auth.models import Role
from igny8_core.core.base.viewsets import TenantModelViewSet
from igny8_core.domain.publishing import selectors, services
from igny8_core.domain.publishing.models import SiteIntegration
from igny8_core.modules.integration.serializers import (
    IntegrationSerializer,
    IntegrationTermSerializer,
    PlatformSerializer,
    SyncRequestSerializer,
)
from igny8_core.modules.system.serializers import JobAcceptedSerializer


class IntegrationViewSet(TenantModelViewSet[SiteIntegration]):
    queryset = SiteIntegration.objects.all()
    serializer_class = IntegrationSerializer
    site_field = "site"
    read_role = Role.VIEWER
    write_role = Role.ADMIN
    action_roles = {"test": Role.ADMIN, "sync": Role.ADMIN, "terms": Role.VIEWER, "platforms": Role.VIEWER}
    filterset_fields = ["platform", "is_active", "sync_enabled"]
    ordering_fields = ["created_at", "name", "platform"]
    delete_message = "Integration deleted."

    def base_queryset(self) -> QuerySet[SiteIntegration]:
        return SiteIntegration.objects.select_related("site").order_by("site_id", "pk")

    def perform_create(self, serializer: IntegrationSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.integration_create(tenant=self.tenant, data=serializer.validated_data)

    def perform_update(self, serializer: IntegrationSerializer) -> None:  # type: ignore[override]
        assert serializer.instance is not None
        serializer.instance = services.integration_update(
            tenant=self.tenant, integration=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance: SiteIntegration) -> None:
        services.integration_delete(tenant=self.tenant, integration=instance)

    @extend_schema(request=None, responses={200: IntegrationSerializer})
    @action(detail=True, methods=["post"])
    def test(self, request: Request, pk: str | None = None) -> Response:
        """Connect to the platform and report what it found (the report is kept on the integration)."""
        integration = services.integration_test(tenant=self.tenant, integration=self.get_object())
        report: dict[str, Any] = integration.connection_report
        return success_response(
            IntegrationSerializer(integration, context=self.get_serializer_context()).data,
            message=str(report.get("message", "")),
        )

    @extend_schema(request=SyncRequestSerializer, responses={202: JobAcceptedSerializer})
    @action(detail=True, methods=["post"])
    def sync(self, request: Request, pk: str | None = None) -> Response:
        """Import the platform's posts, pages and terms: ``full`` or ``incremental`` (since the last sync)."""
        integration = self.get_object()
        serializer = SyncRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = services.sync_request(
            tenant=self.tenant, integration=integration, mode=serializer.validated_data["mode"], user=self.tenant.user
        )
        return accepted_job_response(job, message="Sync queued.")

    @extend_schema(responses={200: IntegrationTermSerializer(many=True)}, filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def terms(self, request: Request, pk: str | None = None) -> Response:
        """Categories and tags found on the platform by the last sync."""
        page = self.paginate_queryset(selectors.term_list(integration=self.get_object()))
        assert page is not None
        return self.get_paginated_response(IntegrationTermSerializer(page, many=True).data)

    @extend_schema(responses={200: PlatformSerializer(many=True)}, filters=False)
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def platforms(self, request: Request) -> Response:
        """The platforms an integration can use, with the config and credential keys each one takes."""
        return success_response(PlatformSerializer(selectors.platform_list(), many=True).data)

"""/api/v1/publisher/: publish one content item to its destinations (202), publishing records, resolve
remote changes, cancel a scheduled publish."""

from __future__ import annotations

from collections.abc import Mapping
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
from igny8_core.core.auth.models import Role
from igny8_core.core.base.viewsets import TenantReadOnlyViewSet
from igny8_core.domain.content.selectors import content_scoped
from igny8_core.domain.publishing import services
from igny8_core.domain.publishing.models import PublishingRecord
from igny8_core.modules.publisher.serializers import (
    PublishAcceptedSerializer,
    PublishingRecordSerializer,
    PublishSerializer,
    ResolveSerializer,
)


def _accepted(result: services.PublishRequest, context: Mapping[str, Any], message: str) -> Response:
    body = {
        "job_id": result.job.pk if result.job else None,
        "status": result.job.status if result.job else "scheduled",
        "scheduled_for": result.scheduled_for,
        "records": result.records,
    }
    data = PublishAcceptedSerializer(body, context=dict(context)).data
    return success_response(data, message=message, status=http_status.HTTP_202_ACCEPTED)


class PublishView(APIView):
    """POST /api/v1/publisher/publish/: editors and above."""

    permission_classes: ClassVar[list[Any]] = [HasTenantRole]  # type: ignore[misc]
    read_role: ClassVar[str] = Role.VIEWER
    write_role: ClassVar[str] = Role.EDITOR

    @extend_schema(request=PublishSerializer, responses={202: PublishAcceptedSerializer})
    def post(self, request: Request) -> Response:
        """Publish one content item to one or many destinations. Answers 202 with a job (per-destination
        results in the job's result and in the records), or with the scheduled records."""
        tenant = request_tenant(request)
        if tenant is None:
            raise NotAuthenticated()
        serializer = PublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        content = services.content_for_publish(scoped=content_scoped(tenant=tenant), content_id=data["content_id"])
        result = services.publish_request(
            tenant=tenant,
            content=content,
            destinations=data["destinations"],
            status=data["status"],
            publish_at=data.get("publish_at"),
            user=tenant.user,
        )
        message = "Publishing queued." if result.job else "Publishing scheduled."
        return _accepted(result, {"request": request}, message)


class RecordFilter(django_filters.FilterSet):
    class Meta:
        model = PublishingRecord
        fields = ["content", "integration", "status", "sync_status", "origin"]


class PublishingRecordViewSet(TenantReadOnlyViewSet[PublishingRecord]):
    queryset = PublishingRecord.objects.all()
    serializer_class = PublishingRecordSerializer
    site_field = "site"
    action_roles = {"resolve": Role.EDITOR, "cancel": Role.EDITOR}
    filterset_class = RecordFilter
    ordering_fields = ["updated_at", "published_at", "scheduled_for", "status"]

    def base_queryset(self) -> QuerySet[PublishingRecord]:
        return PublishingRecord.objects.select_related("integration", "content").order_by("-updated_at", "-pk")

    @extend_schema(
        request=ResolveSerializer, responses={200: PublishingRecordSerializer, 202: PublishAcceptedSerializer}
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: str | None = None) -> Response:
        """Resolve a remote change or conflict: keep the IGNY8 version (re-publish) or the remote one."""
        record = self.get_object()
        serializer = ResolveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.publishing_record_resolve(
            tenant=self.tenant, record=record, keep=serializer.validated_data["keep"], user=self.tenant.user
        )
        if result.job is not None:
            return _accepted(result, self.get_serializer_context(), "Publishing the IGNY8 version.")
        return success_response(
            PublishingRecordSerializer(result.records[0], context=self.get_serializer_context()).data,
            message="The remote version was taken into IGNY8.",
        )

    @extend_schema(request=None, responses={200: PublishingRecordSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Cancel a scheduled publish."""
        record = services.publishing_record_cancel(tenant=self.tenant, record=self.get_object())
        return success_response(
            PublishingRecordSerializer(record, context=self.get_serializer_context()).data,
            message="Scheduled publish cancelled.",
        )

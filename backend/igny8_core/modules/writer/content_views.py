"""Writer content under /api/v1/writer/content/: human edits, editorial status, versions."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from igny8_core.core.api.response import success_response
from igny8_core.core.base.viewsets import TenantModelViewSet
from igny8_core.domain.content import services
from igny8_core.domain.content.models import Content
from igny8_core.domain.content.selectors import content_version_get, content_version_list
from igny8_core.domain.content.versioning import content_version_diff
from igny8_core.modules.planner.filters import _by_cluster
from igny8_core.modules.writer.serializers import (
    ContentListItemSerializer,
    ContentSerializer,
    ContentStatusSerializer,
    ContentVersionSerializer,
    VersionDiffQuerySerializer,
    VersionDiffSerializer,
)


class ContentFilter(django_filters.FilterSet):
    cluster = django_filters.CharFilter(method="filter_cluster", help_text="Cluster id, or `none` for no cluster.")

    class Meta:
        model = Content
        fields = ["status", "entity_type", "content_structure", "source", "cluster"]

    def filter_cluster(self, queryset: QuerySet[Content], name: str, value: Any) -> QuerySet[Content]:
        return _by_cluster(queryset, value)


class ContentViewSet(TenantModelViewSet[Content]):
    queryset = Content.objects.all()
    serializer_class = ContentSerializer
    site_field = "site"
    sector_field = "sector"
    filterset_class = ContentFilter
    search_fields = ["title", "primary_keyword", "slug"]
    ordering_fields = ["title", "created_at", "updated_at", "word_count", "status"]
    delete_message = "Content deleted."

    def base_queryset(self) -> QuerySet[Content]:
        return Content.objects.select_related("cluster")

    def get_serializer_class(self) -> type[ContentSerializer]:
        return ContentListItemSerializer if self.action == "list" else ContentSerializer

    def perform_create(self, serializer: ContentSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.content_create(
            tenant=self.tenant, data=serializer.validated_data, user=self.tenant.user
        )

    def perform_update(self, serializer: ContentSerializer) -> None:  # type: ignore[override]
        assert serializer.instance is not None
        serializer.instance = services.content_update(
            tenant=self.tenant, content=serializer.instance, data=serializer.validated_data, user=self.tenant.user
        )

    def perform_destroy(self, instance: Content) -> None:
        services.content_delete(tenant=self.tenant, content=instance)

    @extend_schema(request=ContentStatusSerializer, responses={200: ContentSerializer})
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk: str | None = None) -> Response:
        """Editorial status: draft, review or approved (published is set by publishing)."""
        content = self.get_object()
        serializer = ContentStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        content = services.content_set_status(
            tenant=self.tenant, content=content, status=serializer.validated_data["status"], user=self.tenant.user
        )
        return success_response(
            ContentSerializer(content, context=self.get_serializer_context()).data,
            message=f"Status set to {content.status}.",
        )

    @extend_schema(responses={200: ContentVersionSerializer(many=True)}, filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def versions(self, request: Request, pk: str | None = None) -> Response:
        """Every version, newest first: who, when, what changed."""
        content = self.get_object()
        page = self.paginate_queryset(content_version_list(content=content))
        assert page is not None
        return self.get_paginated_response(ContentVersionSerializer(page, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.INT, required=True),
            OpenApiParameter("to", OpenApiTypes.INT, required=True),
        ],
        responses={200: VersionDiffSerializer},
        filters=False,
    )
    @action(detail=True, methods=["get"], url_path="versions/diff", filter_backends=[])
    def versions_diff(self, request: Request, pk: str | None = None) -> Response:
        """What changed between two versions, field by field (unified diff for text)."""
        content = self.get_object()
        query = VersionDiffQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        older = content_version_get(content=content, version=query.validated_data["from"])
        newer = content_version_get(content=content, version=query.validated_data["to"])
        return success_response(content_version_diff(older=older, newer=newer))

    @extend_schema(request=None, responses={200: ContentSerializer})
    @action(detail=True, methods=["post"], url_path=r"versions/(?P<version>[0-9]{1,10})/restore")
    def versions_restore(self, request: Request, version: str, pk: str | None = None) -> Response:
        """Put every versioned field back as in that version; the restore is itself a new version."""
        content = self.get_object()
        found = content_version_get(content=content, version=int(version))
        content = services.content_restore(tenant=self.tenant, content=content, version=found, user=self.tenant.user)
        return success_response(
            ContentSerializer(content, context=self.get_serializer_context()).data,
            message=f"Restored version {found.version}.",
        )

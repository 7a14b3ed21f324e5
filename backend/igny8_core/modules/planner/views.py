"""Planner endpoints under /api/v1/planner/: keywords, clusters, ideas."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from igny8_core.core.api.response import accepted_job_response, success_response
from igny8_core.core.base.viewsets import TenantModelViewSet
from igny8_core.domain.content import services as content_services
from igny8_core.domain.planning import services
from igny8_core.domain.planning.models import Clusters, ContentIdeas, Keywords
from igny8_core.domain.planning.selectors import keyword_export_csv
from igny8_core.infrastructure.ai.service import ai_run_async
from igny8_core.modules.planner.filters import ClusterFilter, IdeaFilter, KeywordFilter
from igny8_core.modules.planner.serializers import (
    AutoClusterSerializer,
    BulkAssignSerializer,
    BulkResultSerializer,
    BulkStatusSerializer,
    ClusterMergeSerializer,
    ClusterSerializer,
    GenerateIdeasSerializer,
    IdeaSerializer,
    IdsSerializer,
    KeywordImportReportSerializer,
    KeywordImportSerializer,
    KeywordSerializer,
)
from igny8_core.modules.system.serializers import JobAcceptedSerializer
from igny8_core.modules.writer.serializers import QueueResultSerializer, QueueToWriterSerializer


class KeywordViewSet(TenantModelViewSet[Keywords]):
    queryset = Keywords.objects.all()
    serializer_class = KeywordSerializer
    site_field = "site"
    sector_field = "sector"
    filterset_class = KeywordFilter
    search_fields = ["keyword"]
    ordering_fields = ["keyword", "search_volume", "difficulty", "cpc", "created_at", "intent", "status"]

    def base_queryset(self) -> QuerySet[Keywords]:
        return Keywords.objects.select_related("cluster")

    def perform_create(self, serializer: KeywordSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.keyword_create(tenant=self.tenant, data=serializer.validated_data)

    def perform_update(self, serializer: KeywordSerializer) -> None:  # type: ignore[override]
        assert serializer.instance is not None
        serializer.instance = services.keyword_update(
            tenant=self.tenant, keyword=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance: Keywords) -> None:
        services.keyword_delete(tenant=self.tenant, keyword=instance)

    @extend_schema(
        request={"multipart/form-data": KeywordImportSerializer}, responses={200: KeywordImportReportSerializer}
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_csv(self, request: Request) -> Response:
        """Import a keyword CSV; returns created / updated / duplicates / rejected rows with reasons."""
        serializer = KeywordImportSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        report = services.keyword_import(
            tenant=self.tenant,
            site=serializer.validated_data["site"],
            sector=serializer.validated_data["sector"],
            raw=serializer.validated_data["file"].read(),
        )
        message = (
            f"Imported {report['created']} new and updated {report['updated']} keywords; "
            f"{report['rejected_count']} rows rejected, {report['duplicates']} duplicates skipped."
        )
        return success_response(report, message=message)

    @extend_schema(responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)})
    @action(detail=False, methods=["get"])
    def export(self, request: Request) -> StreamingHttpResponse:
        """The keywords matching the same filters as the list, as CSV."""
        queryset = self.filter_queryset(self.get_queryset())
        response = StreamingHttpResponse(keyword_export_csv(queryset=queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="keywords.csv"'
        return response

    @extend_schema(request=IdsSerializer, responses={200: BulkResultSerializer})
    @action(detail=False, methods=["post"])
    def bulk_delete(self, request: Request) -> Response:
        serializer = IdsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.keyword_bulk_delete(scoped=self.get_queryset(), ids=serializer.validated_data["ids"])
        return success_response(result, message=f"Deleted {result['deleted']} keywords.")

    @extend_schema(request=BulkStatusSerializer, responses={200: BulkResultSerializer})
    @action(detail=False, methods=["post"])
    def bulk_update_status(self, request: Request) -> Response:
        serializer = BulkStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.keyword_bulk_set_status(scoped=self.get_queryset(), **serializer.validated_data)
        return success_response(result, message=f"Updated {result['updated']} keywords.")

    @extend_schema(request=BulkAssignSerializer, responses={200: BulkResultSerializer})
    @action(detail=False, methods=["post"])
    def bulk_assign_cluster(self, request: Request) -> Response:
        serializer = BulkAssignSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        result = services.keyword_bulk_assign_cluster(scoped=self.get_queryset(), **serializer.validated_data)
        return success_response(result, message=f"Moved {result['updated']} keywords.")

    @extend_schema(request=AutoClusterSerializer, responses={202: JobAcceptedSerializer})
    @action(detail=False, methods=["post"])
    def auto_cluster(self, request: Request) -> Response:
        """Cluster the given keywords, or everything unclustered in a site (and sector). Answers 202 with a job."""
        serializer = AutoClusterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = ai_run_async(tenant=self.tenant, function="auto_cluster", payload=serializer.validated_data)
        return accepted_job_response(job, message="Clustering queued.")


class ClusterViewSet(TenantModelViewSet[Clusters]):
    queryset = Clusters.objects.all()
    serializer_class = ClusterSerializer
    site_field = "site"
    sector_field = "sector"
    filterset_class = ClusterFilter
    search_fields = ["name", "description"]
    ordering_fields = ["name", "volume", "keywords_count", "avg_difficulty", "created_at"]
    delete_message = "Cluster deleted; its keywords are unclustered again."

    def perform_create(self, serializer: ClusterSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.cluster_create(tenant=self.tenant, data=serializer.validated_data)

    def perform_update(self, serializer: ClusterSerializer) -> None:  # type: ignore[override]
        assert serializer.instance is not None
        serializer.instance = services.cluster_update(
            tenant=self.tenant, cluster=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance: Clusters) -> None:
        services.cluster_delete(tenant=self.tenant, cluster=instance)

    @extend_schema(request=ClusterMergeSerializer, responses={200: ClusterSerializer})
    @action(detail=False, methods=["post"])
    def merge(self, request: Request) -> Response:
        serializer = ClusterMergeSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        target = services.cluster_merge(
            target=serializer.validated_data["target"],
            sources=serializer.validated_data["cluster_ids"],
            name=serializer.validated_data["name"],
        )
        return success_response(
            ClusterSerializer(target, context=self.get_serializer_context()).data, message="Clusters merged."
        )

    @extend_schema(request=GenerateIdeasSerializer, responses={202: JobAcceptedSerializer})
    @action(detail=False, methods=["post"])
    def generate_ideas(self, request: Request) -> Response:
        """Content ideas with outlines for the given clusters (15 credits per cluster). Answers 202 with a job."""
        serializer = GenerateIdeasSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = ai_run_async(tenant=self.tenant, function="generate_ideas", payload=serializer.validated_data)
        return accepted_job_response(job, message="Idea generation queued.")


class IdeaViewSet(TenantModelViewSet[ContentIdeas]):
    queryset = ContentIdeas.objects.all()
    serializer_class = IdeaSerializer
    site_field = "site"
    sector_field = "sector"
    filterset_class = IdeaFilter
    search_fields = ["title", "primary_keyword"]
    ordering_fields = ["title", "created_at", "target_word_count", "status"]

    def base_queryset(self) -> QuerySet[ContentIdeas]:
        return ContentIdeas.objects.select_related("cluster")

    def perform_create(self, serializer: IdeaSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.idea_create(tenant=self.tenant, data=serializer.validated_data)

    def perform_update(self, serializer: IdeaSerializer) -> None:  # type: ignore[override]
        assert serializer.instance is not None
        serializer.instance = services.idea_update(
            tenant=self.tenant, idea=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance: ContentIdeas) -> None:
        services.idea_delete(tenant=self.tenant, idea=instance)

    @extend_schema(request=QueueToWriterSerializer, responses={200: QueueResultSerializer})
    @action(detail=False, methods=["post"])
    def queue_to_writer(self, request: Request) -> Response:
        """One writer task per idea (no credits); ideas already queued are skipped, not queued twice."""
        serializer = QueueToWriterSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        result = content_services.ideas_queue_to_writer(
            tenant=self.tenant, scoped=self.get_queryset(), **serializer.validated_data
        )
        message = f"Queued {result['queued']} ideas to the writer; {len(result['skipped'])} already queued."
        return success_response(result, message=message)


__all__ = ["ClusterViewSet", "IdeaViewSet", "KeywordViewSet", "status"]

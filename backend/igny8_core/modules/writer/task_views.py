"""Writer tasks under /api/v1/writer/tasks/ (generation itself lives in generate_views)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet

from igny8_core.core.base.viewsets import TenantModelViewSet
from igny8_core.domain.content import services
from igny8_core.domain.content.models import Tasks
from igny8_core.modules.planner.filters import _by_cluster
from igny8_core.modules.writer.serializers import TaskSerializer


class TaskFilter(django_filters.FilterSet):
    cluster = django_filters.CharFilter(method="filter_cluster", help_text="Cluster id, or `none` for no cluster.")

    class Meta:
        model = Tasks
        fields = ["status", "cluster", "content_type", "content_structure"]

    def filter_cluster(self, queryset: QuerySet[Tasks], name: str, value: Any) -> QuerySet[Tasks]:
        return _by_cluster(queryset, value)


class TaskViewSet(TenantModelViewSet[Tasks]):
    queryset = Tasks.objects.all()
    serializer_class = TaskSerializer
    site_field = "site"
    sector_field = "sector"
    filterset_class = TaskFilter
    search_fields = ["title", "primary_keyword"]
    ordering_fields = ["title", "created_at", "updated_at", "target_word_count", "status"]
    delete_message = "Task deleted."

    def base_queryset(self) -> QuerySet[Tasks]:
        return Tasks.objects.select_related("cluster", "content")

    def perform_create(self, serializer: TaskSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.task_create(tenant=self.tenant, data=serializer.validated_data)

    def perform_update(self, serializer: TaskSerializer) -> None:  # type: ignore[override]
        assert serializer.instance is not None
        serializer.instance = services.task_update(
            tenant=self.tenant, task=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance: Tasks) -> None:
        services.task_delete(tenant=self.tenant, task=instance)

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet

from igny8_core.core.base.scoping import MAX_ID
from igny8_core.domain.planning.models import Clusters, ContentIdeas, Intent, Keywords, KeywordStatus


class KeywordFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=KeywordStatus.choices)
    intent = django_filters.ChoiceFilter(choices=Intent.choices)
    cluster = django_filters.CharFilter(method="filter_cluster", help_text="Cluster id, or `none` for unclustered.")
    volume_min = django_filters.NumberFilter(field_name="search_volume", lookup_expr="gte")
    volume_max = django_filters.NumberFilter(field_name="search_volume", lookup_expr="lte")
    difficulty_min = django_filters.NumberFilter(field_name="difficulty", lookup_expr="gte")
    difficulty_max = django_filters.NumberFilter(field_name="difficulty", lookup_expr="lte")
    source = django_filters.CharFilter()

    class Meta:
        model = Keywords
        fields = ["status", "intent", "cluster", "source"]

    def filter_cluster(self, queryset: QuerySet[Keywords], name: str, value: Any) -> QuerySet[Keywords]:
        return _by_cluster(queryset, value)


def _by_cluster(queryset: QuerySet[Any], value: Any) -> QuerySet[Any]:
    """Rows of one cluster id, or unclustered rows for `none`. Any other value matches nothing, so a
    stranger's cluster id answers exactly like a missing one."""
    if str(value).lower() in ("none", "null", "0"):
        return queryset.filter(cluster__isnull=True)
    try:
        cluster_id = int(value)
    except (TypeError, ValueError):
        return queryset.none()
    if not 0 < cluster_id <= MAX_ID:  # SQLite cannot bind an integer beyond 64 bits
        return queryset.none()
    return queryset.filter(cluster_id=cluster_id)


class ClusterFilter(django_filters.FilterSet):
    volume_min = django_filters.NumberFilter(field_name="volume", lookup_expr="gte")
    volume_max = django_filters.NumberFilter(field_name="volume", lookup_expr="lte")

    class Meta:
        model = Clusters
        fields = ["status", "intent"]


class IdeaFilter(django_filters.FilterSet):
    cluster = django_filters.CharFilter(method="filter_cluster", help_text="Cluster id, or `none` for no cluster.")

    class Meta:
        model = ContentIdeas
        fields = ["status", "cluster", "content_type", "content_structure"]

    def filter_cluster(self, queryset: QuerySet[ContentIdeas], name: str, value: Any) -> QuerySet[ContentIdeas]:
        return _by_cluster(queryset, value)

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet

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
        if str(value).lower() in ("none", "null", "0"):
            return queryset.filter(cluster__isnull=True)
        try:
            return queryset.filter(cluster_id=int(value))
        except (TypeError, ValueError):
            return queryset.none()


class ClusterFilter(django_filters.FilterSet):
    volume_min = django_filters.NumberFilter(field_name="volume", lookup_expr="gte")
    volume_max = django_filters.NumberFilter(field_name="volume", lookup_expr="lte")

    class Meta:
        model = Clusters
        fields = ["status", "intent"]


class IdeaFilter(django_filters.FilterSet):
    class Meta:
        model = ContentIdeas
        fields = ["status", "cluster", "content_type", "content_structure"]

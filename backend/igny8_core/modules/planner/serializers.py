from __future__ import annotations

from typing import Any

from rest_framework import serializers

from igny8_core.core.api.tenant import request_tenant
from igny8_core.core.base.scoping import MAX_ID
from igny8_core.core.base.serializers import TenantSectorField, TenantSiteField
from igny8_core.domain.planning.models import (
    Clusters,
    ContentIdeas,
    ContentStructure,
    ContentType,
    Intent,
    Keywords,
    KeywordStatus,
)
from igny8_core.domain.planning.selectors import cluster_scoped


class TenantClusterField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> Any:
        request = self.context.get("request")
        tenant = request_tenant(request) if request is not None else None
        return cluster_scoped(tenant=tenant) if tenant is not None else Clusters.objects.none()


class KeywordSerializer(serializers.ModelSerializer[Keywords]):
    site = TenantSiteField()
    sector = TenantSectorField()
    cluster = TenantClusterField(required=False, allow_null=True)
    cluster_name = serializers.CharField(source="cluster.name", read_only=True, default=None)
    intent = serializers.ChoiceField(choices=Intent.choices, required=False)

    class Meta:
        model = Keywords
        fields = [
            "id",
            "site",
            "sector",
            "keyword",
            "normalized",
            "search_volume",
            "difficulty",
            "cpc",
            "intent",
            "intent_source",
            "status",
            "cluster",
            "cluster_name",
            "source",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "normalized", "intent_source", "source", "created_at", "updated_at"]
        extra_kwargs = {
            "difficulty": {"min_value": 0, "max_value": 100},
            "cpc": {"min_value": 0},
            "search_volume": {"min_value": 0},
        }


class KeywordImportSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="CSV export from Ahrefs, Semrush, Search Console, Keyword Planner…")
    site = TenantSiteField()
    sector = TenantSectorField()


class KeywordImportReportSerializer(serializers.Serializer[Any]):
    class RejectedSerializer(serializers.Serializer[Any]):
        row = serializers.IntegerField()
        reason = serializers.CharField()
        value = serializers.CharField()

    total_rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    rejected_count = serializers.IntegerField()
    rejected = RejectedSerializer(many=True)
    columns = serializers.DictField(
        child=serializers.CharField(),
        help_text='Each recognised CSV header and the field it was read into, e.g. {"Volume": "search_volume"}.',
    )


class IdsSerializer(serializers.Serializer[Any]):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), allow_empty=False, max_length=10000
    )


class BulkStatusSerializer(IdsSerializer):
    status = serializers.ChoiceField(choices=KeywordStatus.choices)


class BulkAssignSerializer(IdsSerializer):
    cluster = TenantClusterField(allow_null=True)


class BulkResultSerializer(serializers.Serializer[Any]):
    updated = serializers.IntegerField(required=False)
    deleted = serializers.IntegerField(required=False)
    not_found = serializers.IntegerField()


class AutoClusterSerializer(serializers.Serializer[Any]):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False, max_length=200000
    )
    site_id = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    sector_id = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("ids") and not attrs.get("site_id"):
            raise serializers.ValidationError(
                {"ids": ["Give keyword ids, or a site_id (and sector_id) to cluster everything unclustered."]}
            )
        return attrs


class ClusterSerializer(serializers.ModelSerializer[Clusters]):
    site = TenantSiteField()
    sector = TenantSectorField()

    class Meta:
        model = Clusters
        fields = [
            "id",
            "site",
            "sector",
            "name",
            "description",
            "intent",
            "keywords_count",
            "volume",
            "avg_difficulty",
            "status",
            "source",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "keywords_count", "volume", "avg_difficulty", "source", "created_at", "updated_at"]


class ClusterMergeSerializer(serializers.Serializer[Any]):
    target = TenantClusterField()
    cluster_ids = serializers.ListField(child=TenantClusterField(), allow_empty=False, max_length=100)
    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)


class GenerateIdeasSerializer(serializers.Serializer[Any]):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), allow_empty=False, max_length=20
    )
    ideas_per_cluster = serializers.IntegerField(min_value=1, max_value=5, default=2)


class OutlineSectionSerializer(serializers.Serializer[Any]):
    heading = serializers.CharField(max_length=200)
    points = serializers.ListField(child=serializers.CharField(max_length=500), default=list, max_length=20)


class IdeaSerializer(serializers.ModelSerializer[ContentIdeas]):
    site = TenantSiteField()
    sector = TenantSectorField()
    cluster = TenantClusterField(required=False, allow_null=True)
    cluster_name = serializers.CharField(source="cluster.name", read_only=True, default=None)
    outline = OutlineSectionSerializer(many=True, required=False)
    secondary_keywords = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, max_length=50
    )
    content_type = serializers.ChoiceField(choices=ContentType.choices, required=False)
    content_structure = serializers.ChoiceField(choices=ContentStructure.choices, required=False)

    class Meta:
        model = ContentIdeas
        fields = [
            "id",
            "site",
            "sector",
            "cluster",
            "cluster_name",
            "title",
            "description",
            "outline",
            "primary_keyword",
            "secondary_keywords",
            "content_type",
            "content_structure",
            "target_word_count",
            "status",
            "generated_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "generated_by", "created_at", "updated_at"]
        extra_kwargs = {"target_word_count": {"min_value": 100, "max_value": 20000}}

"""Writer serializers: tasks, content (human edits), editorial status, versions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from igny8_core.core.api.tenant import request_tenant
from igny8_core.core.base.scoping import MAX_ID
from igny8_core.core.base.serializers import TenantSectorField, TenantSiteField
from igny8_core.domain.content.models import Content, ContentVersion, Tasks
from igny8_core.domain.planning.models import ContentIdeas, ContentStructure, ContentType
from igny8_core.domain.planning.selectors import idea_scoped
from igny8_core.domain.thinker.models import AuthorProfile, ContentStrategy
from igny8_core.domain.thinker.selectors import author_profile_scoped, strategy_scoped
from igny8_core.modules.planner.serializers import OutlineSectionSerializer, TenantClusterField


@extend_schema_field(OpenApiTypes.INT)
class _Scoped(serializers.PrimaryKeyRelatedField):
    """A related id limited to the request's tenant; any other id reads as "does not exist"."""

    def scoped(self, tenant: Any) -> QuerySet[Any]:
        raise NotImplementedError

    def empty(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        request = self.context.get("request")
        tenant = request_tenant(request) if request is not None else None
        return self.scoped(tenant) if tenant is not None else self.empty()


class TenantIdeaField(_Scoped):
    def scoped(self, tenant: Any) -> QuerySet[ContentIdeas]:
        return idea_scoped(tenant=tenant)

    def empty(self) -> QuerySet[ContentIdeas]:
        return ContentIdeas.objects.none()


class TenantAuthorProfileField(_Scoped):
    def scoped(self, tenant: Any) -> QuerySet[AuthorProfile]:
        return author_profile_scoped(tenant=tenant)

    def empty(self) -> QuerySet[AuthorProfile]:
        return AuthorProfile.objects.none()


class TenantStrategyField(_Scoped):
    def scoped(self, tenant: Any) -> QuerySet[ContentStrategy]:
        return strategy_scoped(tenant=tenant)

    def empty(self) -> QuerySet[ContentStrategy]:
        return ContentStrategy.objects.none()


class TaskSerializer(serializers.ModelSerializer[Tasks]):
    site = TenantSiteField()
    sector = TenantSectorField()
    idea = TenantIdeaField(required=False, allow_null=True)
    cluster = TenantClusterField(required=False, allow_null=True)
    cluster_name = serializers.CharField(source="cluster.name", read_only=True, default=None)
    outline = OutlineSectionSerializer(many=True, required=False)
    secondary_keywords = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, max_length=50
    )
    content_type = serializers.ChoiceField(choices=ContentType.choices, required=False)
    content_structure = serializers.ChoiceField(choices=ContentStructure.choices, required=False)
    status = serializers.ChoiceField(choices=Tasks.Status.choices, required=False)
    author_profile = TenantAuthorProfileField(required=False, allow_null=True)
    strategy = TenantStrategyField(required=False, allow_null=True)
    content_id = serializers.SerializerMethodField()

    class Meta:
        model = Tasks
        fields = [
            "id",
            "site",
            "sector",
            "idea",
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
            "error",
            "author_profile",
            "strategy",
            "content_id",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "error", "created_at", "updated_at"]
        extra_kwargs = {"target_word_count": {"min_value": 100, "max_value": 20000}}

    def get_content_id(self, task: Tasks) -> int | None:
        content = getattr(task, "content", None)
        return content.pk if content is not None else None


class QueueToWriterSerializer(serializers.Serializer[Any]):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), allow_empty=False, max_length=500
    )
    author_profile = TenantAuthorProfileField(required=False, allow_null=True, default=None)
    strategy = TenantStrategyField(required=False, allow_null=True, default=None)


class QueueResultSerializer(serializers.Serializer[Any]):
    class SkippedSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        reason = serializers.CharField()

    queued = serializers.IntegerField()
    task_ids = serializers.ListField(child=serializers.IntegerField())
    skipped = SkippedSerializer(many=True)
    not_found = serializers.IntegerField()


class ContentSerializer(serializers.ModelSerializer[Content]):
    """Human edits. HTML is sanitized and the word count recomputed on save; the editorial
    status changes through ``POST content/{id}/status/``."""

    site = TenantSiteField()
    sector = TenantSectorField()
    cluster = TenantClusterField(required=False, allow_null=True)
    cluster_name = serializers.CharField(source="cluster.name", read_only=True, default=None, allow_null=True)
    slug = serializers.CharField(max_length=255, required=False, allow_blank=True)
    meta_title = serializers.CharField(max_length=60, required=False, allow_blank=True)
    meta_description = serializers.CharField(max_length=160, required=False, allow_blank=True)
    html = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False, max_length=2_000_000)
    secondary_keywords = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, max_length=50
    )
    tags = serializers.ListField(child=serializers.CharField(max_length=100), required=False, max_length=50)
    categories = serializers.ListField(child=serializers.CharField(max_length=100), required=False, max_length=20)
    entity_type = serializers.ChoiceField(choices=ContentType.choices, required=False)
    content_structure = serializers.ChoiceField(choices=ContentStructure.choices, required=False)

    class Meta:
        model = Content
        fields = [
            "id",
            "site",
            "sector",
            "task",
            "cluster",
            "cluster_name",
            "title",
            "slug",
            "meta_title",
            "meta_description",
            "html",
            "json_blocks",
            "structure_data",
            "primary_keyword",
            "secondary_keywords",
            "tags",
            "categories",
            "word_count",
            "entity_type",
            "content_structure",
            "source",
            "status",
            "generated_by",
            "external_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "task",
            "json_blocks",
            "structure_data",
            "word_count",
            "source",
            "status",
            "generated_by",
            "external_url",
            "created_at",
            "updated_at",
        ]


LIST_HEAVY_FIELDS = {"html", "json_blocks", "structure_data"}


class ContentListItemSerializer(ContentSerializer):
    """A content row in a list: everything but the article body (``html``, blocks, structure), which
    only the detail endpoint returns — a page of 200 long articles would otherwise weigh megabytes."""

    class Meta(ContentSerializer.Meta):
        fields = [f for f in ContentSerializer.Meta.fields if f not in LIST_HEAVY_FIELDS]
        read_only_fields = fields


class ContentStatusSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=Content.Status.choices)


class ContentVersionSerializer(serializers.ModelSerializer[ContentVersion]):
    changed_by_email = serializers.EmailField(source="changed_by.email", read_only=True, default=None)

    class Meta:
        model = ContentVersion
        fields = ["version", "source", "changed_by", "changed_by_email", "changed_fields", "summary", "created_at"]
        read_only_fields = fields


class VersionDiffQuerySerializer(serializers.Serializer[Any]):
    from_ = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    to = serializers.IntegerField(min_value=1, max_value=2**31 - 1)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class VersionDiffSerializer(serializers.Serializer[Any]):
    from_version = serializers.IntegerField()
    to_version = serializers.IntegerField()
    changes = serializers.DictField()

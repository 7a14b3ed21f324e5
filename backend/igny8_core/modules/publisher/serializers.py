"""Publisher serializers: the publish request, its 202 answer, publishing records."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from igny8_core.core.base.scoping import MAX_ID
from igny8_core.domain.publishing.models import PublishingRecord


class PublishSerializer(serializers.Serializer[Any]):
    content_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    destinations = serializers.ListField(
        child=serializers.CharField(max_length=100),
        allow_empty=False,
        max_length=20,
        help_text='Integration ids or platform names among the site\'s active integrations, e.g. ["wordpress", 7].',
    )
    status = serializers.ChoiceField(choices=["publish", "draft", "future"], default="publish")
    publish_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text='With "publish"/"draft": IGNY8 sends it at that time. With "future": sent now, the platform '
        "publishes it then.",
    )


class PublishingRecordSerializer(serializers.ModelSerializer[PublishingRecord]):
    platform = serializers.CharField(source="integration.platform", read_only=True)
    integration_name = serializers.CharField(source="integration.name", read_only=True)
    content_title = serializers.CharField(source="content.title", read_only=True)

    class Meta:
        model = PublishingRecord
        fields = [
            "id",
            "site",
            "content",
            "content_title",
            "integration",
            "integration_name",
            "platform",
            "origin",
            "status",
            "remote_status",
            "remote_type",
            "external_id",
            "external_url",
            "published_at",
            "scheduled_for",
            "sync_status",
            "remote_modified_at",
            "remote_snapshot",
            "published_version",
            "attempts",
            "last_error",
            "job",
            "last_synced_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PublishAcceptedSerializer(serializers.Serializer[Any]):
    job_id = serializers.IntegerField(allow_null=True, help_text="null when every destination was scheduled.")
    status = serializers.CharField(help_text='The job\'s status, or "scheduled".')
    scheduled_for = serializers.DateTimeField(allow_null=True)
    records = PublishingRecordSerializer(many=True)


class ResolveSerializer(serializers.Serializer[Any]):
    keep = serializers.ChoiceField(
        choices=["local", "remote"],
        help_text='"remote": take the platform\'s version into IGNY8 (200). "local": publish IGNY8\'s version '
        "over the platform's (202 with a job).",
    )

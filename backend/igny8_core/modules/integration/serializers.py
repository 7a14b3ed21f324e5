"""Integration serializers. Credentials are write-only: responses only say whether some are stored."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from igny8_core.core.base.serializers import TenantSiteField
from igny8_core.domain.publishing.models import IntegrationTerm, Platform, SiteIntegration


class ConnectionReportSerializer(serializers.Serializer[Any]):
    ok = serializers.BooleanField()
    platform = serializers.CharField()
    message = serializers.CharField()
    details = serializers.DictField()
    tested_at = serializers.DateTimeField()


class IntegrationSerializer(serializers.ModelSerializer[SiteIntegration]):
    site = TenantSiteField()
    platform = serializers.ChoiceField(choices=Platform.choices)
    config_json = serializers.JSONField(
        required=False,
        help_text="wordpress: {site_url, author?, default_status?}; shopify: {shop_domain, blog_id?}; "
        "custom_api: {endpoint_url}. Optional import_sector (sector id for synced content).",
    )
    credentials = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=4000, trim_whitespace=False),
        write_only=True,
        required=False,
        allow_null=True,
        help_text="Write-only. wordpress: {username, application_password}; shopify: {access_token}; "
        "custom_api: {secret}. Sent values replace the stored ones; {} removes them. Never returned.",
    )
    has_credentials = serializers.BooleanField(read_only=True)
    connection_report = serializers.JSONField(read_only=True)

    class Meta:
        model = SiteIntegration
        fields = [
            "id",
            "site",
            "platform",
            "platform_type",
            "name",
            "config_json",
            "credentials",
            "has_credentials",
            "is_active",
            "sync_enabled",
            "last_sync_at",
            "sync_status",
            "last_error",
            "connection_report",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "platform_type",
            "last_sync_at",
            "sync_status",
            "last_error",
            "connection_report",
            "created_at",
            "updated_at",
        ]


class SyncRequestSerializer(serializers.Serializer[Any]):
    mode = serializers.ChoiceField(choices=["full", "incremental"], default="incremental")


class IntegrationTermSerializer(serializers.ModelSerializer[IntegrationTerm]):
    class Meta:
        model = IntegrationTerm
        fields = ["id", "taxonomy", "external_id", "name", "slug"]
        read_only_fields = fields


class PlatformSerializer(serializers.Serializer[Any]):
    platform = serializers.CharField()
    name = serializers.CharField()
    platform_type = serializers.CharField()
    config_keys = serializers.ListField(child=serializers.CharField(), help_text="The first one is required.")
    credential_keys = serializers.ListField(child=serializers.CharField())

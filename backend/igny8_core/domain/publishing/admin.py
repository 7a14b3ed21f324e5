from django.contrib import admin

from igny8_core.domain.publishing.models import IntegrationTerm, PublishingRecord, SiteIntegration


@admin.register(SiteIntegration)
class SiteIntegrationAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "site", "platform", "is_active", "sync_enabled", "sync_status", "last_sync_at"]
    list_filter = ["platform", "is_active", "sync_enabled", "sync_status"]
    search_fields = ["name", "site__name"]
    exclude = ["credentials_encrypted"]  # never shown, not even encrypted
    readonly_fields = ["account", "connection_report", "last_sync_at", "last_error"]


@admin.register(PublishingRecord)
class PublishingRecordAdmin(admin.ModelAdmin):
    list_display = ["id", "content", "integration", "status", "remote_status", "sync_status", "external_id"]
    list_filter = ["status", "sync_status", "origin"]
    raw_id_fields = ["content", "integration", "site", "account", "job"]


@admin.register(IntegrationTerm)
class IntegrationTermAdmin(admin.ModelAdmin):
    list_display = ["id", "integration", "taxonomy", "name", "external_id"]
    list_filter = ["taxonomy"]

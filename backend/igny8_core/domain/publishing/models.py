"""Site integrations and publishing records (seed 3.1 ``domain/publishing``, 11.1, 11.4, 11.6).

A ``SiteIntegration`` is one remote platform a site publishes to (a WordPress site, a Shopify store, a
webhook endpoint); a site can have several. Its credentials are stored encrypted (``shared/utils/crypto``)
and never leave the server. A ``PublishingRecord`` links one Content to its remote item on one
integration: what was sent (the content version), what came back (remote id, URL, fingerprint) and
whether the two sides still agree (``sync_status``).
"""

from __future__ import annotations

from typing import Any

from django.db import models

from igny8_core.core.base.models import AccountBaseModel


class Platform(models.TextChoices):
    WORDPRESS = "wordpress", "WordPress"
    SHOPIFY = "shopify", "Shopify"
    CUSTOM_API = "custom_api", "Custom API (signed webhook)"


class PlatformType(models.TextChoices):
    CMS = "cms", "CMS"
    ECOMMERCE = "ecommerce", "E-commerce"
    CUSTOM_API = "custom_api", "Custom API"


PLATFORM_TYPES: dict[str, str] = {
    Platform.WORDPRESS: PlatformType.CMS,
    Platform.SHOPIFY: PlatformType.ECOMMERCE,
    Platform.CUSTOM_API: PlatformType.CUSTOM_API,
}


class SiteIntegration(AccountBaseModel):
    class SyncStatus(models.TextChoices):
        NEVER = "never", "Never synced"
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        SUCCESS = "success", "Success"
        FAILED = "failed", "Failed"

    site = models.ForeignKey("igny8_auth.Site", on_delete=models.CASCADE, related_name="integrations")
    platform = models.CharField(max_length=20, choices=Platform.choices)
    platform_type = models.CharField(max_length=20, choices=PlatformType.choices)
    name = models.CharField(max_length=255, blank=True)
    config_json = models.JSONField(
        default=dict, blank=True, help_text="site_url / shop_domain / endpoint_url, blog id, default status, author…"
    )
    credentials_encrypted = models.TextField(blank=True, help_text="Fernet token of the credentials JSON.")
    is_active = models.BooleanField(default=True)
    sync_enabled = models.BooleanField(default=False)
    last_sync_at = models.DateTimeField(null=True, blank=True)
    sync_status = models.CharField(max_length=20, choices=SyncStatus.choices, default=SyncStatus.NEVER)
    last_error = models.TextField(blank=True)
    connection_report = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "igny8_site_integrations"
        ordering = ["site_id", "id"]
        indexes = [models.Index(fields=["account", "site"]), models.Index(fields=["site", "platform", "is_active"])]

    def __str__(self) -> str:
        return self.name or f"{self.get_platform_display()} ({self.pk})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.account_id = self.site.account_id  # integrity invariant: the site's account
        super().save(*args, **kwargs)

    @property
    def has_credentials(self) -> bool:
        return bool(self.credentials_encrypted)


class PublishingRecord(AccountBaseModel):
    """One content item on one destination. Unique per (content, integration): publishing again
    updates the same remote item."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PUBLISHING = "publishing", "Publishing"
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled"
        FAILED = "failed", "Failed"

    class RemoteStatus(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISH = "publish", "Published"
        FUTURE = "future", "Scheduled on the platform"

    class SyncStatus(models.TextChoices):
        IN_SYNC = "in_sync", "In sync"
        REMOTE_CHANGED = "remote_changed", "Changed on the platform"
        LOCAL_CHANGED = "local_changed", "Changed in IGNY8"
        CONFLICT = "conflict", "Changed on both sides"

    class Origin(models.TextChoices):
        PUBLISHED = "published", "Published from IGNY8"
        IMPORTED = "imported", "Imported by sync"

    site = models.ForeignKey("igny8_auth.Site", on_delete=models.CASCADE, related_name="+")
    content = models.ForeignKey("content.Content", on_delete=models.CASCADE, related_name="publishing_records")
    integration = models.ForeignKey(SiteIntegration, on_delete=models.CASCADE, related_name="records")
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.PUBLISHED)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    remote_status = models.CharField(max_length=20, choices=RemoteStatus.choices, default=RemoteStatus.PUBLISH)
    remote_type = models.CharField(max_length=20, default="post")
    external_id = models.CharField(max_length=255, blank=True)
    external_url = models.CharField(max_length=1000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    scheduled_for = models.DateTimeField(null=True, blank=True)
    sync_status = models.CharField(max_length=20, choices=SyncStatus.choices, default=SyncStatus.IN_SYNC)
    remote_fingerprint = models.CharField(max_length=128, blank=True)
    remote_modified_at = models.DateTimeField(null=True, blank=True)
    remote_snapshot = models.JSONField(
        default=dict, blank=True, help_text="The remote item as last read by sync, when it differs from ours."
    )
    published_version = models.PositiveIntegerField(default=0, help_text="Content version last sent or imported.")
    media_map = models.JSONField(default=dict, blank=True, help_text='{"image:<id>": {"id": …, "url": …}}')
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", help_text="Current attempt."
    )
    last_synced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "igny8_publishing_records"
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["content", "integration"], name="unique_publishing_record"),
        ]
        indexes = [
            models.Index(fields=["account", "status"]),
            models.Index(fields=["status", "scheduled_for"]),
            models.Index(fields=["integration", "external_id"]),
        ]

    def __str__(self) -> str:
        return f"content {self.content_id} → integration {self.integration_id}: {self.status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.account_id = self.site.account_id
        super().save(*args, **kwargs)


class IntegrationTerm(AccountBaseModel):
    """A category or tag that exists on the platform (imported by sync; the publish dialog offers them)."""

    integration = models.ForeignKey(SiteIntegration, on_delete=models.CASCADE, related_name="terms")
    taxonomy = models.CharField(max_length=50)
    external_id = models.CharField(max_length=255)
    name = models.CharField(max_length=255)
    slug = models.CharField(max_length=255, blank=True)

    class Meta:
        db_table = "igny8_integration_terms"
        ordering = ["integration_id", "taxonomy", "name"]
        constraints = [
            models.UniqueConstraint(fields=["integration", "taxonomy", "external_id"], name="unique_integration_term"),
        ]

    def __str__(self) -> str:
        return f"{self.taxonomy}: {self.name}"

"""Publishing reads. ``*_scoped`` return the tenant's rows only (account + accessible sites)."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, QuerySet

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.base.scoping import scope_queryset
from igny8_core.domain.content.models import Content, ContentVersion
from igny8_core.domain.publishing.models import (
    PLATFORM_TYPES,
    IntegrationTerm,
    Platform,
    PublishingRecord,
    SiteIntegration,
)


def integration_scoped(*, tenant: TenantContext) -> QuerySet[SiteIntegration]:
    return scope_queryset(SiteIntegration.objects.select_related("site"), tenant=tenant, site_field="site")


def record_scoped(*, tenant: TenantContext) -> QuerySet[PublishingRecord]:
    return scope_queryset(
        PublishingRecord.objects.select_related("integration", "content"), tenant=tenant, site_field="site"
    )


def term_list(*, integration: SiteIntegration) -> QuerySet[IntegrationTerm]:
    return IntegrationTerm.objects.filter(integration=integration).order_by("taxonomy", "name", "pk")


def content_latest_version(*, content: Content) -> int:
    return int(ContentVersion.objects.filter(content=content).aggregate(n=Max("version"))["n"] or 0)


PLATFORM_FIELDS: dict[str, dict[str, list[str]]] = {
    Platform.WORDPRESS: {
        "config_keys": ["site_url", "author", "default_status", "import_sector"],
        "credential_keys": ["username", "application_password"],
    },
    Platform.SHOPIFY: {
        "config_keys": ["shop_domain", "blog_id", "blog_handle", "import_sector"],
        "credential_keys": ["access_token"],
    },
    Platform.CUSTOM_API: {"config_keys": ["endpoint_url"], "credential_keys": ["secret"]},
}


def platform_list() -> list[dict[str, Any]]:
    """The platforms an integration can use (seed 11.6 ``get_available_platforms``); the first config key
    is required."""
    return [
        {"platform": p.value, "name": p.label, "platform_type": PLATFORM_TYPES[p], **PLATFORM_FIELDS[p]}
        for p in Platform
    ]

"""Publishing reads. ``*_scoped`` return the tenant's rows only (account + accessible sites)."""

from __future__ import annotations

from django.db.models import Max, QuerySet

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.base.scoping import scope_queryset
from igny8_core.domain.content.models import Content, ContentVersion
from igny8_core.domain.publishing.models import IntegrationTerm, PublishingRecord, SiteIntegration


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

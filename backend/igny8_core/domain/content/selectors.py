"""Writer reads. ``*_scoped`` return the tenant's rows only (account + accessible sites)."""

from __future__ import annotations

from django.db.models import QuerySet

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.base.scoping import scope_queryset
from igny8_core.domain.content.models import Content, ContentVersion, Images, Tasks
from igny8_core.shared.exceptions import NotFoundError

MAX_VERSION = 2**31 - 1  # PositiveIntegerField's upper bound on every backend


def task_scoped(*, tenant: TenantContext) -> QuerySet[Tasks]:
    return scope_queryset(Tasks.objects.all(), tenant=tenant, site_field="site", sector_field="sector")


def content_scoped(*, tenant: TenantContext) -> QuerySet[Content]:
    return scope_queryset(Content.objects.all(), tenant=tenant, site_field="site", sector_field="sector")


def image_scoped(*, tenant: TenantContext) -> QuerySet[Images]:
    return scope_queryset(Images.objects.all(), tenant=tenant, site_field="site", sector_field="sector")


def content_version_list(*, content: Content) -> QuerySet[ContentVersion]:
    """Every version of ``content``, newest first."""
    return ContentVersion.objects.filter(content=content).select_related("changed_by").order_by("-version")


def content_version_get(*, content: Content, version: int) -> ContentVersion:
    if not 1 <= version <= MAX_VERSION:
        raise NotFoundError(f"Version {version} does not exist.")
    found = ContentVersion.objects.filter(content=content, version=version).select_related("changed_by").first()
    if found is None:
        raise NotFoundError(f"Version {version} does not exist.")
    return found

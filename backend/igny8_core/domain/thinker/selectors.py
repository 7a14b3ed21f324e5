"""Thinker reads: the tenant's author profiles and strategies, and which ones apply to a piece."""

from __future__ import annotations

from django.db.models import QuerySet

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.auth.models import Site
from igny8_core.core.base.scoping import scope_queryset
from igny8_core.domain.thinker.models import AuthorProfile, ContentStrategy


def author_profile_scoped(*, tenant: TenantContext) -> QuerySet[AuthorProfile]:
    """Account-wide profiles (no site) and those of the sites the member may access."""
    return scope_queryset(AuthorProfile.objects.all(), tenant=tenant, site_field="site", site_optional=True)


def strategy_scoped(*, tenant: TenantContext) -> QuerySet[ContentStrategy]:
    return scope_queryset(ContentStrategy.objects.all(), tenant=tenant, site_field="site", site_optional=True)


def author_profile_for(*, site: Site, chosen: AuthorProfile | None = None) -> AuthorProfile | None:
    """The profile generation applies: the one chosen for the task, else the site's default, else the account's."""
    if chosen is not None:
        return chosen
    return (
        AuthorProfile.objects.filter(site=site, is_default=True).first()
        or AuthorProfile.objects.filter(account_id=site.account_id, site__isnull=True, is_default=True).first()
    )


def strategy_for(*, site: Site, chosen: ContentStrategy | None = None) -> ContentStrategy | None:
    """The strategy generation applies: chosen for the task, else the site's default, else the account's."""
    if chosen is not None:
        return chosen
    return (
        ContentStrategy.objects.filter(site=site, is_default=True).first()
        or ContentStrategy.objects.filter(account_id=site.account_id, site__isnull=True, is_default=True).first()
    )

"""Planner reads. ``*_scoped`` return the tenant's rows only (account + accessible sites)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.db.models import QuerySet

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.base.scoping import scope_queryset
from igny8_core.domain.planning.models import Clusters, ContentIdeas, Keywords


def keyword_scoped(*, tenant: TenantContext) -> QuerySet[Keywords]:
    return scope_queryset(Keywords.objects.all(), tenant=tenant, site_field="site", sector_field="sector")


def cluster_scoped(*, tenant: TenantContext) -> QuerySet[Clusters]:
    return scope_queryset(Clusters.objects.all(), tenant=tenant, site_field="site", sector_field="sector")


def idea_scoped(*, tenant: TenantContext) -> QuerySet[ContentIdeas]:
    return scope_queryset(ContentIdeas.objects.all(), tenant=tenant, site_field="site", sector_field="sector")


EXPORT_COLUMNS = ["Keyword", "Volume", "KD", "CPC", "Intent", "Status", "Cluster", "Site", "Sector", "Source"]


def keyword_export_csv(*, queryset: QuerySet[Keywords]) -> Iterator[str]:
    """CSV lines (UTF-8 with BOM so spreadsheet apps detect the encoding), streamed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return value

    yield "\ufeff"
    writer.writerow(EXPORT_COLUMNS)
    yield flush()
    rows = queryset.select_related("cluster", "site", "sector").order_by("pk")
    for kw in rows.iterator(chunk_size=2000):
        writer.writerow(
            [
                kw.keyword,
                kw.search_volume,
                kw.difficulty,
                kw.cpc,
                kw.intent,
                kw.status,
                kw.cluster.name if kw.cluster else "",
                kw.site.name,
                kw.sector.name,
                kw.source,
            ]
        )
        yield flush()

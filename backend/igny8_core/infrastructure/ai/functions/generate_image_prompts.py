"""generate_image_prompts: content → one featured and N in-article image prompts (with alt text),
each in-article one placed after an H2 of the content's HTML. 2 credits per content piece.

Re-running replaces the content's pending (and failed) prompts instead of adding more; a generated
image keeps its file and gets the new prompt for its next regeneration.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from pydantic import BaseModel, Field

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.base.scoping import scope_queryset
from igny8_core.domain.content.models import Content, Images
from igny8_core.infrastructure.ai.errors import OutputValidationError
from igny8_core.infrastructure.ai.registry import (
    AIContext,
    AIFunction,
    PreparedRequest,
    register_function,
)
from igny8_core.shared.exceptions import ValidationFailed
from igny8_core.shared.utils.html import html_text

MAX_CONTENTS = 20
DEFAULT_IN_ARTICLE = 2
MAX_IN_ARTICLE = 6
_H2 = re.compile(r"<h2\b[^>]*>(.*?)</h2\s*>", re.IGNORECASE | re.DOTALL)


def h2_headings(html: str) -> list[str]:
    return [html_text(m.group(1)) for m in _H2.finditer(html or "")]


def spread_positions(headings: int, count: int) -> list[int]:
    """``count`` distinct H2 positions (1-based), spread evenly over ``headings`` sections."""
    count = min(count, headings)
    if count <= 0:
        return []
    step = headings / count
    return sorted({min(headings, int(step * i + step / 2) + 1) for i in range(count)})


def content_scoped(*, tenant: TenantContext) -> QuerySet[Content]:
    return scope_queryset(Content.objects.all(), tenant=tenant, site_field="site", sector_field="sector")


class PromptOut(BaseModel):
    prompt: str = Field(min_length=10, max_length=2000)
    alt_text: str = Field(min_length=3, max_length=255)


class InArticlePromptOut(PromptOut):
    position: int = Field(ge=1, le=100)


class ImagePromptsForContent(BaseModel):
    """What one provider call returns (one content piece per call)."""

    featured: PromptOut
    in_article: list[InArticlePromptOut] = Field(default_factory=list, max_length=MAX_IN_ARTICLE)


class ContentPromptsOut(ImagePromptsForContent):
    content_id: int


class GenerateImagePromptsOutput(BaseModel):
    contents: list[ContentPromptsOut]
    generated_by: str


@dataclass
class PromptsData:
    contents: list[Content]
    headings: dict[int, list[str]]
    in_article_count: int


def _ids(payload: dict[str, Any], what: str, limit: int) -> list[int]:
    try:
        ids = list(dict.fromkeys(int(i) for i in payload.get("ids", [])))
    except (TypeError, ValueError):
        raise ValidationFailed("ids: Must be a list of ids.", errors={"ids": ["Must be a list of ids."]}) from None
    if not ids:
        raise ValidationFailed(f"ids: Select at least one {what}.", errors={"ids": [f"Select at least one {what}."]})
    if len(ids) > limit:
        raise ValidationFailed(
            f"ids: At most {limit} {what}s per request.", errors={"ids": [f"At most {limit} {what}s per request."]}
        )
    return ids


def _keyword(content: Content) -> str:
    return content.primary_keyword or content.title


class GenerateImagePrompts(AIFunction[PromptsData, GenerateImagePromptsOutput]):
    name = "generate_image_prompts"
    operation_type = "image_prompt_extraction"
    output_model = GenerateImagePromptsOutput
    batch_output_model = ImagePromptsForContent
    max_items_per_request = 1
    prompt_type = "generate_image_prompts"
    description = "Image prompt extraction"

    def validate_request(self, *, tenant: TenantContext, payload: dict[str, Any]) -> PreparedRequest:
        ids = _ids(payload, "content piece", MAX_CONTENTS)
        count = payload.get("in_article_count", DEFAULT_IN_ARTICLE)
        if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_IN_ARTICLE:
            raise ValidationFailed(
                f"in_article_count: between 0 and {MAX_IN_ARTICLE}.",
                errors={"in_article_count": [f"Between 0 and {MAX_IN_ARTICLE}."]},
            )
        contents = list(content_scoped(tenant=tenant).filter(pk__in=ids).select_related("site"))
        missing = sorted(set(ids) - {c.pk for c in contents})
        if missing:
            raise ValidationFailed(
                f"ids: No such content: {', '.join(map(str, missing))}.",
                errors={"ids": [f"No such content: {', '.join(map(str, missing))}."]},
            )
        from igny8_core.domain.billing.services import credit_cost_calculate

        sites = {c.site_id for c in contents}
        return PreparedRequest(
            payload={"ids": ids, "in_article_count": count},
            site=contents[0].site if len(sites) == 1 else None,
            estimated_credits=credit_cost_calculate(operation_type=self.operation_type, quantity=len(contents)),
            summary=f"image prompts for {len(contents)} content piece(s)",
        )

    def prepare(self, ctx: AIContext) -> PromptsData:
        contents = list(
            Content.objects.filter(account=ctx.account, pk__in=ctx.job.payload["ids"])
            .select_related("site", "sector")
            .order_by("pk")
        )
        if not contents:
            raise ValidationFailed("The content was deleted before the job ran.")
        return PromptsData(
            contents=contents,
            headings={c.pk: h2_headings(c.html) for c in contents},
            in_article_count=int(ctx.job.payload.get("in_article_count", DEFAULT_IN_ARTICLE)),
        )

    def estimate_credits(self, data: PromptsData) -> int:
        from igny8_core.domain.billing.services import credit_cost_calculate

        return credit_cost_calculate(operation_type=self.operation_type, quantity=len(data.contents))

    def run_offline(self, ctx: AIContext, data: PromptsData) -> GenerateImagePromptsOutput:
        out = []
        for content in data.contents:
            keyword = _keyword(content)
            headings = data.headings[content.pk]
            style = f"clean editorial style matching {content.site.name}"
            featured = PromptOut(
                prompt=f'Wide hero image for an article titled "{content.title}" about {keyword}; {style}.',
                alt_text=f"{content.title}"[:255],
            )
            in_article = [
                InArticlePromptOut(
                    position=pos,
                    prompt=f'Illustration of "{headings[pos - 1]}" in the context of {keyword}; {style}.',
                    alt_text=f"{headings[pos - 1]} – {keyword}"[:255],
                )
                for pos in spread_positions(len(headings), data.in_article_count)
            ]
            out.append(ContentPromptsOut(content_id=content.pk, featured=featured, in_article=in_article))
        return GenerateImagePromptsOutput(contents=out, generated_by="offline")

    def batches(self, data: PromptsData) -> Sequence[Content]:
        return data.contents

    def prompt_variables(self, ctx: AIContext, data: PromptsData, batch: Content) -> dict[str, Any]:
        headings = data.headings[batch.pk]
        return {
            "title": batch.title,
            "site_name": batch.site.name,
            "site_domain": batch.site.domain or "-",
            "primary_keyword": _keyword(batch),
            "secondary_keywords": ", ".join(map(str, batch.secondary_keywords or [])) or "-",
            "in_article_count": min(data.in_article_count, len(headings)),
            "headings": "\n".join(f"{i}. {h}" for i, h in enumerate(headings, start=1)) or "(no sections)",
        }

    def merge(self, data: PromptsData, outputs: list[Any], batches: Sequence[Any]) -> GenerateImagePromptsOutput:
        merged = []
        for content, output in zip(batches, outputs, strict=True):
            headings = len(data.headings[content.pk])
            seen: set[int] = set()
            placed = []
            for item in output.in_article:
                if 1 <= item.position <= headings and item.position not in seen:
                    seen.add(item.position)
                    placed.append(item)
            if data.in_article_count and headings and not placed:
                raise OutputValidationError(f"The provider placed no in-article image inside {content.title!r}.")
            merged.append(
                ContentPromptsOut(
                    content_id=content.pk,
                    featured=output.featured,
                    in_article=sorted(placed, key=lambda i: i.position)[: data.in_article_count],
                )
            )
        return GenerateImagePromptsOutput(contents=merged, generated_by="llm")

    def save(self, ctx: AIContext, data: PromptsData, output: GenerateImagePromptsOutput) -> dict[str, Any]:
        by_id = {c.pk: c for c in data.contents}
        generated_by = "offline" if ctx.provider == "offline" else f"{ctx.provider}:{ctx.model}"
        generated_by = generated_by[: Images._meta.get_field("generated_by").max_length]
        created: list[int] = []
        updated: list[int] = []
        for item in output.contents:
            content = by_id.get(item.content_id)
            if content is None:
                continue
            existing = Images.objects.select_for_update().filter(content=content)
            existing.exclude(status=Images.Status.GENERATED).delete()  # pending/failed prompts are replaced
            kept = {(i.image_type, i.position): i for i in existing.filter(status=Images.Status.GENERATED)}
            slots: list[tuple[str, int, PromptOut]] = [(Images.ImageType.FEATURED, 0, item.featured)]
            slots += [(Images.ImageType.IN_ARTICLE, p.position, p) for p in item.in_article]
            for image_type, position, prompt in slots:
                image = kept.get((image_type, position))
                if image is not None:  # a generated image keeps its file; its next regeneration uses this prompt
                    image.prompt, image.alt_text = prompt.prompt, prompt.alt_text
                    image.save(update_fields=["prompt", "alt_text", "updated_at"])
                    updated.append(image.pk)
                    continue
                image = Images.objects.create(
                    account_id=content.account_id,
                    site=content.site,
                    sector=content.sector,
                    content=content,
                    image_type=image_type,
                    position=position,
                    prompt=prompt.prompt,
                    alt_text=prompt.alt_text,
                    generated_by=generated_by,
                )
                created.append(image.pk)
        return {
            "contents": len(output.contents),
            "image_ids": created + updated,
            "prompts_created": len(created),
            "prompts_updated": len(updated),
            "generated_by": generated_by,
            "message": f"{len(created) + len(updated)} image prompts for {len(output.contents)} content piece(s).",
        }

    def credits(self, data: PromptsData, output: GenerateImagePromptsOutput, result: dict[str, Any]) -> int:
        from igny8_core.domain.billing.services import credit_cost_calculate

        return credit_cost_calculate(operation_type=self.operation_type, quantity=len(output.contents))


register_function(GenerateImagePrompts())

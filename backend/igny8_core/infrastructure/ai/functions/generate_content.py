"""generate_content: writer tasks → full drafts (Content), one provider call per task.

Each content type gets its own prompt (generate_content_<type>) and structure, built on the
task's outline. Output is structured blocks, rendered with blocks_to_html and sanitized before
it is stored; a task that already has content gets a new version of it, never a second
Content. Credits: 1 per 100 words actually generated (rounded up), per task.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from igny8_core.core.auth.context import TenantContext
from igny8_core.domain.ai.selectors import ai_prompt_get
from igny8_core.domain.automation.events import automation_event_emit, origin_run_of
from igny8_core.domain.billing.services import credit_cost_calculator
from igny8_core.domain.content.models import Content, ContentVersion, Tasks
from igny8_core.domain.content.selectors import task_scoped
from igny8_core.domain.content.versioning import VERSIONED_FIELDS, content_snapshot, content_version_record
from igny8_core.domain.planning.models import Keywords
from igny8_core.domain.planning.text import is_question
from igny8_core.domain.thinker.models import AuthorProfile, ContentStrategy
from igny8_core.domain.thinker.selectors import author_profile_for, strategy_for
from igny8_core.infrastructure.ai.errors import OutputValidationError
from igny8_core.infrastructure.ai.offline.writer import Brief, Voice, draft_finalize, layout_for, write_offline_draft
from igny8_core.infrastructure.ai.prompts import DEFAULT_PROMPTS, prompt_render
from igny8_core.infrastructure.ai.registry import AIContext, AIFunction, PreparedRequest, register_function
from igny8_core.shared.exceptions import ValidationFailed
from igny8_core.shared.schemas.blocks import Block, blocks_dump, blocks_to_html
from igny8_core.shared.utils.html import sanitize_html, word_count

MAX_TASKS = 10
QUESTIONS_IN_PROMPT = 12
TYPE_PROMPTS = {
    "product": "generate_content_product",
    "service": "generate_content_service",
    "taxonomy": "generate_content_taxonomy",
    "page": "generate_content_page",
}


class ArticleOut(BaseModel):
    """What one provider call returns: one piece."""

    title: str = Field(min_length=1, max_length=255)
    meta_title: str = Field(default="", max_length=300)
    meta_description: str = Field(default="", max_length=1000)
    tags: list[str] = Field(default_factory=list, max_length=20)
    categories: list[str] = Field(default_factory=list, max_length=10)
    blocks: list[Block] = Field(min_length=1, max_length=300)


class TaskArticleOut(BaseModel):
    task_id: int
    article: ArticleOut
    offline: bool = False
    placeholders: list[str] = Field(default_factory=list)


class GenerateContentOutput(BaseModel):
    articles: list[TaskArticleOut]
    generated_by: str


@dataclass
class TaskInput:
    task: Tasks
    brief: Brief
    profile: AuthorProfile | None
    strategy: ContentStrategy | None


@dataclass
class ContentData:
    tasks: list[TaskInput]


def _question_keywords(task: Tasks) -> list[str]:
    if task.cluster_id is None:
        return []
    keywords = Keywords.objects.filter(cluster_id=task.cluster_id).order_by("-search_volume", "pk")
    return [k.keyword for k in keywords.only("keyword") if is_question(k.keyword)][:QUESTIONS_IN_PROMPT]


def _outline(task: Tasks) -> list[tuple[str, list[str]]]:
    sections = []
    for section in task.outline or []:
        if isinstance(section, dict) and str(section.get("heading", "")).strip():
            points = [str(p) for p in section.get("points") or [] if str(p).strip()]
            sections.append((str(section["heading"]).strip(), points))
        elif isinstance(section, str) and section.strip():
            sections.append((section.strip(), []))
    return sections


def brief_for(task: Tasks, profile: AuthorProfile | None, strategy: ContentStrategy | None) -> Brief:
    voice = Voice(
        tone=profile.tone if profile else "",
        audience=profile.audience if profile else "",
        reading_level=profile.reading_level if profile else "standard",
        voice=profile.voice if profile else "",
        words_to_avoid=tuple(str(w) for w in (profile.words_to_avoid or []) if str(w).strip()) if profile else (),
    )
    return Brief(
        title=task.title,
        content_type=task.content_type,
        content_structure=task.content_structure,
        outline=_outline(task),
        primary_keyword=task.primary_keyword or task.title,
        secondary_keywords=[str(k) for k in task.secondary_keywords or []],
        question_keywords=_question_keywords(task),
        target_word_count=task.target_word_count or 1500,
        site_name=task.site.name,
        category=task.cluster.name if task.cluster else "",
        voice=voice,
        cta_text=strategy.cta_text if strategy else "",
        cta_url=strategy.cta_url if strategy else "",
    )


def _estimate(tasks: Sequence[Tasks]) -> int:
    from igny8_core.domain.billing.services import credit_cost_calculator

    price = credit_cost_calculator(operation_type="content_generation")
    return sum(price(words=t.target_word_count or 1500) for t in tasks)


class GenerateContent(AIFunction[ContentData, GenerateContentOutput]):
    name = "generate_content"
    operation_type = "content_generation"
    output_model = GenerateContentOutput
    batch_output_model = ArticleOut
    max_items_per_request = 1
    prompt_type = "generate_content"
    max_output_tokens = 16384  # a 4,000-word article with markup does not fit in 4,096
    description = "Content generation"

    def validate_request(self, *, tenant: TenantContext, payload: dict[str, Any]) -> PreparedRequest:
        try:
            ids = list(dict.fromkeys(int(i) for i in payload.get("ids", [])))
        except (TypeError, ValueError):
            raise ValidationFailed("ids: Task ids are numbers.", errors={"ids": ["Task ids are numbers."]}) from None
        if not ids:
            raise ValidationFailed("ids: Select at least one task.", errors={"ids": ["Select at least one task."]})
        if len(ids) > MAX_TASKS:
            raise ValidationFailed(
                f"ids: At most {MAX_TASKS} tasks per request.",
                errors={"ids": [f"At most {MAX_TASKS} tasks per request."]},
            )
        tasks = list(task_scoped(tenant=tenant).filter(pk__in=ids).select_related("site"))
        missing = sorted(set(ids) - {t.pk for t in tasks})
        if missing:
            listed = ", ".join(map(str, missing))
            raise ValidationFailed(f"ids: No such task: {listed}.", errors={"ids": [f"No such task: {listed}."]})
        sites = {t.site_id for t in tasks}
        return PreparedRequest(
            payload={"ids": ids},
            site=tasks[0].site if len(sites) == 1 else None,
            estimated_credits=_estimate(tasks),
            summary=f"content for {len(tasks)} task(s)",
        )

    def prepare(self, ctx: AIContext) -> ContentData:
        ids = ctx.job.payload["ids"]
        tasks = list(
            Tasks.objects.filter(account=ctx.account, pk__in=ids)
            .select_related("site", "sector", "cluster", "author_profile", "strategy")
            .order_by("pk")
        )
        if not tasks:
            raise ValidationFailed("The tasks were deleted before the job ran.")
        inputs = []
        voices: dict[tuple[int, int | None, int | None], tuple[Any, Any]] = {}
        for task in tasks:
            key = (task.site_id, task.author_profile_id, task.strategy_id)
            if key not in voices:  # tasks of one site usually share them: resolve once
                voices[key] = (
                    author_profile_for(site=task.site, chosen=task.author_profile),
                    strategy_for(site=task.site, chosen=task.strategy),
                )
            profile, strategy = voices[key]
            inputs.append(
                TaskInput(task=task, brief=brief_for(task, profile, strategy), profile=profile, strategy=strategy)
            )
        return ContentData(tasks=inputs)

    def estimate_credits(self, data: ContentData) -> int:
        return _estimate([t.task for t in data.tasks])

    def run_offline(self, ctx: AIContext, data: ContentData) -> GenerateContentOutput:
        out = []
        for index, item in enumerate(data.tasks, start=1):
            ctx.progress(
                15 + int(70 * index / len(data.tasks)),
                "ai_call",
                f"Writing {item.task.title} ({index} of {len(data.tasks)})",
            )
            draft = write_offline_draft(item.brief)
            article = ArticleOut(
                title=draft.title,
                meta_title=draft.meta_title,
                meta_description=draft.meta_description,
                tags=draft.tags,
                categories=draft.categories,
                blocks=draft.blocks,
            )
            out.append(
                TaskArticleOut(
                    task_id=item.task.pk,
                    article=article,
                    offline=True,
                    placeholders=draft.structure_data["placeholders"],
                )
            )
        return GenerateContentOutput(articles=out, generated_by="offline")

    def batches(self, data: ContentData) -> Sequence[TaskInput]:
        return data.tasks

    def prompt_variables(self, ctx: AIContext, data: ContentData, batch: TaskInput) -> dict[str, Any]:
        task, brief = batch.task, batch.brief
        layout = layout_for(task.content_type, task.content_structure)
        type_prompt = TYPE_PROMPTS.get(layout, "generate_content_post")
        outline = "\n".join("## " + heading + "".join(f"\n- {p}" for p in points) for heading, points in brief.outline)
        common = {
            "site_name": task.site.name,
            "site_domain": task.site.domain or "-",
            "sector_name": task.sector.name,
            "title": task.title,
            "content_type": task.content_type,
            "content_structure": task.content_structure,
            "target_word_count": brief.target_word_count,
            "primary_keyword": brief.primary_keyword,
        }
        template = ai_prompt_get(account=ctx.account, prompt_type=type_prompt) or DEFAULT_PROMPTS[type_prompt]
        cta = " ".join(p for p in (brief.cta_text, brief.cta_url) if p) or "none"
        return {
            **common,
            "secondary_keywords": ", ".join(brief.secondary_keywords) or "-",
            "question_keywords": " | ".join(brief.question_keywords) or "-",
            "outline": outline or "-",
            "voice": brief.voice.voice or "-",
            "tone": brief.voice.tone or "-",
            "audience": brief.voice.audience or "-",
            "reading_level": brief.voice.reading_level,
            "words_to_avoid": ", ".join(brief.voice.words_to_avoid) or "-",
            "cta": cta,
            "type_instructions": prompt_render(template, common),
        }

    def merge(self, data: ContentData, outputs: list[Any], batches: Sequence[Any]) -> GenerateContentOutput:
        merged = []
        for item, output in zip(batches, outputs, strict=True):
            if not output.blocks:
                raise OutputValidationError(f"The provider returned no content for {item.task.title}.")
            merged.append(TaskArticleOut(task_id=item.task.pk, article=output))
        return GenerateContentOutput(articles=merged, generated_by="llm")

    def save(self, ctx: AIContext, data: ContentData, output: GenerateContentOutput) -> dict[str, Any]:
        by_id = {t.task.pk: t for t in data.tasks}
        generated_by = "offline" if ctx.provider == "offline" else f"{ctx.provider}:{ctx.model}"
        generated_by = generated_by[: Content._meta.get_field("generated_by").max_length]
        per_task: list[dict[str, Any]] = []
        price = credit_cost_calculator(operation_type="content_generation")
        for item in output.articles:
            found = by_id.get(item.task_id)
            if found is None:
                continue
            per_task.append(self._save_one(ctx, found, item, generated_by, price))
        words = sum(r["words"] for r in per_task)
        places: dict[tuple[int, int | None], list[int]] = {}
        for r in per_task:
            written = by_id[r["task_id"]].task
            places.setdefault((written.site_id, written.sector_id), []).append(r["content_id"])
        for (site_id, sector_id), ids in sorted(places.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
            automation_event_emit(
                event="content_generated",
                site=site_id,
                sector=sector_id,
                ids=ids,
                origin_run_id=origin_run_of(ctx.job.payload),
            )
        return {
            "content_ids": [r["content_id"] for r in per_task],
            "tasks": per_task,
            "words": words,
            "generated_by": generated_by,
            "message": f"{len(per_task)} draft(s) written, {words} words.",
        }

    @staticmethod
    def _save_one(
        ctx: AIContext, item: TaskInput, out: TaskArticleOut, generated_by: str, price: Callable[..., int]
    ) -> dict[str, Any]:
        task, article = item.task, out.article
        draft = draft_finalize(
            item.brief,
            title=article.title,
            blocks=list(article.blocks),
            meta_title=article.meta_title,
            meta_description=article.meta_description,
            tags=article.tags,
            categories=article.categories or None,
            offline=out.offline,
            placeholders=out.placeholders,
        )
        html = sanitize_html(blocks_to_html(draft.blocks))
        words = word_count(html)
        Tasks.objects.select_for_update().filter(pk=task.pk).first()  # one writer per task at a time
        content = Content.objects.select_for_update().filter(task=task).first()
        created = content is None
        before = content_snapshot(content) if content is not None else {}
        if content is None:
            content = Content(account_id=task.account_id, site=task.site, sector=task.sector, task=task, source="igny8")
        fields = {
            "cluster_id": task.cluster_id,
            "title": draft.title,
            "slug": _unique_slug(task.site_id, draft.slug, content.pk),
            "meta_title": draft.meta_title,
            "meta_description": draft.meta_description,
            "html": html,
            "json_blocks": blocks_dump(draft.blocks),
            "structure_data": draft.structure_data,
            "primary_keyword": task.primary_keyword,
            "secondary_keywords": list(task.secondary_keywords or []),
            "tags": draft.tags,
            "categories": draft.categories,
            "word_count": words,
            "entity_type": task.content_type,
            "content_structure": task.content_structure,
            "status": Content.Status.DRAFT,
            "generated_by": generated_by,
        }
        for name, value in fields.items():
            setattr(content, name, value)
        content.save()
        changed = None if created else [f for f in VERSIONED_FIELDS if before.get(f) != getattr(content, f)]
        version = content_version_record(
            content=content,
            source=ContentVersion.Source.AI,
            user=ctx.user,
            changed_fields=changed,
            summary=f"{'Generated' if created else 'Regenerated'} by {generated_by} (job {ctx.job.pk})",
        )
        Tasks.objects.filter(pk=task.pk).update(status=Tasks.Status.COMPLETED, error="")
        return {
            "task_id": task.pk,
            "content_id": content.pk,
            "version": version.version,
            "created": created,
            "words": words,
            "credits": price(words=words),
        }

    def credits(self, data: ContentData, output: GenerateContentOutput, result: dict[str, Any]) -> int:
        return sum(int(r["credits"]) for r in result["tasks"])  # priced per task in save()


def _unique_slug(site_id: int, slug: str, own_pk: int | None) -> str:
    """``slug``, or ``slug-2``, ``slug-3``… when another piece of the site already uses it."""
    taken = set(
        Content.objects.filter(site_id=site_id, slug__startswith=slug)
        .exclude(pk=own_pk or 0)
        .values_list("slug", flat=True)
    )
    if slug not in taken:
        return slug
    for n in range(2, len(taken) + 3):
        candidate = f"{slug[: 255 - len(str(n)) - 1]}-{n}"
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable: one of len(taken) + 1 candidates is free")  # pragma: no cover


register_function(GenerateContent())

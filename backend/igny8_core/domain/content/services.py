"""Writer writes: tasks (and queueing ideas as tasks), human edits of content with versions,
editorial status. AI generation lives in infrastructure/ai; publishing in a later stage."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import slugify

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.auth.models import Sector, Site, User
from igny8_core.domain.content.models import Content, ContentVersion, Tasks
from igny8_core.domain.content.versioning import content_version_record, content_version_restore
from igny8_core.domain.planning.models import ContentIdeas
from igny8_core.domain.thinker.models import AuthorProfile, ContentStrategy
from igny8_core.shared.exceptions import ValidationFailed
from igny8_core.shared.utils.html import sanitize_html, word_count
from igny8_core.shared.utils.models import model_update

QUEUE_LIMIT = 500
META_TITLE_MAX = 60
META_DESCRIPTION_MAX = 160


def _fail(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(f"{field}: {message}", errors={field: [message]})


def _check_sector(site: Site, sector: Sector) -> None:
    if sector.site_id != site.pk:
        raise _fail("sector", "This sector does not belong to the selected site.")


def _refuse_move(instance: Any, data: dict[str, Any], what: str) -> None:
    for fixed in ("site", "sector"):
        if fixed in data and getattr(data[fixed], "pk", None) != getattr(instance, f"{fixed}_id"):
            raise _fail(fixed, f"{what} cannot move to another {fixed}.")


def _check_related(*, site_id: int, sector_id: int | None, account_id: int, data: dict[str, Any]) -> None:
    """Clusters and ideas must be of the same site and sector; profiles and strategies of the
    same account, and either account-wide or of the same site."""
    for field, label in (("cluster", "cluster"), ("idea", "idea")):
        row = data.get(field)
        if row is not None and (row.site_id, row.sector_id) != (site_id, sector_id):
            raise _fail(field, f"The {label} belongs to another site or sector.")
    for field, label in (("author_profile", "author profile"), ("strategy", "strategy")):
        row = data.get(field)
        if row is not None and (row.account_id != account_id or row.site_id not in (None, site_id)):
            raise _fail(field, f"The {label} belongs to another site.")


# --- Tasks ---------------------------------------------------------------------------------------

TASK_FIELDS = (
    "idea",
    "cluster",
    "title",
    "description",
    "outline",
    "primary_keyword",
    "secondary_keywords",
    "content_type",
    "content_structure",
    "target_word_count",
    "status",
    "author_profile",
    "strategy",
)


@transaction.atomic
def task_create(*, tenant: TenantContext, data: dict[str, Any]) -> Tasks:
    site: Site = data["site"]
    sector: Sector = data["sector"]
    _check_sector(site, sector)
    _check_related(site_id=site.pk, sector_id=sector.pk, account_id=site.account_id, data=data)
    fields = {k: v for k, v in data.items() if k in TASK_FIELDS}
    return Tasks.objects.create(account=site.account, site=site, sector=sector, **fields)


@transaction.atomic
def task_update(*, tenant: TenantContext, task: Tasks, data: dict[str, Any]) -> Tasks:
    _refuse_move(task, data, "A task")
    data = {k: v for k, v in data.items() if k in TASK_FIELDS}
    _check_related(site_id=task.site_id, sector_id=task.sector_id, account_id=task.account_id, data=data)
    task, _ = model_update(instance=task, fields=TASK_FIELDS, data=data)
    return task


@transaction.atomic
def task_delete(*, tenant: TenantContext, task: Tasks) -> None:
    task.delete()  # its content stays (Content.task is SET_NULL)


@transaction.atomic
def ideas_queue_to_writer(
    *,
    tenant: TenantContext,
    scoped: QuerySet[ContentIdeas],
    ids: list[int],
    author_profile: AuthorProfile | None = None,
    strategy: ContentStrategy | None = None,
) -> dict[str, Any]:
    """One writer task per idea (no credits). ``scoped`` is the caller's tenant-scoped idea
    queryset: ids outside it are counted as not found. An idea that already has a task is
    skipped, so queueing twice never makes two tasks."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise _fail("ids", "Select at least one idea.")
    if len(ids) > QUEUE_LIMIT:
        raise _fail("ids", f"At most {QUEUE_LIMIT} ideas per request.")
    visible = scoped.filter(pk__in=ids).values("pk")
    # Lock the ideas (plain rows: the caller's queryset may join clusters) so two requests cannot both queue one.
    ideas = {i.pk: i for i in ContentIdeas.objects.select_for_update().filter(pk__in=visible).order_by("pk")}
    already = set(Tasks.objects.filter(idea_id__in=list(ideas)).values_list("idea_id", flat=True))
    created: list[Tasks] = []
    skipped: list[dict[str, Any]] = []
    for pk in ids:
        idea = ideas.get(pk)
        if idea is None:
            continue
        if pk in already:
            skipped.append({"id": pk, "reason": "Already queued to the writer."})
            continue
        chosen = {"author_profile": author_profile, "strategy": strategy}
        _check_related(site_id=idea.site_id, sector_id=idea.sector_id, account_id=idea.account_id, data=chosen)
        task = Tasks(
            account_id=idea.account_id,
            site_id=idea.site_id,
            sector_id=idea.sector_id,
            idea=idea,
            cluster_id=idea.cluster_id,
            title=idea.title,
            description=idea.description,
            outline=idea.outline,
            primary_keyword=idea.primary_keyword,
            secondary_keywords=idea.secondary_keywords,
            content_type=idea.content_type,
            content_structure=idea.content_structure,
            target_word_count=idea.target_word_count,
            author_profile=author_profile,
            strategy=strategy,
        )
        task.save()
        created.append(task)
    ContentIdeas.objects.filter(pk__in=[t.idea_id for t in created]).update(status=ContentIdeas.Status.QUEUED)
    return {
        "queued": len(created),
        "task_ids": [t.pk for t in created],
        "skipped": skipped,
        "not_found": len([pk for pk in ids if pk not in ideas]),
    }


# --- Content -------------------------------------------------------------------------------------

CONTENT_EDIT_FIELDS = (
    "cluster",
    "title",
    "slug",
    "meta_title",
    "meta_description",
    "html",
    "primary_keyword",
    "secondary_keywords",
    "tags",
    "categories",
    "entity_type",
    "content_structure",
)
EDITORIAL_STATUSES = (Content.Status.DRAFT, Content.Status.REVIEW, Content.Status.APPROVED)


def _check_meta(data: dict[str, Any]) -> None:
    if len(data.get("meta_title") or "") > META_TITLE_MAX:
        raise _fail("meta_title", f"Keep the meta title to {META_TITLE_MAX} characters or fewer.")
    if len(data.get("meta_description") or "") > META_DESCRIPTION_MAX:
        raise _fail("meta_description", f"Keep the meta description to {META_DESCRIPTION_MAX} characters or fewer.")


def _prepare(data: dict[str, Any]) -> dict[str, Any]:
    """Trim, sanitize the HTML and recompute the word count; refuse an empty title or slug."""
    data = {k: v for k, v in data.items() if k in CONTENT_EDIT_FIELDS}
    if "title" in data:
        data["title"] = data["title"].strip()
        if not data["title"]:
            raise _fail("title", "The title cannot be empty.")
    if "slug" in data:
        data["slug"] = slugify(data["slug"], allow_unicode=True)
        if not data["slug"]:
            raise _fail("slug", "The slug cannot be empty.")
    _check_meta(data)
    if "html" in data:
        data["html"] = sanitize_html(data["html"])
        data["word_count"] = word_count(data["html"])
    return data


@transaction.atomic
def content_create(*, tenant: TenantContext, data: dict[str, Any], user: User | None) -> Content:
    """A piece written by hand; its first version records who wrote it."""
    site: Site = data["site"]
    sector: Sector = data["sector"]
    _check_sector(site, sector)
    _check_related(site_id=site.pk, sector_id=sector.pk, account_id=site.account_id, data=data)
    fields = _prepare(data)
    if not fields.get("slug"):
        fields["slug"] = slugify(fields["title"], allow_unicode=True)[:255] or "content"
    content = Content.objects.create(
        account=site.account, site=site, sector=sector, source=Content.Source.MANUAL, **fields
    )
    content_version_record(content=content, source=ContentVersion.Source.HUMAN, user=user, summary="Written by hand")
    return content


@transaction.atomic
def content_update(*, tenant: TenantContext, content: Content, data: dict[str, Any], user: User | None) -> Content:
    """A human edit: sanitized, word count recomputed, one version naming who changed what."""
    _refuse_move(content, data, "Content")
    data = _prepare(data)
    _check_related(site_id=content.site_id, sector_id=content.sector_id, account_id=content.account_id, data=data)
    content, changes = model_update(instance=content, fields=(*CONTENT_EDIT_FIELDS, "word_count"), data=data)
    if changes:
        content_version_record(
            content=content,
            source=ContentVersion.Source.HUMAN,
            user=user,
            changed_fields=list(changes),
            summary="Edited",
        )
    return content


@transaction.atomic
def content_set_status(*, tenant: TenantContext, content: Content, status: str, user: User | None) -> Content:
    """Editorial status: draft, review, approved. Published is set only by the publisher."""
    if status == Content.Status.PUBLISHED:
        raise _fail("status", "Content is marked published only by publishing it; choose draft, review or approved.")
    if status not in EDITORIAL_STATUSES:
        raise _fail("status", f'"{status}" is not an editorial status.')
    if content.status == status:
        return content
    previous = content.status
    content.status = status
    content.save(update_fields=["status", "updated_at"])
    content_version_record(
        content=content,
        source=ContentVersion.Source.HUMAN,
        user=user,
        changed_fields=["status"],
        summary=f"Status {previous} → {status}",
    )
    return content


@transaction.atomic
def content_restore(*, tenant: TenantContext, content: Content, version: ContentVersion, user: User | None) -> Content:
    if version.content_id != content.pk:  # the view resolves versions through the content; defence in depth
        raise _fail("version", "This version belongs to other content.")
    return content_version_restore(content=content, version=version, user=user)


@transaction.atomic
def content_delete(*, tenant: TenantContext, content: Content) -> None:
    """Delete content with its versions and images; image files are removed once the delete commits."""
    from igny8_core.infrastructure.storage.file_storage import file_storage

    files = [
        (content.site_id, path) for path in content.images.exclude(file_path="").values_list("file_path", flat=True)
    ]
    content.delete()
    transaction.on_commit(lambda: [file_storage.delete(site_id, path) for site_id, path in files])

"""content_versioning_service: every AI or human change to a Content makes a version."""

from __future__ import annotations

import difflib
from typing import Any

from django.db import transaction
from django.db.models import Max

from igny8_core.core.auth.models import User
from igny8_core.domain.content.models import Content, ContentVersion

VERSIONED_FIELDS = (
    "title",
    "slug",
    "meta_title",
    "meta_description",
    "html",
    "json_blocks",
    "structure_data",
    "primary_keyword",
    "secondary_keywords",
    "tags",
    "categories",
    "word_count",
    "status",
)


def content_snapshot(content: Content) -> dict[str, Any]:
    return {field: getattr(content, field) for field in VERSIONED_FIELDS}


@transaction.atomic
def content_version_record(
    *,
    content: Content,
    source: str,
    user: User | None = None,
    changed_fields: list[str] | None = None,
    summary: str = "",
) -> ContentVersion:
    """Snapshot ``content`` as it is now as its next version (call after saving a change)."""
    Content.objects.select_for_update().filter(pk=content.pk).first()  # serialize version numbers
    latest = ContentVersion.objects.filter(content=content).aggregate(n=Max("version"))["n"] or 0
    return ContentVersion.objects.create(
        content=content,
        version=latest + 1,
        source=source,
        changed_by=user,
        changed_fields=sorted(changed_fields) if changed_fields is not None else list(VERSIONED_FIELDS),
        summary=summary[:500],
        snapshot=content_snapshot(content),
    )


def content_version_diff(*, older: ContentVersion, newer: ContentVersion) -> dict[str, Any]:
    """Per changed field: a unified diff for text (HTML line by line), before/after for the rest."""
    changes: dict[str, Any] = {}
    for field in VERSIONED_FIELDS:
        a, b = older.snapshot.get(field), newer.snapshot.get(field)
        if a == b:
            continue
        if isinstance(a, str) and isinstance(b, str):
            a_lines = a.replace("><", ">\n<").splitlines()
            b_lines = b.replace("><", ">\n<").splitlines()
            changes[field] = {
                "diff": "\n".join(
                    difflib.unified_diff(a_lines, b_lines, f"v{older.version}", f"v{newer.version}", lineterm="")
                ),
                "before": a,
                "after": b,
            }
        else:
            changes[field] = {"before": a, "after": b}
    return {"from_version": older.version, "to_version": newer.version, "changes": changes}


@transaction.atomic
def content_version_restore(*, content: Content, version: ContentVersion, user: User | None) -> Content:
    """Put every versioned field back exactly as in ``version``; the restore is itself a new version."""
    before = content_snapshot(content)
    for field, value in version.snapshot.items():
        if field in VERSIONED_FIELDS:
            setattr(content, field, value)
    content.save()
    changed = [f for f in VERSIONED_FIELDS if before.get(f) != version.snapshot.get(f)]
    content_version_record(
        content=content,
        source=ContentVersion.Source.RESTORE,
        user=user,
        changed_fields=changed,
        summary=f"Restored version {version.version}",
    )
    return content

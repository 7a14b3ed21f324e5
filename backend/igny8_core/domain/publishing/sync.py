"""SyncService (seed 11.6): import a platform's posts, pages (products) and terms into IGNY8, and notice
remote edits to what IGNY8 published.

Every remote item is matched by (integration, external id) through its PublishingRecord, so a re-sync
updates and never duplicates. The rule (docs/publishing.md):

- remote unchanged → nothing to do (``local_changed`` if IGNY8 edited it since);
- remote changed, IGNY8 unchanged:
  - an item *imported* by sync follows the platform (the content is updated, as a new version);
  - an item IGNY8 *published* is marked ``remote_changed`` and the remote version is stored beside it;
    IGNY8's content is not touched until someone resolves it;
- both changed → ``conflict``: neither side is overwritten until someone resolves it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify

from igny8_core.core.auth.models import Sector, Site, User
from igny8_core.domain.content.models import Content, ContentVersion
from igny8_core.domain.content.versioning import content_version_record
from igny8_core.domain.jobs.models import Job
from igny8_core.domain.jobs.services import job_progress
from igny8_core.domain.publishing.adapters import adapter_session
from igny8_core.domain.publishing.models import IntegrationTerm, Platform, PublishingRecord, SiteIntegration
from igny8_core.domain.publishing.publisher import remote_snapshot
from igny8_core.domain.publishing.selectors import content_latest_version
from igny8_core.infrastructure.external.base import IntegrationError, RemoteItem
from igny8_core.shared.utils.html import html_text, sanitize_html, word_count

logger = logging.getLogger("igny8.publishing")

SOURCES: dict[str, str] = {
    Platform.WORDPRESS: Content.Source.WORDPRESS,
    Platform.SHOPIFY: Content.Source.SHOPIFY,
    Platform.CUSTOM_API: Content.Source.IMPORT,
}
ENTITY_TYPES = {"post": "post", "page": "page", "product": "product", "article": "post"}
IMPORT_SECTOR_SLUG = "imported"
# Incremental syncs re-read a little before the last sync: platforms store modification times to the
# second and their clocks may be a little off ours. Re-reading an item is harmless (it is matched).
SYNC_OVERLAP = timedelta(seconds=60)


def _import_sector(site: Site, config: dict[str, Any]) -> Sector:
    """Imported content goes to ``config_json.import_sector`` (a sector id of the site), else the site's
    first sector, else a sector "Imported" made for it."""
    wanted = config.get("import_sector")
    if wanted:
        sector = Sector.objects.filter(site=site, pk=int(wanted) if str(wanted).isdigit() else 0).first()
        if sector is not None:
            return sector
    sector = Sector.objects.filter(site=site).order_by("pk").first()
    if sector is None:
        sector, _ = Sector.objects.get_or_create(
            site=site, slug=IMPORT_SECTOR_SLUG, defaults={"name": "Imported", "account": site.account}
        )
    return sector


def _fields_from_remote(snapshot: dict[str, Any]) -> dict[str, Any]:
    html = sanitize_html(str(snapshot.get("html") or ""))
    title = str(snapshot.get("title") or "").strip()[:255] or "(untitled)"
    description = str(snapshot.get("meta_description") or "") or html_text(str(snapshot.get("excerpt") or ""))
    return {
        "title": title,
        "slug": (slugify(str(snapshot.get("slug") or ""), allow_unicode=True) or slugify(title, allow_unicode=True))[
            :255
        ]
        or "content",
        "html": html,
        "word_count": word_count(html),
        "meta_title": str(snapshot.get("meta_title") or "")[:60],
        "meta_description": description[:160],
        "categories": [str(c) for c in snapshot.get("categories") or []],
        "tags": [str(t) for t in snapshot.get("tags") or []],
    }


def _modified(snapshot: dict[str, Any]) -> datetime | None:
    value = snapshot.get("modified_at")
    return parse_datetime(value) if isinstance(value, str) else None


@transaction.atomic
def _import_new(*, integration: SiteIntegration, item: RemoteItem) -> None:
    snapshot = remote_snapshot(item)
    sector = _import_sector(integration.site, integration.config_json or {})
    content = Content.objects.create(
        account=integration.account,
        site=integration.site,
        sector=sector,
        source=SOURCES.get(integration.platform, Content.Source.IMPORT),
        entity_type=ENTITY_TYPES.get(item.remote_type, "post"),
        status=Content.Status.PUBLISHED if item.status == "publish" else Content.Status.DRAFT,
        external_id=item.external_id,
        external_url=item.url,
        published_to=[integration.platform],
        external_ids={f"{integration.platform}:{integration.pk}": item.external_id},
        sync_status=PublishingRecord.SyncStatus.IN_SYNC,
        **_fields_from_remote(snapshot),
    )
    version = content_version_record(
        content=content, source=ContentVersion.Source.SYSTEM, summary=f"Imported from {integration}"
    ).version
    PublishingRecord.objects.create(
        account=integration.account,
        site=integration.site,
        content=content,
        integration=integration,
        origin=PublishingRecord.Origin.IMPORTED,
        status=PublishingRecord.Status.PUBLISHED,
        remote_status=item.status if item.status in PublishingRecord.RemoteStatus.values else "publish",
        remote_type=item.remote_type,
        external_id=item.external_id,
        external_url=item.url,
        remote_fingerprint=item.fingerprint,
        remote_modified_at=item.modified_at,
        published_version=version,
        last_synced_at=timezone.now(),
    )


def _apply_remote(*, record: PublishingRecord, snapshot: dict[str, Any], user: User | None, summary: str) -> None:
    """Put the remote version into the content as a new version and mark the record in sync with it."""
    content = Content.objects.select_for_update().get(pk=record.content_id)
    fields = _fields_from_remote(snapshot)
    changed = [name for name, value in fields.items() if getattr(content, name) != value]
    for name, value in fields.items():
        setattr(content, name, value)
    content.external_url = str(snapshot.get("url") or content.external_url)
    content.sync_status = PublishingRecord.SyncStatus.IN_SYNC
    content.save()
    version = content_version_record(
        content=content, source=ContentVersion.Source.SYSTEM, user=user, changed_fields=changed, summary=summary
    ).version
    record.remote_fingerprint = str(snapshot.get("fingerprint") or "")
    record.remote_modified_at = _modified(snapshot)
    record.external_url = str(snapshot.get("url") or record.external_url)
    record.published_version = version
    record.sync_status = PublishingRecord.SyncStatus.IN_SYNC
    record.remote_snapshot = {}
    record.last_synced_at = timezone.now()
    record.save()


@transaction.atomic
def _sync_existing(*, record: PublishingRecord, item: RemoteItem) -> str:
    record = PublishingRecord.objects.select_for_update().select_related("integration").get(pk=record.pk)
    local_changed = content_latest_version(content=record.content) > record.published_version
    now = timezone.now()
    if item.fingerprint == record.remote_fingerprint:
        record.sync_status = (
            PublishingRecord.SyncStatus.LOCAL_CHANGED if local_changed else PublishingRecord.SyncStatus.IN_SYNC
        )
        record.remote_snapshot = {}
        record.last_synced_at = now
        record.save()
        Content.objects.filter(pk=record.content_id).update(sync_status=record.sync_status)
        return "unchanged"
    snapshot = remote_snapshot(item)
    if not local_changed and record.origin == PublishingRecord.Origin.IMPORTED:
        _apply_remote(record=record, snapshot=snapshot, user=None, summary=f"Updated from {record.integration}")
        return "updated"
    record.sync_status = (
        PublishingRecord.SyncStatus.CONFLICT if local_changed else PublishingRecord.SyncStatus.REMOTE_CHANGED
    )
    record.remote_snapshot = snapshot
    record.remote_modified_at = item.modified_at
    record.last_synced_at = now
    record.save()
    Content.objects.filter(pk=record.content_id).update(sync_status=record.sync_status)
    return str(record.sync_status)


def sync_item(*, integration: SiteIntegration, item: RemoteItem) -> str:
    """Bring one remote item in. Returns created, updated, unchanged, remote_changed or conflict."""
    record = (
        PublishingRecord.objects.filter(integration=integration, external_id=item.external_id)
        .filter(remote_type__in=[item.remote_type, ENTITY_TYPES.get(item.remote_type, item.remote_type)])
        .first()
    )
    if record is None:
        _import_new(integration=integration, item=item)
        return "created"
    return _sync_existing(record=record, item=item)


def _sync_terms(*, integration: SiteIntegration, adapter: Any) -> int:
    count = 0
    for term in adapter.iter_terms():
        IntegrationTerm.objects.update_or_create(
            integration=integration,
            taxonomy=term.taxonomy[:50],
            external_id=term.external_id[:255],
            defaults={"account": integration.account, "name": term.name[:255], "slug": term.slug[:255]},
        )
        count += 1
    return count


def integration_sync(*, integration_id: int, mode: str, job: Job | None = None) -> dict[str, Any]:
    """Full (everything) or incremental (changed since ``last_sync_at``) import. Each item is saved in its
    own transaction; ``last_sync_at`` moves to the time the sync *started* only when it succeeded, so an
    item changed during a sync is picked up by the next one."""
    integration = SiteIntegration.objects.select_related("site", "account").get(pk=integration_id)
    started = timezone.now()
    last = integration.last_sync_at
    modified_after = last - SYNC_OVERLAP if (mode == "incremental" and last is not None) else None
    SiteIntegration.objects.filter(pk=integration.pk).update(
        sync_status=SiteIntegration.SyncStatus.RUNNING, updated_at=started
    )
    counts = {"created": 0, "updated": 0, "unchanged": 0, "remote_changed": 0, "conflict": 0, "terms": 0}
    try:
        with adapter_session(integration=integration) as adapter:
            counts["terms"] = _sync_terms(integration=integration, adapter=adapter)
            for index, item in enumerate(adapter.iter_items(modified_after=modified_after)):
                outcome = sync_item(integration=integration, item=item)
                counts[outcome] = counts.get(outcome, 0) + 1
                if job is not None and index % 20 == 0:
                    job_progress(
                        job_id=job.pk, progress=min(95, 5 + index // 20), step="sync", message=f"{index + 1} items"
                    )
    except IntegrationError as exc:
        SiteIntegration.objects.filter(pk=integration.pk).update(
            sync_status=SiteIntegration.SyncStatus.FAILED, last_error=exc.message, updated_at=timezone.now()
        )
        raise
    except Exception:
        SiteIntegration.objects.filter(pk=integration.pk).update(
            sync_status=SiteIntegration.SyncStatus.FAILED,
            last_error="The sync failed unexpectedly.",
            updated_at=timezone.now(),
        )
        raise
    SiteIntegration.objects.filter(pk=integration.pk).update(
        sync_status=SiteIntegration.SyncStatus.SUCCESS, last_sync_at=started, last_error="", updated_at=timezone.now()
    )
    after = modified_after.isoformat() if modified_after else None
    return {"integration_id": integration.pk, "mode": mode, "modified_after": after, **counts}


@transaction.atomic
def record_take_remote(*, record_id: int, user: User | None) -> PublishingRecord:
    """keep="remote": the stored remote version replaces the IGNY8 content (a new version)."""
    record = PublishingRecord.objects.select_for_update().select_related("integration").get(pk=record_id)
    _apply_remote(
        record=record,
        snapshot=dict(record.remote_snapshot),
        user=user,
        summary=f"Took the version from {record.integration}",
    )
    return record

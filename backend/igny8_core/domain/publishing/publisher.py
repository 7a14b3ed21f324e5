"""PublisherService (seed 11.4, 11.8): send one content item to its destinations, one at a time.

Each destination is claimed with a conditional UPDATE (only the job that owns the record may move it to
``publishing``), does its HTTP work outside any transaction, and saves its outcome in its own
transaction: a failure on one destination never undoes another. Images are uploaded once per
destination (``media_map``); the remote item is updated by its external id (or found by slug), so a
re-publish or a retry after a timeout never duplicates it. Before updating an item IGNY8 published
earlier, the remote item is read back: if it was edited on the platform, nothing is overwritten and the
record is marked ``remote_changed`` / ``conflict`` (see docs/publishing.md).
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime
from typing import Any, cast

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from igny8_core.domain.automation.events import automation_event_emit, origin_run_of
from igny8_core.domain.content.models import Content, ContentVersion, Images
from igny8_core.domain.content.versioning import content_version_record
from igny8_core.domain.jobs.models import Job
from igny8_core.domain.jobs.services import JobCancelled, job_progress
from igny8_core.domain.publishing.adapters import adapter_session
from igny8_core.domain.publishing.models import PublishingRecord
from igny8_core.domain.publishing.payload import MIME_TYPES, media_key, payload_build
from igny8_core.domain.publishing.selectors import content_latest_version
from igny8_core.infrastructure.external.base import (
    ImageAsset,
    IntegrationError,
    PublishingAdapter,
    PublishPayload,
    PublishResult,
    RemoteItem,
    RemoteStatus,
)
from igny8_core.infrastructure.storage.file_storage import file_storage
from igny8_core.shared.exceptions import ValidationFailed

logger = logging.getLogger("igny8.publishing")

ACTIVE = (PublishingRecord.Status.PENDING, PublishingRecord.Status.PUBLISHING)


class RemoteChanged(IntegrationError):
    pass


def remote_snapshot(item: RemoteItem) -> dict[str, Any]:
    data = dataclasses.asdict(item)
    data["modified_at"] = item.modified_at.isoformat() if item.modified_at else None
    return data


def _upload_images(
    *, adapter: PublishingAdapter, record: PublishingRecord, content: Content, images: list[Images]
) -> dict[str, Any]:
    """Upload each generated image not yet on this destination; the map is saved after every upload, so
    a crash half-way never uploads an image twice."""
    media_map: dict[str, Any] = dict(record.media_map or {})
    uploads = bool(getattr(adapter, "supports_media_upload", True))
    for image in images:
        key = media_key(image.pk)
        if key in media_map:
            continue
        if not uploads:
            # The platform takes images as URLs (webhooks): only an image with a public URL can go.
            if image.url.startswith(("https://", "http://")):
                media_map[key] = {"id": key, "url": image.url}
            continue
        try:
            data = file_storage.resolve(content.site_id, image.file_path).read_bytes()
        except (ValidationFailed, OSError):
            logger.warning("Image %s of content %s has no readable file; left out", image.pk, content.pk)
            continue
        extension = image.file_format or image.file_path.rsplit(".", 1)[-1].lower()
        media = adapter.upload_media(
            ImageAsset(
                key=key,
                filename=f"{content.slug or 'image'}-{image.pk}.{extension}"[:200],
                content=data,
                mime_type=MIME_TYPES.get(extension, "application/octet-stream"),
                alt_text=image.alt_text,
                caption=image.caption,
            )
        )
        media_map[key] = {"id": media.id, "url": media.url}
        PublishingRecord.objects.filter(pk=record.pk).update(media_map=media_map)
    return media_map


def _check_remote(*, adapter: PublishingAdapter, record: PublishingRecord, version: int) -> bool:
    """True when the remote item is gone (publish creates it again). Raises RemoteChanged (after saving
    the remote snapshot and the sync status) when it was edited on the platform since our last write."""
    remote = adapter.fetch(external_id=record.external_id, remote_type=record.remote_type)
    if remote is None:
        return True
    if remote.fingerprint == record.remote_fingerprint:
        return False
    local_changed = version > record.published_version
    sync_status = PublishingRecord.SyncStatus.CONFLICT if local_changed else PublishingRecord.SyncStatus.REMOTE_CHANGED
    PublishingRecord.objects.filter(pk=record.pk).update(
        sync_status=sync_status, remote_snapshot=remote_snapshot(remote), remote_modified_at=remote.modified_at
    )
    raise RemoteChanged(
        f"The item was edited on {record.integration} since IGNY8 last published it; nothing was overwritten. "
        "Resolve it (keep the IGNY8 version or take the remote one).",
        code="remote_changed",
    )


def _remote_status(result: PublishResult, requested: str) -> str:
    return result.status if result.status in PublishingRecord.RemoteStatus.values else requested


@transaction.atomic
def _save_success(
    *,
    record_id: int,
    result: PublishResult,
    version: int,
    media_map: dict[str, Any],
    requested: str,
    publish_at: datetime | None,
    remote_type: str,
) -> PublishingRecord:
    record = PublishingRecord.objects.select_for_update().select_related("integration").get(pk=record_id)
    content = Content.objects.select_for_update().get(pk=record.content_id)
    integration = record.integration
    remote_status = _remote_status(result, requested)
    now = timezone.now()
    # The content's own bookkeeping: where it is published, under which ids.
    published_to = list(content.published_to or [])
    if integration.platform not in published_to:
        published_to.append(integration.platform)
    external_ids = dict(content.external_ids or {})
    external_ids[f"{integration.platform}:{integration.pk}"] = result.external_id
    content.published_to = published_to
    content.external_ids = external_ids
    content.external_url = result.external_url or content.external_url
    status_changed = remote_status in ("publish", "future") and content.status != Content.Status.PUBLISHED
    if status_changed:
        content.status = Content.Status.PUBLISHED
    content.save(update_fields=["published_to", "external_ids", "external_url", "status", "updated_at"])
    if status_changed and content_latest_version(content=content) == version:
        # Recording the status keeps the history honest; the text sent is unchanged, so the record
        # points at this new version (nothing local changed since the publish).
        version = content_version_record(
            content=content,
            source=ContentVersion.Source.SYSTEM,
            changed_fields=["status"],
            summary=f"Published to {integration}",
        ).version
    record.status = PublishingRecord.Status.PUBLISHED
    record.remote_status = remote_status
    record.remote_type = remote_type
    record.external_id = result.external_id
    record.external_url = result.external_url
    record.published_at = now if remote_status == "publish" else record.published_at
    record.scheduled_for = publish_at if remote_status == "future" else None
    record.remote_fingerprint = result.remote_fingerprint
    record.remote_modified_at = result.remote_modified_at
    record.published_version = version
    record.media_map = media_map
    record.sync_status = PublishingRecord.SyncStatus.IN_SYNC
    record.remote_snapshot = {}
    record.last_error = ""
    record.last_synced_at = now
    record.save()
    return record


def _save_failure(*, record_id: int, message: str) -> None:
    PublishingRecord.objects.filter(pk=record_id).update(
        status=PublishingRecord.Status.FAILED, last_error=message[:5000], updated_at=timezone.now()
    )


def _outcome(
    record: PublishingRecord, *, ok: bool, error: str = "", skipped: bool = False, warnings: list[str] | None = None
) -> dict[str, Any]:
    return {
        "record_id": record.pk,
        "integration_id": record.integration_id,
        "platform": record.integration.platform,
        "ok": ok,
        "skipped": skipped,
        "status": record.status,
        "remote_status": record.remote_status,
        "external_id": record.external_id,
        "external_url": record.external_url,
        "error": error,
        "warnings": warnings or [],
    }


def _send(
    *, adapter: PublishingAdapter, record: PublishingRecord, content: Content, overwrite_remote: bool
) -> tuple[int, dict[str, Any], PublishPayload, PublishResult]:
    """Check the remote item, upload the images it lacks, then create or update it."""
    integration = record.integration
    requested = record.remote_status
    publish_at = record.scheduled_for if requested == "future" else None
    version = content_latest_version(content=content)
    images = list(
        content.images.filter(status=Images.Status.GENERATED).exclude(file_path="").order_by("position", "pk")
    )
    external_id = record.external_id
    if (
        external_id
        and record.remote_fingerprint
        and not overwrite_remote
        and _check_remote(adapter=adapter, record=record, version=version)
    ):
        external_id = ""  # deleted on the platform: publish creates it again
    media_map = _upload_images(adapter=adapter, record=record, content=content, images=images)
    payload = payload_build(
        content=content,
        images=images,
        media_map=media_map,
        config=integration.config_json or {},
        status=cast(RemoteStatus, requested),
        publish_at=publish_at,
        external_id=external_id,
        version=version,
    )
    result = adapter.upsert(payload)
    return version, media_map, payload, result


def publish_destination(*, record_id: int, job_id: int, overwrite_remote: bool = False) -> dict[str, Any]:
    """Publish one record's content to its integration. Never raises for a remote failure: the error
    is stored on the record and returned."""
    claimed = PublishingRecord.objects.filter(pk=record_id, job_id=job_id, status__in=ACTIVE).update(
        status=PublishingRecord.Status.PUBLISHING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    record = PublishingRecord.objects.select_related("integration", "content").filter(pk=record_id).first()
    if record is None:  # its integration or content was deleted meanwhile
        return {"record_id": record_id, "ok": False, "skipped": True, "error": "This destination was removed."}
    if not claimed:  # another job owns it now, or it already finished: never publish twice
        return _outcome(record, ok=record.status == PublishingRecord.Status.PUBLISHED, skipped=True)
    content = record.content
    integration = record.integration
    requested = record.remote_status
    publish_at = record.scheduled_for if requested == "future" else None
    try:
        if not integration.is_active:
            raise IntegrationError(f"{integration} is switched off.", code="inactive")
        with adapter_session(integration=integration) as adapter:
            version, media_map, payload, result = _send(
                adapter=adapter, record=record, content=content, overwrite_remote=overwrite_remote
            )
    except IntegrationError as exc:
        _save_failure(record_id=record_id, message=exc.message)
        record.refresh_from_db()
        return _outcome(record, ok=False, error=exc.message)
    except Exception as exc:
        logger.exception("Publishing record %s failed", record_id)
        message = f"Publishing failed unexpectedly ({exc.__class__.__name__})."
        _save_failure(record_id=record_id, message=message)
        record.refresh_from_db()
        return _outcome(record, ok=False, error=message)
    record = _save_success(
        record_id=record_id,
        result=result,
        version=version,
        media_map=media_map,
        requested=requested,
        publish_at=publish_at,
        remote_type=payload.remote_type,
    )
    if record.remote_status in ("publish", "future"):
        job_payload = Job.objects.filter(pk=job_id).values_list("payload", flat=True).first()
        automation_event_emit(
            event="content_published",
            site=record.site_id,
            sector=content.sector_id,
            ids=[content.pk],
            origin_run_id=origin_run_of(job_payload),
        )
    return _outcome(record, ok=True, warnings=list(result.warnings))


def publish_job_run(*, job: Job) -> dict[str, Any]:
    """The ``publishing.publish`` job: every destination in turn; the result lists each outcome."""
    record_ids = [int(pk) for pk in job.payload.get("record_ids", [])]
    overwrite_remote = bool(job.payload.get("overwrite_remote", False))
    outcomes: list[dict[str, Any]] = []
    for index, record_id in enumerate(record_ids):
        try:
            job_progress(
                job_id=job.pk,
                progress=int(index * 100 / max(1, len(record_ids))),
                step="publish",
                message=f"Destination {index + 1} of {len(record_ids)}",
            )
        except JobCancelled:
            PublishingRecord.objects.filter(pk__in=record_ids[index:], job_id=job.pk, status__in=ACTIVE).update(
                status=PublishingRecord.Status.FAILED, last_error="Publishing was cancelled.", updated_at=timezone.now()
            )
            raise
        outcomes.append(publish_destination(record_id=record_id, job_id=job.pk, overwrite_remote=overwrite_remote))
    published = sum(1 for o in outcomes if o["ok"])
    return {
        "content_id": job.payload.get("content_id"),
        "published": published,
        "failed": len(outcomes) - published,
        "destinations": outcomes,
    }

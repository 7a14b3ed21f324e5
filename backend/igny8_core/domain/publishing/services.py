"""Publishing writes: integrations (CRUD, connection test), publish requests (now, scheduled, remote
"future"), sync requests and conflict resolution. Each write runs in one transaction; changes to
integrations are audited (never with credential values). The HTTP work happens in jobs
(``publisher.py``, ``sync.py``), never inside a request's transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.auth.models import Site, User
from igny8_core.core.auth.services import audit_record
from igny8_core.domain.content.models import Content
from igny8_core.domain.jobs.models import ACTIVE_JOB_STATUSES, Job
from igny8_core.domain.jobs.services import job_create, job_enqueue, on_queued_job_cancelled
from igny8_core.domain.publishing.adapters import adapter_session, address_key
from igny8_core.domain.publishing.models import PLATFORM_TYPES, Platform, PublishingRecord, SiteIntegration
from igny8_core.infrastructure.external.base import IntegrationError
from igny8_core.infrastructure.external.safety import check_url, private_hosts_allowed
from igny8_core.infrastructure.external.shopify import shop_base_url
from igny8_core.shared.exceptions import ConflictError, NotFoundError, ValidationFailed
from igny8_core.shared.utils.crypto import encrypt_json

PUBLISH_JOB = "publishing.publish"
SYNC_JOB = "publishing.sync"
REMOTE_STATUSES = ("draft", "publish", "future")
MAX_DESTINATIONS = 20
MAX_CREDENTIAL_KEYS = 20
MAX_CREDENTIAL_LENGTH = 4000
SYNC_MODES = ("full", "incremental")
SYNC_INTERVAL = timedelta(minutes=15)  # automatic incremental sync of integrations with sync_enabled


def _fail(field_name: str, message: str) -> ValidationFailed:
    return ValidationFailed(f"{field_name}: {message}", errors={field_name: [message]})


def _send_job(job_id: int) -> Any:
    from igny8_core.infrastructure.messaging.celery_tasks import send_job

    return send_job(job_id)


# --- Integrations --------------------------------------------------------------------------------


def _shop_address(value: str) -> tuple[str, str]:
    """(what to store, the URL to check): the bare shop host, or the full http:// URL of a local fake."""
    try:
        base = shop_base_url(value)
    except IntegrationError as exc:
        raise _fail("config_json", f"shop_domain: {exc.message}") from None
    return (base.removeprefix("https://") if base.startswith("https://") else base), f"{base}/"


def integration_config_validate(*, platform: str, config: Any) -> dict[str, Any]:
    """The platform's address is required and must pass the SSRF guard; other keys are kept as given."""
    if not isinstance(config, dict):
        raise _fail("config_json", "Must be an object.")
    key = address_key(platform)
    config = dict(config)
    value = str(config.get(key) or "").strip()
    if not value:
        raise _fail("config_json", f"{key} is required for {Platform(platform).label}.")
    if platform == Platform.SHOPIFY:
        value, url = _shop_address(value)
    else:
        url = value.rstrip("/") if platform == Platform.WORDPRESS else value
        value = url
    try:
        check_url(url)
    except IntegrationError as exc:
        raise _fail("config_json", f"{key}: {exc.message}") from None
    if platform == Platform.CUSTOM_API and url.startswith("http://") and not private_hosts_allowed():
        raise _fail("config_json", f"{key}: The webhook URL must use https://.")
    config[key] = value
    default_status = config.get("default_status")
    if default_status is not None and default_status not in REMOTE_STATUSES[:2]:
        raise _fail("config_json", 'default_status must be "draft" or "publish".')
    return config


def _credentials_validate(credentials: Any) -> dict[str, str]:
    if not isinstance(credentials, dict):
        raise _fail("credentials", "Must be an object of names to values.")
    if len(credentials) > MAX_CREDENTIAL_KEYS:
        raise _fail("credentials", f"At most {MAX_CREDENTIAL_KEYS} values.")
    clean: dict[str, str] = {}
    for key, value in credentials.items():
        if not isinstance(value, str) or len(value) > MAX_CREDENTIAL_LENGTH or len(str(key)) > 100:
            raise _fail("credentials", "Every value must be text of at most 4000 characters.")
        if value != "":
            clean[str(key)] = value
    return clean


@transaction.atomic
def integration_create(*, tenant: TenantContext, data: dict[str, Any]) -> SiteIntegration:
    site: Site = data["site"]
    platform = str(data["platform"])
    if platform not in PLATFORM_TYPES:
        raise _fail("platform", f'"{platform}" is not a supported platform.')
    config = integration_config_validate(platform=platform, config=data.get("config_json", {}))
    credentials = _credentials_validate(data.get("credentials") or {})
    integration = SiteIntegration.objects.create(
        site=site,
        account=site.account,
        platform=platform,
        platform_type=PLATFORM_TYPES[platform],
        name=(data.get("name") or "").strip() or f"{Platform(platform).label} ({site.name})",
        config_json=config,
        credentials_encrypted=encrypt_json(credentials),
        is_active=data.get("is_active", True),
        sync_enabled=data.get("sync_enabled", False),
    )
    audit_record(
        account=tenant.account,
        actor=tenant.user,
        action="integration.created",
        obj=integration,
        changes={"site": site.pk, "platform": platform, "config_json": config, "credentials": sorted(credentials)},
    )
    return integration


@transaction.atomic
def integration_update(*, tenant: TenantContext, integration: SiteIntegration, data: dict[str, Any]) -> SiteIntegration:
    """Change name, config, flags or credentials (sent credentials replace the stored ones; {} removes them).
    The site and platform of an integration are fixed."""
    integration = SiteIntegration.objects.select_for_update().get(pk=integration.pk)
    if "site" in data and getattr(data["site"], "pk", None) != integration.site_id:
        raise _fail("site", "An integration cannot move to another site.")
    if "platform" in data and data["platform"] != integration.platform:
        raise _fail("platform", "The platform of an integration cannot change; create another integration.")
    changes: dict[str, Any] = {}
    if "config_json" in data:
        config = integration_config_validate(platform=integration.platform, config=data["config_json"])
        if config != integration.config_json:
            changes["config_json"] = [integration.config_json, config]
            integration.config_json = config
    if "name" in data and (data["name"] or "").strip() and data["name"].strip() != integration.name:
        changes["name"] = [integration.name, data["name"].strip()]
        integration.name = data["name"].strip()
    for flag in ("is_active", "sync_enabled"):
        if flag in data and bool(data[flag]) != getattr(integration, flag):
            changes[flag] = [getattr(integration, flag), bool(data[flag])]
            setattr(integration, flag, bool(data[flag]))
    if "credentials" in data and data["credentials"] is not None:
        credentials = _credentials_validate(data["credentials"])
        integration.credentials_encrypted = encrypt_json(credentials)
        changes["credentials"] = "replaced" if credentials else "removed"
    if changes:
        integration.save()
        audit_record(
            account=tenant.account, actor=tenant.user, action="integration.updated", obj=integration, changes=changes
        )
    return integration


@transaction.atomic
def integration_delete(*, tenant: TenantContext, integration: SiteIntegration) -> None:
    """Delete the integration and its publishing records; the remote items stay where they are."""
    audit_record(
        account=tenant.account,
        actor=tenant.user,
        action="integration.deleted",
        obj=integration,
        changes={"site": integration.site_id, "platform": integration.platform},
    )
    integration.delete()


def integration_test(*, tenant: TenantContext, integration: SiteIntegration) -> SiteIntegration:
    """Ask the platform what it sees (version, user, capabilities, SEO plugin / shop and scopes) and keep
    the report on the integration. A failure is a report with ``ok: false``, not an error."""
    try:
        with adapter_session(integration=integration) as adapter:
            report = adapter.test_connection()
        body: dict[str, Any] = {
            "ok": report.ok,
            "platform": report.platform,
            "message": report.message,
            "details": report.details,
        }
    except IntegrationError as exc:
        body = {"ok": False, "platform": integration.platform, "message": exc.message, "details": {"code": exc.code}}
    body["tested_at"] = timezone.now().isoformat()
    with transaction.atomic():
        integration = SiteIntegration.objects.select_for_update().get(pk=integration.pk)
        integration.connection_report = body
        integration.last_error = "" if body["ok"] else str(body["message"])
        integration.save(update_fields=["connection_report", "last_error", "updated_at"])
        audit_record(
            account=tenant.account,
            actor=tenant.user,
            action="integration.tested",
            obj=integration,
            changes={"ok": body["ok"]},
        )
    return integration


# --- Publishing ----------------------------------------------------------------------------------


@dataclass
class PublishRequest:
    """What a publish call set in motion: a job (publishing now), or records waiting for their time."""

    job: Job | None
    records: list[PublishingRecord] = field(default_factory=list)
    scheduled_for: datetime | None = None


def destinations_resolve(*, content: Content, destinations: list[Any]) -> list[SiteIntegration]:
    """Each destination is an integration id or a platform name among the content's site's active
    integrations. Anything else (another site's integration, a switched-off one, an unknown name) is
    "unknown"; a platform name that matches two integrations is ambiguous."""
    if not destinations:
        raise _fail("destinations", "Choose at least one destination.")
    if len(destinations) > MAX_DESTINATIONS:
        raise _fail("destinations", f"At most {MAX_DESTINATIONS} destinations per call.")
    active = list(SiteIntegration.objects.filter(site_id=content.site_id, is_active=True).order_by("pk"))
    chosen: dict[int, SiteIntegration] = {}
    for destination in destinations:
        text = str(destination).strip()
        if text.isdigit():
            match = [i for i in active if i.pk == int(text)]
        else:
            match = [i for i in active if i.platform == text.lower()]
            if len(match) > 1:
                raise _fail(
                    "destinations",
                    f"This site has {len(match)} active {text} integrations; name one by its id.",
                )
        if not match:
            raise _fail("destinations", f'Unknown destination "{text}" for this content\'s site.')
        chosen[match[0].pk] = match[0]
    return list(chosen.values())


def _record_busy(record: PublishingRecord) -> bool:
    return record.status in (PublishingRecord.Status.PENDING, PublishingRecord.Status.PUBLISHING) and (
        record.job_id is not None and Job.objects.filter(pk=record.job_id, status__in=ACTIVE_JOB_STATUSES).exists()
    )


def _queue(
    *,
    content: Content,
    records: list[PublishingRecord],
    user: User | None,
    overwrite_remote: bool = False,
    enqueue: bool = True,
    origin_run_id: int | None = None,
) -> Job:
    extra = {"automation_run_id": origin_run_id} if origin_run_id is not None else {}
    job = job_create(
        account=content.account,
        site=content.site,
        user=user,
        kind=PUBLISH_JOB,
        payload={
            "content_id": content.pk,
            "record_ids": [r.pk for r in records],
            "overwrite_remote": overwrite_remote,
            **extra,
        },
        message="Publishing queued",
    )
    PublishingRecord.objects.filter(pk__in=[r.pk for r in records]).update(
        job=job, status=PublishingRecord.Status.PENDING, updated_at=timezone.now()
    )
    if enqueue:
        job_enqueue(job=job, send=_send_job)
    return job


@transaction.atomic
def publish_request(
    *,
    tenant: TenantContext,
    content: Content,
    destinations: list[Any],
    status: str = "publish",
    publish_at: datetime | None = None,
    user: User | None = None,
    enqueue: bool = True,
    origin_run_id: int | None = None,
) -> PublishRequest:
    """Publish one content item to one or many destinations (seed 11.4, 11.8).

    - ``status`` ``publish`` / ``draft``: sent now, or at ``publish_at`` by the beat task (records
      ``scheduled``);
    - ``future``: sent now with ``publish_at``, and the platform publishes it then.

    A destination whose item was changed on the platform since IGNY8 last wrote it is refused until the
    change is resolved (``publishing_record_resolve``): publishing never overwrites a remote edit.

    ``enqueue=False``: the job is created but not sent; the caller runs it (an automation run does, inside
    its own task). ``origin_run_id``: the automation run asking, kept on the job for the loop guard.
    """
    if status not in REMOTE_STATUSES:
        raise _fail("status", 'Choose "publish", "draft" or "future".')
    now = timezone.now()
    if status == "future" and (publish_at is None or publish_at <= now):
        raise _fail("publish_at", 'A "future" publish needs a publish_at in the future.')
    integrations = destinations_resolve(content=content, destinations=destinations)
    scheduled = publish_at is not None and publish_at > now and status != "future"
    content = Content.objects.select_for_update().get(pk=content.pk)
    records: list[PublishingRecord] = []
    for integration in integrations:
        record, _ = PublishingRecord.objects.select_for_update().get_or_create(
            content=content,
            integration=integration,
            defaults={"site": content.site, "account": content.account},
        )
        if _record_busy(record):
            raise ConflictError(
                f"{integration} is already publishing this content; wait for that job to finish.",
                errors={"destinations": [f"{integration.pk} is busy."]},
            )
        if record.sync_status in (PublishingRecord.SyncStatus.REMOTE_CHANGED, PublishingRecord.SyncStatus.CONFLICT):
            raise ConflictError(
                f"This content was changed on {integration} since IGNY8 last published it. Resolve it first "
                "(keep the IGNY8 version or take the remote one).",
                errors={"destinations": [f"{integration.pk} has remote changes."]},
            )
        record.status = PublishingRecord.Status.SCHEDULED if scheduled else PublishingRecord.Status.PENDING
        record.remote_status = status
        record.scheduled_for = publish_at if (scheduled or status == "future") else None
        record.last_error = ""
        record.job = None
        record.save()
        records.append(record)
    if scheduled:
        return PublishRequest(job=None, records=records, scheduled_for=publish_at)
    job = _queue(content=content, records=records, user=user, enqueue=enqueue, origin_run_id=origin_run_id)
    for record in records:
        record.refresh_from_db()
    return PublishRequest(job=job, records=records)


@on_queued_job_cancelled(PUBLISH_JOB)
def publishing_job_cancelled(job: Job) -> None:
    """A publish job cancelled before it started sent nothing: its records stop waiting. An item
    published before keeps its last published version on the platform."""
    now = timezone.now()
    waiting = PublishingRecord.objects.filter(job_id=job.pk, status=PublishingRecord.Status.PENDING)
    waiting.exclude(external_id="").update(
        status=PublishingRecord.Status.PUBLISHED,
        last_error="Publishing was cancelled; the platform keeps the version published before.",
        updated_at=now,
    )
    waiting.update(
        status=PublishingRecord.Status.FAILED,
        last_error="Publishing was cancelled before anything was sent.",
        updated_at=now,
    )


def publish_due(*, now: datetime | None = None, limit: int = 200) -> list[int]:
    """Beat task body: hand every ``scheduled`` record whose time has come to a publish job (one per
    content). The claim is a conditional UPDATE (scheduled → pending), so two beat runs or workers
    never take the same record twice. Returns the job ids created."""
    now = now or timezone.now()
    due = list(
        PublishingRecord.objects.filter(status=PublishingRecord.Status.SCHEDULED, scheduled_for__lte=now)
        .order_by("scheduled_for", "pk")
        .values_list("pk", "content_id")[:limit]
    )
    by_content: dict[int, list[int]] = {}
    for record_id, content_id in due:
        by_content.setdefault(content_id, []).append(record_id)
    job_ids: list[int] = []
    for content_id, record_ids in by_content.items():
        with transaction.atomic():
            content = Content.objects.select_related("site", "account").filter(pk=content_id).first()
            if content is None:
                continue
            job = job_create(
                account=content.account,
                site=content.site,
                kind=PUBLISH_JOB,
                payload={"content_id": content_id, "record_ids": [], "overwrite_remote": False, "scheduled": True},
                message="Scheduled publishing",
            )
            claimed = [
                pk
                for pk in record_ids
                if PublishingRecord.objects.filter(pk=pk, status=PublishingRecord.Status.SCHEDULED).update(
                    status=PublishingRecord.Status.PENDING, job=job, updated_at=timezone.now()
                )
            ]
            if not claimed:
                job.delete()
                continue
            job.payload = {**job.payload, "record_ids": claimed}
            job.save(update_fields=["payload", "updated_at"])
            job_enqueue(job=job, send=_send_job)
            job_ids.append(job.pk)
    return job_ids


@transaction.atomic
def publishing_record_cancel(*, tenant: TenantContext, record: PublishingRecord) -> PublishingRecord:
    """Take a scheduled record off the schedule (it goes back to what it was: failed if never published)."""
    record = PublishingRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != PublishingRecord.Status.SCHEDULED:
        raise ConflictError("Only a scheduled publish can be cancelled.")
    record.status = PublishingRecord.Status.PUBLISHED if record.external_id else PublishingRecord.Status.FAILED
    record.scheduled_for = None
    record.last_error = "" if record.external_id else "Scheduled publish cancelled."
    record.save()
    return record


# --- Sync and conflicts --------------------------------------------------------------------------


def _sync_running(integration: SiteIntegration) -> bool:
    return Job.objects.filter(
        kind=SYNC_JOB, status__in=ACTIVE_JOB_STATUSES, payload__integration_id=integration.pk
    ).exists()


@transaction.atomic
def sync_request(*, tenant: TenantContext, integration: SiteIntegration, mode: str, user: User | None) -> Job:
    """Queue a full or incremental import (changes since ``last_sync_at``) of the platform's items."""
    if mode not in SYNC_MODES:
        raise _fail("mode", 'Choose "full" or "incremental".')
    integration = SiteIntegration.objects.select_for_update().get(pk=integration.pk)
    if not integration.is_active:
        raise ConflictError("This integration is switched off; switch it on to sync.")
    if _sync_running(integration):
        raise ConflictError("A sync of this integration is already running.")
    job = _sync_queue(integration=integration, mode=mode, user=user)
    audit_record(account=tenant.account, actor=user, action="integration.sync", obj=integration, changes={"mode": mode})
    return job


def _sync_queue(*, integration: SiteIntegration, mode: str, user: User | None) -> Job:
    job = job_create(
        account=integration.account,
        site=integration.site,
        user=user,
        kind=SYNC_JOB,
        payload={"integration_id": integration.pk, "mode": mode},
        message="Sync queued",
    )
    integration.sync_status = SiteIntegration.SyncStatus.PENDING
    integration.save(update_fields=["sync_status", "updated_at"])
    job_enqueue(job=job, send=_send_job)
    return job


def sync_due(*, now: datetime | None = None, interval: timedelta = SYNC_INTERVAL) -> list[int]:
    """Beat task body: an incremental sync for every active integration with ``sync_enabled`` whose last
    sync is older than ``interval`` (a full one if it never synced) and that is not syncing already.
    Each integration is locked while it is checked, so overlapping runs queue it once."""
    now = now or timezone.now()
    due = SiteIntegration.objects.filter(is_active=True, sync_enabled=True).filter(
        Q(last_sync_at__isnull=True) | Q(last_sync_at__lte=now - interval)
    )
    job_ids: list[int] = []
    for pk in due.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            integration = SiteIntegration.objects.select_for_update().select_related("site", "account").get(pk=pk)
            if _sync_running(integration):
                continue
            mode = "incremental" if integration.last_sync_at else "full"
            job_ids.append(_sync_queue(integration=integration, mode=mode, user=None).pk)
    return job_ids


def publishing_record_resolve(
    *, tenant: TenantContext, record: PublishingRecord, keep: str, user: User | None = None
) -> PublishRequest:
    """Resolve a ``remote_changed`` or ``conflict`` record explicitly:

    - ``keep="remote"``: the remote version (stored by sync) replaces the IGNY8 content, as a new version;
    - ``keep="local"``: the IGNY8 version is published over the remote item (a job).
    """
    from igny8_core.domain.publishing.sync import record_take_remote

    if keep not in ("local", "remote"):
        raise _fail("keep", 'Choose "local" or "remote".')
    if record.sync_status not in (PublishingRecord.SyncStatus.REMOTE_CHANGED, PublishingRecord.SyncStatus.CONFLICT):
        raise ConflictError("Nothing to resolve: this item has no remote changes.")
    if keep == "remote":
        if not record.remote_snapshot:
            raise ConflictError("The remote version is not known yet; sync the integration first.")
        return PublishRequest(job=None, records=[record_take_remote(record_id=record.pk, user=user)])
    with transaction.atomic():
        record = PublishingRecord.objects.select_for_update().select_related("content").get(pk=record.pk)
        if _record_busy(record):
            raise ConflictError("This destination is already publishing; wait for that job to finish.")
        if not record.integration.is_active:
            raise ConflictError("This integration is switched off.")
        job = _queue(content=record.content, records=[record], user=user, overwrite_remote=True)
        record.refresh_from_db()
    return PublishRequest(job=job, records=[record])


def content_for_publish(*, scoped: Any, content_id: int) -> Content:
    content: Content | None = scoped.filter(pk=content_id).select_related("site", "account").first()
    if content is None:
        raise NotFoundError("Not found.")
    return content

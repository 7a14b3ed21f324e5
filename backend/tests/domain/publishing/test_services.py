"""Publishing services without a remote: integration validation (SSRF guard, write-only encrypted
credentials, audit without secrets), destination resolution, publish requests (now / scheduled /
future), the scheduled-publish claim, refusals that protect remote edits, key rotation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.auth.models import AuditLog
from igny8_core.core.auth.selectors import tenant_context_resolve
from igny8_core.domain.jobs.models import Job
from igny8_core.domain.publishing import services
from igny8_core.domain.publishing.models import PublishingRecord, SiteIntegration
from igny8_core.shared.exceptions import ConflictError, ValidationFailed
from igny8_core.shared.utils import crypto
from tests.conftest import Tenant
from tests.factories import SiteFactory
from tests.publishing_support import make_content, make_integration

pytestmark = pytest.mark.django_db


def ctx(tenant: Tenant) -> TenantContext:
    context = tenant_context_resolve(user=tenant.owner, account_id=str(tenant.account.pk))
    assert context is not None
    return context


def create(tenant: Tenant, **data: Any) -> SiteIntegration:
    return services.integration_create(tenant=ctx(tenant), data={"site": tenant.site, **data})


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/",
        "http://localhost/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/",
        "http://[::1]/",
        "http://metadata.google.internal/",
    ],
)
def test_private_and_metadata_hosts_are_refused_at_save(tenant: Tenant, monkeypatch: Any, url: str):
    monkeypatch.delenv("IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS", raising=False)
    with pytest.raises(ValidationFailed) as caught:
        create(tenant, platform="wordpress", config_json={"site_url": url})
    assert "private" in caught.value.errors["config_json"][0]
    assert SiteIntegration.objects.count() == 0


def test_a_webhook_must_use_https_on_public_hosts(tenant: Tenant, monkeypatch: Any):
    monkeypatch.delenv("IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS", raising=False)
    with pytest.raises(ValidationFailed) as caught:
        create(tenant, platform="custom_api", config_json={"endpoint_url": "http://93.184.216.34/hook"})
    assert caught.value.errors == {"config_json": ["endpoint_url: The webhook URL must use https://."]}
    integration = create(tenant, platform="custom_api", config_json={"endpoint_url": "https://93.184.216.34/hook"})
    assert integration.config_json == {"endpoint_url": "https://93.184.216.34/hook"}


def test_private_hosts_are_allowed_when_the_setting_says_so(tenant: Tenant, allow_private: None):
    integration = create(tenant, platform="wordpress", config_json={"site_url": "http://127.0.0.1:8080/"})
    assert integration.config_json == {"site_url": "http://127.0.0.1:8080"}


def test_public_address_is_accepted_and_credentials_are_encrypted_and_never_audited(tenant: Tenant, monkeypatch: Any):
    monkeypatch.delenv("IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS", raising=False)
    integration = create(
        tenant,
        platform="wordpress",
        config_json={"site_url": "https://93.184.216.34/blog/", "author": "ed"},
        credentials={"username": "admin", "application_password": "abcd efgh ijkl"},
    )
    assert integration.platform_type == "cms"
    assert integration.name == f"WordPress ({tenant.site.name})"
    assert "abcd" not in integration.credentials_encrypted
    assert crypto.decrypt_json(integration.credentials_encrypted) == {
        "username": "admin",
        "application_password": "abcd efgh ijkl",
    }
    audit = AuditLog.objects.get(action="integration.created")
    assert audit.changes == {
        "site": tenant.site.pk,
        "platform": "wordpress",
        "config_json": {"site_url": "https://93.184.216.34/blog", "author": "ed"},
        "credentials": ["application_password", "username"],
    }


def test_config_needs_the_platform_address_and_a_known_default_status(tenant: Tenant, allow_private: None):
    with pytest.raises(ValidationFailed) as missing:
        create(tenant, platform="custom_api", config_json={"url": "http://127.0.0.1/"})
    assert missing.value.errors == {"config_json": ["endpoint_url is required for Custom API (signed webhook)."]}
    with pytest.raises(ValidationFailed) as bad:
        create(tenant, platform="custom_api", config_json={"endpoint_url": "ftp://127.0.0.1/"})
    assert bad.value.errors == {
        "config_json": ["endpoint_url: The URL must start with http:// or https:// and name a host."]
    }
    with pytest.raises(ValidationFailed) as status:
        create(tenant, platform="wordpress", config_json={"site_url": "http://127.0.0.1", "default_status": "x"})
    assert status.value.errors == {"config_json": ['default_status must be "draft" or "publish".']}


def test_shop_domain_is_normalized(tenant: Tenant, allow_private: None):
    integration = create(tenant, platform="shopify", config_json={"shop_domain": "https://Tea.myshopify.com/admin"})
    assert integration.config_json == {"shop_domain": "tea.myshopify.com"}
    assert integration.platform_type == "ecommerce"


def test_update_replaces_or_removes_credentials_and_keeps_site_and_platform(tenant: Tenant, allow_private: None):
    integration = make_integration(tenant, credentials={"secret": "one"})
    services.integration_update(tenant=ctx(tenant), integration=integration, data={"credentials": {"secret": "two"}})
    integration.refresh_from_db()
    assert crypto.decrypt_json(integration.credentials_encrypted) == {"secret": "two"}
    assert AuditLog.objects.get(action="integration.updated").changes == {"credentials": "replaced"}

    services.integration_update(tenant=ctx(tenant), integration=integration, data={"credentials": {}})
    integration.refresh_from_db()
    assert integration.credentials_encrypted == ""
    assert integration.has_credentials is False

    other_site = SiteFactory.create(account=tenant.account)
    with pytest.raises(ValidationFailed, match="cannot move to another site"):
        services.integration_update(tenant=ctx(tenant), integration=integration, data={"site": other_site})
    with pytest.raises(ValidationFailed, match="platform of an integration cannot change"):
        services.integration_update(tenant=ctx(tenant), integration=integration, data={"platform": "wordpress"})


def test_destinations_resolve_by_id_or_platform_name_on_the_content_site_only(tenant: Tenant, allow_private: None):
    content = make_content(tenant)
    hook = make_integration(tenant, platform="custom_api")
    wp = make_integration(tenant, platform="wordpress", url="http://127.0.0.1:1")
    make_integration(tenant, platform="shopify", url="shop.example", is_active=False)
    other_site = SiteFactory.create(account=tenant.account)
    elsewhere = make_integration(tenant, platform="custom_api", site=other_site)

    assert services.destinations_resolve(content=content, destinations=["wordpress", hook.pk, str(hook.pk)]) == [
        wp,
        hook,
    ]
    for unknown in ("shopify", str(elsewhere.pk), "999999", "ghost"):
        with pytest.raises(ValidationFailed) as caught:
            services.destinations_resolve(content=content, destinations=[unknown])
        assert caught.value.errors == {"destinations": [f'Unknown destination "{unknown}" for this content\'s site.']}

    make_integration(tenant, platform="wordpress", url="http://127.0.0.1:2")
    with pytest.raises(ValidationFailed, match="has 2 active wordpress integrations; name one by its id"):
        services.destinations_resolve(content=content, destinations=["wordpress"])
    with pytest.raises(ValidationFailed, match="Choose at least one destination"):
        services.destinations_resolve(content=content, destinations=[])


def test_publish_now_makes_one_pending_record_per_destination_and_one_job(tenant: Tenant, allow_private: None):
    content = make_content(tenant)
    hook = make_integration(tenant)
    wp = make_integration(tenant, platform="wordpress", url="http://127.0.0.1:1")

    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        result = services.publish_request(
            tenant=ctx(tenant), content=content, destinations=[hook.pk, "wordpress"], status="draft"
        )

    assert result.job is not None
    assert result.job.kind == "publishing.publish"
    assert result.job.payload == {
        "content_id": content.pk,
        "record_ids": [r.pk for r in result.records],
        "overwrite_remote": False,
    }
    assert len(callbacks) == 1  # enqueued once the transaction commits
    rows = list(
        PublishingRecord.objects.order_by("pk").values_list("integration_id", "status", "remote_status", "job_id")
    )
    assert rows == [(hook.pk, "pending", "draft", result.job.pk), (wp.pk, "pending", "draft", result.job.pk)]


def test_publish_at_schedules_without_a_job_and_future_needs_a_time(tenant: Tenant, allow_private: None):
    content = make_content(tenant)
    hook = make_integration(tenant)
    when = timezone.now() + timedelta(hours=2)

    result = services.publish_request(tenant=ctx(tenant), content=content, destinations=["custom_api"], publish_at=when)

    assert result.job is None
    assert result.scheduled_for == when
    record = PublishingRecord.objects.get()
    assert (record.integration_id, record.status, record.scheduled_for) == (hook.pk, "scheduled", when)
    assert Job.objects.count() == 0
    with pytest.raises(ValidationFailed, match='A "future" publish needs a publish_at in the future'):
        services.publish_request(tenant=ctx(tenant), content=content, destinations=["custom_api"], status="future")


def test_publish_due_claims_each_record_once(tenant: Tenant, allow_private: None):
    content, later = make_content(tenant), make_content(tenant, title="Later")
    make_integration(tenant)
    soon = timezone.now() + timedelta(minutes=5)
    services.publish_request(tenant=ctx(tenant), content=content, destinations=["custom_api"], publish_at=soon)
    services.publish_request(
        tenant=ctx(tenant), content=later, destinations=["custom_api"], publish_at=soon + timedelta(days=1)
    )

    assert services.publish_due(now=soon - timedelta(seconds=1)) == []
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        job_ids = services.publish_due(now=soon)
        again = services.publish_due(now=soon)

    assert again == []
    assert len(job_ids) == 1
    assert len(callbacks) == 1
    job = Job.objects.get(pk=job_ids[0])
    record = PublishingRecord.objects.get(content=content)
    assert job.payload == {
        "content_id": content.pk,
        "record_ids": [record.pk],
        "overwrite_remote": False,
        "scheduled": True,
    }
    assert (record.status, record.job_id) == ("pending", job.pk)
    assert PublishingRecord.objects.get(content=later).status == "scheduled"


def test_a_remote_edit_blocks_publishing_until_resolved_and_a_busy_destination_is_refused(
    tenant: Tenant, allow_private: None
):
    content = make_content(tenant)
    hook = make_integration(tenant)
    result = services.publish_request(tenant=ctx(tenant), content=content, destinations=[hook.pk])
    with pytest.raises(ConflictError, match="is already publishing this content"):
        services.publish_request(tenant=ctx(tenant), content=content, destinations=[hook.pk])

    Job.objects.filter(pk=result.job.pk if result.job else 0).update(status="succeeded")
    PublishingRecord.objects.update(status="published", sync_status="remote_changed")
    with pytest.raises(ConflictError, match=r"was changed on .* since IGNY8 last published it"):
        services.publish_request(tenant=ctx(tenant), content=content, destinations=[hook.pk])
    with pytest.raises(ConflictError, match="sync the integration first"):
        services.publishing_record_resolve(tenant=ctx(tenant), record=PublishingRecord.objects.get(), keep="remote")

    PublishingRecord.objects.update(sync_status="in_sync")
    with pytest.raises(ConflictError, match="Nothing to resolve"):
        services.publishing_record_resolve(tenant=ctx(tenant), record=PublishingRecord.objects.get(), keep="local")


def test_sync_request_validates_and_refuses_a_second_running_sync(tenant: Tenant, allow_private: None):
    integration = make_integration(tenant)
    with pytest.raises(ValidationFailed, match='Choose "full" or "incremental"'):
        services.sync_request(tenant=ctx(tenant), integration=integration, mode="partial", user=None)
    job = services.sync_request(tenant=ctx(tenant), integration=integration, mode="full", user=tenant.owner)
    assert (job.kind, job.payload, job.site_id) == (
        "publishing.sync",
        {"integration_id": integration.pk, "mode": "full"},
        tenant.site.pk,
    )
    integration.refresh_from_db()
    assert integration.sync_status == "pending"
    with pytest.raises(ConflictError, match="already running"):
        services.sync_request(tenant=ctx(tenant), integration=integration, mode="incremental", user=None)


def test_key_rotation_covers_integration_credentials(tenant: Tenant, monkeypatch: Any):
    old, new = Fernet.generate_key(), Fernet.generate_key()
    monkeypatch.setenv("IGNY8_ENCRYPTION_KEYS", old.decode())
    crypto.reset_key_cache()
    try:
        integration = make_integration(tenant, credentials={"secret": "rotate-me"})
        monkeypatch.setenv("IGNY8_ENCRYPTION_KEYS", f"{new.decode()},{old.decode()}")
        crypto.reset_key_cache()
        call_command("rotate_encryption_keys")
        monkeypatch.setenv("IGNY8_ENCRYPTION_KEYS", new.decode())
        crypto.reset_key_cache()
        integration.refresh_from_db()
        assert crypto.decrypt_json(integration.credentials_encrypted) == {"secret": "rotate-me"}
    finally:
        monkeypatch.delenv("IGNY8_ENCRYPTION_KEYS")
        crypto.reset_key_cache()


def test_sync_due_queues_enabled_integrations_once(tenant: Tenant, allow_private: None):
    now = timezone.now()
    never = make_integration(tenant, name="never")
    stale = make_integration(tenant, name="stale")
    fresh = make_integration(tenant, name="fresh")
    make_integration(tenant, name="off")  # sync_enabled stays False
    SiteIntegration.objects.filter(pk__in=[never.pk, stale.pk, fresh.pk]).update(sync_enabled=True)
    SiteIntegration.objects.filter(pk=stale.pk).update(last_sync_at=now - timedelta(hours=1))
    SiteIntegration.objects.filter(pk=fresh.pk).update(last_sync_at=now - timedelta(minutes=1))

    with TestCase.captureOnCommitCallbacks(execute=False):
        job_ids = services.sync_due(now=now)
        again = services.sync_due(now=now)

    assert again == []  # both are syncing already
    jobs = Job.objects.filter(pk__in=job_ids).order_by("pk")
    assert [j.payload for j in jobs] == [
        {"integration_id": never.pk, "mode": "full"},
        {"integration_id": stale.pk, "mode": "incremental"},
    ]


def test_a_record_owned_by_another_job_is_never_published_twice(tenant: Tenant, allow_private: None):
    from igny8_core.domain.publishing.publisher import publish_destination

    content = make_content(tenant)
    make_integration(tenant)
    result = services.publish_request(tenant=ctx(tenant), content=content, destinations=["custom_api"])
    assert result.job is not None
    record = result.records[0]
    other = Job.objects.create(account=tenant.account, kind="publishing.publish")

    outcome = publish_destination(record_id=record.pk, job_id=other.pk)

    assert (outcome["skipped"], outcome["ok"], outcome["status"]) == (True, False, "pending")
    record.refresh_from_db()
    assert (record.status, record.attempts, record.job_id) == ("pending", 0, result.job.pk)


def test_a_cancelled_publish_job_fails_its_remaining_destinations(tenant: Tenant, allow_private: None):
    from igny8_core.domain.jobs.services import JobCancelled
    from igny8_core.domain.publishing.publisher import publish_job_run

    content = make_content(tenant)
    make_integration(tenant)
    make_integration(tenant, platform="wordpress", url="http://127.0.0.1:1")
    result = services.publish_request(tenant=ctx(tenant), content=content, destinations=["custom_api", "wordpress"])
    assert result.job is not None
    Job.objects.filter(pk=result.job.pk).update(status="running", cancel_requested=True)

    with pytest.raises(JobCancelled):
        publish_job_run(job=Job.objects.get(pk=result.job.pk))
    assert list(PublishingRecord.objects.values_list("status", "last_error", "attempts")) == [
        ("failed", "Publishing was cancelled.", 0),
        ("failed", "Publishing was cancelled.", 0),
    ]


def test_cancelling_a_queued_publish_job_releases_its_records(tenant: Tenant, allow_private: None):
    from igny8_core.domain.jobs.services import job_cancel

    content = make_content(tenant)
    make_integration(tenant)
    make_integration(tenant, platform="wordpress", url="http://127.0.0.1:1")
    result = services.publish_request(tenant=ctx(tenant), content=content, destinations=["custom_api", "wordpress"])
    assert result.job is not None
    published_before = PublishingRecord.objects.get(integration__platform="wordpress")
    PublishingRecord.objects.filter(pk=published_before.pk).update(external_id="41")
    other = services.publish_request(
        tenant=ctx(tenant), content=make_content(tenant, title="Other"), destinations=["custom_api"]
    )
    assert other.job is not None

    job_cancel(job=Job.objects.get(pk=result.job.pk))

    records = PublishingRecord.objects.filter(job_id=result.job.pk)
    assert sorted(records.values_list("integration__platform", "status", "last_error")) == [
        ("custom_api", "failed", "Publishing was cancelled before anything was sent."),
        ("wordpress", "published", "Publishing was cancelled; the platform keeps the version published before."),
    ]
    # Another job's record is untouched, and the destinations can be published again at once.
    assert PublishingRecord.objects.get(job_id=other.job.pk).status == "pending"
    again = services.publish_request(tenant=ctx(tenant), content=content, destinations=["custom_api", "wordpress"])
    assert again.job is not None
    assert sorted(PublishingRecord.objects.filter(job_id=again.job.pk).values_list("status", flat=True)) == [
        "pending",
        "pending",
    ]


def test_cancelling_another_kind_of_queued_job_touches_no_record(tenant: Tenant, allow_private: None):
    from igny8_core.domain.jobs.services import job_cancel, job_create

    content = make_content(tenant)
    make_integration(tenant)
    result = services.publish_request(tenant=ctx(tenant), content=content, destinations=["custom_api"])
    assert result.job is not None
    before = list(PublishingRecord.objects.values_list("pk", "status", "last_error", "updated_at"))

    job_cancel(job=job_create(account=tenant.account, kind="ai.auto_cluster", site=tenant.site))

    assert list(PublishingRecord.objects.values_list("pk", "status", "last_error", "updated_at")) == before

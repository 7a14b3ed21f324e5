"""/api/v1/publisher/: publish (202 with a job, or scheduled records), records list/filters, resolve and
cancel actions; roles (editors publish, viewers read) and tenant isolation (another account's content
or record answers 404 and nothing changes)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from igny8_core.core.auth.models import Role
from igny8_core.domain.jobs.models import Job
from igny8_core.domain.publishing.models import PublishingRecord
from tests.conftest import Tenant
from tests.factories import SectorFactory, SiteFactory
from tests.publishing_support import NOT_FOUND, make_content, make_integration, snapshot, without_request_id

pytestmark = pytest.mark.django_db

PUBLISH = "/api/v1/publisher/publish/"
RECORDS = "/api/v1/publisher/records/"


def test_editor_publishes_to_two_destinations_202_with_a_job(tenant: Tenant, allow_private: None):
    content = make_content(tenant)
    hook = make_integration(tenant)
    wp = make_integration(tenant, platform="wordpress", url="http://127.0.0.1:1")
    _, editor = tenant.member(Role.EDITOR, sites=[tenant.site])

    response = editor.post(
        PUBLISH, {"content_id": content.pk, "destinations": ["wordpress", hook.pk], "status": "draft"}, format="json"
    )

    assert response.status_code == 202, response.content
    job = Job.objects.get()
    data = response.json()["data"]
    assert (data["job_id"], data["status"], data["scheduled_for"]) == (job.pk, "queued", None)
    assert [(r["integration"], r["platform"], r["status"], r["remote_status"]) for r in data["records"]] == [
        (wp.pk, "wordpress", "pending", "draft"),
        (hook.pk, "custom_api", "pending", "draft"),
    ]
    assert job.kind == "publishing.publish"
    assert job.credits_used == 0


def test_publish_at_answers_with_scheduled_records_and_no_job(tenant: Tenant, allow_private: None):
    content = make_content(tenant)
    make_integration(tenant)
    when = timezone.now() + timedelta(days=1)
    response = tenant.client.post(
        PUBLISH,
        {"content_id": content.pk, "destinations": ["custom_api"], "publish_at": when.isoformat()},
        format="json",
    )
    assert response.status_code == 202, response.content
    data = response.json()["data"]
    assert (data["job_id"], data["status"]) == (None, "scheduled")
    assert data["records"][0]["status"] == "scheduled"
    assert Job.objects.count() == 0

    record = PublishingRecord.objects.get()
    response = tenant.client.post(f"{RECORDS}{record.pk}/cancel/")
    assert response.status_code == 200
    assert (response.json()["data"]["status"], response.json()["data"]["scheduled_for"]) == ("failed", None)


def test_viewer_cannot_publish(tenant: Tenant, allow_private: None):
    content = make_content(tenant)
    make_integration(tenant)
    _, viewer = tenant.member(Role.VIEWER, sites=[tenant.site])
    before = snapshot()
    response = viewer.post(PUBLISH, {"content_id": content.pk, "destinations": ["custom_api"]}, format="json")
    assert response.status_code == 403
    assert without_request_id(response) == {
        "success": False,
        "error": "Your role (viewer) cannot do this; it needs editor or higher.",
        "errors": {},
    }
    assert snapshot() == before
    assert Job.objects.count() == 0


def test_validation_unknown_destination_and_other_sites_integration(tenant: Tenant, allow_private: None):
    content = make_content(tenant)
    make_integration(tenant)
    other_site = SiteFactory.create(account=tenant.account)
    SectorFactory.create(site=other_site)
    elsewhere = make_integration(tenant, site=other_site)
    before = snapshot()
    for destination in ("shopify", elsewhere.pk):
        response = tenant.client.post(PUBLISH, {"content_id": content.pk, "destinations": [destination]}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"] == {
            "destinations": [f'Unknown destination "{destination}" for this content\'s site.']
        }
    response = tenant.client.post(PUBLISH, {"content_id": content.pk, "destinations": []}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"destinations": ["This list may not be empty."]}
    response = tenant.client.post(
        PUBLISH, {"content_id": content.pk, "destinations": ["custom_api"], "status": "future"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"publish_at": ['A "future" publish needs a publish_at in the future.']}
    assert snapshot() == before
    assert Job.objects.count() == 0


def test_another_accounts_content_is_a_404_and_nothing_changes(tenant: Tenant, stranger: Tenant, allow_private: None):
    theirs = make_content(stranger)
    theirs_hook = make_integration(stranger)
    make_integration(tenant)
    before = snapshot()
    for content_id, destinations in (
        (theirs.pk, ["custom_api"]),
        (theirs.pk, [theirs_hook.pk]),
        (999999, ["custom_api"]),
    ):
        response = tenant.client.post(PUBLISH, {"content_id": content_id, "destinations": destinations}, format="json")
        assert response.status_code == 404
        assert without_request_id(response) == NOT_FOUND
    assert snapshot() == before
    assert Job.objects.count() == 0


def record_for(tenant: Tenant, **fields: Any) -> PublishingRecord:
    content = make_content(tenant, title=f"Piece {PublishingRecord.objects.count()}")
    integration = make_integration(tenant)
    return PublishingRecord.objects.create(
        site=tenant.site, account=tenant.account, content=content, integration=integration, **fields
    )


def test_records_list_filters_and_viewers_read(tenant: Tenant, allow_private: None):
    published = record_for(tenant, status="published", sync_status="remote_changed")
    failed = record_for(tenant, status="failed")
    _, viewer = tenant.member(Role.VIEWER, sites=[tenant.site])

    def ids(query: str) -> list[int]:
        response = viewer.get(f"{RECORDS}{query}")
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert sorted(ids("")) == sorted([published.pk, failed.pk])
    assert ids("?status=failed") == [failed.pk]
    assert ids("?sync_status=remote_changed") == [published.pk]
    assert ids(f"?content={failed.content_id}") == [failed.pk]
    assert ids(f"?integration={published.integration_id}") == [published.pk]
    response = viewer.post(f"{RECORDS}{published.pk}/resolve/", {"keep": "remote"}, format="json")
    assert response.status_code == 403


def test_resolve_keep_remote_takes_the_stored_version(tenant: Tenant, allow_private: None):
    record = record_for(
        tenant,
        status="published",
        external_id="9",
        sync_status="remote_changed",
        remote_fingerprint="old",
        remote_snapshot={
            "external_id": "9",
            "remote_type": "post",
            "title": "Edited on the site",
            "slug": "edited-on-the-site",
            "html": "<p>Remote words</p><script>x()</script>",
            "status": "publish",
            "url": "http://127.0.0.1/?p=9",
            "modified_at": "2030-01-01T00:00:00+00:00",
            "fingerprint": "new",
            "excerpt": "",
            "categories": ["Tea"],
            "tags": [],
            "meta_title": "",
            "meta_description": "Remote description",
        },
    )
    response = tenant.client.post(f"{RECORDS}{record.pk}/resolve/", {"keep": "remote"}, format="json")

    assert response.status_code == 200, response.content
    data = response.json()["data"]
    assert (data["sync_status"], data["remote_snapshot"]) == ("in_sync", {})
    record.refresh_from_db()
    content = record.content
    content.refresh_from_db()
    assert (content.title, content.slug, content.html, content.meta_description) == (
        "Edited on the site",
        "edited-on-the-site",
        "<p>Remote words</p>",
        "Remote description",
    )
    assert record.remote_fingerprint == "new"
    assert record.published_version == content.versions.order_by("-version").first().version  # type: ignore[union-attr]

    response = tenant.client.post(f"{RECORDS}{record.pk}/resolve/", {"keep": "sideways"}, format="json")
    assert response.status_code == 400
    response = tenant.client.post(f"{RECORDS}{record.pk}/resolve/", {"keep": "remote"}, format="json")
    assert response.status_code == 409


def test_resolve_keep_local_queues_an_overwriting_publish(tenant: Tenant, allow_private: None):
    record = record_for(tenant, status="published", external_id="9", sync_status="conflict")
    response = tenant.client.post(f"{RECORDS}{record.pk}/resolve/", {"keep": "local"}, format="json")
    assert response.status_code == 202, response.content
    job = Job.objects.get()
    assert response.json()["data"]["job_id"] == job.pk
    assert job.payload == {"content_id": record.content_id, "record_ids": [record.pk], "overwrite_remote": True}


def test_another_accounts_record_is_a_404_everywhere(tenant: Tenant, stranger: Tenant, allow_private: None):
    theirs = record_for(stranger, status="scheduled", sync_status="conflict", scheduled_for=timezone.now())
    before = snapshot()
    for pk in (theirs.pk, 999999):
        for response in (
            tenant.client.get(f"{RECORDS}{pk}/"),
            tenant.client.post(f"{RECORDS}{pk}/resolve/", {"keep": "local"}, format="json"),
            tenant.client.post(f"{RECORDS}{pk}/cancel/"),
        ):
            assert response.status_code == 404
            assert without_request_id(response) == NOT_FOUND
    assert tenant.client.get(RECORDS).json()["results"] == []
    assert snapshot() == before
    assert Job.objects.count() == 0

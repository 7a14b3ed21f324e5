"""Publishing and sync end to end against a real, stock WordPress (tests/wordpress_peer.py), through the
API, the jobs and the beat task; every outcome is read back through WordPress's own REST API. The
session shares one WordPress, so every test uses its own slugs and term names."""

from __future__ import annotations

import html
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.test import TestCase
from django.utils import timezone

from igny8_core.core.auth.selectors import tenant_context_resolve
from igny8_core.domain.content import services as content_services
from igny8_core.domain.content.models import Content
from igny8_core.domain.jobs.models import Job
from igny8_core.domain.publishing import services
from igny8_core.domain.publishing.models import IntegrationTerm, PublishingRecord, SiteIntegration
from igny8_core.infrastructure.messaging.celery_tasks import publish_due
from igny8_core.infrastructure.messaging.job_runner import job_execute
from tests.conftest import Tenant
from tests.publishing_support import make_content, make_image, make_integration
from tests.wordpress_peer import WordPressPeer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("wordpress_site", "storage_dir")]

PUBLISH = "/api/v1/publisher/publish/"
RECORDS = "/api/v1/publisher/records/"
INTEGRATIONS = "/api/v1/integration/"


def uid() -> str:
    return uuid.uuid4().hex[:8]


def run(job_id: int) -> Job:
    with TestCase.captureOnCommitCallbacks(execute=False):
        assert job_execute(job_id=job_id) in {"succeeded", "failed"}
    return Job.objects.get(pk=job_id)


def wp_integration(tenant: Tenant, wordpress: WordPressPeer, **kwargs: Any) -> SiteIntegration:
    return make_integration(
        tenant, platform="wordpress", url=wordpress.base_url, credentials=wordpress.credentials, **kwargs
    )


def publish(tenant: Tenant, content: Content, destinations: list[Any], **extra: Any) -> dict[str, Any]:
    response = tenant.client.post(
        PUBLISH, {"content_id": content.pk, "destinations": destinations, **extra}, format="json"
    )
    assert response.status_code == 202, response.content
    data: dict[str, Any] = response.json()["data"]
    return data


def wp_post(wordpress: WordPressPeer, post_id: str) -> dict[str, Any]:
    post: dict[str, Any] = wordpress.rest_json("GET", f"/wp/v2/posts/{post_id}", params={"context": "edit"})
    return post


def wp_count(wordpress: WordPressPeer, route: str, **params: Any) -> int:
    response = wordpress.rest("GET", route, params={"context": "edit", "per_page": 1, **params})
    assert response.status_code == 200, response.text
    return int(response.headers["x-wp-total"])


def term_names(wordpress: WordPressPeer, route: str, ids: list[int]) -> list[str]:
    terms = wordpress.rest_json("GET", route, params={"include": ",".join(map(str, ids)), "per_page": 100})
    return sorted(html.unescape(t["name"]) for t in terms)


def article(tenant: Tenant, slug: str) -> Content:
    content = make_content(
        tenant,
        title=f"Green tea {slug}",
        slug=f"green-tea-{slug}",
        categories=[f"Tea {slug}"],
        tags=[f"brewing {slug}", f"sencha {slug}"],
    )
    make_image(content, image_type="featured", position=0)
    make_image(content, position=1)
    make_image(content, position=2)
    return content


def test_publish_with_images_and_terms_then_republish_without_duplicates(tenant: Tenant, wordpress: WordPressPeer):
    slug = uid()
    integration = wp_integration(tenant, wordpress)
    content = article(tenant, slug)

    job = run(publish(tenant, content, ["wordpress"])["job_id"])

    assert job.status == "succeeded"
    assert (job.result["published"], job.result["failed"], job.credits_used) == (1, 0, 0)
    record = PublishingRecord.objects.get(content=content)
    assert (record.status, record.remote_status, record.sync_status, record.attempts) == (
        "published",
        "publish",
        "in_sync",
        1,
    )
    post = wp_post(wordpress, record.external_id)
    assert post["status"] == "publish"
    assert post["slug"] == f"green-tea-{slug}"
    assert post["title"]["raw"] == f"Green tea {slug}"
    assert post["excerpt"]["raw"] == "How to brew green tea."
    assert term_names(wordpress, "/wp/v2/categories", post["categories"]) == [f"Tea {slug}"]
    assert term_names(wordpress, "/wp/v2/tags", post["tags"]) == [f"brewing {slug}", f"sencha {slug}"]
    media = record.media_map
    assert len(media) == 3
    featured = next(v for k, v in media.items() if k == f"image:{content.images.get(image_type='featured').pk}")
    assert str(post["featured_media"]) == featured["id"]
    body = post["content"]["raw"]
    in_article = content.images.filter(image_type="in_article").order_by("position")
    first, second = (media[f"image:{i.pk}"]["url"] for i in in_article)
    assert body.index("<h2>One</h2>") < body.index(first) < body.index("<h2>Two</h2>") < body.index(second)
    assert "/api/v1/writer/images/" not in body
    content.refresh_from_db()
    assert content.status == "published"
    assert content.published_to == ["wordpress"]
    assert content.external_ids == {f"wordpress:{integration.pk}": record.external_id}
    assert content.external_url == post["link"]
    for entry in media.values():  # every image is in the media library
        assert wordpress.rest_json("GET", f"/wp/v2/media/{entry['id']}")["source_url"] == entry["url"]
    media_before = wp_count(wordpress, "/wp/v2/media")

    # Edit in IGNY8, publish again: the same post is updated, no image is uploaded twice.
    context = tenant_context_resolve(user=tenant.owner, account_id=str(tenant.account.pk))
    assert context is not None
    content_services.content_update(tenant=context, content=content, data={"title": f"Better tea {slug}"}, user=None)
    job = run(publish(tenant, content, [integration.pk])["job_id"])

    assert job.result["destinations"][0]["ok"] is True
    record.refresh_from_db()
    assert wp_post(wordpress, record.external_id)["title"]["raw"] == f"Better tea {slug}"
    assert wp_count(wordpress, "/wp/v2/posts", slug=f"green-tea-{slug}", status="any") == 1
    assert wp_count(wordpress, "/wp/v2/media") == media_before
    assert record.media_map == media
    assert record.attempts == 2


def test_one_destination_failing_does_not_undo_the_other(tenant: Tenant, wordpress: WordPressPeer):
    slug = uid()
    good = wp_integration(tenant, wordpress, name="Good")
    bad = make_integration(
        tenant,
        platform="wordpress",
        url=wordpress.base_url,
        credentials={"username": wordpress.username, "application_password": "wrong pass word xxxx"},
        name="Bad",
    )
    content = make_content(tenant, title=f"Two ways {slug}", slug=f"two-ways-{slug}")

    job = run(publish(tenant, content, [good.pk, bad.pk])["job_id"])

    assert job.status == "succeeded"
    outcomes = {o["integration_id"]: o for o in job.result["destinations"]}
    assert outcomes[good.pk]["ok"] is True
    assert outcomes[bad.pk]["ok"] is False
    assert outcomes[bad.pk]["error"] != ""
    good_record = PublishingRecord.objects.get(integration=good)
    bad_record = PublishingRecord.objects.get(integration=bad)
    assert good_record.status == "published"
    assert (bad_record.status, bad_record.external_id, bad_record.last_error) == (
        "failed",
        "",
        outcomes[bad.pk]["error"],
    )
    assert "wrong pass" not in bad_record.last_error
    assert wp_count(wordpress, "/wp/v2/posts", slug=f"two-ways-{slug}", status="any") == 1
    content.refresh_from_db()
    assert content.status == "published"


def test_scheduled_publish_by_the_beat_task_runs_once(tenant: Tenant, wordpress: WordPressPeer):
    slug = uid()
    wp_integration(tenant, wordpress)
    content = make_content(tenant, title=f"Later {slug}", slug=f"later-{slug}")
    when = timezone.now() + timedelta(hours=1)
    data = publish(tenant, content, ["wordpress"], publish_at=when.isoformat())
    assert (data["job_id"], data["records"][0]["status"]) == (None, "scheduled")

    with TestCase.captureOnCommitCallbacks(execute=False):
        assert publish_due() == []  # not due yet (the beat task itself, now)
        PublishingRecord.objects.filter(content=content).update(scheduled_for=timezone.now() - timedelta(seconds=1))
        job_ids = publish_due()
        assert publish_due() == []  # claimed once
    assert len(job_ids) == 1
    assert run(job_ids[0]).status == "succeeded"
    assert job_execute(job_id=job_ids[0]) == "skipped"  # a redelivered message publishes nothing

    record = PublishingRecord.objects.get(content=content)
    assert (record.status, record.attempts) == ("published", 1)
    assert wp_post(wordpress, record.external_id)["status"] == "publish"
    assert wp_count(wordpress, "/wp/v2/posts", slug=f"later-{slug}", status="any") == 1


def test_future_status_lets_wordpress_schedule_it_and_draft_stays_a_draft(tenant: Tenant, wordpress: WordPressPeer):
    slug = uid()
    wp_integration(tenant, wordpress)
    later = make_content(tenant, title=f"Future {slug}", slug=f"future-{slug}")
    draft = make_content(tenant, title=f"Draft {slug}", slug=f"draft-{slug}", status="approved")
    when = (timezone.now() + timedelta(days=3)).replace(microsecond=0)

    run(publish(tenant, later, ["wordpress"], status="future", publish_at=when.isoformat())["job_id"])
    run(publish(tenant, draft, ["wordpress"], status="draft")["job_id"])

    future_record = PublishingRecord.objects.get(content=later)
    post = wp_post(wordpress, future_record.external_id)
    assert (post["status"], post["date_gmt"]) == ("future", when.strftime("%Y-%m-%dT%H:%M:%S"))
    assert (future_record.status, future_record.remote_status, future_record.scheduled_for) == (
        "published",
        "future",
        when,
    )
    draft_record = PublishingRecord.objects.get(content=draft)
    assert wp_post(wordpress, draft_record.external_id)["status"] == "draft"
    draft.refresh_from_db()
    assert draft.status == "approved"  # a draft on WordPress is not published


def test_full_then_incremental_sync_imports_once_and_follows_remote_edits(tenant: Tenant, wordpress: WordPressPeer):
    slug = uid()
    integration = wp_integration(tenant, wordpress)
    remote = wordpress.rest_json(
        "POST",
        "/wp/v2/posts",
        json={"title": f"Written in WP {slug}", "slug": f"wp-{slug}", "content": "<p>Hello</p>", "status": "publish"},
    )
    page = wordpress.rest_json(
        "POST", "/wp/v2/pages", json={"title": f"About {slug}", "slug": f"about-{slug}", "status": "draft"}
    )
    wordpress.rest_json("POST", "/wp/v2/categories", json={"name": f"Imported cat {slug}"})

    response = tenant.client.post(f"{INTEGRATIONS}{integration.pk}/sync/", {"mode": "full"}, format="json")
    assert response.status_code == 202
    job = run(response.json()["data"]["job_id"])
    assert job.status == "succeeded", job.error

    imported = Content.objects.get(external_id=str(remote["id"]))
    assert (imported.source, imported.entity_type, imported.status, imported.title, imported.html) == (
        "wordpress",
        "post",
        "published",
        f"Written in WP {slug}",
        "<p>Hello</p>",
    )
    about = Content.objects.get(external_id=str(page["id"]))
    assert (about.entity_type, about.status) == ("page", "draft")
    assert IntegrationTerm.objects.filter(integration=integration, name=f"Imported cat {slug}").count() == 1
    integration.refresh_from_db()
    assert integration.sync_status == "success"
    synced_at = integration.last_sync_at
    assert synced_at is not None

    # A second full sync updates nothing and duplicates nothing.
    run(services.sync_request(tenant=_ctx(tenant), integration=integration, mode="full", user=None).pk)
    assert Content.objects.filter(external_id=str(remote["id"])).count() == 1
    assert PublishingRecord.objects.filter(integration=integration, external_id=str(remote["id"])).count() == 1

    # Nothing changed after (last sync − overlap): an incremental sync reads nothing.
    SiteIntegration.objects.filter(pk=integration.pk).update(last_sync_at=timezone.now() + timedelta(days=30))
    job = run(services.sync_request(tenant=_ctx(tenant), integration=integration, mode="incremental", user=None).pk)
    assert (job.result["created"], job.result["updated"], job.result["unchanged"]) == (0, 0, 0)

    # Edited in WordPress: the imported copy follows (a new version), still one row.
    SiteIntegration.objects.filter(pk=integration.pk).update(last_sync_at=synced_at)
    wordpress.rest_json("POST", f"/wp/v2/posts/{remote['id']}", json={"title": f"Edited in WP {slug}"})
    job = run(services.sync_request(tenant=_ctx(tenant), integration=integration, mode="incremental", user=None).pk)
    assert job.result["updated"] >= 1
    imported.refresh_from_db()
    assert imported.title == f"Edited in WP {slug}"
    assert imported.versions.first().summary == f"Updated from {integration}"  # type: ignore[union-attr]
    assert Content.objects.filter(external_id=str(remote["id"])).count() == 1


def _ctx(tenant: Tenant) -> Any:
    return tenant_context_resolve(user=tenant.owner, account_id=str(tenant.account.pk))


def test_remote_edit_of_a_published_post_is_shown_never_applied_and_conflicts_resolve_explicitly(
    tenant: Tenant, wordpress: WordPressPeer
):
    slug = uid()
    integration = wp_integration(tenant, wordpress)
    content = make_content(tenant, title=f"Ours {slug}", slug=f"ours-{slug}")
    run(publish(tenant, content, ["wordpress"])["job_id"])
    record = PublishingRecord.objects.get(content=content)

    # Edited on WordPress, not in IGNY8: remote_changed, the remote version is stored, ours untouched.
    wordpress.rest_json("POST", f"/wp/v2/posts/{record.external_id}", json={"title": f"Theirs {slug}"})
    run(services.sync_request(tenant=_ctx(tenant), integration=integration, mode="full", user=None).pk)
    record.refresh_from_db()
    content.refresh_from_db()
    assert record.sync_status == "remote_changed"
    assert record.remote_snapshot["title"] == f"Theirs {slug}"
    assert content.title == f"Ours {slug}"
    listed = tenant.client.get(f"{RECORDS}?sync_status=remote_changed").json()["results"]
    assert [(r["id"], r["remote_snapshot"]["title"]) for r in listed] == [(record.pk, f"Theirs {slug}")]

    # Edited in IGNY8 too: conflict; publishing is refused, WordPress keeps its edit.
    content_services.content_update(tenant=_ctx(tenant), content=content, data={"title": f"Ours v2 {slug}"}, user=None)
    run(services.sync_request(tenant=_ctx(tenant), integration=integration, mode="full", user=None).pk)
    record.refresh_from_db()
    assert record.sync_status == "conflict"
    response = tenant.client.post(PUBLISH, {"content_id": content.pk, "destinations": ["wordpress"]}, format="json")
    assert response.status_code == 409
    assert wp_post(wordpress, record.external_id)["title"]["raw"] == f"Theirs {slug}"

    # Keep ours: published over theirs, back in sync.
    response = tenant.client.post(f"{RECORDS}{record.pk}/resolve/", {"keep": "local"}, format="json")
    assert response.status_code == 202
    run(response.json()["data"]["job_id"])
    record.refresh_from_db()
    assert (record.status, record.sync_status, record.remote_snapshot) == ("published", "in_sync", {})
    assert wp_post(wordpress, record.external_id)["title"]["raw"] == f"Ours v2 {slug}"
    assert wp_count(wordpress, "/wp/v2/posts", slug=f"ours-{slug}", status="any") == 1

    # Edited on WordPress again, then published from IGNY8 without a sync: nothing is overwritten.
    wordpress.rest_json("POST", f"/wp/v2/posts/{record.external_id}", json={"title": f"Theirs again {slug}"})
    job = run(publish(tenant, content, ["wordpress"])["job_id"])
    assert job.result["destinations"][0]["ok"] is False
    record.refresh_from_db()
    assert (record.status, record.sync_status) == ("failed", "remote_changed")
    assert wp_post(wordpress, record.external_id)["title"]["raw"] == f"Theirs again {slug}"

    # Keep theirs: their version becomes ours (a new version), in sync.
    response = tenant.client.post(f"{RECORDS}{record.pk}/resolve/", {"keep": "remote"}, format="json")
    assert response.status_code == 200, response.content
    content.refresh_from_db()
    record.refresh_from_db()
    assert content.title == f"Theirs again {slug}"
    assert record.sync_status == "in_sync"
    run(services.sync_request(tenant=_ctx(tenant), integration=integration, mode="full", user=None).pk)
    record.refresh_from_db()
    assert record.sync_status == "in_sync"


def test_connection_test_reports_what_wordpress_says(tenant: Tenant, wordpress: WordPressPeer):
    integration = wp_integration(tenant, wordpress)
    response = tenant.client.post(f"{INTEGRATIONS}{integration.pk}/test/")
    assert response.status_code == 200, response.content
    report = response.json()["data"]["connection_report"]
    assert report["ok"] is True
    assert report["details"]["user"] == wordpress.username
    assert report["details"]["seo_plugin"] is None
    assert "application_password" not in response.content.decode()

    bad = make_integration(
        tenant,
        platform="wordpress",
        url=wordpress.base_url,
        credentials={"username": wordpress.username, "application_password": "nope nope nope nope"},
    )
    response = tenant.client.post(f"{INTEGRATIONS}{bad.pk}/test/")
    assert response.status_code == 200
    assert response.json()["data"]["connection_report"]["ok"] is False
    bad.refresh_from_db()
    assert bad.last_error != ""

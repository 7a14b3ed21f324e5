"""Publishing through the signed webhook (custom_api) to a real local HTTP receiver (a third-party
endpoint, faked at the HTTP boundary), alone and next to a real WordPress."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import TestCase

from igny8_core.domain.jobs.models import Job
from igny8_core.domain.publishing.models import PublishingRecord
from igny8_core.infrastructure.external.custom_api import idempotency_key, sign
from igny8_core.infrastructure.messaging.job_runner import job_execute
from tests.conftest import Tenant
from tests.infrastructure.external.conftest import Answer, FakeHttpServer
from tests.publishing_support import make_content, make_image, make_integration
from tests.wordpress_peer import WordPressPeer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_private", "storage_dir")]

PUBLISH = "/api/v1/publisher/publish/"
SECRET = "whsec-test-1234"


@pytest.fixture
def receiver() -> Iterator[FakeHttpServer]:
    server = FakeHttpServer().start()
    try:
        yield server
    finally:
        server.stop()


def run(job_id: int) -> Job:
    with TestCase.captureOnCommitCallbacks(execute=False):
        job_execute(job_id=job_id)
    return Job.objects.get(pk=job_id)


def publish(tenant: Tenant, content_id: int, destinations: list[Any]) -> Job:
    response = tenant.client.post(PUBLISH, {"content_id": content_id, "destinations": destinations}, format="json")
    assert response.status_code == 202, response.content
    return run(response.json()["data"]["job_id"])


def test_signed_webhook_publish_and_republish_use_one_idempotency_key(tenant: Tenant, receiver: FakeHttpServer):
    receiver.route("POST", "/hook", Answer(200, {"id": "ext-1", "url": "https://blog.example/p/1"}))
    integration = make_integration(tenant, url=f"{receiver.url}/hook", credentials={"secret": SECRET})
    content = make_content(tenant)
    make_image(content, image_type="featured", position=0)  # a members-only file: not sent to a webhook

    job = publish(tenant, content.pk, ["custom_api"])
    job = publish(tenant, content.pk, [integration.pk])

    assert job.result["destinations"][0]["ok"] is True
    calls = receiver.calls("POST", "/hook")
    assert len(calls) == 2
    for call in calls:
        assert call.headers["x-igny8-signature"] == sign(SECRET, call.headers["x-igny8-timestamp"], call.raw)
        assert call.headers["idempotency-key"] == idempotency_key({"site_id": tenant.site.pk, "content_id": content.pk})
    body = json.loads(calls[1].raw)
    assert body["content"]["title"] == "Green Tea Guide"
    assert body["content"]["html"] == "<p>Intro</p><h2>One</h2><p>a</p><h2>Two</h2><p>b</p>"
    assert body["content"]["focus_keyword"] == "green tea"
    assert body["content"]["featured_image"] is None
    assert body["content"]["external_id"] == "ext-1"
    record = PublishingRecord.objects.get()
    assert (record.status, record.external_id, record.external_url, record.attempts) == (
        "published",
        "ext-1",
        "https://blog.example/p/1",
        2,
    )


def test_connection_test_sends_a_signed_ping(tenant: Tenant, receiver: FakeHttpServer):
    receiver.route("POST", "/hook", Answer(204))
    integration = make_integration(tenant, url=f"{receiver.url}/hook", credentials={"secret": SECRET})
    response = tenant.client.post(f"/api/v1/integration/{integration.pk}/test/")
    assert response.status_code == 200
    report = response.json()["data"]["connection_report"]
    assert (report["ok"], report["details"]) == (True, {"status_code": 204})
    assert receiver.calls("POST", "/hook")[0].headers["x-igny8-event"] == "ping"


@pytest.mark.usefixtures("wordpress_site")
def test_webhook_failing_does_not_undo_wordpress(tenant: Tenant, receiver: FakeHttpServer, wordpress: WordPressPeer):
    receiver.route("POST", "/hook", Answer(422, {"message": "slug already taken"}))
    hook = make_integration(tenant, url=f"{receiver.url}/hook", credentials={"secret": SECRET})
    wp = make_integration(tenant, platform="wordpress", url=wordpress.base_url, credentials=wordpress.credentials)
    content = make_content(tenant, slug=f"mixed-{uuid.uuid4().hex[:8]}")

    job = publish(tenant, content.pk, ["custom_api", "wordpress"])

    assert (job.status, job.result["published"], job.result["failed"]) == ("succeeded", 1, 1)
    failed = PublishingRecord.objects.get(integration=hook)
    assert failed.status == "failed"
    assert failed.last_error == "The webhook receiver answered HTTP 422. It said: slug already taken"
    published = PublishingRecord.objects.get(integration=wp)
    assert published.status == "published"
    post = wordpress.rest_json("GET", f"/wp/v2/posts/{published.external_id}", params={"context": "edit"})
    assert post["title"]["raw"] == "Green Tea Guide"


def test_a_host_that_turned_private_is_refused_before_any_request(tenant: Tenant, monkeypatch: pytest.MonkeyPatch):
    """Saved while allowed (or while its DNS name pointed outside); the guard runs again on every request."""
    integration = make_integration(tenant, url="https://127.0.0.1:9/hook", credentials={"secret": SECRET})
    content = make_content(tenant)
    response = tenant.client.post(PUBLISH, {"content_id": content.pk, "destinations": [integration.pk]}, format="json")
    assert response.status_code == 202
    monkeypatch.delenv("IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS")

    job = run(response.json()["data"]["job_id"])

    record = PublishingRecord.objects.get()
    assert (job.result["failed"], record.status) == (1, "failed")
    assert (
        record.last_error == "127.0.0.1 resolves to a private or reserved address; integrations must use a public host."
    )

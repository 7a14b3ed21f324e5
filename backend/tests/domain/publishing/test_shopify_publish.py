"""Publishing to Shopify through the publisher (factory → ShopifyAdapter) against the local fake of
Shopify's GraphQL Admin API (tests/infrastructure/external/fake_shopify.py): an article with its images
uploaded once, re-published without a duplicate."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import TestCase

from igny8_core.domain.jobs.models import Job
from igny8_core.domain.publishing.models import PublishingRecord
from igny8_core.infrastructure.messaging.job_runner import job_execute
from tests.conftest import Tenant
from tests.infrastructure.external.fake_shopify import TOKEN, FakeShopify
from tests.publishing_support import make_content, make_image, make_integration

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_private", "storage_dir")]


@pytest.fixture
def shop() -> Iterator[FakeShopify]:
    with FakeShopify() as fake:
        yield fake


def publish(tenant: Tenant, content_id: int) -> Job:
    response = tenant.client.post(
        "/api/v1/publisher/publish/", {"content_id": content_id, "destinations": ["shopify"]}, format="json"
    )
    assert response.status_code == 202, response.content
    with TestCase.captureOnCommitCallbacks(execute=False):
        job_execute(job_id=response.json()["data"]["job_id"])
    return Job.objects.get(pk=response.json()["data"]["job_id"])


def test_article_with_images_then_republish_updates_it(tenant: Tenant, shop: FakeShopify):
    blog = shop.add_blog("Journal")
    make_integration(tenant, platform="shopify", url=shop.url, credentials={"access_token": TOKEN}, name="Store")
    content = make_content(tenant)
    make_image(content, image_type="featured", position=0)
    make_image(content, position=1)

    job = publish(tenant, content.pk)

    assert job.result["destinations"][0]["ok"] is True, job.result
    assert len(shop.articles) == 1
    article = next(iter(shop.articles.values()))
    record = PublishingRecord.objects.get()
    assert record.external_id == article["id"]
    assert (article["title"], article["handle"], article["blogId"]) == (
        "Green Tea Guide",
        "green-tea-guide",
        blog["id"],
    )
    assert len(record.media_map) == 2
    in_article_url = next(v["url"] for k, v in record.media_map.items() if v["url"] in article["body"])
    assert article["body"].index("<h2>One</h2>") < article["body"].index(in_article_url)
    files = len(shop.files)

    job = publish(tenant, content.pk)

    assert job.result["destinations"][0]["ok"] is True
    assert len(shop.articles) == 1
    assert len(shop.files) == files
    record.refresh_from_db()
    assert (record.external_id, record.attempts) == (article["id"], 2)


def test_sync_matches_the_published_article_and_notices_a_shop_edit(tenant: Tenant, shop: FakeShopify):
    from igny8_core.domain.content.models import Content
    from igny8_core.domain.publishing.sync import integration_sync

    shop.add_blog("Journal")
    integration = make_integration(tenant, platform="shopify", url=shop.url, credentials={"access_token": TOKEN})
    content = make_content(tenant)
    publish(tenant, content.pk)

    result = integration_sync(integration_id=integration.pk, mode="full")

    assert (result["created"], result["unchanged"], result["remote_changed"]) == (0, 1, 0)
    assert Content.objects.count() == 1
    article = next(iter(shop.articles.values()))
    article["title"] = "Edited in the shop"
    result = integration_sync(integration_id=integration.pk, mode="full")
    assert result["remote_changed"] == 1
    record = PublishingRecord.objects.get()
    assert (record.sync_status, record.remote_snapshot["title"]) == ("remote_changed", "Edited in the shop")
    content.refresh_from_db()
    assert content.title == "Green Tea Guide"

"""ShopifyAdapter against a local fake of Shopify's GraphQL Admin API (fake_shopify.FakeShopify)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from igny8_core.infrastructure.external import shopify as shopify_module
from igny8_core.infrastructure.external.base import (
    Credentials,
    ImageAsset,
    IntegrationError,
    PublishPayload,
    RemoteMedia,
)
from igny8_core.infrastructure.external.http import ExternalHttp
from igny8_core.infrastructure.external.shopify import ShopifyAdapter, shop_base_url
from tests.infrastructure.external.fake_shopify import API_PATH, TOKEN, FakeShopify, Fault

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _private_hosts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS", "1")


@pytest.fixture
def shop() -> Iterator[FakeShopify]:
    with FakeShopify() as fake:
        yield fake


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def make_adapter(
    shop: FakeShopify, sleeps: Sleeps, *, token: str = TOKEN, max_attempts: int = 4, **kwargs: Any
) -> ShopifyAdapter:
    http = ExternalHttp(label="Shopify", sleep=sleeps, max_attempts=max_attempts, base_delay=0.5)
    kwargs.setdefault("clock", lambda: 100.0)
    return ShopifyAdapter(shop.url, Credentials({"access_token": token}), http=http, **kwargs)


def article_payload(**overrides: Any) -> PublishPayload:
    values: dict[str, Any] = {
        "title": "Best hiking boots",
        "slug": "best-hiking-boots",
        "html": "<p>Boots.</p>",
        "excerpt": "<p>Short.</p>",
        "tags": ["boots", "hiking"],
        "categories": ["Gear", "boots"],
        "author": "Dana",
        "meta_title": "Best hiking boots 2026",
        "meta_description": "We tested 12 boots.",
    }
    values.update(overrides)
    return PublishPayload(**values)


# --- connection ---


def test_connection_reports_shop_domain_and_scopes(shop: FakeShopify, sleeps: Sleeps) -> None:
    report = make_adapter(shop, sleeps).test_connection()

    assert report.ok is True
    assert report.platform == "shopify"
    assert report.message == "Connected to Acme Outdoor."
    assert report.details == {
        "shop_name": "Acme Outdoor",
        "domain": "acme-outdoor.myshopify.com",
        "scopes": [
            "read_content",
            "read_products",
            "read_publications",
            "write_content",
            "write_files",
            "write_products",
            "write_publications",
        ],
        "missing_scopes": [],
    }
    request = shop.requests[0]
    assert request.path == API_PATH
    assert request.headers["x-shopify-access-token"] == TOKEN
    assert request.operation == "ShopInfo"


def test_connection_warns_when_write_scopes_are_missing(sleeps: Sleeps) -> None:
    with FakeShopify(scopes=("read_content", "read_products")) as shop:
        report = make_adapter(shop, sleeps).test_connection()

    assert report.ok is True
    assert report.message == (
        "Connected to Acme Outdoor. The access token lacks write_content (blog articles and pages), "
        "write_products (products), write_files (image uploads), write_publications (showing products in the "
        "Online Store); publishing those will fail."
    )
    assert report.details["missing_scopes"] == ["write_content", "write_products", "write_files", "write_publications"]
    assert report.details["scopes"] == ["read_content", "read_products"]


def test_connection_with_a_wrong_token_fails_clearly(shop: FakeShopify, sleeps: Sleeps) -> None:
    report = make_adapter(shop, sleeps, token="shpat_wrong").test_connection()

    assert report.ok is False
    assert report.message == (
        "Shopify rejected the access token (HTTP 401). Create a new Admin API token and save it again."
    )
    assert "shpat_wrong" not in report.message
    assert len(shop.requests) == 1  # 401 is not retried


# --- articles ---


def test_article_is_created_in_a_new_blog_then_updated_without_duplicate(shop: FakeShopify, sleeps: Sleeps) -> None:
    adapter = make_adapter(shop, sleeps)

    first = adapter.upsert(article_payload())

    assert shop.operations() == ["Blogs", "BlogCreate", "ArticleByHandle", "ArticleCreate", "PrimaryDomain"]
    assert len(shop.articles) == 1
    article = shop.articles[first.external_id]
    assert first.external_id.startswith("gid://shopify/Article/")
    assert first.external_url == "https://shop.acme.test/blogs/news/best-hiking-boots"
    assert first.status == "publish"
    assert first.created is True
    assert first.remote_modified_at == datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
    assert article["title"] == "Best hiking boots"
    assert article["body"] == "<p>Boots.</p>"
    assert article["summary"] == "<p>Short.</p>"
    assert article["tags"] == ["boots", "hiking", "Gear"]  # categories merged into tags, deduplicated
    assert article["author"] == "Dana"
    assert article["metafields"] == {
        ("global", "title_tag"): "Best hiking boots 2026",
        ("global", "description_tag"): "We tested 12 boots.",
    }
    create = next(r for r in shop.requests if r.operation == "ArticleCreate")
    assert create.variables["article"]["isPublished"] is True
    assert create.variables["article"]["blogId"] == shop.blogs[0]["id"]
    assert shop.blogs[0]["title"] == "News"

    second = adapter.upsert(article_payload(title="Best hiking boots (updated)", external_id=first.external_id))

    assert shop.operations()[-1] == "ArticleUpdate"
    assert len(shop.articles) == 1
    assert second.external_id == first.external_id
    assert second.created is False
    assert shop.articles[first.external_id]["title"] == "Best hiking boots (updated)"
    assert second.remote_fingerprint != first.remote_fingerprint


def test_article_without_external_id_is_found_by_handle_and_updated(shop: FakeShopify, sleeps: Sleeps) -> None:
    blog = shop.add_blog("Journal")
    adapter = make_adapter(shop, sleeps)
    first = adapter.upsert(article_payload())
    count = len(shop.requests)

    again = adapter.upsert(article_payload(html="<p>New boots.</p>"))

    assert shop.operations()[count:] == ["ArticleByHandle", "ArticleUpdate"]
    lookup = shop.requests[count]
    assert lookup.variables == {"query": f"handle:best-hiking-boots blog_id:{blog['id'].rsplit('/', 1)[-1]}"}
    assert again.external_id == first.external_id
    assert again.external_url == "https://shop.acme.test/blogs/journal/best-hiking-boots"
    assert len(shop.articles) == 1
    assert shop.articles[first.external_id]["body"] == "<p>New boots.</p>"


def test_lost_create_response_is_followed_by_lookup_not_a_second_create(shop: FakeShopify, sleeps: Sleeps) -> None:
    shop.add_blog("News")
    # The article is created, then the gateway answers 502: the adapter must not send the create again.
    shop.fault("ArticleCreate", Fault(status=502, apply=True))

    result = make_adapter(shop, sleeps).upsert(article_payload())

    assert shop.operations() == [
        "Blogs",
        "ArticleByHandle",
        "ArticleCreate",
        "ArticleByHandle",
        "ArticleUpdate",
        "PrimaryDomain",
    ]
    assert sleeps == [0.5]  # one backoff before looking again
    assert len(shop.articles) == 1
    assert result.external_id == next(iter(shop.articles))
    assert result.created is False


def test_a_retry_after_a_failed_publish_updates_the_article_it_had_created(shop: FakeShopify, sleeps: Sleeps) -> None:
    shop.add_blog("News")
    shop.fault("ArticleCreate", Fault(status=504, apply=True))
    adapter = make_adapter(shop, sleeps, max_attempts=1)

    with pytest.raises(IntegrationError) as failed:
        adapter.upsert(article_payload())
    assert failed.value.retryable is True
    assert failed.value.status_code == 504
    assert len(shop.articles) == 1  # it did happen on Shopify's side

    retried = adapter.upsert(article_payload())  # the publisher's later retry: still no external id

    assert len(shop.articles) == 1
    assert retried.external_id == next(iter(shop.articles))
    assert shop.operations()[-2:] == ["ArticleUpdate", "PrimaryDomain"]


def test_taken_handle_on_create_switches_to_update(shop: FakeShopify, sleeps: Sleeps) -> None:
    blog = shop.add_blog("News")
    adapter = make_adapter(shop, sleeps)
    existing = adapter.upsert(article_payload())
    # The search index has not caught up yet: the lookup misses, the create hits TAKEN.
    shop.fault("ArticleByHandle", Fault(body={"data": {"articles": {"nodes": []}}}))
    count = len(shop.requests)

    result = adapter.upsert(article_payload(title="Renamed"))

    assert shop.operations()[count:] == ["ArticleByHandle", "ArticleCreate", "ArticleByHandle", "ArticleUpdate"]
    assert result.external_id == existing.external_id
    assert len(shop.articles) == 1
    assert shop.articles[existing.external_id]["title"] == "Renamed"
    assert shop.articles[existing.external_id]["blogId"] == blog["id"]


def test_article_deleted_in_shopify_is_published_again(shop: FakeShopify, sleeps: Sleeps) -> None:
    shop.add_blog("News")

    result = make_adapter(shop, sleeps).upsert(article_payload(external_id="gid://shopify/Article/999"))

    assert shop.operations()[:4] == ["ArticleUpdate", "Blogs", "ArticleByHandle", "ArticleCreate"]
    assert result.created is True
    assert result.external_id != "gid://shopify/Article/999"
    assert result.warnings == ["The item had been deleted in Shopify; it was published again."]


def test_article_goes_to_the_configured_blog_with_schedule_and_image(shop: FakeShopify, sleeps: Sleeps) -> None:
    shop.add_blog("News")
    recipes = shop.add_blog("Recipes")
    adapter = make_adapter(shop, sleeps, config={"blog_handle": "recipes"})
    when = datetime(2030, 2, 1, 9, 30, tzinfo=UTC)
    image = RemoteMedia(id="gid://shopify/MediaImage/5", url="https://cdn.shopify.com/s/files/1/0001/files/hero.png")

    result = adapter.upsert(article_payload(status="future", publish_at=when, featured_media=image, author=""))

    article = shop.articles[result.external_id]
    assert article["blogId"] == recipes["id"]
    assert article["publishedAt"] == "2030-02-01T09:30:00Z"
    assert article["author"] == "IGNY8"
    assert article["image"] == {"url": image.url, "altText": "Best hiking boots"}
    assert result.status == "future"
    assert result.external_url == "https://shop.acme.test/blogs/recipes/best-hiking-boots"


def test_user_errors_become_a_clear_message(shop: FakeShopify, sleeps: Sleeps) -> None:
    shop.add_blog("News")

    with pytest.raises(IntegrationError) as error:
        make_adapter(shop, sleeps).upsert(article_payload(title=""))

    assert error.value.message == "Shopify refused the article: article.title: Title can't be blank"
    assert error.value.code == "validation"
    assert error.value.retryable is False
    assert shop.operations().count("ArticleCreate") == 1


def test_graphql_access_denied_error_is_explained(shop: FakeShopify, sleeps: Sleeps) -> None:
    message = "Access denied for productCreate field. Required access: `write_products` access scope."
    shop.fault(
        "ProductByHandle", Fault(body={"errors": [{"message": message, "extensions": {"code": "ACCESS_DENIED"}}]})
    )

    with pytest.raises(IntegrationError) as error:
        make_adapter(shop, sleeps).upsert(article_payload(remote_type="product"))

    assert error.value.message == f"Shopify denied access: {message}. Check the app's access scopes."
    assert error.value.code == "forbidden"


# --- pages ---


def test_page_is_created_as_draft_with_seo_metafields_then_published(shop: FakeShopify, sleeps: Sleeps) -> None:
    adapter = make_adapter(shop, sleeps)
    payload = PublishPayload(
        title="About us",
        slug="about",
        html="<p>We make boots.</p>",
        remote_type="page",
        status="draft",
        meta_title="About Acme",
        meta_description="Since 1990.",
    )

    draft = adapter.upsert(payload)

    assert shop.operations() == ["PageByHandle", "PageCreate", "PrimaryDomain"]
    page = shop.pages[draft.external_id]
    assert page["title"] == "About us"
    assert page["body"] == "<p>We make boots.</p>"
    assert page["publishedAt"] is None
    assert page["metafields"] == {("global", "title_tag"): "About Acme", ("global", "description_tag"): "Since 1990."}
    assert draft.status == "draft"
    assert draft.external_url == "https://shop.acme.test/pages/about"
    assert draft.external_id.startswith("gid://shopify/Page/")

    published = adapter.upsert(PublishPayload(title="About us", slug="about", html="<p>v2</p>", remote_type="page"))

    assert shop.operations()[-2:] == ["PageByHandle", "PageUpdate"]
    assert published.external_id == draft.external_id
    assert published.status == "publish"
    assert len(shop.pages) == 1


# --- products ---


def product_payload(**overrides: Any) -> PublishPayload:
    values: dict[str, Any] = {
        "title": "Trail boot",
        "slug": "trail-boot",
        "html": "<p>Waterproof.</p>",
        "remote_type": "product",
        "tags": ["boots"],
        "meta_title": "Trail boot | Acme",
        "meta_description": "Waterproof trail boot.",
        "product": {"price": "129.00", "sku": "TB-1", "vendor": "Acme", "product_type": "Boots"},
    }
    values.update(overrides)
    return PublishPayload(**values)


def test_product_with_seo_price_and_image_then_republished_without_duplicate(shop: FakeShopify, sleeps: Sleeps) -> None:
    adapter = make_adapter(shop, sleeps)
    image = adapter.upload_media(ImageAsset(key="image:1", filename="boot.png", content=PNG, mime_type="image/png"))
    count = len(shop.requests)

    first = adapter.upsert(product_payload(featured_media=image))

    assert shop.operations()[count:] == [
        "ProductByHandle",
        "ProductCreate",
        "VariantsUpdate",
        "FileAttach",
        "Publications",
        "PublishProduct",
    ]
    product = shop.products[first.external_id]
    assert product["descriptionHtml"] == "<p>Waterproof.</p>"
    assert product["seo"] == {"title": "Trail boot | Acme", "description": "Waterproof trail boot."}
    assert product["status"] == "ACTIVE"
    assert product["tags"] == ["boots"]
    assert product["vendor"] == "Acme"
    assert product["productType"] == "Boots"
    assert product["variants"][0]["price"] == "129.00"
    assert product["variants"][0]["sku"] == "TB-1"
    assert product["media"] == [image.id]
    assert product["publications"] == {"gid://shopify/Publication/77": "2026-01-10T12:00:00Z"}  # the Online Store
    assert first.warnings == []
    assert first.external_url == "https://shop.acme.test/products/trail-boot"
    assert first.status == "publish"
    assert first.created is True

    count = len(shop.requests)
    second = adapter.upsert(product_payload(featured_media=image, title="Trail boot II"))

    # The image is attached and the product listed already: neither is repeated.
    assert shop.operations()[count:] == ["ProductByHandle", "ProductUpdate", "VariantsUpdate"]
    assert second.external_id == first.external_id
    assert len(shop.products) == 1
    assert shop.products[first.external_id]["title"] == "Trail boot II"
    assert shop.products[first.external_id]["media"] == [image.id]


def test_product_lost_create_response_does_not_duplicate(shop: FakeShopify, sleeps: Sleeps) -> None:
    # Shopify would give a second create the handle "trail-boot-1": only the lookup prevents a duplicate.
    shop.fault("ProductCreate", Fault(status=503, apply=True))

    result = make_adapter(shop, sleeps).upsert(product_payload(product={}))

    assert shop.operations() == [
        "ProductByHandle",
        "ProductCreate",
        "ProductByHandle",
        "ProductUpdate",
        "Publications",
        "PublishProduct",
    ]
    assert [p["handle"] for p in shop.products.values()] == ["trail-boot"]
    assert result.external_id == next(iter(shop.products))


def test_future_product_is_scheduled_on_the_online_store(shop: FakeShopify, sleeps: Sleeps) -> None:
    when = datetime(2030, 3, 1, tzinfo=UTC)

    result = make_adapter(shop, sleeps).upsert(product_payload(status="future", publish_at=when, product={}))

    product = shop.products[result.external_id]
    assert product["status"] == "ACTIVE"
    assert product["publications"] == {"gid://shopify/Publication/77": "2030-03-01T00:00:00Z"}
    publish = next(r for r in shop.requests if r.operation == "PublishProduct")
    assert publish.variables == {
        "id": result.external_id,
        "input": [{"publicationId": "gid://shopify/Publication/77", "publishDate": "2030-03-01T00:00:00Z"}],
    }
    assert result.status == "future"
    assert result.external_url == "https://shop.acme.test/products/trail-boot"
    assert result.warnings == []


def test_draft_product_is_not_listed(shop: FakeShopify, sleeps: Sleeps) -> None:
    result = make_adapter(shop, sleeps).upsert(product_payload(status="draft", product={}))

    assert shop.products[result.external_id]["status"] == "DRAFT"
    assert shop.products[result.external_id]["publications"] == {}
    assert "Publications" not in shop.operations()
    assert result.status == "draft"


def test_product_without_publication_scopes_is_created_with_a_warning(shop: FakeShopify, sleeps: Sleeps) -> None:
    denied = "Access denied for publications field. Required access: `read_publications` access scope."
    shop.fault("Publications", Fault(body={"errors": [{"message": denied, "extensions": {"code": "ACCESS_DENIED"}}]}))

    result = make_adapter(shop, sleeps).upsert(product_payload(product={}))

    assert len(shop.products) == 1
    assert result.status == "publish"
    assert result.warnings == [
        "The product is active but not on the Online Store: the access token lacks the "
        "read_publications / write_publications scopes."
    ]


# --- media ---


def test_staged_upload_posts_the_file_then_creates_and_polls_it(shop: FakeShopify, sleeps: Sleeps) -> None:
    shop.processing_polls = 2
    adapter = make_adapter(shop, sleeps)
    asset = ImageAsset(key="image:7", filename="hero.png", content=PNG, mime_type="image/png", alt_text="A boot")

    media = adapter.upload_media(asset)

    assert shop.operations() == ["StagedUploadsCreate", "FileCreate", "FileStatus", "FileStatus"]
    staged_request = shop.requests[0].variables["input"][0]
    assert staged_request == {
        "resource": "IMAGE",
        "filename": "hero.png",
        "mimeType": "image/png",
        "httpMethod": "POST",
        "fileSize": str(len(PNG)),
    }
    [upload] = shop.staged.values()
    assert upload.content == PNG
    assert upload.filename == "hero.png"
    assert upload.content_type == "image/png"
    assert upload.fields["key"].endswith("/hero.png")
    assert upload.fields["x-goog-signature"] == "0badc0de"
    assert "x-shopify-access-token" not in upload.headers  # the token never goes to the storage host
    create = shop.requests[1].variables["files"][0]
    assert create["originalSource"].startswith("https://shopify-staged-uploads.storage.googleapis.com/tmp/")
    assert create["contentType"] == "IMAGE"
    assert create["alt"] == "A boot"
    assert sleeps == [1.0, 1.0]
    assert media.id.startswith("gid://shopify/MediaImage/")
    assert media.url == "https://cdn.shopify.com/s/files/1/0001/files/hero.png"
    assert shop.files[media.id]["fileStatus"] == "READY"


def test_media_still_processing_after_polls_is_a_retryable_error(shop: FakeShopify, sleeps: Sleeps) -> None:
    shop.processing_polls = 10
    adapter = make_adapter(shop, sleeps, media_poll_attempts=3, media_poll_interval=0.25)

    with pytest.raises(IntegrationError) as error:
        adapter.upload_media(ImageAsset(key="image:7", filename="hero.png", content=PNG, mime_type="image/png"))

    assert error.value.retryable is True
    assert error.value.code == "media_processing"
    assert sleeps == [0.25, 0.25, 0.25]


# --- rate limit ---


def test_sleeps_before_a_query_that_would_exceed_the_bucket(shop: FakeShopify, sleeps: Sleeps) -> None:
    shop.costs["ShopInfo"] = {
        "requestedQueryCost": 12,
        "actualQueryCost": 12,
        "throttleStatus": {"maximumAvailable": 1000.0, "currentlyAvailable": 2, "restoreRate": 5.0},
    }
    ticks = iter([100.0, 101.0, 101.0, 101.0])
    adapter = make_adapter(shop, sleeps, clock=lambda: next(ticks))

    adapter.test_connection()  # learns: ShopInfo costs 12, 2 points left at t=100, +5 per second
    assert sleeps == []
    adapter.test_connection()  # at t=101 the bucket holds 2 + 5 = 7: wait (12 - 7) / 5 = 1.0 s

    assert sleeps == [1.0]
    assert shop.operations() == ["ShopInfo", "ShopInfo"]


def test_throttled_error_is_retried_after_the_computed_wait(shop: FakeShopify, sleeps: Sleeps) -> None:
    throttled = {
        "requestedQueryCost": 101,
        "actualQueryCost": None,
        "throttleStatus": {"maximumAvailable": 1000.0, "currentlyAvailable": 1, "restoreRate": 50.0},
    }
    shop.fault("ShopInfo", Fault(throttled=throttled))

    report = make_adapter(shop, sleeps).test_connection()

    assert report.ok is True
    assert sleeps == [2.0]  # (101 - 1) / 50
    assert shop.operations() == ["ShopInfo", "ShopInfo"]


def test_throttling_that_never_ends_gives_a_retryable_error(shop: FakeShopify, sleeps: Sleeps) -> None:
    throttled = {
        "requestedQueryCost": 60,
        "actualQueryCost": None,
        "throttleStatus": {"maximumAvailable": 1000.0, "currentlyAvailable": 10, "restoreRate": 100.0},
    }
    shop.fault("Blogs", *[Fault(throttled=throttled)] * 3)
    adapter = make_adapter(shop, sleeps, max_throttle_retries=2)

    with pytest.raises(IntegrationError) as error:
        adapter.upsert(article_payload())

    assert error.value.code == "rate_limited"
    assert error.value.retryable is True
    assert sleeps == [0.5, 0.5]


# --- transport ---


def test_5xx_is_retried_then_succeeds_and_400_is_not_retried(shop: FakeShopify, sleeps: Sleeps) -> None:
    shop.fault("ShopInfo", Fault(status=503), Fault(status=500))
    adapter = make_adapter(shop, sleeps)

    assert adapter.test_connection().ok is True
    assert shop.operations() == ["ShopInfo", "ShopInfo", "ShopInfo"]
    assert len(sleeps) == 2

    shop.fault("ShopInfo", Fault(status=400))
    report = adapter.test_connection()

    assert report.ok is False
    assert report.message == "Shopify answered HTTP 400."
    assert shop.operations() == ["ShopInfo"] * 4


def test_shop_urls_are_https_unless_private_hosts_are_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    assert shop_base_url("acme-outdoor") == "https://acme-outdoor.myshopify.com"
    assert shop_base_url("Acme-Outdoor.myshopify.com/admin") == "https://acme-outdoor.myshopify.com"
    assert shop_base_url("https://acme-outdoor.myshopify.com/") == "https://acme-outdoor.myshopify.com"
    assert shop_base_url("http://127.0.0.1:8001") == "http://127.0.0.1:8001"

    monkeypatch.delenv("IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS")
    with pytest.raises(IntegrationError) as error:
        shop_base_url("http://127.0.0.1:8001")
    assert error.value.message == "The Shopify Admin API must be reached over https://."
    with pytest.raises(IntegrationError):
        shop_base_url("https://user@evil.example")


def test_private_shop_host_is_refused_without_the_flag(monkeypatch: pytest.MonkeyPatch, sleeps: Sleeps) -> None:
    monkeypatch.delenv("IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS")
    adapter = ShopifyAdapter(
        "https://127.0.0.1:9", Credentials({"access_token": TOKEN}), http=ExternalHttp(label="Shopify", sleep=sleeps)
    )

    report = adapter.test_connection()

    assert report.ok is False
    assert report.message == "127.0.0.1 resolves to a private or reserved address; integrations must use a public host."


# --- reading back ---


def test_fetch_iter_items_and_terms(shop: FakeShopify, sleeps: Sleeps, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shopify_module, "PAGE_SIZE", 1)
    adapter = make_adapter(shop, sleeps)
    old = adapter.upsert(article_payload(slug="old-post", tags=["old"], categories=[]))
    shop.shift_clock(3600)
    new = adapter.upsert(article_payload(slug="new-post", tags=["new", "boots"], categories=[]))
    page = adapter.upsert(PublishPayload(title="FAQ", slug="faq", html="<p>Q</p>", remote_type="page"))
    product = adapter.upsert(product_payload(product={}))

    fetched = adapter.fetch(external_id=new.external_id, remote_type="post")
    assert fetched is not None
    assert fetched.remote_type == "post"
    assert fetched.slug == "new-post"
    assert fetched.meta_title == "Best hiking boots 2026"
    assert fetched.fingerprint == new.remote_fingerprint
    assert adapter.fetch(external_id=new.external_id, remote_type="page") is None
    assert adapter.fetch(external_id="gid://shopify/Article/424242", remote_type="post") is None
    fetched_product = adapter.fetch(external_id=product.external_id, remote_type="product")
    assert fetched_product is not None
    assert fetched_product.fingerprint == product.remote_fingerprint

    everything = [(i.remote_type, i.slug) for i in adapter.iter_items()]
    assert everything == [("post", "old-post"), ("post", "new-post"), ("page", "faq"), ("product", "trail-boot")]
    since = datetime(2026, 1, 10, 12, 30, tzinfo=UTC)
    recent = list(adapter.iter_items(modified_after=since))
    assert [i.external_id for i in recent] == [new.external_id, page.external_id, product.external_id]
    article_queries = [r.variables for r in shop.requests if r.operation == "Articles"]
    assert article_queries[-1]["query"] == "updated_at:>'2026-01-10T12:30:00Z'"
    assert old.external_id not in {i.external_id for i in recent}

    terms = list(adapter.iter_terms())
    assert [(t.taxonomy, t.name, t.slug) for t in terms] == [
        ("tag", "boots", "boots"),
        ("tag", "new", "new"),
        ("tag", "old", "old"),
    ]

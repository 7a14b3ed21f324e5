"""WordPressAdapter against a real, stock WordPress (tests/wordpress_peer.py): what it writes is read
back through WordPress's own REST API. The session shares one WordPress, so every test uses its own
slugs and term names."""

from __future__ import annotations

import html
import io
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from PIL import Image

from igny8_core.infrastructure.external.base import (
    Credentials,
    ImageAsset,
    IntegrationError,
    PublishPayload,
    fingerprint,
)
from igny8_core.infrastructure.external.http import ExternalHttp
from igny8_core.infrastructure.external.wordpress import WordPressAdapter, media_slug
from tests.wordpress_peer import WordPressPeer

pytestmark = pytest.mark.usefixtures("wordpress_site")


def _adapter(
    peer: WordPressPeer, *, password: str | None = None, username: str | None = None, client: httpx.Client | None = None
) -> WordPressAdapter:
    credentials = Credentials(
        {
            "username": peer.username if username is None else username,
            "application_password": peer.application_password if password is None else password,
        }
    )
    sleeps: list[float] = []
    http = ExternalHttp(label="WordPress", client=client, sleep=sleeps.append)
    return WordPressAdapter(peer.base_url, credentials, http=http)


@pytest.fixture
def adapter(wordpress: WordPressPeer) -> Iterator[WordPressAdapter]:
    wp = _adapter(wordpress)
    yield wp
    wp.close()


def _uid() -> str:
    return uuid.uuid4().hex[:8]


def _png(color: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, format="PNG")
    return buffer.getvalue()


def _count(peer: WordPressPeer, route: str, **params: Any) -> int:
    response = peer.rest("GET", route, params={"context": "edit", "per_page": 1, **params})
    assert response.status_code == 200, response.text
    return int(response.headers["x-wp-total"])


def _term_names(peer: WordPressPeer, route: str, ids: list[int]) -> list[str]:
    if not ids:
        return []
    terms = peer.rest_json("GET", route, params={"include": ",".join(map(str, ids)), "per_page": 100})
    return sorted(html.unescape(term["name"]) for term in terms)


def test_test_connection_reports_version_user_capabilities(wordpress: WordPressPeer, adapter: WordPressAdapter):
    report = adapter.test_connection()

    assert report.ok is True, report.message
    assert report.platform == "wordpress"
    version = wordpress.php("echo get_bloginfo('version');").strip()
    assert report.details["wordpress_version"] == version
    assert report.details["user"] == wordpress.username
    assert report.details["roles"] == ["administrator"]
    assert {"publish_posts", "edit_posts", "upload_files", "manage_categories"} <= set(report.details["capabilities"])
    assert report.details["seo_plugin"] is None
    assert report.details["woocommerce"] is False
    assert report.details["site_name"] == "IGNY8 Test Blog"
    assert report.details["site_url"] == wordpress.base_url
    assert report.message == f"Connected to WordPress {version} as {wordpress.username}; no SEO plugin."
    assert adapter.root().mode == "query"  # plain permalinks: REST at /index.php?rest_route=


def test_wrong_application_password_is_a_clear_error(wordpress: WordPressPeer):
    wp = _adapter(wordpress, password="abcd efgh ijkl mnop qrst uvwx")

    report = wp.test_connection()
    assert report.ok is False
    assert "the application password was rejected" in report.message
    assert report.details["error_code"] == "auth_failed"
    assert "abcd" not in report.message

    with pytest.raises(IntegrationError) as caught:
        wp.upsert(PublishPayload(title="Nope", slug=f"nope-{_uid()}", html="<p>x</p>"))
    assert caught.value.status_code == 401
    assert caught.value.code == "auth_failed"
    assert caught.value.retryable is False
    assert "the application password was rejected" in caught.value.message
    wp.close()


def test_publish_post_with_images_terms_and_republish(wordpress: WordPressPeer, adapter: WordPressAdapter):
    uid = _uid()
    featured_asset = ImageAsset(
        key=f"image:{uid}-1", filename="Hero Image.png", content=_png((200, 30, 30)), mime_type="image/png",
        alt_text="A red hero", caption="The hero",
    )  # fmt: skip
    inline_asset = ImageAsset(
        key=f"image:{uid}-2", filename="inline.png", content=_png((30, 200, 30)), mime_type="image/png",
        alt_text="A green figure",
    )  # fmt: skip
    featured = adapter.upload_media(featured_asset)
    inline = adapter.upload_media(inline_asset)
    # Uploaded once: the same image again is the same attachment.
    assert adapter.upload_media(featured_asset) == featured
    assert _count(wordpress, "/wp/v2/media", slug=media_slug(featured_asset)) == 1
    media = wordpress.rest_json("GET", f"/wp/v2/media/{featured.id}", params={"context": "edit"})
    assert media["alt_text"] == "A red hero"
    assert media["caption"]["raw"] == "The hero"
    assert media["mime_type"] == "image/png"
    assert media["source_url"] == featured.url
    assert httpx.get(featured.url).content == featured_asset.content  # served from the media library

    slug = f"first-post-{uid}"
    body = f'<p>Intro.</p><figure><img src="{inline.url}" alt="A green figure"/></figure><p>End.</p>'
    cat_a, cat_b, tag_a = f"News {uid}", f"Guides & Tips {uid}", f"seo-{uid}"
    payload = PublishPayload(
        title="First post",
        slug=slug,
        html=body,
        excerpt="A short summary.",
        categories=[cat_a, cat_b],
        tags=[tag_a, f"Content Marketing {uid}"],
        author=wordpress.username,
        featured_media=featured,
    )
    result = adapter.upsert(payload)

    assert result.created is True
    assert result.status == "publish"
    assert result.warnings == []
    post = wordpress.rest_json("GET", f"/wp/v2/posts/{result.external_id}", params={"context": "edit"})
    assert post["title"]["raw"] == "First post"
    assert post["content"]["raw"] == body
    assert post["excerpt"]["raw"] == "A short summary."
    assert post["slug"] == slug
    assert post["status"] == "publish"
    assert post["featured_media"] == int(featured.id)
    assert post["author"] == 1
    assert post["link"] == result.external_url
    assert _term_names(wordpress, "/wp/v2/categories", post["categories"]) == sorted([cat_a, cat_b])
    assert _term_names(wordpress, "/wp/v2/tags", post["tags"]) == sorted([tag_a, f"Content Marketing {uid}"])
    assert result.remote_fingerprint == fingerprint("First post", body, "A short summary.")
    assert result.remote_modified_at is not None
    assert result.remote_modified_at.tzinfo is not None

    # Re-publish with the external id: the same post is updated; terms are matched case-insensitively.
    categories_before = _count(wordpress, "/wp/v2/categories")
    tags_before = _count(wordpress, "/wp/v2/tags")
    fresh = _adapter(wordpress)  # no cached term ids: matched on the site
    again = fresh.upsert(
        PublishPayload(
            title="First post, revised",
            slug=slug,
            html=body + "<p>More.</p>",
            categories=[cat_a.upper(), cat_b.lower()],
            tags=[tag_a.upper()],
            featured_media=featured,
            external_id=result.external_id,
        )
    )
    fresh.close()
    assert again.external_id == result.external_id
    assert again.created is False
    assert _count(wordpress, "/wp/v2/posts", slug=slug, status="any") == 1
    assert _count(wordpress, "/wp/v2/categories") == categories_before
    assert _count(wordpress, "/wp/v2/tags") == tags_before
    post = wordpress.rest_json("GET", f"/wp/v2/posts/{result.external_id}", params={"context": "edit"})
    assert post["title"]["raw"] == "First post, revised"
    assert _term_names(wordpress, "/wp/v2/categories", post["categories"]) == sorted([cat_a, cat_b])
    assert _term_names(wordpress, "/wp/v2/tags", post["tags"]) == [tag_a]

    # Re-publish without the external id (the first response was lost): found by slug, updated.
    third = adapter.upsert(PublishPayload(title="First post, third", slug=slug, html=body))
    assert third.external_id == result.external_id
    assert third.created is False
    assert _count(wordpress, "/wp/v2/posts", slug=slug, status="any") == 1
    assert wordpress.rest_json("GET", f"/wp/v2/posts/{result.external_id}")["title"]["rendered"] == "First post, third"

    # Read back for sync: fetch gives the same fingerprint the last publish reported.
    fetched = adapter.fetch(external_id=result.external_id, remote_type="post")
    assert fetched is not None
    assert fetched.title == "First post, third"
    assert fetched.html == body
    assert fetched.fingerprint == third.remote_fingerprint
    assert sorted(fetched.categories) == sorted([cat_a, cat_b])
    assert fetched.url == result.external_url
    assert fetched.status == "publish"


class _LoseFirstCreate(httpx.BaseTransport):
    """Forwards to the real WordPress, but the first create's answer is lost (a read timeout after the
    server did the work) — as when a proxy times out."""

    def __init__(self, route: str) -> None:
        self.inner = httpx.HTTPTransport()
        self.route = route
        self.lost = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.method == "POST" and request.url.params.get("rest_route") == self.route and not self.lost:
            response.read()
            response.close()
            self.lost += 1
            raise httpx.ReadTimeout("answer lost", request=request)
        return response

    def close(self) -> None:
        self.inner.close()


def test_retry_after_a_lost_create_response_does_not_duplicate(wordpress: WordPressPeer):
    transport = _LoseFirstCreate("/wp/v2/posts")
    wp = _adapter(wordpress, client=httpx.Client(transport=transport, timeout=30.0))
    slug = f"lost-response-{_uid()}"

    result = wp.upsert(PublishPayload(title="Lost answer", slug=slug, html="<p>Once.</p>"))

    assert transport.lost == 1
    assert result.created is False  # it had been created by the attempt whose answer was lost
    assert _count(wordpress, "/wp/v2/posts", slug=slug, status="any") == 1
    post = wordpress.rest_json("GET", f"/wp/v2/posts/{result.external_id}", params={"context": "edit"})
    assert post["slug"] == slug
    assert post["content"]["raw"] == "<p>Once.</p>"
    wp.close()


def test_lost_media_upload_response_does_not_duplicate(wordpress: WordPressPeer):
    transport = _LoseFirstCreate("/wp/v2/media")
    wp = _adapter(wordpress, client=httpx.Client(transport=transport, timeout=30.0))
    asset = ImageAsset(key=f"image:{_uid()}", filename="x.png", content=_png((1, 2, 3)), mime_type="image/png")

    media = wp.upload_media(asset)

    assert transport.lost == 1
    assert _count(wordpress, "/wp/v2/media", slug=media_slug(asset)) == 1
    assert wordpress.rest_json("GET", f"/wp/v2/media/{media.id}")["slug"] == media_slug(asset)
    wp.close()


def test_page_draft_and_future_status(wordpress: WordPressPeer, adapter: WordPressAdapter):
    uid = _uid()
    page = adapter.upsert(
        PublishPayload(
            title="About us", slug=f"about-{uid}", html="<p>We.</p>", remote_type="page", status="draft",
            categories=["Ignored"],
        )
    )  # fmt: skip
    assert page.status == "draft"
    assert page.warnings == ["WordPress pages have no categories or tags; they were left out."]
    remote = wordpress.rest_json("GET", f"/wp/v2/pages/{page.external_id}", params={"context": "edit"})
    assert remote["type"] == "page"
    assert remote["status"] == "draft"
    assert remote["slug"] == f"about-{uid}"
    assert _count(wordpress, "/wp/v2/posts", slug=f"about-{uid}", status="any") == 0

    # The draft page is found again by its slug (drafts keep the slug they were given) and published.
    published = adapter.upsert(
        PublishPayload(title="About us", slug=f"about-{uid}", html="<p>We.</p>", remote_type="page")
    )
    assert published.external_id == page.external_id
    assert published.status == "publish"

    when = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    future = adapter.upsert(
        PublishPayload(title="Later", slug=f"later-{uid}", html="<p>Soon.</p>", status="future", publish_at=when)
    )
    assert future.status == "future"
    remote = wordpress.rest_json("GET", f"/wp/v2/posts/{future.external_id}", params={"context": "edit"})
    assert remote["status"] == "future"
    assert remote["date_gmt"] == when.replace(tzinfo=None).isoformat()

    # Publishing the scheduled post now: it goes live now, not at the scheduled date.
    now = adapter.upsert(PublishPayload(title="Later", slug=f"later-{uid}", html="<p>Soon.</p>"))
    assert (now.external_id, now.status) == (future.external_id, "publish")
    remote = wordpress.rest_json("GET", f"/wp/v2/posts/{future.external_id}", params={"context": "edit"})
    assert remote["status"] == "publish"
    assert datetime.fromisoformat(remote["date_gmt"]).replace(tzinfo=UTC) < when

    with pytest.raises(IntegrationError, match="needs a publish time"):
        adapter.upsert(PublishPayload(title="x", slug=f"x-{uid}", html="", status="future"))


def test_stale_external_id_publishes_again_with_a_warning(wordpress: WordPressPeer, adapter: WordPressAdapter):
    slug = f"deleted-{_uid()}"
    first = adapter.upsert(PublishPayload(title="Gone", slug=slug, html="<p>a</p>"))
    wordpress.rest_json("DELETE", f"/wp/v2/posts/{first.external_id}", params={"force": "true"})

    second = adapter.upsert(PublishPayload(title="Back", slug=slug, html="<p>b</p>", external_id=first.external_id))

    assert second.external_id != first.external_id
    assert second.created is True
    assert second.warnings == [f"The WordPress post {first.external_id} no longer exists; it was published again."]
    assert _count(wordpress, "/wp/v2/posts", slug=slug, status="any") == 1


def test_seo_fields_without_seo_plugin_are_skipped_with_a_warning(adapter: WordPressAdapter):
    result = adapter.upsert(
        PublishPayload(
            title="SEO", slug=f"seo-{_uid()}", html="<p>x</p>", meta_title="Title | Brand",
            meta_description="Description", focus_keyword="keyword", author="no-such-user",
        )
    )  # fmt: skip
    assert result.created is True
    assert result.warnings == [
        "No WordPress user 'no-such-user'; the post was attributed to the connected user.",
        "No SEO plugin (Yoast, Rank Math, SEOPress) on this WordPress site: the SEO title, description and focus "
        "keyword were not written.",
    ]


def test_products_need_woocommerce(adapter: WordPressAdapter):
    with pytest.raises(IntegrationError) as caught:
        adapter.upsert(PublishPayload(title="Mug", slug=f"mug-{_uid()}", html="<p>Mug</p>", remote_type="product"))
    assert caught.value.code == "woocommerce_missing"
    assert "WooCommerce is not active" in caught.value.message


def test_fetch_and_incremental_iter_items(wordpress: WordPressPeer, adapter: WordPressAdapter):
    uid = _uid()
    old = adapter.upsert(PublishPayload(title="Old post", slug=f"old-{uid}", html="<p>old</p>", categories=[uid]))
    page = adapter.upsert(PublishPayload(title="New page", slug=f"new-{uid}", html="<p>new</p>", remote_type="page"))
    # Age the first post (WordPress keeps modification times to the second; no waiting in tests).
    post_id = int(old.external_id)
    wordpress.php(
        "global $wpdb; $wpdb->update($wpdb->posts, ['post_modified' => '2020-01-02 03:04:05', "
        f"'post_modified_gmt' => '2020-01-02 03:04:05'], ['ID' => {post_id}]); clean_post_cache({post_id});"
    )

    everything = {item.external_id: item for item in adapter.iter_items()}
    assert {old.external_id, page.external_id} <= set(everything)
    assert everything[old.external_id].modified_at == datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert everything[old.external_id].categories == [uid]
    assert everything[old.external_id].remote_type == "post"
    assert everything[page.external_id].remote_type == "page"
    assert everything[page.external_id].html == "<p>new</p>"

    since = adapter.iter_items(modified_after=datetime(2021, 1, 1, tzinfo=UTC))
    recent = {item.external_id for item in since}
    assert page.external_id in recent
    assert old.external_id not in recent

    fetched = adapter.fetch(external_id=page.external_id, remote_type="page")
    assert fetched is not None
    assert (fetched.title, fetched.slug, fetched.status) == ("New page", f"new-{uid}", "publish")
    assert adapter.fetch(external_id="987654", remote_type="post") is None


def test_iter_items_paginates(wordpress: WordPressPeer, adapter: WordPressAdapter):
    # More posts than one page of 100: create them directly in WordPress (fast), then list.
    uid = _uid()
    wordpress.php(
        f"for ($i = 0; $i < 105; $i++) {{ wp_insert_post(['post_title' => 'Bulk {uid} ' . $i, "
        f"'post_name' => 'bulk-{uid}-' . $i, 'post_status' => 'draft', 'post_content' => 'x']); }}"
    )
    slugs = {item.slug for item in adapter.iter_items() if item.slug.startswith(f"bulk-{uid}-")}
    assert slugs == {f"bulk-{uid}-{i}" for i in range(105)}


def test_iter_terms(adapter: WordPressAdapter):
    uid = _uid()
    adapter.upsert(PublishPayload(title="T", slug=f"t-{uid}", html="", categories=[f"Cat {uid}"], tags=[f"Tag {uid}"]))

    terms = {(term.taxonomy, term.name): term for term in adapter.iter_terms()}

    assert ("category", "Uncategorized") in terms
    assert terms[("category", f"Cat {uid}")].slug == f"cat-{uid}"
    assert terms[("tag", f"Tag {uid}")].slug == f"tag-{uid}"
    assert terms[("tag", f"Tag {uid}")].external_id.isdigit()


def test_pretty_permalinks_use_wp_json(wordpress: WordPressPeer):
    wordpress.set_permalinks("/%postname%/")
    try:
        wp = _adapter(wordpress)
        root = wp.root()
        assert (root.mode, root.url) == ("path", f"{wordpress.base_url}/wp-json/")
        slug = f"pretty-{_uid()}"
        result = wp.upsert(PublishPayload(title="Pretty", slug=slug, html="<p>p</p>"))
        assert result.external_url == f"{wordpress.base_url}/{slug}/"
        assert wp.test_connection().details["wordpress_version"]
        wp.close()
    finally:
        wordpress.set_permalinks("")


def test_editor_and_subscriber_accounts(wordpress: WordPressPeer):
    uid = _uid()
    editor = _adapter(wordpress, username=f"editor{uid}", password=wordpress.make_user(f"editor{uid}", "editor"))
    report = editor.test_connection()
    assert report.ok is True
    assert report.details["roles"] == ["editor"]
    assert "publish_posts" in report.details["capabilities"]
    assert "manage_options" not in report.details["capabilities"]
    # An editor may not list users with their logins: the author is found among public authors by slug.
    result = editor.upsert(
        PublishPayload(title="By admin", slug=f"by-admin-{uid}", html="<p>a</p>", author=wordpress.username)
    )
    assert result.warnings == []
    assert wordpress.rest_json("GET", f"/wp/v2/posts/{result.external_id}")["author"] == 1
    editor.close()

    reader = _adapter(wordpress, username=f"reader{uid}", password=wordpress.make_user(f"reader{uid}", "subscriber"))
    report = reader.test_connection()
    assert report.ok is False
    assert report.details["error_code"] == "missing_capability"
    assert report.message == (
        f"Connected as reader{uid}, but this user lacks edit_posts, publish_posts, upload_files: use an author, "
        "editor or administrator account."
    )
    with pytest.raises(IntegrationError) as caught:
        reader.upsert(PublishPayload(title="No", slug=f"no-{uid}", html=""))
    assert caught.value.code == "missing_capability"
    assert (
        caught.value.message == f"The WordPress user reader{uid} lacks the capability to publish the post (edit_posts)."
    )
    assert _count(wordpress, "/wp/v2/posts", slug=f"no-{uid}", status="any") == 0
    reader.close()


def test_missing_credentials(wordpress: WordPressPeer):
    wp = _adapter(wordpress, password="")
    report = wp.test_connection()
    assert report.ok is False
    assert report.details["error_code"] == "missing_credentials"
    assert report.message == "The WordPress integration needs a username and an application password."
    wp.close()


def test_credentials_in_the_url_are_dropped(wordpress: WordPressPeer):
    port = wordpress.base_url.rsplit(":", 1)[1]
    wp = WordPressAdapter(
        f"http://someone:hunter2@127.0.0.1:{port}/", Credentials(wordpress.credentials), http=ExternalHttp(label="WP")
    )
    assert wp.base_url == wordpress.base_url
    assert wp.test_connection().ok is True
    wp.close()

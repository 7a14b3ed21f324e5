"""WordPressAdapter against what cannot run offline: Yoast, Rank Math, SEOPress and WooCommerce (faked at
the HTTP boundary with the shapes their REST APIs document), REST root discovery edge cases and the
mapping of WordPress error bodies."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from igny8_core.infrastructure.external.base import Credentials, IntegrationError, PublishPayload, RemoteMedia
from igny8_core.infrastructure.external.http import ExternalHttp
from igny8_core.infrastructure.external.wordpress import WordPressAdapter
from tests.infrastructure.external.conftest import Answer, FakeHttpServer, Request

RSS = '<?xml version="1.0"?><rss><channel><generator>https://wordpress.org/?v=6.5.2</generator></channel></rss>'


class FakeWordPress:
    """A WordPress with plugins, on a FakeHttpServer: REST at ``/wp-json/`` (``pretty``) or only at
    ``/?rest_route=`` (``pretty=False``, no Link header), posts and WooCommerce products in memory.
    ``registered_meta``: the meta keys plugins exposed to REST (others are dropped, as WordPress does)."""

    def __init__(
        self,
        server: FakeHttpServer,
        *,
        namespaces: list[str],
        registered_meta: set[str] | None = None,
        pretty: bool = True,
        capabilities: dict[str, bool] | None = None,
    ) -> None:
        self.server = server
        self.namespaces = ["oembed/1.0", "wp/v2", *namespaces]
        self.registered_meta = registered_meta or set()
        self.pretty = pretty
        self.capabilities = capabilities or {"edit_posts": True, "publish_posts": True, "upload_files": True}
        self.posts: dict[int, dict[str, Any]] = {}
        self.products: dict[int, dict[str, Any]] = {}
        self.terms: dict[str, list[dict[str, Any]]] = {}
        self.ids = itertools.count(100)
        self.overrides: dict[tuple[str, str], Answer] = {}  # (method, route) → a fixed answer
        server.fallback = self.handle

    @property
    def url(self) -> str:
        return self.server.url

    def rest_root(self) -> str:
        return f"{self.url}/wp-json/" if self.pretty else f"{self.url}/index.php?rest_route=/"

    def handle(self, request: Request) -> Answer:
        if request.path.startswith("/wp-json"):
            if not self.pretty:
                return Answer(404, "<html>Not found</html>")
            route = request.path[len("/wp-json") :] or "/"
        elif "rest_route" in request.query:
            route = request.query["rest_route"]
        elif request.path == "/" and request.query.get("feed") == "rss2":
            return Answer(200, RSS, {"Content-Type": "application/rss+xml"})
        elif request.path == "/":
            return Answer(200, "<html></html>", {"Link": f'<{self.rest_root()}>; rel="https://api.w.org/"'})
        else:
            return Answer(404, "<html>Not found</html>")
        route = "/" + route.strip("/")
        if (request.method, route) in self.overrides:
            return self.overrides[(request.method, route)]
        if route != "/" and request.headers.get("authorization", "") != "Basic ZWRpdG9yOnNlY3JldA==":  # editor:secret
            return Answer(401, {"code": "rest_not_logged_in", "message": "You are not currently logged in."})
        return self.rest(request.method, route, request)

    def rest(self, method: str, route: str, request: Request) -> Answer:
        body = request.json if request.raw else {}
        if route == "/":
            return Answer(
                200,
                {
                    "name": "Plugin Shop",
                    "url": self.url,
                    "home": self.url,
                    "namespaces": self.namespaces,
                    "authentication": {"application-passwords": {"endpoints": {}}},
                },
            )
        if route == "/wp/v2/users/me":
            return Answer(
                200,
                {"id": 7, "username": "editor", "name": "Ed", "slug": "editor", "roles": ["editor"],
                 "capabilities": self.capabilities},
            )  # fmt: skip
        if route in {"/wp/v2/categories", "/wp/v2/tags", "/wc/v3/products/categories", "/wc/v3/products/tags"}:
            terms = self.terms.setdefault(route, [])
            if method == "GET":
                search = request.query.get("search", "").lower()
                return Answer(200, [t for t in terms if search in t["name"].lower()])
            term = {"id": next(self.ids), "name": body["name"], "slug": body["name"].lower()}
            terms.append(term)
            return Answer(201, term)
        if route == "/wp/v2/posts" and method == "GET":
            found = [p for p in self.posts.values() if p["slug"] == request.query.get("slug")]
            return Answer(200, found, {"X-WP-Total": str(len(found)), "X-WP-TotalPages": "1"})
        if route.startswith("/wp/v2/posts/") and method == "GET":
            post = self.posts.get(int(route.rsplit("/", 1)[1]))
            if post is None:
                return Answer(404, {"code": "rest_post_invalid_id", "message": "Invalid post ID."})
            return Answer(200, post)
        if route.startswith("/wp/v2/posts") and method == "POST":
            post_id = int(route.rsplit("/", 1)[1]) if route.count("/") == 4 else next(self.ids)
            post = self.posts.setdefault(post_id, {"id": post_id, "meta": {}})
            post.update(
                title={"raw": body["title"]},
                content={"raw": body["content"]},
                excerpt={"raw": body.get("excerpt", "")},
                slug=body.get("slug", ""),
                status=body["status"],
                link=f"{self.url}/{body.get('slug', '')}/",
                modified_gmt="2026-01-02T03:04:05",
            )
            post["meta"].update({k: v for k, v in (body.get("meta") or {}).items() if k in self.registered_meta})
            return Answer(201 if route == "/wp/v2/posts" else 200, post)
        if route == "/wc/v3/products" and method == "GET":
            return Answer(200, [p for p in self.products.values() if p["slug"] == request.query.get("slug")])
        if route.startswith("/wc/v3/products") and method in {"POST", "PUT"}:
            product_id = int(route.rsplit("/", 1)[1]) if method == "PUT" else next(self.ids)
            product = self.products.setdefault(product_id, {"id": product_id})
            product.update(body, permalink=f"{self.url}/product/{body.get('slug', '')}/")
            product.setdefault("date_modified_gmt", "2026-01-02T03:04:05")
            return Answer(201 if method == "POST" else 200, product)
        return Answer(
            404, {"code": "rest_no_route", "message": "No route was found matching the URL and request method."}
        )


def _adapter(site: FakeWordPress, *, password: str = "secret") -> WordPressAdapter:
    return WordPressAdapter(
        site.url,
        Credentials({"username": "editor", "application_password": password}),
        http=ExternalHttp(label="WordPress", sleep=lambda _s: None),
    )


@pytest.fixture
def make_site(fake_http: FakeHttpServer) -> Iterator[Any]:
    adapters: list[WordPressAdapter] = []

    def make(**kwargs: Any) -> tuple[FakeWordPress, WordPressAdapter]:
        site = FakeWordPress(fake_http, **kwargs)
        adapter = _adapter(site)
        adapters.append(adapter)
        return site, adapter

    yield make
    for adapter in adapters:
        adapter.close()


SEO_PAYLOAD: dict[str, Any] = {
    "meta_title": "Best Mugs | Shop",
    "meta_description": "Mugs that last.",
    "focus_keyword": "ceramic mug",
}


@pytest.mark.parametrize(
    ("namespace", "plugin", "label", "keys"),
    [
        ("yoast/v1", "yoast", "Yoast SEO", ("_yoast_wpseo_title", "_yoast_wpseo_metadesc", "_yoast_wpseo_focuskw")),
        ("rankmath/v1", "rankmath", "Rank Math",
         ("rank_math_title", "rank_math_description", "rank_math_focus_keyword")),
        ("seopress/v1", "seopress", "SEOPress",
         ("_seopress_titles_title", "_seopress_titles_desc", "_seopress_analysis_target_kw")),
    ],
)  # fmt: skip
def test_seo_plugin_detected_and_its_meta_written(make_site, namespace, plugin, label, keys):
    site, adapter = make_site(namespaces=[namespace], registered_meta=set(keys))

    report = adapter.test_connection()
    assert report.ok is True
    assert report.details["seo_plugin"] == plugin
    assert report.details["woocommerce"] is False
    assert report.details["wordpress_version"] == "6.5.2"
    assert report.message == f"Connected to WordPress 6.5.2 as editor; {label}."

    result = adapter.upsert(PublishPayload(title="Mugs", slug="mugs", html="<p>m</p>", **SEO_PAYLOAD))

    assert result.warnings == []
    creates = [r for r in site.server.requests if r.method == "POST" and r.path == "/wp-json/wp/v2/posts"]
    assert len(creates) == 1
    assert creates[0].json["meta"] == dict(
        zip(keys, ["Best Mugs | Shop", "Mugs that last.", "ceramic mug"], strict=True)
    )
    assert site.posts[int(result.external_id)]["meta"] == creates[0].json["meta"]
    fetched = adapter.fetch(external_id=result.external_id, remote_type="post")
    assert fetched is not None
    assert (fetched.meta_title, fetched.meta_description) == ("Best Mugs | Shop", "Mugs that last.")


def test_seo_plugin_whose_fields_are_not_exposed_gives_a_warning(make_site):
    site, adapter = make_site(namespaces=["rankmath/v1"], registered_meta=set())

    result = adapter.upsert(PublishPayload(title="Mugs", slug="mugs", html="<p>m</p>", **SEO_PAYLOAD))

    assert result.warnings == [
        "Rank Math is active but WordPress did not store rank_math_title, rank_math_description, "
        "rank_math_focus_keyword (the plugin does not expose these fields to the REST API)."
    ]
    assert site.posts[int(result.external_id)]["meta"] == {}


def test_woocommerce_product_created_then_updated(make_site):
    site, adapter = make_site(namespaces=["wc/v3", "yoast/v1"])
    assert adapter.test_connection().details["woocommerce"] is True
    payload = PublishPayload(
        title="Ceramic Mug",
        slug="ceramic-mug",
        html="<p>A mug.</p>",
        excerpt="Holds coffee.",
        remote_type="product",
        categories=["Kitchen"],
        tags=["mugs"],
        featured_media=RemoteMedia(id="41", url="http://x/mug.png"),
        product={"price": "19.99", "sku": "MUG-1", "image_ids": ["42"]},
        **SEO_PAYLOAD,
    )

    result = adapter.upsert(payload)

    assert result.created is True
    assert result.external_url == f"{site.url}/product/ceramic-mug/"
    (create,) = site.server.calls("POST", "/wp-json/wc/v3/products")
    category_id = site.terms["/wc/v3/products/categories"][0]["id"]
    tag_id = site.terms["/wc/v3/products/tags"][0]["id"]
    assert create.json == {
        "name": "Ceramic Mug",
        "slug": "ceramic-mug",
        "description": "<p>A mug.</p>",
        "short_description": "Holds coffee.",
        "status": "publish",
        "regular_price": "19.99",
        "sku": "MUG-1",
        "categories": [{"id": category_id}],
        "tags": [{"id": tag_id}],
        "images": [{"id": 41}, {"id": 42}],
        "meta_data": [
            {"key": "_yoast_wpseo_title", "value": "Best Mugs | Shop"},
            {"key": "_yoast_wpseo_metadesc", "value": "Mugs that last."},
            {"key": "_yoast_wpseo_focuskw", "value": "ceramic mug"},
        ],
    }

    again = adapter.upsert(
        PublishPayload(title="Ceramic Mug v2", slug="ceramic-mug", html="<p>b</p>", remote_type="product",
                       external_id=result.external_id)
    )  # fmt: skip
    assert again.external_id == result.external_id
    assert again.created is False
    assert len(site.server.calls("POST", "/wp-json/wc/v3/products")) == 1
    assert site.server.calls("PUT", f"/wp-json/wc/v3/products/{result.external_id}")[0].json["name"] == "Ceramic Mug v2"
    assert len(site.products) == 1

    # Without the external id (a lost answer): found by slug, updated, still one product.
    third = adapter.upsert(PublishPayload(title="v3", slug="ceramic-mug", html="", remote_type="product"))
    assert (third.external_id, third.created, len(site.products)) == (result.external_id, False, 1)
    fetched_calls = site.server.calls("GET", "/wp-json/wc/v3/products")
    assert fetched_calls[-1].query == {"slug": "ceramic-mug", "status": "any"}


def test_plain_permalinks_without_link_header_fall_back_to_rest_route(make_site, fake_http: FakeHttpServer):
    site, adapter = make_site(namespaces=[], pretty=False)
    fake_http.route("HEAD", "/", Answer(200, ""))  # a security plugin strips the Link header

    report = adapter.test_connection()

    assert report.ok is True
    assert (adapter.root().mode, adapter.root().url) == ("query", f"{site.url}/")
    assert report.details["rest_url"] == f"{site.url}/?rest_route=/"
    me_call = next(r for r in fake_http.requests if r.query.get("rest_route") == "/wp/v2/users/me")
    assert me_call.path == "/"
    assert me_call.query == {"rest_route": "/wp/v2/users/me", "context": "edit"}


def test_discovery_follows_redirects_to_the_link_header(make_site, fake_http: FakeHttpServer):
    site, adapter = make_site(namespaces=[])
    fake_http.route("HEAD", "/", Answer(301, "", {"Location": "/home/"}))
    fake_http.route("HEAD", "/home/", Answer(200, "", {"Link": f'<{site.url}/wp-json/>; rel="https://api.w.org/"'}))

    assert (adapter.root().mode, adapter.root().url) == ("path", f"{site.url}/wp-json/")


def test_missing_capability_is_explained(make_site):
    site, adapter = make_site(namespaces=[], capabilities={"edit_posts": True, "read": True})
    report = adapter.test_connection()
    assert report.ok is False
    assert report.message == (
        "Connected as editor, but this user lacks publish_posts, upload_files: use an author, editor or "
        "administrator account."
    )
    assert report.details["capabilities"] == ["edit_posts", "read"]

    site.overrides[("POST", "/wp/v2/posts")] = Answer(
        403, {"code": "rest_cannot_create", "message": "Sorry, you are not allowed to create posts as this user.",
              "data": {"status": 403}}
    )  # fmt: skip
    with pytest.raises(IntegrationError) as caught:
        adapter.upsert(PublishPayload(title="x", slug="x", html=""))
    assert caught.value.code == "missing_capability"
    assert caught.value.message == "The WordPress user editor lacks the capability to publish the post (publish_posts)."
    assert site.server.calls("POST", "/wp-json/wp/v2/posts") == []

    # A draft passes the early check; WordPress's own 403 is explained with its message.
    with pytest.raises(IntegrationError) as caught:
        adapter.upsert(PublishPayload(title="x", slug="x", html="", status="draft"))
    assert caught.value.code == "missing_capability"
    assert caught.value.status_code == 403
    assert caught.value.message == (
        "The WordPress user editor lacks the capability to publish the post. WordPress said: Sorry, you are not "
        "allowed to create posts as this user."
    )


def test_rest_api_disabled_is_explained(make_site):
    site, adapter = make_site(namespaces=[])
    site.overrides[("GET", "/wp/v2/posts")] = Answer(
        404, {"code": "rest_no_route", "message": "No route was found matching the URL and request method."}
    )
    with pytest.raises(IntegrationError) as caught:
        adapter.upsert(PublishPayload(title="x", slug="x", html=""))
    assert caught.value.code == "rest_no_route"
    assert caught.value.message == (
        f"WordPress has no REST route to look up an earlier publish: the REST API is disabled or the site URL "
        f"{site.url} is wrong."
    )


def test_not_a_wordpress_site(fake_http: FakeHttpServer):
    fake_http.fallback = lambda _request: Answer(200, "<html>Just a page</html>")
    adapter = WordPressAdapter(fake_http.url, Credentials({"username": "u", "application_password": "p"}))

    report = adapter.test_connection()

    assert report.ok is False
    assert report.details["error_code"] == "not_wordpress"
    assert report.message.endswith("does not look like a WordPress site with its REST API enabled.")
    adapter.close()


def test_rejected_password_on_a_plugin_site(make_site):
    site, _ = make_site(namespaces=[])
    adapter = _adapter(site, password="wrong")
    report = adapter.test_connection()
    assert report.ok is False
    assert report.details["error_code"] == "auth_failed"
    assert "the application password was rejected" in report.message
    assert "wrong" not in report.message
    adapter.close()


def test_private_host_refused_by_default(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS", raising=False)
    adapter = WordPressAdapter("http://127.0.0.1:9", Credentials({"username": "u", "application_password": "p"}))
    report = adapter.test_connection()
    assert report.ok is False
    assert report.details["error_code"] == "forbidden_host"
    adapter.close()

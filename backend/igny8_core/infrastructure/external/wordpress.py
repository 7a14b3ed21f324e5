"""WordPress over its own REST API: stock WordPress, no plugin needed.

Authentication: an application password (Users → Profile → Application Passwords, WordPress ≥ 5.6) sent
as HTTP Basic. Credentials: ``{"username": ..., "application_password": ...}``.

The REST root is discovered once per adapter: the ``Link: <…>; rel="https://api.w.org/"`` header of the
site's home page (a ``HEAD``, which WordPress answers without rendering the page) gives either
``https://site/wp-json/`` (pretty permalinks) or ``https://site/index.php?rest_route=/`` (plain ones);
without that header ``/?rest_route=/`` is tried, which works on every WordPress.

Idempotency: ``upsert`` updates ``external_id`` when given; otherwise it first looks the item up by slug
(any status, edit context) so a retry after a lost response updates what the first attempt created. A
create is sent once per attempt (never blindly re-sent by the HTTP layer); after a timeout or 5xx the slug
is looked up again before the next attempt. Media uploads get a slug derived from the asset's key and
content hash, so uploading the same image again returns the existing attachment.

SEO fields go to the meta keys of the SEO plugin the REST index reveals (Yoast, Rank Math, SEOPress);
WordPress only writes meta keys a plugin registered for REST, so a detected plugin whose keys did not stick
gives a warning, as does a site without any SEO plugin. WooCommerce products use ``wc/v3``.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

import httpx

from igny8_core.infrastructure.external.base import (
    ConnectionReport,
    Credentials,
    ImageAsset,
    IntegrationError,
    PublishPayload,
    PublishResult,
    RemoteItem,
    RemoteMedia,
    RemoteTerm,
    fingerprint,
)
from igny8_core.infrastructure.external.http import ExternalHttp

API_LINK_REL = "https://api.w.org/"
SEO_NAMESPACES = {"yoast/v1": "yoast", "rankmath/v1": "rankmath", "seopress/v1": "seopress"}
SEO_PLUGIN_NAMES = {"yoast": "Yoast SEO", "rankmath": "Rank Math", "seopress": "SEOPress"}
# (title, description, focus keyword) meta keys per SEO plugin.
SEO_META_KEYS: dict[str, tuple[str, str, str]] = {
    "yoast": ("_yoast_wpseo_title", "_yoast_wpseo_metadesc", "_yoast_wpseo_focuskw"),
    "rankmath": ("rank_math_title", "rank_math_description", "rank_math_focus_keyword"),
    "seopress": ("_seopress_titles_title", "_seopress_titles_desc", "_seopress_analysis_target_kw"),
}
WOOCOMMERCE_NAMESPACE = "wc/v3"
REQUIRED_CAPABILITIES = ("edit_posts", "publish_posts", "upload_files")
PER_PAGE = 100
COLLECTIONS = {"post": "posts", "page": "pages"}
TAXONOMIES = {"category": "categories", "tag": "tags"}
REDIRECTS = {301, 302, 303, 307, 308}
GENERATOR_RE = re.compile(r"<generator>\s*https?://wordpress\.org/\?v=([0-9][0-9A-Za-z.\-]*)\s*</generator>")
META_GENERATOR_RE = re.compile(
    r"<meta[^>]+name=[\"']generator[\"'][^>]+content=[\"']WordPress ([0-9][^\"']*)[\"']", re.I
)


@dataclass(frozen=True)
class RestRoot:
    """Where the REST API lives: ``mode="path"``: ``<url>wp/v2/posts``; ``mode="query"``:
    ``<url>?rest_route=/wp/v2/posts`` (``url`` without the query)."""

    url: str
    mode: Literal["path", "query"]
    extra_query: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_link(cls, link: str) -> RestRoot:
        parts = urlsplit(link)
        query = parse_qsl(parts.query, keep_blank_values=True)
        if any(key == "rest_route" for key, _ in query):
            base = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))
            return cls(url=base, mode="query", extra_query=tuple((k, v) for k, v in query if k != "rest_route"))
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        return cls(url=urlunsplit((parts.scheme, parts.netloc, path, parts.query, "")), mode="path")

    def request_target(self, route: str, params: dict[str, Any] | None) -> tuple[str, dict[str, Any]]:
        """URL and query parameters for ``route`` (``"/wp/v2/posts"``). httpx replaces a URL's query with
        ``params``, so the query-mode route travels as a parameter."""
        route = "/" + route.lstrip("/")
        query: dict[str, Any] = dict(params or {})
        if self.mode == "query":
            return self.url, {**dict(self.extra_query), "rest_route": route, **query}
        url = self.url.rstrip("/") + route
        if "?" in url:  # a path root with its own query (rare): keep it
            base, _, own = url.partition("?")
            return base, {**dict(parse_qsl(own, keep_blank_values=True)), **query}
        return url, query


@dataclass
class _SiteInfo:
    index: dict[str, Any]
    namespaces: list[str] = field(default_factory=list)

    @property
    def seo_plugin(self) -> str | None:
        for namespace, plugin in SEO_NAMESPACES.items():
            if namespace in self.namespaces:
                return plugin
        return None

    @property
    def woocommerce(self) -> bool:
        return WOOCOMMERCE_NAMESPACE in self.namespaces


def _strip_tags(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text))).strip()


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _parse_gmt(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _raw(obj: Any) -> str:
    """``title`` / ``content`` / ``excerpt`` of a post: ``{"raw", "rendered"}`` (edit context) or a string."""
    if isinstance(obj, dict):
        value = obj.get("raw")
        if value is None:
            value = obj.get("rendered", "")
        return str(value)
    return "" if obj is None else str(obj)


def _gmt_string(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat()


def _safe_filename(name: str, mime_type: str) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = (
            name,
            {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif"}.get(mime_type, "bin"),
        )
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "image"
    ext = re.sub(r"[^A-Za-z0-9]+", "", ext) or "bin"
    return f"{stem[:80]}.{ext.lower()}"


def media_slug(asset: ImageAsset) -> str:
    """The attachment slug for ``asset``: stable for the same image (key + content), new when it changes."""
    key = re.sub(r"[^a-z0-9]+", "-", asset.key.lower()).strip("-") or "image"
    return f"igny8-{key[:60]}-{hashlib.sha256(asset.content).hexdigest()[:10]}"


class WordPressAdapter:
    platform = "wordpress"

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        *,
        http: ExternalHttp | None = None,
    ) -> None:
        parts = urlsplit(base_url.strip())
        netloc = parts.netloc.rpartition("@")[2]  # never keep (nor show) credentials written into the URL
        self.base_url = urlunsplit((parts.scheme, netloc, parts.path, "", "")).rstrip("/")
        self.username = credentials.get("username").strip()
        password = credentials.get("application_password") or credentials.get("app_password")
        self._auth = (self.username, password.strip())
        self.http = http or ExternalHttp(label="WordPress")
        self._root: RestRoot | None = None
        self._site: _SiteInfo | None = None
        self._me: dict[str, Any] | None = None
        self._term_ids: dict[tuple[str, str], int] = {}
        self._term_names: dict[str, dict[int, str]] = {}
        self._terms_missing: set[int] = set()

    # --- plumbing --------------------------------------------------------------------------------------

    def close(self) -> None:
        self.http.close()

    def _send(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        auth: bool = True,
        attempts: int | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        if auth:
            kwargs["auth"] = self._auth
        return self.http.request(method, url, params=params, attempts=attempts, **kwargs)

    def root(self) -> RestRoot:
        if self._root is None:
            self._root = self._discover_root()
        return self._root

    def _discover_root(self) -> RestRoot:
        url = self.base_url + "/"
        for _ in range(4):  # the home page, following a few redirects (http → https, www)
            try:
                response = self._send("HEAD", url, auth=False)
            except IntegrationError as exc:
                if exc.code in {"forbidden_host", "invalid_url", "unknown_host"}:
                    raise
                break
            link = self._api_link(response)
            if link:
                return RestRoot.from_link(link)
            location = response.headers.get("location")
            if response.status_code in REDIRECTS and location:
                url = urljoin(url, location)
                continue
            break
        return RestRoot(url=self.base_url + "/", mode="query")

    @staticmethod
    def _api_link(response: httpx.Response) -> str:
        for value in response.headers.get_list("link"):
            for part in value.split(","):
                match = re.match(r"\s*<([^>]+)>\s*;(.*)$", part)
                if match and re.search(r'rel\s*=\s*"?' + re.escape(API_LINK_REL) + '"?', match.group(2)):
                    return match.group(1)
        return ""

    def _request(
        self,
        method: str,
        route: str,
        *,
        action: str,
        params: dict[str, Any] | None = None,
        expect: tuple[int, ...] = (),
        attempts: int | None = None,
        auth: bool = True,
        **kwargs: Any,
    ) -> httpx.Response:
        if auth:
            # WordPress treats a rejected application password as an anonymous visitor: check the login once
            # so the user reads "the application password was rejected", not a puzzling 400/403 later.
            self.current_user()
        url, query = self.root().request_target(route, params)
        response = self._send(method, url, params=query, expect=expect, attempts=attempts, auth=auth, **kwargs)
        if response.status_code >= 300 and response.status_code not in expect:
            raise self._error(response, action)
        return response

    def current_user(self) -> dict[str, Any]:
        """The connected user (``/wp/v2/users/me``, edit context: username, roles, capabilities)."""
        if self._me is None:
            action = "read the connected user"
            if not all(self._auth):
                raise IntegrationError(
                    "The WordPress integration needs a username and an application password.",
                    code="missing_credentials",
                )
            url, query = self.root().request_target("/wp/v2/users/me", {"context": "edit"})
            response = self._send("GET", url, params=query)
            if response.status_code >= 300:
                raise self._error(response, action)
            me = self._json(response, action)
            if not isinstance(me, dict) or "id" not in me:
                raise IntegrationError(f"WordPress did not describe the connected user ({self.base_url}).")
            self._me = me
        return self._me

    def _require(self, capability: str, action: str) -> None:
        """Fail early, and clearly, when the connected user lacks ``capability`` (WordPress itself would
        answer with a less telling 400 or 403 later)."""
        capabilities = self.current_user().get("capabilities")
        if isinstance(capabilities, dict) and capabilities and capabilities.get(capability) is not True:
            raise IntegrationError(
                f"The WordPress user {self.username} lacks the capability to {action} ({capability}).",
                status_code=403,
                code="missing_capability",
            )

    def _json(self, response: httpx.Response, action: str) -> Any:
        try:
            return response.json()
        except ValueError:
            raise IntegrationError(
                f"WordPress did not answer with JSON while trying to {action}: {self.base_url} does not look like "
                "a WordPress site with its REST API enabled.",
                status_code=response.status_code,
                code="not_wordpress",
            ) from None

    def _error(self, response: httpx.Response, action: str) -> IntegrationError:
        """A WordPress error body (``{"code", "message", "data": {"status"}}``) as a clear message."""
        status = response.status_code
        code, detail = "", ""
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict):
            code = str(body.get("code") or "")
            detail = _strip_tags(str(body.get("message") or ""))
            params = (body.get("data") or {}).get("params") if isinstance(body.get("data"), dict) else None
            if isinstance(params, dict) and params:
                detail += " (" + "; ".join(f"{k}: {_strip_tags(str(v))}" for k, v in params.items()) + ")"
        suffix = f" WordPress said: {detail}" if detail else ""
        if status == 401:
            return IntegrationError(
                f"WordPress did not accept the login for {self.username or 'the user'}: the application password was "
                "rejected (check the username and the application password; application passwords also need "
                "HTTPS unless the site runs in a local environment).",
                status_code=status,
                code="auth_failed",
            )
        if status == 403:
            return IntegrationError(
                f"The WordPress user {self.username or '(unnamed)'} lacks the capability to {action}.{suffix}",
                status_code=status,
                code="missing_capability",
            )
        if status == 404 and (code == "rest_no_route" or not code):
            return IntegrationError(
                f"WordPress has no REST route to {action}: the REST API is disabled or the site URL "
                f"{self.base_url} is wrong.",
                status_code=status,
                code="rest_no_route",
            )
        if status == 404:
            return IntegrationError(
                f"WordPress could not find the item to {action}.{suffix}", status_code=status, code="not_found"
            )
        if status == 400:
            return IntegrationError(
                f"WordPress refused to {action}.{suffix}", status_code=status, code=code or "invalid_request"
            )
        return IntegrationError(
            f"WordPress answered HTTP {status} while trying to {action}.{suffix}",
            status_code=status,
            code=code or "remote_error",
        )

    def _site_info(self) -> _SiteInfo:
        if self._site is None:
            response = self._request(
                "GET",
                "/",
                action="read the site's REST index",
                params={"_fields": "name,description,url,home,namespaces,authentication,gmt_offset,timezone_string"},
                auth=False,
            )
            index = self._json(response, "read the site's REST index")
            if not isinstance(index, dict) or not isinstance(index.get("namespaces"), list):
                raise IntegrationError(
                    f"{self.base_url} does not look like a WordPress site (its REST index has no namespaces).",
                    code="not_wordpress",
                )
            self._site = _SiteInfo(index=index, namespaces=[str(ns) for ns in index["namespaces"]])
        return self._site

    def _paginate(self, route: str, params: dict[str, Any], *, action: str) -> Iterator[dict[str, Any]]:
        page = 1
        while True:
            response = self._request("GET", route, action=action, params={**params, "per_page": PER_PAGE, "page": page})
            items = self._json(response, action)
            if not isinstance(items, list):
                return
            yield from (item for item in items if isinstance(item, dict))
            try:
                total_pages = int(response.headers.get("x-wp-totalpages", "1"))
            except ValueError:
                total_pages = 1
            if page >= total_pages or not items:
                return
            page += 1

    def _idempotent_create(
        self, send: Callable[[int], httpx.Response], find: Callable[[], dict[str, Any] | None], *, action: str
    ) -> tuple[dict[str, Any], bool]:
        """POST a create once per attempt; after a retryable failure look for what it may have created."""
        attempts = max(1, self.http.max_attempts)
        for attempt in range(1, attempts + 1):
            try:
                response = send(1)
            except IntegrationError as exc:
                if not exc.retryable or attempt == attempts:
                    raise
                existing = find()
                if existing is not None:
                    return existing, False
                self.http.sleep(min(self.http.max_delay, self.http.base_delay * (2 ** (attempt - 1))))
                continue
            return self._json(response, action), True
        raise AssertionError("unreachable")

    # --- connection ------------------------------------------------------------------------------------

    def test_connection(self) -> ConnectionReport:
        """Never raises IntegrationError: a failure is ``ok=False`` with the reason in ``message``."""
        details: dict[str, Any] = {}
        try:
            site = self._site_info()
            details.update(
                site_name=html.unescape(str(site.index.get("name") or "")),
                site_url=str(site.index.get("url") or self.base_url),
                wordpress_version=self._wordpress_version(str(site.index.get("home") or self.base_url)),
                seo_plugin=site.seo_plugin,
                woocommerce=site.woocommerce,
                rest_url=self.root().url if self.root().mode == "path" else self.root().url + "?rest_route=/",
            )
            if not isinstance(site.index.get("authentication"), dict) or (
                "application-passwords" not in site.index["authentication"]
            ):
                return ConnectionReport(
                    ok=False,
                    platform=self.platform,
                    message="Application passwords are not available on this WordPress site (they need WordPress "
                    "5.6 or later and HTTPS, and may be switched off by a security plugin).",
                    details={**details, "error_code": "application_passwords_unavailable"},
                )
            me = self.current_user()
        except IntegrationError as exc:
            return ConnectionReport(
                ok=False, platform=self.platform, message=exc.message, details={**details, "error_code": exc.code}
            )
        capabilities = sorted(str(cap) for cap, granted in (me.get("capabilities") or {}).items() if granted is True)
        details.update(
            user=str(me.get("username") or me.get("slug") or self.username),
            user_display_name=html.unescape(str(me.get("name") or "")),
            roles=[str(role) for role in me.get("roles") or []],
            capabilities=capabilities,
        )
        missing = [cap for cap in REQUIRED_CAPABILITIES if cap not in capabilities]
        if missing:
            return ConnectionReport(
                ok=False,
                platform=self.platform,
                message=f"Connected as {details['user']}, but this user lacks {', '.join(missing)}: use an "
                "author, editor or administrator account.",
                details={**details, "error_code": "missing_capability"},
            )
        version = details["wordpress_version"]
        plugin = SEO_PLUGIN_NAMES.get(site.seo_plugin or "", "no SEO plugin")
        return ConnectionReport(
            ok=True,
            platform=self.platform,
            message=f"Connected to WordPress {version or '(version hidden)'} as {details['user']}; {plugin}"
            + ("; WooCommerce" if site.woocommerce else "")
            + ".",
            details=details,
        )

    def _wordpress_version(self, home: str) -> str | None:
        """From the RSS feed's ``<generator>`` (or the home page's generator meta tag); None when hidden."""
        home = home.rstrip("/") + "/"
        for url, pattern in ((home + "?feed=rss2", GENERATOR_RE), (home, META_GENERATOR_RE)):
            for _ in range(3):
                try:
                    response = self._send("GET", url, auth=False)
                except IntegrationError:
                    break
                location = response.headers.get("location")
                if response.status_code in REDIRECTS and location:
                    url = urljoin(url, location)
                    continue
                if response.status_code == 200:
                    match = pattern.search(response.text[:200_000])
                    if match:
                        return match.group(1)
                break
        return None

    # --- media -----------------------------------------------------------------------------------------

    def upload_media(self, asset: ImageAsset) -> RemoteMedia:
        slug = media_slug(asset)
        action = "upload media"
        self._require("upload_files", action)

        def find() -> dict[str, Any] | None:
            response = self._request(
                "GET", "/wp/v2/media", action="look up media", params={"slug": slug, "context": "edit"}
            )
            found = self._json(response, "look up media")
            return found[0] if isinstance(found, list) and found else None

        media = find()
        if media is None:
            filename = _safe_filename(asset.filename, asset.mime_type)
            params = {"slug": slug, "alt_text": asset.alt_text, "caption": asset.caption}
            if asset.alt_text:
                params["title"] = asset.alt_text[:200]
            media, _ = self._idempotent_create(
                lambda attempts: self._request(
                    "POST",
                    "/wp/v2/media",
                    action=action,
                    attempts=attempts,
                    params=params,
                    content=asset.content,
                    headers={
                        "Content-Type": asset.mime_type,
                        "Content-Disposition": f'attachment; filename="{filename}"',
                    },
                ),
                find,
                action=action,
            )
        alt_now = str(media.get("alt_text") or "")
        caption_now = _raw(media.get("caption"))
        if alt_now != asset.alt_text or _strip_tags(caption_now) != _strip_tags(asset.caption):
            media = self._json(
                self._request(
                    "POST",
                    f"/wp/v2/media/{media['id']}",
                    action="set the image's alt text",
                    json={"alt_text": asset.alt_text, "caption": asset.caption},
                ),
                "set the image's alt text",
            )
        return RemoteMedia(id=str(media["id"]), url=str(media.get("source_url") or ""))

    # --- terms, authors --------------------------------------------------------------------------------

    def _resolve_terms(self, route: str, names: list[str], *, label: str) -> list[int]:
        """Term ids for ``names`` on ``route`` (``/wp/v2/categories``, ``/wc/v3/products/categories``…):
        matched by name, case-insensitively, or created."""
        ids: list[int] = []
        for raw_name in names:
            name = raw_name.strip()
            key = name.casefold()
            if not key:
                continue
            cached = self._term_ids.get((route, key))
            if cached is None:
                cached = self._find_or_create_term(route, name, label=label)
                self._term_ids[(route, key)] = cached
            if cached not in ids:
                ids.append(cached)
        return ids

    def _find_or_create_term(self, route: str, name: str, *, label: str) -> int:
        key = name.casefold()
        found = self._json(
            self._request("GET", route, action=f"look up {label}", params={"search": name, "per_page": PER_PAGE}),
            f"look up {label}",
        )
        for term in found if isinstance(found, list) else []:
            if html.unescape(str(term.get("name", ""))).strip().casefold() == key:
                return int(term["id"])
        response = self._request(
            "POST", route, action=f"create the {label} {name!r}", json={"name": name}, expect=(400,)
        )
        body = self._json(response, f"create the {label} {name!r}")
        if response.status_code == 400:
            # Another writer created it meanwhile, or a term with this slug exists under another spelling.
            term_id = (body.get("data") or {}).get("term_id") if isinstance(body, dict) else None
            if body.get("code") == "term_exists" and term_id:
                return int(term_id)
            raise self._error(response, f"create the {label} {name!r}")
        return int(body["id"])

    def _resolve_author(self, author: str, warnings: list[str]) -> int | None:
        wanted = author.strip().lower()
        if not wanted:
            return None
        try:
            users = self._json(
                self._request(
                    "GET",
                    "/wp/v2/users",
                    action="look up the author",
                    params={"search": wanted, "context": "edit", "per_page": PER_PAGE},
                ),
                "look up the author",
            )
        except IntegrationError as exc:
            if exc.status_code not in {401, 403}:
                raise
            # Only administrators may list users with their logins: look for a public author by slug.
            users = self._json(
                self._request("GET", "/wp/v2/users", action="look up the author", params={"slug": wanted}),
                "look up the author",
            )
        for user in users if isinstance(users, list) else []:
            if wanted in {str(user.get("username", "")).lower(), str(user.get("slug", "")).lower()}:
                return int(user["id"])
        warnings.append(f"No WordPress user {author!r}; the post was attributed to the connected user.")
        return None

    # --- publishing ------------------------------------------------------------------------------------

    def upsert(self, payload: PublishPayload) -> PublishResult:
        if payload.remote_type == "product":
            return self._upsert_product(payload)
        collection = COLLECTIONS.get(payload.remote_type)
        if collection is None:
            raise IntegrationError(f"WordPress cannot publish a {payload.remote_type}.", code="unsupported_type")
        site = self._site_info()
        action = f"publish the {payload.remote_type}"
        self._require(f"edit_{collection}", action)
        if payload.status in {"publish", "future"}:
            self._require(f"publish_{collection}", action)
        warnings: list[str] = []
        body = self._post_body(payload, site, warnings)
        route = f"/wp/v2/{collection}"

        item: dict[str, Any] | None = None
        created = False
        if payload.external_id:
            response = self._request(
                "POST",
                f"{route}/{payload.external_id}",
                action=action,
                params={"context": "edit"},
                json=body,
                expect=(404, 410),
            )
            if response.status_code in {404, 410}:
                if self._json(response, action).get("code") == "rest_no_route":
                    raise self._error(response, action)
                warnings.append(
                    f"The WordPress {payload.remote_type} {payload.external_id} no longer exists; "
                    "it was published again."
                )
            else:
                item = self._json(response, action)
        if item is None:
            existing = self._find_by_slug(route, payload.slug) if payload.slug else None
            if existing is not None:
                item = self._json(
                    self._request(
                        "POST", f"{route}/{existing['id']}", action=action, params={"context": "edit"}, json=body
                    ),
                    action,
                )
            else:
                item, created = self._idempotent_create(
                    lambda attempts: self._request(
                        "POST", route, action=action, attempts=attempts, params={"context": "edit"}, json=body
                    ),
                    lambda: self._find_by_slug(route, payload.slug) if payload.slug else None,
                    action=action,
                )
                if not created:  # found after a lost response: make sure it carries this payload
                    item = self._json(
                        self._request(
                            "POST", f"{route}/{item['id']}", action=action, params={"context": "edit"}, json=body
                        ),
                        action,
                    )
        if payload.status == "publish" and item.get("status") == "future":
            # It was scheduled earlier; "publish" means now, not at the old scheduled date.
            now = _gmt_string(datetime.now(UTC))
            item = self._json(
                self._request(
                    "POST",
                    f"{route}/{item['id']}",
                    action=action,
                    params={"context": "edit"},
                    json={"status": "publish", "date_gmt": now},
                ),
                action,
            )
        self._check_seo_meta(payload, site, item, warnings)
        return PublishResult(
            external_id=str(item["id"]),
            external_url=str(item.get("link") or ""),
            status=str(item.get("status") or ""),
            remote_modified_at=_parse_gmt(item.get("modified_gmt")),
            remote_fingerprint=self._fingerprint(item),
            created=created,
            warnings=warnings,
        )

    def _find_by_slug(self, route: str, slug: str) -> dict[str, Any] | None:
        found = self._json(
            self._request(
                "GET",
                route,
                action="look up an earlier publish",
                params={"slug": slug, "status": "any", "context": "edit", "per_page": 10},
            ),
            "look up an earlier publish",
        )
        return found[0] if isinstance(found, list) and found else None

    def _post_body(self, payload: PublishPayload, site: _SiteInfo, warnings: list[str]) -> dict[str, Any]:
        body: dict[str, Any] = {"title": payload.title, "content": payload.html, "status": payload.status}
        if payload.slug:
            body["slug"] = payload.slug
        body["excerpt"] = payload.excerpt
        if payload.status == "future":
            if payload.publish_at is None:
                raise IntegrationError("A scheduled publish needs a publish time.", code="invalid_request")
            body["date_gmt"] = _gmt_string(payload.publish_at)
        if payload.featured_media is not None:
            body["featured_media"] = int(payload.featured_media.id)
        if payload.remote_type == "post":
            if payload.categories:
                body["categories"] = self._resolve_terms("/wp/v2/categories", payload.categories, label="category")
            if payload.tags:
                body["tags"] = self._resolve_terms("/wp/v2/tags", payload.tags, label="tag")
        elif payload.categories or payload.tags:
            warnings.append("WordPress pages have no categories or tags; they were left out.")
        author_id = self._resolve_author(payload.author, warnings) if payload.author else None
        if author_id is not None:
            body["author"] = author_id
        meta = self._seo_meta(payload, site, warnings)
        if meta:
            body["meta"] = meta
        return body

    @staticmethod
    def _seo_meta(payload: PublishPayload, site: _SiteInfo, warnings: list[str]) -> dict[str, str]:
        values = (payload.meta_title, payload.meta_description, payload.focus_keyword)
        if not any(values):
            return {}
        plugin = site.seo_plugin
        if plugin is None:
            warnings.append(
                "No SEO plugin (Yoast, Rank Math, SEOPress) on this WordPress site: the SEO title, description "
                "and focus keyword were not written."
            )
            return {}
        return {key: value for key, value in zip(SEO_META_KEYS[plugin], values, strict=True) if value}

    @staticmethod
    def _check_seo_meta(payload: PublishPayload, site: _SiteInfo, item: dict[str, Any], warnings: list[str]) -> None:
        plugin = site.seo_plugin
        if plugin is None:
            return
        wanted = {
            key: value
            for key, value in zip(
                SEO_META_KEYS[plugin],
                (payload.meta_title, payload.meta_description, payload.focus_keyword),
                strict=True,
            )
            if value
        }
        meta = _as_dict(item.get("meta"))
        missing = [key for key, value in wanted.items() if str(meta.get(key, "")) != value]
        if missing:
            warnings.append(
                f"{SEO_PLUGIN_NAMES[plugin]} is active but WordPress did not store {', '.join(missing)} "
                "(the plugin does not expose these fields to the REST API)."
            )

    @staticmethod
    def _fingerprint(item: dict[str, Any]) -> str:
        return fingerprint(_raw(item.get("title")), _raw(item.get("content")), _raw(item.get("excerpt")))

    # --- WooCommerce -----------------------------------------------------------------------------------

    def _upsert_product(self, payload: PublishPayload) -> PublishResult:
        site = self._site_info()
        if not site.woocommerce:
            raise IntegrationError(
                "WooCommerce is not active on this WordPress site (its REST API wc/v3 is missing), so products "
                "cannot be published there.",
                code="woocommerce_missing",
            )
        warnings: list[str] = []
        product = payload.product
        body: dict[str, Any] = {
            "name": payload.title,
            "description": payload.html,
            "short_description": payload.excerpt,
            "status": payload.status,
        }
        if payload.slug:
            body["slug"] = payload.slug
        if payload.status == "future":
            if payload.publish_at is None:
                raise IntegrationError("A scheduled publish needs a publish time.", code="invalid_request")
            body["date_created_gmt"] = _gmt_string(payload.publish_at)
        price = product.get("regular_price", product.get("price"))
        if price not in (None, ""):
            body["regular_price"] = str(price)
        if product.get("sale_price") not in (None, ""):
            body["sale_price"] = str(product["sale_price"])
        if product.get("sku"):
            body["sku"] = str(product["sku"])
        if payload.categories:
            body["categories"] = [
                {"id": term_id}
                for term_id in self._resolve_terms(
                    "/wc/v3/products/categories", payload.categories, label="product category"
                )
            ]
        if payload.tags:
            body["tags"] = [
                {"id": term_id}
                for term_id in self._resolve_terms("/wc/v3/products/tags", payload.tags, label="product tag")
            ]
        image_ids = [payload.featured_media.id] if payload.featured_media is not None else []
        image_ids += [str(media_id) for media_id in product.get("image_ids", []) if str(media_id) not in image_ids]
        if image_ids:
            body["images"] = [{"id": int(media_id)} for media_id in image_ids]
        meta = self._seo_meta(payload, site, warnings)
        if meta:
            body["meta_data"] = [{"key": key, "value": value} for key, value in meta.items()]

        route = "/wc/v3/products"
        action = "publish the product"
        item: dict[str, Any] | None = None
        created = False
        if payload.external_id:
            response = self._request(
                "PUT", f"{route}/{payload.external_id}", action=action, json=body, expect=(404, 410)
            )
            if response.status_code in {404, 410}:
                if self._json(response, action).get("code") == "rest_no_route":
                    raise self._error(response, action)
                warnings.append(
                    f"The WooCommerce product {payload.external_id} no longer exists; it was published again."
                )
            else:
                item = self._json(response, action)
        if item is None:

            def find() -> dict[str, Any] | None:
                if not payload.slug:
                    return None
                found = self._json(
                    self._request(
                        "GET",
                        route,
                        action="look up an earlier publish",
                        params={"slug": payload.slug, "status": "any"},
                    ),
                    "look up an earlier publish",
                )
                return found[0] if isinstance(found, list) and found else None

            existing = find()
            if existing is not None:
                item = self._json(self._request("PUT", f"{route}/{existing['id']}", action=action, json=body), action)
            else:
                item, created = self._idempotent_create(
                    lambda attempts: self._request("POST", route, action=action, attempts=attempts, json=body),
                    find,
                    action=action,
                )
                if not created:
                    item = self._json(self._request("PUT", f"{route}/{item['id']}", action=action, json=body), action)
        return PublishResult(
            external_id=str(item["id"]),
            external_url=str(item.get("permalink") or ""),
            status=str(item.get("status") or ""),
            remote_modified_at=_parse_gmt(item.get("date_modified_gmt")),
            remote_fingerprint=fingerprint(
                str(item.get("name") or ""),
                str(item.get("description") or ""),
                str(item.get("short_description") or ""),
            ),
            created=created,
            warnings=warnings,
        )

    # --- reading back (sync, conflict detection) -------------------------------------------------------

    def fetch(self, *, external_id: str, remote_type: str) -> RemoteItem | None:
        if remote_type == "product":
            response = self._request(
                "GET", f"/wc/v3/products/{external_id}", action="read the product", expect=(404, 410)
            )
            if response.status_code in {404, 410}:
                return None
            return self._product_item(self._json(response, "read the product"))
        collection = COLLECTIONS.get(remote_type)
        if collection is None:
            raise IntegrationError(f"WordPress has no {remote_type} items.", code="unsupported_type")
        response = self._request(
            "GET",
            f"/wp/v2/{collection}/{external_id}",
            action=f"read the {remote_type}",
            params={"context": "edit"},
            expect=(404, 410),
        )
        if response.status_code in {404, 410}:
            body = self._json(response, f"read the {remote_type}")
            if isinstance(body, dict) and body.get("code") == "rest_no_route":
                raise self._error(response, f"read the {remote_type}")
            return None
        return self._remote_item(self._json(response, f"read the {remote_type}"), remote_type)

    def iter_items(self, *, modified_after: datetime | None = None) -> Iterator[RemoteItem]:
        """Posts, then pages (any status but trash), with their raw content; only those changed after
        ``modified_after`` when given."""
        # Ordered by id: a stable order across pages (many items share a modification second).
        params: dict[str, Any] = {"context": "edit", "status": "any", "orderby": "id", "order": "asc"}
        if modified_after is not None:
            if modified_after.tzinfo is None:
                modified_after = modified_after.replace(tzinfo=UTC)
            params["modified_after"] = modified_after.astimezone(UTC).replace(microsecond=0).isoformat()
        for remote_type, collection in COLLECTIONS.items():
            for item in self._paginate(f"/wp/v2/{collection}", params, action=f"list the {collection}"):
                remote = self._remote_item(item, remote_type)
                if (
                    modified_after is not None
                    and remote.modified_at is not None
                    and remote.modified_at < (modified_after.replace(microsecond=0))
                ):
                    continue
                yield remote

    def iter_terms(self) -> Iterator[RemoteTerm]:
        for taxonomy, route in TAXONOMIES.items():
            names = self._term_names.setdefault(taxonomy, {})
            for term in self._paginate(
                f"/wp/v2/{route}",
                {"_fields": "id,name,slug", "orderby": "id", "order": "asc", "hide_empty": "false"},
                action=f"list the {route}",
            ):
                name = html.unescape(str(term.get("name") or ""))
                names[int(term["id"])] = name
                yield RemoteTerm(external_id=str(term["id"]), taxonomy=taxonomy, name=name, slug=str(term.get("slug")))

    def _term_name_map(self, taxonomy: str, ids: list[int]) -> list[str]:
        names = self._term_names.get(taxonomy)
        unknown = {term_id for term_id in ids if names is None or term_id not in names}
        if unknown - self._terms_missing:  # a term created since the last listing: list them again (once)
            for _ in self.iter_terms():
                pass
            names = self._term_names.get(taxonomy, {})
            self._terms_missing |= {term_id for term_id in unknown if term_id not in names}
        names = names or {}
        return [names[term_id] for term_id in ids if term_id in names]

    def _remote_item(self, item: dict[str, Any], remote_type: str) -> RemoteItem:
        meta = _as_dict(item.get("meta"))
        meta_title = meta_description = ""
        for title_key, description_key, _ in SEO_META_KEYS.values():
            meta_title = meta_title or str(meta.get(title_key) or "")
            meta_description = meta_description or str(meta.get(description_key) or "")
        return RemoteItem(
            external_id=str(item["id"]),
            remote_type=remote_type,
            title=_raw(item.get("title")),
            slug=str(item.get("slug") or ""),
            html=_raw(item.get("content")),
            status=str(item.get("status") or ""),
            url=str(item.get("link") or ""),
            modified_at=_parse_gmt(item.get("modified_gmt")),
            fingerprint=self._fingerprint(item),
            excerpt=_raw(item.get("excerpt")),
            categories=self._term_name_map("category", [int(i) for i in item.get("categories") or []]),
            tags=self._term_name_map("tag", [int(i) for i in item.get("tags") or []]),
            meta_title=meta_title,
            meta_description=meta_description,
        )

    def _product_item(self, item: dict[str, Any]) -> RemoteItem:
        return RemoteItem(
            external_id=str(item["id"]),
            remote_type="product",
            title=str(item.get("name") or ""),
            slug=str(item.get("slug") or ""),
            html=str(item.get("description") or ""),
            status=str(item.get("status") or ""),
            url=str(item.get("permalink") or ""),
            modified_at=_parse_gmt(item.get("date_modified_gmt")),
            fingerprint=fingerprint(
                str(item.get("name") or ""),
                str(item.get("description") or ""),
                str(item.get("short_description") or ""),
            ),
            excerpt=str(item.get("short_description") or ""),
            categories=[html.unescape(str(c.get("name") or "")) for c in item.get("categories") or []],
            tags=[html.unescape(str(t.get("name") or "")) for t in item.get("tags") or []],
        )

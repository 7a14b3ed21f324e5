"""Shopify over the GraphQL Admin API (``POST https://{shop}/admin/api/{version}/graphql.json``).

What maps to what:

- ``post`` → a blog **article** (``articleCreate`` / ``articleUpdate``) in the blog named by
  ``config["blog_id"]`` (a GID) or ``config["blog_handle"]``, else the shop's first blog, created
  (``blogCreate``, title ``config["blog_title"]`` or "News") when the shop has none. Shopify articles
  have tags but no categories: the payload's categories are added to its tags.
- ``page`` → an online-store **page** (``pageCreate`` / ``pageUpdate``); pages have no tags.
- ``product`` → a **product** (``productCreate`` / ``productUpdate``) with ``descriptionHtml``,
  ``handle``, ``seo { title description }``, tags, ``vendor`` / ``productType`` from
  ``payload.product``; ``price`` / ``sku`` go to the default variant
  (``productVariantsBulkUpdate``); the featured image (a ``MediaImage`` from :meth:`upload_media`) is
  attached with ``fileUpdate(referencesToAdd)``, so the file is not copied. Products made through the
  Admin API are on no sales channel, so a published product is also published to the Online Store
  publication (``publishablePublish``; the publication is ``config["publication_id"]`` or the one whose
  catalog is titled "Online Store" / that supports future publishing). Without the
  ``read_publications`` / ``write_publications`` scopes that step is skipped with a warning.
- SEO: products take the ``seo`` input; articles and pages take the ``global.title_tag`` /
  ``global.description_tag`` metafields (Shopify's documented way for those objects).
- Status: articles and pages use ``isPublished`` (+ ``publishDate`` for ``future``); products use
  ``status`` ACTIVE / DRAFT, and ``future`` publishes an ACTIVE product to the Online Store with a
  ``publishDate`` (only online-store publications support scheduling).

Idempotency: with ``external_id`` (a GID) the item is updated; if Shopify says it no longer exists it
is looked up by handle and re-created. Without one the item is looked up by handle first (articles:
``articles(query: "handle:… blog_id:…")``, pages: ``pages(query: "handle:…")``, products:
``productByIdentifier(identifier: {handle})``). A create is sent *once* per attempt (never re-sent
blindly by the HTTP layer): when it fails with a retryable error the adapter looks the handle up again
before trying again, so a lost response never produces a duplicate. A ``TAKEN`` handle error on create
also switches to an update of the item that holds the handle.

Rate limit: Shopify's GraphQL API is cost-based (a leaky bucket of points). Every response carries
``extensions.cost`` (``requestedQueryCost`` and ``throttleStatus { currentlyAvailable restoreRate
maximumAvailable }``). The adapter remembers the bucket and the cost each operation asked for last time;
before sending an operation whose known cost exceeds what the bucket holds now (refilled at
``restoreRate`` per second since the last answer) it sleeps ``(cost - available) / restoreRate``
seconds. A ``THROTTLED`` error is retried after ``(requestedQueryCost - currentlyAvailable) /
restoreRate`` seconds, up to ``max_throttle_retries`` times. ``sleep`` and ``clock`` are injectable.

``iter_terms`` yields the shop's **article tags** (``articleTags``) as ``tag`` terms: they are what
Shopify has in place of WordPress's post tags. Product types and collections are not synced as terms.

Transport: ``https`` only; an ``http://`` shop URL (a local fake in tests) is accepted only when
``IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS=1``. The access token travels in ``X-Shopify-Access-Token`` to
the shop only — never to the staged-upload storage host.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

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
from igny8_core.infrastructure.external.safety import private_hosts_allowed

DEFAULT_API_VERSION = "2025-10"
CONTENT_SCOPES = ("write_content", "write_online_store_pages")  # either lets us write articles and pages
PRODUCT_SCOPE = "write_products"
FILES_SCOPE = "write_files"
PUBLICATIONS_SCOPE = "write_publications"
PAGE_SIZE = 50

ARTICLE_FIELDS = """
  id title handle body summary tags isPublished publishedAt updatedAt
  author { name }
  blog { id handle }
  image { url altText }
  seoTitle: metafield(namespace: "global", key: "title_tag") { value }
  seoDescription: metafield(namespace: "global", key: "description_tag") { value }
"""
PAGE_FIELDS = """
  id title handle body isPublished publishedAt updatedAt
  seoTitle: metafield(namespace: "global", key: "title_tag") { value }
  seoDescription: metafield(namespace: "global", key: "description_tag") { value }
"""
PRODUCT_FIELDS = """
  id title handle descriptionHtml status tags updatedAt onlineStoreUrl
  seo { title description }
  media(first: 50) { nodes { id } }
  variants(first: 1) { nodes { id price } }
"""
USER_ERRORS = "userErrors { field message code }"
PLAIN_USER_ERRORS = "userErrors { field message }"  # productCreate/Update return UserError (no code)

Q_SHOP_INFO = """query ShopInfo {
  shop { name myshopifyDomain primaryDomain { url } }
  currentAppInstallation { accessScopes { handle } }
}"""
Q_PRIMARY_DOMAIN = "query PrimaryDomain { shop { primaryDomain { url } } }"
Q_BLOGS = "query Blogs { blogs(first: 1) { nodes { id handle title } } }"
Q_BLOG_BY_ID = "query BlogById($id: ID!) { node(id: $id) { ... on Blog { id handle title } } }"
Q_BLOG_BY_HANDLE = (
    "query BlogByHandle($query: String!) { blogs(first: 5, query: $query) { nodes { id handle title } } }"
)
M_BLOG_CREATE = f"""mutation BlogCreate($blog: BlogCreateInput!) {{
  blogCreate(blog: $blog) {{ blog {{ id handle title }} {USER_ERRORS} }}
}}"""
Q_ARTICLE_BY_HANDLE = f"""query ArticleByHandle($query: String!) {{
  articles(first: 5, query: $query) {{ nodes {{ {ARTICLE_FIELDS} }} }}
}}"""
M_ARTICLE_CREATE = f"""mutation ArticleCreate($article: ArticleCreateInput!) {{
  articleCreate(article: $article) {{ article {{ {ARTICLE_FIELDS} }} {USER_ERRORS} }}
}}"""
M_ARTICLE_UPDATE = f"""mutation ArticleUpdate($id: ID!, $article: ArticleUpdateInput!) {{
  articleUpdate(id: $id, article: $article) {{ article {{ {ARTICLE_FIELDS} }} {USER_ERRORS} }}
}}"""
Q_PAGE_BY_HANDLE = f"""query PageByHandle($query: String!) {{
  pages(first: 5, query: $query) {{ nodes {{ {PAGE_FIELDS} }} }}
}}"""
M_PAGE_CREATE = f"""mutation PageCreate($page: PageCreateInput!) {{
  pageCreate(page: $page) {{ page {{ {PAGE_FIELDS} }} {USER_ERRORS} }}
}}"""
M_PAGE_UPDATE = f"""mutation PageUpdate($id: ID!, $page: PageUpdateInput!) {{
  pageUpdate(id: $id, page: $page) {{ page {{ {PAGE_FIELDS} }} {USER_ERRORS} }}
}}"""
Q_PRODUCT_BY_HANDLE = f"""query ProductByHandle($identifier: ProductIdentifierInput!) {{
  productByIdentifier(identifier: $identifier) {{ {PRODUCT_FIELDS} }}
}}"""
M_PRODUCT_CREATE = f"""mutation ProductCreate($product: ProductCreateInput!) {{
  productCreate(product: $product) {{ product {{ {PRODUCT_FIELDS} }} {PLAIN_USER_ERRORS} }}
}}"""
M_PRODUCT_UPDATE = f"""mutation ProductUpdate($product: ProductUpdateInput!) {{
  productUpdate(product: $product) {{ product {{ {PRODUCT_FIELDS} }} {PLAIN_USER_ERRORS} }}
}}"""
M_VARIANTS_UPDATE = f"""mutation VariantsUpdate($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {{
  productVariantsBulkUpdate(productId: $productId, variants: $variants) {{
    productVariants {{ id price }} {USER_ERRORS}
  }}
}}"""
M_FILE_ATTACH = f"""mutation FileAttach($files: [FileUpdateInput!]!) {{
  fileUpdate(files: $files) {{ files {{ id }} {USER_ERRORS} }}
}}"""
M_STAGED_UPLOADS = """mutation StagedUploadsCreate($input: [StagedUploadInput!]!) {
  stagedUploadsCreate(input: $input) {
    stagedTargets { url resourceUrl parameters { name value } }
    userErrors { field message }
  }
}"""
M_FILE_CREATE = f"""mutation FileCreate($files: [FileCreateInput!]!) {{
  fileCreate(files: $files) {{
    files {{ id fileStatus alt ... on MediaImage {{ image {{ url }} }} }}
    {USER_ERRORS}
  }}
}}"""
Q_FILE_STATUS = """query FileStatus($id: ID!) {
  node(id: $id) {
    ... on MediaImage { id fileStatus image { url } fileErrors { code message } }
  }
}"""
Q_NODE = f"""query Node($id: ID!) {{
  node(id: $id) {{
    __typename
    ... on Article {{ {ARTICLE_FIELDS} }}
    ... on Page {{ {PAGE_FIELDS} }}
    ... on Product {{ {PRODUCT_FIELDS} }}
  }}
}}"""
Q_LIST = {
    "articles": f"""query Articles($first: Int!, $after: String, $query: String) {{
  articles(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {{
    nodes {{ {ARTICLE_FIELDS} }} pageInfo {{ hasNextPage endCursor }}
  }}
}}""",
    "pages": f"""query Pages($first: Int!, $after: String, $query: String) {{
  pages(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {{
    nodes {{ {PAGE_FIELDS} }} pageInfo {{ hasNextPage endCursor }}
  }}
}}""",
    "products": f"""query Products($first: Int!, $after: String, $query: String) {{
  products(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {{
    nodes {{ {PRODUCT_FIELDS} }} pageInfo {{ hasNextPage endCursor }}
  }}
}}""",
}
Q_PUBLICATIONS = """query Publications {
  publications(first: 50) { nodes { id supportsFuturePublishing catalog { title } } }
}"""
M_PUBLISH_PRODUCT = """mutation PublishProduct($id: ID!, $input: [PublicationInput!]!) {
  publishablePublish(id: $id, input: $input) {
    publishable { ... on Product { onlineStoreUrl } }
    userErrors { field message }
  }
}"""
Q_ARTICLE_TAGS = "query ArticleTags { articleTags(limit: 250, sort: ALPHABETICAL) }"

_HOST_RE = re.compile(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$")
_SAFE_SEARCH_VALUE = re.compile(r"^[a-z0-9_-]+$")


class _HandleTaken(Exception):
    """A create was refused because the handle is in use: look the holder up and update it."""


def _operation_name(query: str) -> str:
    match = re.match(r"\s*(?:query|mutation)\s+(\w+)", query)
    assert match, "every query the adapter sends is named"
    return match.group(1)


def shop_base_url(shop_domain: str) -> str:
    """``my-shop`` / ``my-shop.myshopify.com`` / ``https://my-shop.myshopify.com/admin`` →
    ``https://my-shop.myshopify.com``. ``http://`` only when private integration hosts are allowed
    (a local fake in tests or development)."""
    value = (shop_domain or "").strip()
    if not value:
        raise IntegrationError("Enter the shop's domain, e.g. my-shop.myshopify.com.", code="invalid_url")
    if "://" in value:
        parts = urlsplit(value)
        scheme, host = parts.scheme.lower(), (parts.netloc or "").lower()
        if scheme == "http" and not private_hosts_allowed():
            raise IntegrationError("The Shopify Admin API must be reached over https://.", code="invalid_url")
        if scheme not in {"http", "https"}:
            raise IntegrationError("The shop URL must start with https://.", code="invalid_url")
    else:
        scheme, host = "https", value.lower().strip("/").split("/", 1)[0]
        if "." not in host.split(":", 1)[0]:
            host = f"{host}.myshopify.com"
    if "@" in host or not _HOST_RE.match(host):
        raise IntegrationError(f"{shop_domain!s} is not a valid shop domain.", code="invalid_url")
    return f"{scheme}://{host}"


def _gid_number(gid: str) -> str:
    return gid.rsplit("/", 1)[-1]


def _search_value(value: str) -> str:
    if _SAFE_SEARCH_VALUE.match(value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _iso(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _metafield_value(node: Mapping[str, Any], alias: str) -> str:
    field = node.get(alias)
    return str(field.get("value") or "") if isinstance(field, Mapping) else ""


def _merged_tags(payload: PublishPayload) -> list[str]:
    seen: dict[str, str] = {}
    for tag in [*payload.tags, *payload.categories]:
        cleaned = tag.strip()
        if cleaned and cleaned.lower() not in seen:
            seen[cleaned.lower()] = cleaned
    return list(seen.values())


def _user_error_text(errors: list[Mapping[str, Any]]) -> str:
    parts = []
    for error in errors:
        field = error.get("field") or []
        name = ".".join(str(f) for f in field) if isinstance(field, list) else str(field)
        message = str(error.get("message") or "invalid value")
        parts.append(f"{name}: {message}" if name else message)
    return "; ".join(parts)


class ShopifyAdapter:
    platform = "shopify"
    supports_media_upload = True

    def __init__(
        self,
        shop_domain: str,
        credentials: Credentials,
        *,
        http: ExternalHttp | None = None,
        api_version: str = DEFAULT_API_VERSION,
        config: Mapping[str, Any] | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        max_throttle_retries: int = 5,
        media_poll_attempts: int = 10,
        media_poll_interval: float = 1.0,
    ) -> None:
        self.base_url = shop_base_url(shop_domain)
        self.endpoint = f"{self.base_url}/admin/api/{api_version}/graphql.json"
        self._token = credentials.get("access_token")
        self.http = http or ExternalHttp(label="Shopify")
        # Creates are sent once per attempt (see module docstring); this shares the client and sleep.
        self._http_once = ExternalHttp(
            label=self.http.label, client=self.http.client, max_attempts=1, sleep=self.http.sleep
        )
        self.config = dict(config or {})
        self.sleep = sleep or self.http.sleep
        self.clock = clock
        self.max_throttle_retries = max_throttle_retries
        self.media_poll_attempts = media_poll_attempts
        self.media_poll_interval = media_poll_interval
        self._bucket: tuple[float, float, float, float] | None = None  # available, restore, maximum, at
        self._costs: dict[str, float] = {}
        self._storefront: str | None = None
        self._blog: dict[str, Any] | None = None
        self._publication: str | None = None

    # --- GraphQL transport, errors and the cost-based rate limit ---

    def _headers(self) -> dict[str, str]:
        if not self._token:
            raise IntegrationError("The Shopify access token is missing.", code="missing_credentials")
        return {
            "X-Shopify-Access-Token": self._token,
            "Content-Type": "application/json",
            "Accept": "application/json",
        }

    def _wait_for_budget(self, operation: str) -> None:
        cost = self._costs.get(operation)
        if cost is None or self._bucket is None:
            return
        available, restore, maximum, at = self._bucket
        if restore <= 0:
            return
        now_available = min(maximum, available + restore * max(0.0, self.clock() - at))
        if cost - now_available > 1e-9:
            wait = (cost - now_available) / restore
            self.sleep(wait)
            self._credit(wait)

    def _credit(self, waited: float) -> None:
        """The bucket refilled while we slept (the injected clock may not have moved)."""
        if self._bucket is not None:
            available, restore, maximum, _ = self._bucket
            self._bucket = (min(maximum, available + restore * waited), restore, maximum, self.clock())

    def _record_cost(self, operation: str, extensions: Any) -> dict[str, Any]:
        cost = extensions.get("cost") if isinstance(extensions, Mapping) else None
        if not isinstance(cost, Mapping):
            return {}
        requested = cost.get("requestedQueryCost")
        if isinstance(requested, int | float):
            self._costs[operation] = float(requested)
        status = cost.get("throttleStatus")
        if isinstance(status, Mapping):
            try:
                available = float(status["currentlyAvailable"])
                restore = float(status["restoreRate"])
                maximum = float(status.get("maximumAvailable") or max(available, 1.0))
            except (KeyError, TypeError, ValueError):
                return dict(cost)
            self._bucket = (available, restore, maximum, self.clock())
        return dict(cost)

    def _throttle_wait(self, cost: Mapping[str, Any]) -> float:
        status = cost.get("throttleStatus") or {}
        try:
            requested = float(cost["requestedQueryCost"])
            available = float(status["currentlyAvailable"])
            restore = float(status["restoreRate"])
        except (KeyError, TypeError, ValueError):
            return 1.0
        if restore <= 0:
            return 1.0
        return max(0.0, (requested - available) / restore)

    def _graphql(self, query: str, variables: Mapping[str, Any] | None = None, *, once: bool = False) -> Any:
        operation = _operation_name(query)
        http = self._http_once if once else self.http
        body = {"query": query, "variables": dict(variables or {}), "operationName": operation}
        for attempt in range(self.max_throttle_retries + 1):
            self._wait_for_budget(operation)
            response = http.request("POST", self.endpoint, json=body, headers=self._headers())
            if response.status_code >= 300:
                raise self._http_error(response.status_code)
            try:
                answer = response.json()
            except ValueError:
                raise IntegrationError(
                    "Shopify answered with something that is not JSON; check the shop domain.",
                    code="invalid_response",
                    status_code=response.status_code,
                ) from None
            if not isinstance(answer, Mapping):
                raise IntegrationError("Shopify answered with an unexpected response.", code="invalid_response")
            cost = self._record_cost(operation, answer.get("extensions"))
            errors = answer.get("errors")
            if errors:
                if isinstance(errors, list) and any(
                    isinstance(e, Mapping) and (e.get("extensions") or {}).get("code") == "THROTTLED" for e in errors
                ):
                    if attempt < self.max_throttle_retries:
                        wait = self._throttle_wait(cost)
                        self.sleep(wait)
                        self._credit(wait)
                        continue
                    raise IntegrationError(
                        "Shopify's API rate limit is exhausted; try again in a moment.",
                        retryable=True,
                        code="rate_limited",
                    )
                raise self._graphql_error(errors)
            return answer.get("data") or {}
        raise AssertionError("unreachable")  # pragma: no cover

    def _http_error(self, status: int) -> IntegrationError:
        messages = {
            401: "Shopify rejected the access token (HTTP 401). Create a new Admin API token and save it again.",
            402: "This Shopify store is frozen or unpaid (HTTP 402).",
            403: "The access token is not allowed to do this (HTTP 403). Check the app's access scopes.",
            404: f"No Shopify Admin API at {self.base_url} (HTTP 404). Check the shop domain and API version.",
            423: "This Shopify store is locked (HTTP 423).",
        }
        message = messages.get(status, f"Shopify answered HTTP {status}.")
        code = {401: "auth_failed", 403: "forbidden", 404: "not_found"}.get(status, "remote_error")
        return IntegrationError(message, status_code=status, code=code)

    def _graphql_error(self, errors: Any) -> IntegrationError:
        if isinstance(errors, str):
            return IntegrationError(f"Shopify: {errors}", code="remote_error")
        messages: list[str] = []
        codes: set[str] = set()
        for error in errors if isinstance(errors, list) else [errors]:
            if isinstance(error, Mapping):
                messages.append(str(error.get("message") or "unknown error"))
                code = (error.get("extensions") or {}).get("code")
                if code:
                    codes.add(str(code))
            else:
                messages.append(str(error))
        text = "; ".join(dict.fromkeys(messages))
        if "ACCESS_DENIED" in codes or "access denied" in text.lower():
            return IntegrationError(
                f"Shopify denied access: {text}. Check the app's access scopes.", code="forbidden", status_code=403
            )
        if "MAX_COST_EXCEEDED" in codes:
            return IntegrationError(f"Shopify refused an over-expensive query: {text}", code="remote_error")
        if "INTERNAL_SERVER_ERROR" in codes:
            return IntegrationError(f"Shopify had an internal error: {text}", retryable=True, code="remote_unavailable")
        return IntegrationError(f"Shopify: {text}", code="remote_error")

    def _mutation_result(self, data: Any, root: str, *, what: str) -> Mapping[str, Any]:
        result = data.get(root) if isinstance(data, Mapping) else None
        if not isinstance(result, Mapping):
            raise IntegrationError(f"Shopify did not answer the {what} request.", code="invalid_response")
        errors = result.get("userErrors") or []
        if errors:
            if any(e.get("code") == "TAKEN" and "handle" in [str(f) for f in (e.get("field") or [])] for e in errors):
                raise _HandleTaken(_user_error_text(errors))
            if any(e.get("code") == "NOT_FOUND" or "does not exist" in str(e.get("message", "")) for e in errors):
                raise IntegrationError(
                    f"Shopify refused the {what}: {_user_error_text(errors)}",
                    code="not_found",
                    status_code=404,
                )
            raise IntegrationError(f"Shopify refused the {what}: {_user_error_text(errors)}", code="validation")
        return result

    # --- connection ---

    def test_connection(self) -> ConnectionReport:
        try:
            data = self._graphql(Q_SHOP_INFO)
        except IntegrationError as exc:
            return ConnectionReport(ok=False, platform=self.platform, message=exc.message)
        shop = data.get("shop") or {}
        installation = data.get("currentAppInstallation") or {}
        scopes = sorted(str(s.get("handle")) for s in installation.get("accessScopes") or [] if s.get("handle"))
        domain = (shop.get("primaryDomain") or {}).get("url")
        if domain:
            self._storefront = str(domain).rstrip("/")
        missing = []
        if not any(scope in scopes for scope in CONTENT_SCOPES):
            missing.append("write_content (blog articles and pages)")
        if PRODUCT_SCOPE not in scopes:
            missing.append("write_products (products)")
        if FILES_SCOPE not in scopes:
            missing.append("write_files (image uploads)")
        if PUBLICATIONS_SCOPE not in scopes:
            missing.append("write_publications (showing products in the Online Store)")
        name = str(shop.get("name") or "")
        message = f"Connected to {name}." if name else "Connected."
        if missing:
            message += " The access token lacks " + ", ".join(missing) + "; publishing those will fail."
        return ConnectionReport(
            ok=True,
            platform=self.platform,
            message=message,
            details={
                "shop_name": name,
                "domain": str(shop.get("myshopifyDomain") or ""),
                "scopes": scopes,
                "missing_scopes": [m.split(" ", 1)[0] for m in missing],
            },
        )

    def _storefront_url(self) -> str:
        if self._storefront is None:
            data = self._graphql(Q_PRIMARY_DOMAIN)
            url = ((data.get("shop") or {}).get("primaryDomain") or {}).get("url") or self.base_url
            self._storefront = str(url).rstrip("/")
        return self._storefront

    # --- media (staged uploads) ---

    def upload_media(self, asset: ImageAsset) -> RemoteMedia:
        data = self._graphql(
            M_STAGED_UPLOADS,
            {
                "input": [
                    {
                        "resource": "IMAGE",
                        "filename": asset.filename,
                        "mimeType": asset.mime_type,
                        "httpMethod": "POST",
                        "fileSize": str(len(asset.content)),
                    }
                ]
            },
        )
        staged = self._mutation_result(data, "stagedUploadsCreate", what="image upload")
        targets = staged.get("stagedTargets") or []
        if not targets:
            raise IntegrationError("Shopify did not return an upload target for the image.", code="invalid_response")
        target = targets[0]
        fields = {str(p["name"]): str(p["value"]) for p in target.get("parameters") or []}
        # The staged target is Shopify's storage bucket: no Shopify token goes there.
        upload = self.http.request(
            "POST",
            str(target["url"]),
            data=fields,
            files={"file": (asset.filename, asset.content, asset.mime_type)},
        )
        if upload.status_code >= 300:
            raise IntegrationError(
                f"Uploading the image to Shopify's storage failed (HTTP {upload.status_code}).",
                status_code=upload.status_code,
                code="upload_failed",
            )
        created = self._mutation_result(
            self._graphql(
                M_FILE_CREATE,
                {
                    "files": [
                        {
                            "originalSource": str(target["resourceUrl"]),
                            "contentType": "IMAGE",
                            "alt": asset.alt_text,
                            "filename": asset.filename,
                        }
                    ]
                },
            ),
            "fileCreate",
            what="image",
        )
        files = created.get("files") or []
        if not files:
            raise IntegrationError("Shopify did not create the image file.", code="invalid_response")
        file = files[0]
        file_id = str(file["id"])
        url = ((file.get("image") or {}).get("url")) or ""
        status = str(file.get("fileStatus") or "")
        for _ in range(self.media_poll_attempts):
            if url and status != "FAILED":
                break
            if status == "FAILED":
                break
            self.sleep(self.media_poll_interval)
            node = (self._graphql(Q_FILE_STATUS, {"id": file_id}).get("node")) or {}
            status = str(node.get("fileStatus") or "")
            url = ((node.get("image") or {}).get("url")) or ""
            file = node
        if status == "FAILED":
            reasons = "; ".join(str(e.get("message")) for e in file.get("fileErrors") or []) or "processing failed"
            raise IntegrationError(
                f"Shopify could not process the image {asset.filename}: {reasons}", code="upload_failed"
            )
        if not url:
            raise IntegrationError(
                f"Shopify is still processing the image {asset.filename}; try again shortly.",
                retryable=True,
                code="media_processing",
            )
        return RemoteMedia(id=file_id, url=str(url))

    # --- publishing ---

    def upsert(self, payload: PublishPayload) -> PublishResult:
        kind = {"post": "article", "page": "page", "product": "product"}.get(payload.remote_type)
        if kind is None:
            raise IntegrationError(f"Shopify cannot publish {payload.remote_type!s} items.", code="unsupported")
        warnings: list[str] = []
        if payload.external_id:
            try:
                node = self._update(kind, payload.external_id, payload, warnings)
                return self._result(kind, node, payload, warnings, created=False)
            except IntegrationError as exc:
                if exc.code != "not_found":
                    raise
                warnings.append("The item had been deleted in Shopify; it was published again.")
        attempts = max(1, self.http.max_attempts)
        for attempt in range(1, attempts + 1):
            existing = self._find(kind, payload.slug)
            if existing is not None:
                node = self._update(kind, str(existing["id"]), payload, warnings)
                return self._result(kind, node, payload, warnings, created=False)
            try:
                node = self._create(kind, payload, warnings)
                return self._result(kind, node, payload, warnings, created=True)
            except _HandleTaken as taken:
                existing = self._find(kind, payload.slug)
                if existing is None:
                    raise IntegrationError(f"Shopify refused the {kind}: {taken}", code="validation") from None
                node = self._update(kind, str(existing["id"]), payload, warnings)
                return self._result(kind, node, payload, warnings, created=False)
            except IntegrationError as exc:
                if not exc.retryable or attempt == attempts:
                    raise
                # The create may have happened before the answer was lost: look again before retrying.
                self.sleep(min(self.http.max_delay, self.http.base_delay * (2 ** (attempt - 1))))
        raise AssertionError("unreachable")  # pragma: no cover

    def _blog_id(self) -> str:
        if self._blog is None:
            self._blog = self._resolve_blog()
        return str(self._blog["id"])

    def _resolve_blog(self) -> dict[str, Any]:
        blog_id = str(self.config.get("blog_id") or "")
        if blog_id:
            node = self._graphql(Q_BLOG_BY_ID, {"id": blog_id}).get("node")
            if not node or not node.get("id"):
                raise IntegrationError(f"The Shopify blog {blog_id} does not exist.", code="not_found")
            return dict(node)
        handle = str(self.config.get("blog_handle") or "")
        if handle:
            nodes = self._graphql(Q_BLOG_BY_HANDLE, {"query": f"handle:{_search_value(handle)}"}).get("blogs") or {}
            for node in nodes.get("nodes") or []:
                if node.get("handle") == handle:
                    return dict(node)
            raise IntegrationError(f"The Shopify blog '{handle}' does not exist.", code="not_found")
        blogs = (self._graphql(Q_BLOGS).get("blogs") or {}).get("nodes") or []
        if blogs:
            return dict(blogs[0])
        title = str(self.config.get("blog_title") or "News")
        created = self._mutation_result(
            self._graphql(M_BLOG_CREATE, {"blog": {"title": title}}, once=True), "blogCreate", what="blog"
        )
        return dict(created["blog"])

    def _find(self, kind: str, handle: str) -> Mapping[str, Any] | None:
        if not handle:
            return None
        if kind == "product":
            node = self._graphql(Q_PRODUCT_BY_HANDLE, {"identifier": {"handle": handle}}).get("productByIdentifier")
            return node if node and node.get("handle") == handle else None
        if kind == "article":
            blog_id = self._blog_id()
            query = f"handle:{_search_value(handle)} blog_id:{_gid_number(blog_id)}"
            nodes = (self._graphql(Q_ARTICLE_BY_HANDLE, {"query": query}).get("articles") or {}).get("nodes") or []
            nodes = [n for n in nodes if (n.get("blog") or {}).get("id") == blog_id]
        else:
            query = f"handle:{_search_value(handle)}"
            nodes = (self._graphql(Q_PAGE_BY_HANDLE, {"query": query}).get("pages") or {}).get("nodes") or []
        # Search is fuzzy: only an exact handle counts.
        return next((n for n in nodes if n.get("handle") == handle), None)

    def _seo_metafields(self, payload: PublishPayload) -> list[dict[str, str]]:
        fields = []
        if payload.meta_title:
            fields.append(
                {
                    "namespace": "global",
                    "key": "title_tag",
                    "type": "single_line_text_field",
                    "value": payload.meta_title,
                }
            )
        if payload.meta_description:
            fields.append(
                {
                    "namespace": "global",
                    "key": "description_tag",
                    "type": "single_line_text_field",
                    "value": payload.meta_description,
                }
            )
        return fields

    def _visibility(self, payload: PublishPayload) -> dict[str, Any]:
        if payload.status == "draft":
            return {"isPublished": False}
        fields: dict[str, Any] = {"isPublished": True}
        if payload.publish_at is not None and (payload.status == "future" or payload.status == "publish"):
            fields["publishDate"] = _iso(payload.publish_at)
        return fields

    def _article_input(self, payload: PublishPayload, *, create: bool) -> dict[str, Any]:
        data: dict[str, Any] = {
            "title": payload.title,
            "handle": payload.slug,
            "body": payload.html,
            "summary": payload.excerpt,
            "tags": _merged_tags(payload),
            **self._visibility(payload),
        }
        author = payload.author or str(self.config.get("author") or "")
        if author or create:
            data["author"] = {"name": author or "IGNY8"}
        if create:
            data["blogId"] = self._blog_id()
        if payload.featured_media is not None:
            data["image"] = {"url": payload.featured_media.url, "altText": payload.title}
        metafields = self._seo_metafields(payload)
        if metafields:
            data["metafields"] = metafields
        return data

    def _page_input(self, payload: PublishPayload) -> dict[str, Any]:
        data: dict[str, Any] = {
            "title": payload.title,
            "handle": payload.slug,
            "body": payload.html,
            **self._visibility(payload),
        }
        metafields = self._seo_metafields(payload)
        if metafields:
            data["metafields"] = metafields
        return data

    def _product_input(self, payload: PublishPayload) -> dict[str, Any]:
        data: dict[str, Any] = {
            "title": payload.title,
            "handle": payload.slug,
            "descriptionHtml": payload.html,
            "tags": _merged_tags(payload),
            "status": "DRAFT" if payload.status == "draft" else "ACTIVE",
        }
        seo = {k: v for k, v in (("title", payload.meta_title), ("description", payload.meta_description)) if v}
        if seo:
            data["seo"] = seo
        extras = payload.product
        if extras.get("vendor"):
            data["vendor"] = str(extras["vendor"])
        if extras.get("product_type"):
            data["productType"] = str(extras["product_type"])
        return data

    def _create(self, kind: str, payload: PublishPayload, warnings: list[str]) -> Mapping[str, Any]:
        if kind == "article":
            data = self._graphql(M_ARTICLE_CREATE, {"article": self._article_input(payload, create=True)}, once=True)
            return self._mutation_result(data, "articleCreate", what="article")["article"]
        if kind == "page":
            data = self._graphql(M_PAGE_CREATE, {"page": self._page_input(payload)}, once=True)
            return self._mutation_result(data, "pageCreate", what="page")["page"]
        data = self._graphql(M_PRODUCT_CREATE, {"product": self._product_input(payload)}, once=True)
        product = self._mutation_result(data, "productCreate", what="product")["product"]
        return self._product_extras(product, payload, warnings)

    def _update(self, kind: str, gid: str, payload: PublishPayload, warnings: list[str]) -> Mapping[str, Any]:
        if kind == "article":
            variables = {"id": gid, "article": self._article_input(payload, create=False)}
            data = self._graphql(M_ARTICLE_UPDATE, variables)
            return self._mutation_result(data, "articleUpdate", what="article")["article"]
        if kind == "page":
            data = self._graphql(M_PAGE_UPDATE, {"id": gid, "page": self._page_input(payload)})
            return self._mutation_result(data, "pageUpdate", what="page")["page"]
        data = self._graphql(M_PRODUCT_UPDATE, {"product": {"id": gid, **self._product_input(payload)}})
        product = self._mutation_result(data, "productUpdate", what="product")["product"]
        return self._product_extras(product, payload, warnings)

    def _product_extras(
        self, product: Mapping[str, Any], payload: PublishPayload, warnings: list[str]
    ) -> Mapping[str, Any]:
        """Price / SKU on the default variant, the featured image attached (not copied), and the product
        published to the Online Store."""
        product = dict(product)
        product_id = str(product["id"])
        extras = payload.product
        variants = (product.get("variants") or {}).get("nodes") or []
        variant_input: dict[str, Any] = {}
        if extras.get("price") not in (None, "") and variants:
            variant_input["price"] = str(extras["price"])
        if extras.get("sku") and variants:
            variant_input["inventoryItem"] = {"sku": str(extras["sku"])}
        if variant_input:
            data = self._graphql(
                M_VARIANTS_UPDATE,
                {"productId": product_id, "variants": [{"id": variants[0]["id"], **variant_input}]},
            )
            result = self._mutation_result(data, "productVariantsBulkUpdate", what="product price")
            updated = result.get("productVariants") or []
            if updated:
                product["variants"] = {"nodes": updated}
        media = payload.featured_media
        media_ids = {m.get("id") for m in (product.get("media") or {}).get("nodes") or []}
        if media is not None and media.id.startswith("gid://shopify/MediaImage/") and media.id not in media_ids:
            data = self._graphql(M_FILE_ATTACH, {"files": [{"id": media.id, "referencesToAdd": [product_id]}]})
            self._mutation_result(data, "fileUpdate", what="product image")
            product["media"] = {"nodes": [*[{"id": i} for i in media_ids if i], {"id": media.id}]}
        if payload.status == "future" or (payload.status == "publish" and not product.get("onlineStoreUrl")):
            self._publish_product(product, payload, warnings)
        return product

    def _online_store_publication(self) -> str:
        if self._publication is None:
            configured = str(self.config.get("publication_id") or "")
            if configured:
                self._publication = configured
            else:
                nodes = (self._graphql(Q_PUBLICATIONS).get("publications") or {}).get("nodes") or []
                titled = [n for n in nodes if str((n.get("catalog") or {}).get("title", "")).lower() == "online store"]
                scheduling = [n for n in nodes if n.get("supportsFuturePublishing")]
                chosen = (titled or scheduling or [None])[0]
                self._publication = str(chosen["id"]) if chosen else ""
        return self._publication

    def _publish_product(self, product: dict[str, Any], payload: PublishPayload, warnings: list[str]) -> None:
        try:
            publication = self._online_store_publication()
            if not publication:
                warnings.append("The shop has no Online Store sales channel; the product is active but not listed.")
                return
            entry: dict[str, Any] = {"publicationId": publication}
            if payload.status == "future" and payload.publish_at is not None:
                entry["publishDate"] = _iso(payload.publish_at)
            data = self._graphql(M_PUBLISH_PRODUCT, {"id": product["id"], "input": [entry]})
        except IntegrationError as exc:
            if exc.code != "forbidden":
                raise
            warnings.append(
                "The product is active but not on the Online Store: the access token lacks the "
                "read_publications / write_publications scopes."
            )
            return
        result = self._mutation_result(data, "publishablePublish", what="product publication")
        published = result.get("publishable") or {}
        product["onlineStoreUrl"] = published.get("onlineStoreUrl") or product.get("onlineStoreUrl")
        product["_scheduled"] = "publishDate" in entry

    def _result(
        self, kind: str, node: Mapping[str, Any], payload: PublishPayload, warnings: list[str], *, created: bool
    ) -> PublishResult:
        item = self._to_item(node, kind)
        status = "future" if node.get("_scheduled") else item.status
        return PublishResult(
            external_id=item.external_id,
            external_url=item.url,
            status=status,
            remote_modified_at=item.modified_at,
            remote_fingerprint=item.fingerprint,
            created=created,
            warnings=warnings,
        )

    # --- reading back (sync) ---

    def _to_item(self, node: Mapping[str, Any], kind: str) -> RemoteItem:
        handle = str(node.get("handle") or "")
        title = str(node.get("title") or "")
        if kind == "product":
            html = str(node.get("descriptionHtml") or "")
            seo = node.get("seo") or {}
            meta_title, meta_description = str(seo.get("title") or ""), str(seo.get("description") or "")
            status = {"ACTIVE": "publish", "DRAFT": "draft"}.get(
                str(node.get("status")), str(node.get("status")).lower()
            )
            url = str(node.get("onlineStoreUrl") or f"{self._storefront_url()}/products/{handle}")
            excerpt, tags, remote_type = "", [str(t) for t in node.get("tags") or []], "product"
        else:
            html = str(node.get("body") or "")
            meta_title = _metafield_value(node, "seoTitle")
            meta_description = _metafield_value(node, "seoDescription")
            published_at = _parse_time(node.get("publishedAt"))
            if not node.get("isPublished") and published_at is None:
                status = "draft"
            elif published_at is not None and published_at > datetime.now(UTC):
                status = "future"
            else:
                status = "publish" if node.get("isPublished") else "draft"
            if kind == "article":
                blog_handle = str((node.get("blog") or {}).get("handle") or "")
                url = f"{self._storefront_url()}/blogs/{blog_handle}/{handle}"
                excerpt, tags, remote_type = (
                    str(node.get("summary") or ""),
                    [str(t) for t in node.get("tags") or []],
                    "post",
                )
            else:
                url = f"{self._storefront_url()}/pages/{handle}"
                excerpt, tags, remote_type = "", [], "page"
        return RemoteItem(
            external_id=str(node.get("id") or ""),
            remote_type=remote_type,
            title=title,
            slug=handle,
            html=html,
            status=status,
            url=url,
            modified_at=_parse_time(node.get("updatedAt")),
            fingerprint=fingerprint(title, html, excerpt, meta_title, meta_description),
            excerpt=excerpt,
            tags=tags,
            meta_title=meta_title,
            meta_description=meta_description,
        )

    def fetch(self, *, external_id: str, remote_type: str) -> RemoteItem | None:
        expected = {"post": "Article", "article": "Article", "page": "Page", "product": "Product"}.get(remote_type)
        if expected is None:
            raise IntegrationError(f"Shopify has no {remote_type!s} items.", code="unsupported")
        node = self._graphql(Q_NODE, {"id": external_id}).get("node")
        if not node or node.get("__typename") != expected:
            return None
        return self._to_item(node, expected.lower())

    def iter_items(self, *, modified_after: datetime | None = None) -> Iterator[RemoteItem]:
        query = f"updated_at:>'{_iso(modified_after)}'" if modified_after is not None else None
        for root, kind in (("articles", "article"), ("pages", "page"), ("products", "product")):
            cursor: str | None = None
            while True:
                data = self._graphql(Q_LIST[root], {"first": PAGE_SIZE, "after": cursor, "query": query})
                connection = data.get(root) or {}
                for node in connection.get("nodes") or []:
                    yield self._to_item(node, kind)
                info = connection.get("pageInfo") or {}
                if not info.get("hasNextPage") or not info.get("endCursor"):
                    break
                cursor = str(info["endCursor"])

    def iter_terms(self) -> Iterator[RemoteTerm]:
        for tag in self._graphql(Q_ARTICLE_TAGS).get("articleTags") or []:
            name = str(tag)
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            yield RemoteTerm(external_id=name, taxonomy="tag", name=name, slug=slug)

"""The contract every publishing adapter keeps.

Adapters are plain HTTP clients: they know one platform's API and nothing about IGNY8's models, tenancy
or credits. ``domain/publishing`` builds a :class:`PublishPayload` from a Content row, uploads images
first (:meth:`PublishingAdapter.upload_media`), then creates or updates the remote item
(:meth:`PublishingAdapter.upsert`). Everything an adapter needs to find its own earlier work again (the
remote id, the media ids) comes in through the payload, so a re-publish updates instead of duplicating.

Errors: adapters raise :class:`IntegrationError` (never a raw ``httpx`` exception); ``retryable`` says
whether a later attempt may succeed (429, 5xx, timeouts — already retried with backoff inside the
adapter), ``status_code`` is the remote HTTP status if there was one. Messages are for a marketer and
never contain credentials.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

RemoteStatus = Literal["draft", "publish", "future"]
"""``future`` = scheduled on the remote platform at ``PublishPayload.publish_at``."""

RemoteType = Literal["post", "page", "product"]


class IntegrationError(Exception):
    def __init__(
        self, message: str, *, retryable: bool = False, status_code: int | None = None, code: str = "integration_error"
    ) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.status_code = status_code
        self.code = code


@dataclass(frozen=True)
class Credentials:
    """Decrypted credentials, held only in memory for the duration of one call. ``repr`` hides them."""

    values: dict[str, str]

    def get(self, key: str, default: str = "") -> str:
        return self.values.get(key, default)

    def __repr__(self) -> str:
        return f"Credentials(keys={sorted(self.values)})"


@dataclass(frozen=True)
class ConnectionReport:
    """What ``test_connection`` found. ``details`` is platform-specific and safe to show to the user:
    WordPress: ``{"wordpress_version", "user", "capabilities": [...], "seo_plugin": "yoast"|"rankmath"|
    "seopress"|None, "woocommerce": bool, "site_name", "site_url"}``; Shopify: ``{"shop_name", "domain",
    "scopes": [...]}``; custom API: ``{"status_code"}``."""

    ok: bool
    platform: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ImageAsset:
    """One image to upload. ``key`` is stable across re-publishes (``"image:<Images.id>"``)."""

    key: str
    filename: str
    content: bytes
    mime_type: str
    alt_text: str = ""
    caption: str = ""


@dataclass(frozen=True)
class RemoteMedia:
    id: str
    url: str


@dataclass(frozen=True)
class PublishPayload:
    """One content item as the remote platform should show it.

    ``html`` already contains the in-article images with their remote URLs. ``external_id`` is the remote
    item from an earlier publish (update it); when empty the adapter first looks the item up by
    ``slug`` (so a retry after a timeout that did create it updates it instead of duplicating) and creates
    it only if it is not there.
    """

    title: str
    slug: str
    html: str
    remote_type: RemoteType = "post"
    status: RemoteStatus = "publish"
    publish_at: datetime | None = None
    excerpt: str = ""
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    author: str = ""
    meta_title: str = ""
    meta_description: str = ""
    focus_keyword: str = ""
    featured_media: RemoteMedia | None = None
    external_id: str = ""
    # Product extras (WooCommerce / Shopify): {"price": "19.99", "sku": "...", "vendor": "..."} etc.
    product: dict[str, Any] = field(default_factory=dict)
    # Stable IGNY8 identity, for webhooks and idempotency keys: {"content_id": 1, "version": 3, "site_id": 2}
    reference: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PublishResult:
    external_id: str
    external_url: str
    status: str
    remote_modified_at: datetime | None = None
    # A fingerprint of the remote item's editable fields right after our write; sync compares against it.
    remote_fingerprint: str = ""
    created: bool = False
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RemoteItem:
    """One item read back from the platform (sync and conflict detection)."""

    external_id: str
    remote_type: str  # post, page, product, article
    title: str
    slug: str
    html: str
    status: str
    url: str
    modified_at: datetime | None
    fingerprint: str
    excerpt: str = ""
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    meta_title: str = ""
    meta_description: str = ""


@dataclass(frozen=True)
class RemoteTerm:
    external_id: str
    taxonomy: str  # category, tag
    name: str
    slug: str


class PublishingAdapter(Protocol):
    platform: str

    def test_connection(self) -> ConnectionReport: ...

    def upload_media(self, asset: ImageAsset) -> RemoteMedia: ...

    def upsert(self, payload: PublishPayload) -> PublishResult: ...

    def fetch(self, *, external_id: str, remote_type: str) -> RemoteItem | None: ...

    def iter_items(self, *, modified_after: datetime | None = None) -> Iterator[RemoteItem]: ...

    def iter_terms(self) -> Iterator[RemoteTerm]: ...


def fingerprint(*parts: str) -> str:
    """A stable fingerprint of a remote item's editable fields (title, content, excerpt, …)."""
    import hashlib

    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.strip().encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()

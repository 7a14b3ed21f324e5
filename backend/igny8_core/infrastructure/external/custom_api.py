"""Publishing to any other platform through a signed JSON webhook (scheme: ``docs/webhooks.md``).

Every request is a ``POST`` of a JSON body to the integration's endpoint URL with:

- ``X-IGNY8-Event``: ``content.publish`` or ``ping`` (``test_connection``);
- ``X-IGNY8-Timestamp``: unix seconds when the request was signed;
- ``X-IGNY8-Signature``: ``sha256=<hex HMAC-SHA256 of "{timestamp}.{body}" with the shared secret>``;
- ``Idempotency-Key``: derived from the content's identity (site id + content id), identical on every
  delivery of the same content item — the receiver uses it as the upsert key, so a retry (after a
  timeout, or a later re-publish) updates the item it created instead of creating another;
- ``X-IGNY8-Delivery``: one id per publish call, identical across the HTTP layer's retries of that call
  (for receivers that want to drop exact re-deliveries).

The receiver answers 2xx; a JSON answer may carry ``id`` and ``url`` (they become the external id and
URL), and ``status``. 429 and 5xx are retried with backoff (same body, same signature); other 4xx fail at
once with the receiver's message.

Images are not uploaded separately: the publish body carries them as URLs (``featured_image.url``, and
the ``<img src>`` in ``html``), so :meth:`CustomApiAdapter.upload_media` raises
``IntegrationError(code="unsupported")`` and ``supports_media_upload`` is ``False`` — callers keep the
images' own public URLs. ``https://`` is required unless ``IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS=1``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

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
)
from igny8_core.infrastructure.external.http import ExternalHttp
from igny8_core.infrastructure.external.safety import private_hosts_allowed

SIGNATURE_PREFIX = "sha256="
DEFAULT_TOLERANCE = 300  # seconds a signed request stays valid (replay window)
USER_AGENT = "IGNY8-Webhook/1"


def sign(secret: str, timestamp: str | int, body: bytes | str) -> str:
    """``sha256=<hex>`` over ``"{timestamp}.{body}"``."""
    raw = body.encode("utf-8") if isinstance(body, str) else body
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + raw, hashlib.sha256).hexdigest()
    return SIGNATURE_PREFIX + digest


def verify_signature(
    secret: str,
    timestamp: str | int,
    body: bytes | str,
    signature: str,
    *,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> bool:
    """True when ``signature`` is IGNY8's signature of ``body`` at ``timestamp`` with ``secret`` and the
    timestamp is within ``tolerance`` seconds of ``now`` (replays of old requests are rejected).
    The comparison is constant-time."""
    if not secret or not signature:
        return False
    try:
        sent_at = int(str(timestamp).strip())
    except ValueError:
        return False
    current = time.time() if now is None else now
    if abs(current - sent_at) > tolerance:
        return False
    expected = sign(secret, str(timestamp).strip(), body)
    return hmac.compare_digest(expected.encode("ascii"), signature.strip().encode("utf-8", "replace"))


def idempotency_key(reference: Mapping[str, Any]) -> str:
    """Stable per content item (site + content): ``igny8-<sha256 prefix>``."""
    site_id = reference.get("site_id", "")
    content_id = reference.get("content_id", "")
    digest = hashlib.sha256(f"igny8:site:{site_id}:content:{content_id}".encode()).hexdigest()
    return f"igny8-{digest[:40]}"


def _endpoint(url: str) -> str:
    value = (url or "").strip()
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise IntegrationError("The webhook URL must start with https:// and name a host.", code="invalid_url")
    if parts.scheme == "http" and not private_hosts_allowed():
        raise IntegrationError("The webhook URL must use https://.", code="invalid_url")
    if parts.username or parts.password:
        raise IntegrationError("Put credentials in the secret, not in the webhook URL.", code="invalid_url")
    return value


def _receiver_message(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        text = response.text.strip()
        return text[:200]
    if isinstance(data, Mapping):
        for key in ("error", "message", "detail"):
            if data.get(key):
                return str(data[key])[:200]
    return ""


class CustomApiAdapter:
    platform = "custom_api"
    supports_media_upload = False

    def __init__(
        self,
        endpoint_url: str,
        credentials: Credentials,
        *,
        http: ExternalHttp | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.endpoint_url = _endpoint(endpoint_url)
        self._secret = credentials.get("secret")
        self.http = http or ExternalHttp(label="The webhook receiver")
        self.clock = clock

    def _send(self, event: str, body: Mapping[str, Any], *, key: str = "") -> httpx.Response:
        if not self._secret:
            raise IntegrationError("The webhook secret is missing.", code="missing_credentials")
        raw = json.dumps(body, separators=(",", ":"), sort_keys=True, ensure_ascii=False, default=str).encode()
        timestamp = str(int(self.clock()))
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-IGNY8-Event": event,
            "X-IGNY8-Timestamp": timestamp,
            "X-IGNY8-Signature": sign(self._secret, timestamp, raw),
            "X-IGNY8-Delivery": str(uuid.uuid4()),
        }
        if key:
            headers["Idempotency-Key"] = key
        return self.http.request("POST", self.endpoint_url, content=raw, headers=headers)

    def _error(self, response: httpx.Response) -> IntegrationError:
        status = response.status_code
        detail = _receiver_message(response)
        if status in (401, 403):
            message = f"The webhook receiver refused the request (HTTP {status}); check the shared secret."
        else:
            message = f"The webhook receiver answered HTTP {status}."
        if detail:
            message += f" It said: {detail}"
        return IntegrationError(message, status_code=status, code="remote_error")

    def test_connection(self) -> ConnectionReport:
        body = {"event": "ping", "sent_at": datetime.fromtimestamp(self.clock(), UTC).isoformat()}
        try:
            response = self._send("ping", body)
        except IntegrationError as exc:
            return ConnectionReport(ok=False, platform=self.platform, message=exc.message)
        if response.status_code >= 300:
            return ConnectionReport(
                ok=False,
                platform=self.platform,
                message=self._error(response).message,
                details={"status_code": response.status_code},
            )
        return ConnectionReport(
            ok=True,
            platform=self.platform,
            message=f"The webhook receiver accepted a signed ping (HTTP {response.status_code}).",
            details={"status_code": response.status_code},
        )

    def upload_media(self, asset: ImageAsset) -> RemoteMedia:
        raise IntegrationError(
            "Webhook integrations do not upload images separately; images travel in the publish body as URLs.",
            code="unsupported",
        )

    def _body(self, payload: PublishPayload) -> dict[str, Any]:
        featured = payload.featured_media
        return {
            "event": "content.publish",
            "sent_at": datetime.fromtimestamp(self.clock(), UTC).isoformat(),
            "reference": dict(payload.reference),
            "content": {
                "type": payload.remote_type,
                "title": payload.title,
                "slug": payload.slug,
                "html": payload.html,
                "excerpt": payload.excerpt,
                "status": payload.status,
                "publish_at": payload.publish_at.isoformat() if payload.publish_at else None,
                "categories": list(payload.categories),
                "tags": list(payload.tags),
                "author": payload.author,
                "meta_title": payload.meta_title,
                "meta_description": payload.meta_description,
                "focus_keyword": payload.focus_keyword,
                "featured_image": {"id": featured.id, "url": featured.url} if featured else None,
                "external_id": payload.external_id,
                "product": dict(payload.product),
            },
        }

    def upsert(self, payload: PublishPayload) -> PublishResult:
        key = idempotency_key(payload.reference)
        response = self._send("content.publish", self._body(payload), key=key)
        if response.status_code >= 300:
            raise self._error(response)
        try:
            answer = response.json() if response.content else {}
        except ValueError:
            answer = {}
        if not isinstance(answer, Mapping):
            answer = {}
        external_id = str(answer.get("id") or payload.external_id or key)
        return PublishResult(
            external_id=external_id,
            external_url=str(answer.get("url") or ""),
            status=str(answer.get("status") or payload.status),
            created=bool(answer.get("created", not payload.external_id)),
        )

    # A webhook is one-way: there is nothing to read back.

    def fetch(self, *, external_id: str, remote_type: str) -> RemoteItem | None:
        return None

    def iter_items(self, *, modified_after: datetime | None = None) -> Iterator[RemoteItem]:
        return iter(())

    def iter_terms(self) -> Iterator[RemoteTerm]:
        return iter(())

"""CustomApiAdapter against a real local webhook receiver that verifies IGNY8's signatures the way
docs/webhooks.md tells receivers to."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from igny8_core.infrastructure.external.base import (
    Credentials,
    ImageAsset,
    IntegrationError,
    PublishPayload,
    RemoteMedia,
)
from igny8_core.infrastructure.external.custom_api import CustomApiAdapter, idempotency_key, sign, verify_signature
from igny8_core.infrastructure.external.http import ExternalHttp
from tests.local_http import LocalHttpServer

SECRET = "whsec_0123456789abcdef"


@dataclass
class Delivery:
    headers: dict[str, str]
    raw: bytes
    verified: bool

    @property
    def body(self) -> Any:
        return json.loads(self.raw)


class FakeReceiver(LocalHttpServer):
    """Verifies every request with ``verify_signature`` (401 when it fails), records it, and answers
    from a queue of (status, JSON body) — 200 ``{"id": ..., "url": ...}`` by default."""

    def __init__(self, secret: str = SECRET) -> None:
        super().__init__(_Handler, name="fake-webhook-receiver")
        self.secret = secret
        self.deliveries: list[Delivery] = []
        self.replies: deque[tuple[int, Any]] = deque()
        self.items: dict[str, dict[str, Any]] = {}  # by Idempotency-Key: what a real receiver would upsert

    @property
    def url(self) -> str:
        return f"{self.base_url}/hooks/igny8"

    def handle(self, headers: dict[str, str], raw: bytes) -> tuple[int, Any]:
        with self._lock:
            verified = verify_signature(
                self.secret, headers.get("x-igny8-timestamp", ""), raw, headers.get("x-igny8-signature", "")
            )
            self.deliveries.append(Delivery(headers=headers, raw=raw, verified=verified))
            if not verified:
                return 401, {"error": "bad signature"}
            if self.replies:
                return self.replies.popleft()
            if headers.get("x-igny8-event") == "ping":
                return 200, {"ok": True}
            key = headers["idempotency-key"]
            created = key not in self.items
            item = self.items.setdefault(key, {"id": f"post-{len(self.items) + 1}"})
            item["content"] = json.loads(raw)["content"]
            return 200, {"id": item["id"], "url": f"https://blog.example/{item['id']}", "created": created}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        fake: FakeReceiver = self.server.fake  # type: ignore[attr-defined]
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status, answer = fake.handle({k.lower(): v for k, v in self.headers.items()}, raw)
        body = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture(autouse=True)
def _private_hosts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS", "1")


@pytest.fixture
def receiver() -> Iterator[FakeReceiver]:
    with FakeReceiver() as fake:
        yield fake


def make_adapter(receiver: FakeReceiver, sleeps: Sleeps | None = None, *, secret: str = SECRET) -> CustomApiAdapter:
    http = ExternalHttp(label="The webhook receiver", sleep=sleeps if sleeps is not None else Sleeps(), base_delay=0)
    return CustomApiAdapter(receiver.url, Credentials({"secret": secret}), http=http)


def payload(**overrides: Any) -> PublishPayload:
    values: dict[str, Any] = {
        "title": "Best hiking boots",
        "slug": "best-hiking-boots",
        "html": '<p>Boots.</p><img src="https://media.igny8.test/images/7.webp" alt="Boot">',
        "excerpt": "Short.",
        "categories": ["Gear"],
        "tags": ["boots"],
        "meta_title": "Best hiking boots 2026",
        "meta_description": "We tested 12 boots.",
        "focus_keyword": "hiking boots",
        "featured_media": RemoteMedia(id="image:7", url="https://media.igny8.test/images/7.webp"),
        "reference": {"content_id": 42, "version": 3, "site_id": 5},
    }
    values.update(overrides)
    return PublishPayload(**values)


# --- signature scheme ---


def test_verify_signature_accepts_the_signed_body_and_rejects_tampering_and_replay() -> None:
    body = b'{"event":"content.publish"}'
    signature = sign(SECRET, "1767000000", body)

    assert signature.startswith("sha256=")
    assert len(signature) == len("sha256=") + 64
    assert verify_signature(SECRET, "1767000000", body, signature, now=1767000000) is True
    assert verify_signature(SECRET, 1767000000, body.decode(), signature, now=1767000300) is True  # edge of window
    # Replay of an old request: the signature is still right, the timestamp is stale.
    assert verify_signature(SECRET, "1767000000", body, signature, now=1767000301) is False
    assert verify_signature(SECRET, "1767000000", body, signature, now=1766999000) is False  # from the future
    # Tampered body, wrong secret, timestamp changed to dodge the window, malformed input.
    assert verify_signature(SECRET, "1767000000", b'{"event":"content.delete"}', signature, now=1767000000) is False
    assert verify_signature("other-secret", "1767000000", body, signature, now=1767000000) is False
    assert verify_signature(SECRET, "1767000100", body, signature, now=1767000100) is False
    assert verify_signature(SECRET, "soon", body, signature, now=1767000000) is False
    assert verify_signature(SECRET, "1767000000", body, signature.removeprefix("sha256="), now=1767000000) is False
    assert verify_signature(SECRET, "1767000000", body, "", now=1767000000) is False
    assert verify_signature("", "1767000000", body, signature, now=1767000000) is False
    assert verify_signature(SECRET, "1767000000", body, signature, tolerance=10, now=1767000011) is False


# --- publishing ---


def test_publish_sends_a_signed_body_the_receiver_verifies(receiver: FakeReceiver) -> None:
    result = make_adapter(receiver).upsert(payload())

    [delivery] = receiver.deliveries
    assert delivery.verified is True
    headers = delivery.headers
    assert headers["x-igny8-event"] == "content.publish"
    assert headers["content-type"] == "application/json"
    assert headers["idempotency-key"] == idempotency_key({"content_id": 42, "site_id": 5})
    assert headers["x-igny8-signature"] == sign(SECRET, headers["x-igny8-timestamp"], delivery.raw)
    assert SECRET not in delivery.raw.decode()
    assert SECRET not in json.dumps(headers)
    body = delivery.body
    assert body["event"] == "content.publish"
    assert body["reference"] == {"content_id": 42, "version": 3, "site_id": 5}
    assert body["content"] == {
        "type": "post",
        "title": "Best hiking boots",
        "slug": "best-hiking-boots",
        "html": '<p>Boots.</p><img src="https://media.igny8.test/images/7.webp" alt="Boot">',
        "excerpt": "Short.",
        "status": "publish",
        "publish_at": None,
        "categories": ["Gear"],
        "tags": ["boots"],
        "author": "",
        "meta_title": "Best hiking boots 2026",
        "meta_description": "We tested 12 boots.",
        "focus_keyword": "hiking boots",
        "featured_image": {"id": "image:7", "url": "https://media.igny8.test/images/7.webp"},
        "external_id": "",
        "product": {},
    }
    assert result.external_id == "post-1"
    assert result.external_url == "https://blog.example/post-1"
    assert result.status == "publish"
    assert result.created is True


def test_republish_carries_the_same_idempotency_key_so_the_receiver_updates(receiver: FakeReceiver) -> None:
    adapter = make_adapter(receiver)
    first = adapter.upsert(payload())
    when = datetime(2030, 1, 2, 3, 4, tzinfo=UTC)

    second = adapter.upsert(payload(title="Updated", status="future", publish_at=when, external_id=first.external_id))

    keys = {d.headers["idempotency-key"] for d in receiver.deliveries}
    assert len(keys) == 1
    assert len(receiver.items) == 1
    assert second.external_id == "post-1"
    assert second.created is False
    assert receiver.deliveries[1].body["content"]["publish_at"] == "2030-01-02T03:04:00+00:00"
    assert receiver.deliveries[1].body["content"]["external_id"] == "post-1"
    # Another content item (or site) gets another key.
    assert idempotency_key({"content_id": 43, "site_id": 5}) not in keys
    assert idempotency_key({"content_id": 42, "site_id": 6}) not in keys


def test_5xx_is_retried_with_the_same_signed_request_then_succeeds(receiver: FakeReceiver) -> None:
    receiver.replies.extend([(503, {"error": "busy"}), (502, {"error": "gateway"})])
    sleeps = Sleeps()

    result = make_adapter(receiver, sleeps).upsert(payload())

    assert len(receiver.deliveries) == 3
    assert all(d.verified for d in receiver.deliveries)
    assert len({d.headers["x-igny8-delivery"] for d in receiver.deliveries}) == 1
    assert len({d.headers["x-igny8-signature"] for d in receiver.deliveries}) == 1
    assert len(sleeps) == 2
    assert result.external_id == "post-1"


def test_400_is_not_retried_and_shows_the_receivers_message(receiver: FakeReceiver) -> None:
    receiver.replies.append((400, {"error": "slug is required"}))

    with pytest.raises(IntegrationError) as error:
        make_adapter(receiver).upsert(payload())

    assert len(receiver.deliveries) == 1
    assert error.value.status_code == 400
    assert error.value.retryable is False
    assert error.value.message == "The webhook receiver answered HTTP 400. It said: slug is required"


def test_5xx_that_never_recovers_is_a_retryable_error(receiver: FakeReceiver) -> None:
    receiver.replies.extend([(500, {"error": "down"})] * 4)

    with pytest.raises(IntegrationError) as error:
        make_adapter(receiver).upsert(payload())

    assert len(receiver.deliveries) == 4
    assert error.value.retryable is True
    assert error.value.status_code == 500


def test_wrong_secret_is_refused_by_the_receiver_with_a_clear_message(receiver: FakeReceiver) -> None:
    with pytest.raises(IntegrationError) as error:
        make_adapter(receiver, secret="not-the-secret").upsert(payload())

    assert receiver.deliveries[0].verified is False
    assert error.value.message == (
        "The webhook receiver refused the request (HTTP 401); check the shared secret. It said: bad signature"
    )
    assert "not-the-secret" not in error.value.message


def test_connection_sends_a_signed_ping(receiver: FakeReceiver) -> None:
    report = make_adapter(receiver).test_connection()

    [delivery] = receiver.deliveries
    assert delivery.verified is True
    assert delivery.headers["x-igny8-event"] == "ping"
    assert delivery.body["event"] == "ping"
    assert "idempotency-key" not in delivery.headers
    assert report.ok is True
    assert report.platform == "custom_api"
    assert report.details == {"status_code": 200}
    assert report.message == "The webhook receiver accepted a signed ping (HTTP 200)."


def test_connection_reports_a_refusal(receiver: FakeReceiver) -> None:
    report = make_adapter(receiver, secret="wrong").test_connection()

    assert report.ok is False
    assert report.details == {"status_code": 401}


def test_images_are_not_uploaded_separately(receiver: FakeReceiver) -> None:
    adapter = make_adapter(receiver)

    with pytest.raises(IntegrationError) as error:
        adapter.upload_media(ImageAsset(key="image:7", filename="a.png", content=b"x", mime_type="image/png"))

    assert error.value.code == "unsupported"
    assert adapter.supports_media_upload is False
    assert receiver.deliveries == []
    assert adapter.fetch(external_id="post-1", remote_type="post") is None
    assert list(adapter.iter_items()) == []
    assert list(adapter.iter_terms()) == []


def test_endpoint_must_be_https_unless_private_hosts_are_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    credentials = Credentials({"secret": SECRET})
    assert CustomApiAdapter("http://127.0.0.1:9/hook", credentials).endpoint_url == "http://127.0.0.1:9/hook"

    monkeypatch.delenv("IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS")
    with pytest.raises(IntegrationError) as error:
        CustomApiAdapter("http://hooks.example.com/igny8", credentials)
    assert error.value.message == "The webhook URL must use https://."
    with pytest.raises(IntegrationError):
        CustomApiAdapter("https://user:pw@hooks.example.com/igny8", credentials)
    # https to a private address passes construction but is refused before any request.
    report = CustomApiAdapter("https://127.0.0.1:9/hook", credentials).test_connection()
    assert report.ok is False
    assert report.message == "127.0.0.1 resolves to a private or reserved address; integrations must use a public host."


def test_missing_secret_is_reported_without_a_request(receiver: FakeReceiver) -> None:
    adapter = CustomApiAdapter(receiver.url, Credentials({}))

    with pytest.raises(IntegrationError) as error:
        adapter.upsert(payload())

    assert error.value.code == "missing_credentials"
    assert receiver.deliveries == []

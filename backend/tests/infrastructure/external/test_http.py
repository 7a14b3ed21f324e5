"""ExternalHttp against a real local server: what is retried, how long it waits, when it gives up."""

from __future__ import annotations

import httpx
import pytest

from igny8_core.infrastructure.external.base import IntegrationError
from igny8_core.infrastructure.external.http import ExternalHttp
from tests.infrastructure.external.conftest import Answer, FakeHttpServer


@pytest.fixture
def sleeps() -> list[float]:
    return []


def _http(sleeps: list[float], *, timeout: float = 10.0, **kwargs) -> ExternalHttp:
    return ExternalHttp(label="Acme API", client=httpx.Client(timeout=timeout), sleep=sleeps.append, **kwargs)


def test_429_waits_as_retry_after_says(fake_http: FakeHttpServer, sleeps: list[float]):
    fake_http.route(
        "GET", "/items", [Answer(429, {"error": "slow down"}, {"Retry-After": "7"}), Answer(200, {"ok": 1})]
    )
    http = _http(sleeps)

    response = http.request("GET", f"{fake_http.url}/items")

    assert response.json() == {"ok": 1}
    assert sleeps == [7.0]
    assert len(fake_http.calls("GET", "/items")) == 2
    http.close()


def test_retry_after_is_capped_by_max_delay(fake_http: FakeHttpServer, sleeps: list[float]):
    fake_http.route("GET", "/items", [Answer(429, headers={"Retry-After": "3600"}), Answer(200, {})])
    http = _http(sleeps, max_delay=20.0)
    http.request("GET", f"{fake_http.url}/items")
    assert sleeps == [20.0]
    http.close()


def test_503_then_200_backs_off_with_jitter(fake_http: FakeHttpServer, sleeps: list[float]):
    fake_http.route("POST", "/publish", [Answer(503, "down"), Answer(502, "down"), Answer(201, {"id": 5})])
    http = _http(sleeps, base_delay=0.5)

    response = http.request("POST", f"{fake_http.url}/publish", json={"title": "x"})

    assert response.status_code == 201
    assert len(sleeps) == 2
    assert 0.0 <= sleeps[0] <= 0.5  # full jitter within the first backoff step
    assert 0.0 <= sleeps[1] <= 1.0
    assert [r.json for r in fake_http.calls("POST", "/publish")] == [{"title": "x"}] * 3
    http.close()


def test_timeout_is_retried(fake_http: FakeHttpServer, sleeps: list[float]):
    fake_http.route("GET", "/slow", [Answer(200, {"late": True}, delay=5.0), Answer(200, {"ok": True})])
    http = _http(sleeps, timeout=0.3)

    response = http.request("GET", f"{fake_http.url}/slow")

    assert response.json() == {"ok": True}
    assert len(sleeps) == 1
    assert len(fake_http.calls("GET", "/slow")) == 2
    http.close()


def test_400_is_returned_at_once(fake_http: FakeHttpServer, sleeps: list[float]):
    fake_http.route("POST", "/publish", Answer(400, {"code": "rest_invalid_param"}))
    http = _http(sleeps)

    response = http.request("POST", f"{fake_http.url}/publish", json={})

    assert response.status_code == 400
    assert response.json() == {"code": "rest_invalid_param"}
    assert sleeps == []
    assert len(fake_http.calls("POST", "/publish")) == 1
    http.close()


def test_gives_up_with_a_retryable_error(fake_http: FakeHttpServer, sleeps: list[float]):
    fake_http.route("GET", "/down", Answer(503, "down"))
    http = _http(sleeps, max_attempts=3)

    with pytest.raises(IntegrationError) as caught:
        http.request("GET", f"{fake_http.url}/down")

    assert caught.value.message == "Acme API answered HTTP 503 (gave up after 3 attempts)"
    assert caught.value.retryable is True
    assert caught.value.status_code == 503
    assert caught.value.code == "remote_unavailable"
    assert len(sleeps) == 2
    assert len(fake_http.calls("GET", "/down")) == 3
    http.close()


def test_rate_limit_exhausted_is_coded(fake_http: FakeHttpServer, sleeps: list[float]):
    fake_http.route("GET", "/busy", Answer(429, headers={"Retry-After": "1"}))
    http = _http(sleeps, max_attempts=2)
    with pytest.raises(IntegrationError) as caught:
        http.request("GET", f"{fake_http.url}/busy")
    assert (caught.value.code, caught.value.status_code) == ("rate_limited", 429)
    assert sleeps == [1.0]
    http.close()


def test_attempts_override_sends_once(fake_http: FakeHttpServer, sleeps: list[float]):
    fake_http.route("POST", "/create", Answer(503, "down"))
    http = _http(sleeps)
    with pytest.raises(IntegrationError) as caught:
        http.request("POST", f"{fake_http.url}/create", attempts=1)
    assert caught.value.message == "Acme API answered HTTP 503 (gave up after 1 attempt)"
    assert sleeps == []
    assert len(fake_http.calls("POST", "/create")) == 1
    http.close()


def test_connection_refused_is_retryable(monkeypatch: pytest.MonkeyPatch, sleeps: list[float]):
    monkeypatch.setenv("IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS", "1")
    server = FakeHttpServer()  # bound, then closed: nothing listens on its port
    url = server.url
    server._httpd.server_close()
    http = _http(sleeps, max_attempts=2)
    with pytest.raises(IntegrationError) as caught:
        http.request("GET", f"{url}/x")
    assert caught.value.code == "unreachable"
    assert caught.value.retryable is True
    assert caught.value.message == "Acme API could not be reached (ConnectError) (gave up after 2 attempts)"
    http.close()


def test_private_host_refused_before_any_request(monkeypatch: pytest.MonkeyPatch, sleeps: list[float]):
    monkeypatch.delenv("IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS", raising=False)
    http = _http(sleeps)
    with pytest.raises(IntegrationError) as caught:
        http.request("GET", "http://127.0.0.1:9/x")
    assert caught.value.code == "forbidden_host"
    assert sleeps == []
    http.close()

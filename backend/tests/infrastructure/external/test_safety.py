"""The SSRF guard: integration URLs may not point into the platform's own network."""

from __future__ import annotations

import pytest

from igny8_core.infrastructure.external.base import IntegrationError
from igny8_core.infrastructure.external.safety import check_url


@pytest.fixture(autouse=True)
def _default_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS", raising=False)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/wp-json/",
        "https://127.0.0.1:8443/",
        "http://10.1.2.3/",
        "http://192.168.0.10/",
        "http://172.16.5.5/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fd00:ec2::254]/",
        "http://100.64.1.1/",
        "http://0.0.0.0/",
        "http://localhost:8000/",
        "http://shop.localhost/",
        "http://metadata.google.internal/computeMetadata/v1/",
    ],
)
def test_private_and_metadata_hosts_are_refused(url: str):
    with pytest.raises(IntegrationError) as caught:
        check_url(url)
    assert caught.value.code == "forbidden_host"
    assert caught.value.retryable is False
    assert "public host" in caught.value.message


@pytest.mark.parametrize("url", ["ftp://example.com/", "file:///etc/passwd", "http:///nohost", "example.com"])
def test_non_http_urls_are_refused(url: str):
    with pytest.raises(IntegrationError) as caught:
        check_url(url)
    assert caught.value.code == "invalid_url"


def test_public_ip_literal_is_allowed():
    check_url("http://93.184.216.34/wp-json/")
    check_url("https://[2606:2800:220:1:248:1893:25c8:1946]/")


@pytest.mark.parametrize("value", ["1", "true", "yes", "on"])
def test_private_hosts_allowed_when_switched_on(monkeypatch: pytest.MonkeyPatch, value: str):
    monkeypatch.setenv("IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS", value)
    for url in ("http://127.0.0.1:8080/", "http://10.0.0.1/", "http://[::1]/", "http://metadata.google.internal/"):
        check_url(url)
    with pytest.raises(IntegrationError):  # still only http(s)
        check_url("gopher://127.0.0.1/")


def test_switch_off_values_keep_the_guard(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS", "0")
    with pytest.raises(IntegrationError):
        check_url("http://127.0.0.1/")

"""Integration URLs may not point into the platform's own network (SSRF guard).

A URL whose host resolves to a loopback, private, link-local, reserved, multicast or cloud-metadata
address is refused unless ``IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS=1`` (tests and local development
against a WordPress on this machine). The check runs when an integration is saved *and* before every
request, so a DNS name that later re-points inside is refused too.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from urllib.parse import urlsplit

from igny8_core.infrastructure.external.base import IntegrationError

METADATA_HOSTS = {"metadata.google.internal", "metadata", "instance-data"}


def private_hosts_allowed() -> bool:
    return os.environ.get("IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS", "").strip().lower() in {"1", "true", "yes", "on"}


def _is_forbidden(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or str(ip) in {"169.254.169.254", "fd00:ec2::254", "100.100.100.200"}
        or ip in ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT
    )


def check_url(url: str) -> None:
    """Raise IntegrationError(code="forbidden_host") if ``url`` is not a public http(s) URL."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise IntegrationError("The URL must start with http:// or https:// and name a host.", code="invalid_url")
    if private_hosts_allowed():
        return
    host = parts.hostname.rstrip(".").lower()
    if host in METADATA_HOSTS or host == "localhost" or host.endswith(".localhost"):
        raise IntegrationError(
            f"{host} is a private address; integrations must use a public host.", code="forbidden_host"
        )
    try:
        infos = socket.getaddrinfo(
            host, parts.port or (443 if parts.scheme == "https" else 80), type=socket.SOCK_STREAM
        )
    except (socket.gaierror, UnicodeError):
        raise IntegrationError(f"The host {host} could not be found.", code="unknown_host", retryable=True) from None
    for info in infos:
        if _is_forbidden(str(info[4][0])):
            raise IntegrationError(
                f"{host} resolves to a private or reserved address; integrations must use a public host.",
                code="forbidden_host",
            )

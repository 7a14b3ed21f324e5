"""Integration → adapter instance, with its credentials decrypted only for the duration of the call.

The adapters live in ``infrastructure/external`` (one module per platform) and know nothing of IGNY8's
models; this is the one place that hands them a URL from ``config_json`` and the decrypted
:class:`Credentials`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from igny8_core.domain.publishing.models import Platform, SiteIntegration
from igny8_core.infrastructure.external.base import Credentials, IntegrationError, PublishingAdapter
from igny8_core.shared.utils.crypto import DecryptionError, decrypt_json

# platform → (module, class, config key holding the address the adapter talks to)
ADAPTERS: dict[str, tuple[str, str, str]] = {
    Platform.WORDPRESS: ("igny8_core.infrastructure.external.wordpress", "WordPressAdapter", "site_url"),
    Platform.SHOPIFY: ("igny8_core.infrastructure.external.shopify", "ShopifyAdapter", "shop_domain"),
    Platform.CUSTOM_API: ("igny8_core.infrastructure.external.custom_api", "CustomApiAdapter", "endpoint_url"),
}


def address_key(platform: str) -> str:
    return ADAPTERS[platform][2]


def integration_credentials(*, integration: SiteIntegration) -> Credentials:
    try:
        values = decrypt_json(integration.credentials_encrypted)
    except DecryptionError:
        raise IntegrationError(
            "The stored credentials of this integration cannot be decrypted; enter them again.",
            code="credentials_unreadable",
        ) from None
    return Credentials({str(k): str(v) for k, v in values.items()})


def adapter_for(*, integration: SiteIntegration, http: Any = None) -> PublishingAdapter:
    """The platform's adapter for this integration. ``http``: an ``ExternalHttp`` to use (tests)."""
    if integration.platform not in ADAPTERS:
        raise IntegrationError(f"Unknown platform {integration.platform!r}.", code="unknown_platform")
    module_name, class_name, key = ADAPTERS[integration.platform]
    try:
        adapter_class = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError):
        raise IntegrationError(
            f"Publishing to {integration.get_platform_display()} is not available in this installation.",
            code="adapter_missing",
        ) from None
    config = dict(integration.config_json or {})
    address = str(config.get(key) or "")
    extra: dict[str, Any] = {"config": config} if integration.platform == Platform.SHOPIFY else {}
    adapter: PublishingAdapter = adapter_class(
        address, integration_credentials(integration=integration), http=http, **extra
    )
    return adapter


@contextmanager
def adapter_session(*, integration: SiteIntegration) -> Iterator[PublishingAdapter]:
    """``with adapter_session(integration=i) as adapter:`` — the adapter's HTTP client is closed after."""
    adapter = adapter_for(integration=integration)
    try:
        yield adapter
    finally:
        close = getattr(adapter, "close", None)
        if callable(close):
            close()

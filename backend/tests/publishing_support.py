"""Shared helpers for the publishing tests: integrations, content with generated images, row snapshots."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from igny8_core.domain.content.models import Content, Images
from igny8_core.domain.publishing.models import IntegrationTerm, PublishingRecord, SiteIntegration
from igny8_core.infrastructure.storage.file_storage import file_storage
from igny8_core.shared.utils.crypto import encrypt_json
from tests.conftest import Tenant

HTML = "<p>Intro</p><h2>One</h2><p>a</p><h2>Two</h2><p>b</p>"


@pytest.fixture
def allow_private(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS", "1")


@pytest.fixture
def storage_dir(settings: Any, tmp_path: Path) -> Path:
    settings.STORAGE_DIR = tmp_path / "storage"
    return Path(settings.STORAGE_DIR)


def make_integration(
    tenant: Tenant,
    *,
    platform: str = "custom_api",
    url: str = "http://127.0.0.1:9/hook",
    credentials: dict[str, str] | None = None,
    site: Any = None,
    is_active: bool = True,
    name: str = "",
) -> SiteIntegration:
    key = {"wordpress": "site_url", "shopify": "shop_domain", "custom_api": "endpoint_url"}[platform]
    site = site or tenant.site
    return SiteIntegration.objects.create(
        site=site,
        account=site.account,
        platform=platform,
        platform_type={"wordpress": "cms", "shopify": "ecommerce", "custom_api": "custom_api"}[platform],
        name=name or f"{platform} of {site.name}",
        config_json={key: url},
        credentials_encrypted=encrypt_json(credentials if credentials is not None else {"secret": "s3cret-value"}),
        is_active=is_active,
    )


def make_content(tenant: Tenant, title: str = "Green Tea Guide", **fields: Any) -> Content:
    defaults: dict[str, Any] = {
        "account": tenant.account,
        "site": tenant.site,
        "sector": tenant.sector,
        "title": title,
        "slug": title.lower().replace(" ", "-"),
        "html": HTML,
        "primary_keyword": "green tea",
        "meta_title": "Green tea, brewed right",
        "meta_description": "How to brew green tea.",
        "categories": ["Tea"],
        "tags": ["green tea", "brewing"],
    }
    defaults.update(fields)
    return Content.objects.create(**defaults)


def png_bytes(color: str = "green") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), color).save(buffer, format="PNG")
    return buffer.getvalue()


def make_image(content: Content, *, image_type: str = "in_article", position: int = 1, stored: bool = True) -> Images:
    image = Images.objects.create(
        account=content.account,
        site=content.site,
        sector=content.sector,
        content=content,
        image_type=image_type,
        position=position,
        prompt=f"Tea {image_type} {position}",
        alt_text=f"Tea {position}",
        status=Images.Status.GENERATED if stored else Images.Status.PENDING,
        width=8,
        height=6,
        file_format="png",
    )
    if stored:
        path = f"images/{image.pk}.png"
        file_storage.write(content.site, path, png_bytes())
        image.file_path = path
        image.url = f"/api/v1/writer/images/{image.pk}/file/"
        image.save(update_fields=["file_path", "url"])
    return image


def snapshot() -> dict[str, list[Any]]:
    """Every publishing row and the content, to assert that a refused request changed nothing."""
    return {
        "integrations": list(SiteIntegration.objects.order_by("pk").values()),
        "records": list(PublishingRecord.objects.order_by("pk").values()),
        "terms": list(IntegrationTerm.objects.order_by("pk").values()),
        "content": list(Content.objects.order_by("pk").values()),
    }


def without_request_id(response: Any) -> dict[str, Any]:
    body = response.json()
    assert body.pop("request_id") == response["X-Request-ID"]
    return body


NOT_FOUND = {"success": False, "error": "Not found.", "errors": {}}

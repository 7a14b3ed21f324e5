"""Content → PublishPayload: in-article images after their H2 at their remote URLs, the rest mapped."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from igny8_core.domain.content.models import Images
from igny8_core.domain.publishing.payload import html_for_publish, payload_build
from igny8_core.infrastructure.external.base import RemoteMedia
from tests.conftest import Tenant
from tests.publishing_support import make_content

pytestmark = pytest.mark.django_db


def image(content: Any, pk_position: int, *, image_type: str = "in_article", caption: str = "") -> Images:
    return Images.objects.create(
        account=content.account,
        site=content.site,
        sector=content.sector,
        content=content,
        image_type=image_type,
        position=pk_position,
        prompt="p",
        alt_text=f"Alt {pk_position}",
        caption=caption,
        width=800,
        height=600,
        status="generated",
    )


def test_in_article_images_go_after_their_h2_with_remote_urls(tenant: Tenant):
    content = make_content(tenant)
    first, second = image(content, 1), image(content, 2, caption="Brewing")
    local = (
        f'<p>Intro</p><h2>One</h2><figure class="igny8-image"><img src="/api/v1/writer/images/{first.pk}/file/" '
        f'data-image-id="{first.pk}"></figure><p>a</p><h2>Two</h2><p>b</p>'
    )
    media = {
        f"image:{first.pk}": {"id": "11", "url": "https://cdn.example/1.png"},
        f"image:{second.pk}": {"id": "12", "url": "https://cdn.example/2.png"},
    }

    html = html_for_publish(local, [first, second], media)

    assert html == (
        "<p>Intro</p><h2>One</h2>"
        '<figure class="igny8-image"><img src="https://cdn.example/1.png" alt="Alt 1" width="800" height="600" '
        'loading="lazy"></figure><p>a</p><h2>Two</h2>'
        '<figure class="igny8-image"><img src="https://cdn.example/2.png" alt="Alt 2" width="800" height="600" '
        'loading="lazy"><figcaption>Brewing</figcaption></figure><p>b</p>'
    )


def test_images_not_uploaded_are_left_out_and_positions_past_the_last_h2_go_to_the_end(tenant: Tenant):
    content = make_content(tenant)
    missing, late, featured = image(content, 1), image(content, 9), image(content, 0, image_type="featured")
    local = f'<h2>One</h2><figure><img src="/x" data-image-id="{missing.pk}"></figure><p>a</p>'
    media = {
        f"image:{late.pk}": {"id": "3", "url": "https://cdn.example/late.png"},
        f"image:{featured.pk}": {"id": "4", "url": "https://cdn.example/f.png"},
    }

    html = html_for_publish(local, [missing, late, featured], media)

    assert html == (
        "<h2>One</h2><p>a</p>"
        '<figure class="igny8-image"><img src="https://cdn.example/late.png" alt="Alt 9" width="800" height="600" '
        'loading="lazy"></figure>'
    )


def test_two_images_after_the_same_h2_keep_their_order(tenant: Tenant):
    content = make_content(tenant)
    a, b = image(content, 1), image(content, 1)
    media = {f"image:{a.pk}": {"id": "1", "url": "https://c/a"}, f"image:{b.pk}": {"id": "2", "url": "https://c/b"}}

    html = html_for_publish("<h2>One</h2><p>x</p>", [b, a], media)

    assert html.index("https://c/a") < html.index("https://c/b") < html.index("<p>x</p>")


def test_payload_maps_every_field(tenant: Tenant):
    content = make_content(tenant, entity_type="service", categories=["Tea", "Tea", {"name": "Drinks"}])
    featured = image(content, 0, image_type="featured")
    media = {f"image:{featured.pk}": {"id": "55", "url": "https://cdn.example/f.png"}}
    when = datetime(2030, 1, 2, 3, 4, tzinfo=UTC)

    payload = payload_build(
        content=content,
        images=[featured],
        media_map=media,
        config={"author": "editor", "site_url": "http://x"},
        status="future",
        publish_at=when,
        external_id="77",
        version=3,
    )

    assert payload.title == "Green Tea Guide"
    assert payload.slug == "green-tea-guide"
    assert payload.html == "<p>Intro</p><h2>One</h2><p>a</p><h2>Two</h2><p>b</p>"
    assert payload.remote_type == "page"
    assert payload.status == "future"
    assert payload.publish_at == when
    assert payload.excerpt == "How to brew green tea."
    assert payload.categories == ["Tea", "Drinks"]
    assert payload.tags == ["green tea", "brewing"]
    assert payload.author == "editor"
    assert payload.meta_title == "Green tea, brewed right"
    assert payload.meta_description == "How to brew green tea."
    assert payload.focus_keyword == "green tea"
    assert payload.featured_media == RemoteMedia(id="55", url="https://cdn.example/f.png")
    assert payload.external_id == "77"
    assert payload.reference == {"content_id": content.pk, "version": 3, "site_id": tenant.site.pk}

"""Content → PublishPayload: the HTML a platform gets, with in-article images at their remote URLs."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from igny8_core.domain.content.models import Content, Images
from igny8_core.infrastructure.external.base import PublishPayload, RemoteMedia, RemoteStatus, RemoteType

# entity_type → the remote item it becomes (services and taxonomy pages are pages on every platform).
REMOTE_TYPES: dict[str, RemoteType] = {
    "post": "post",
    "page": "page",
    "product": "product",
    "service": "page",
    "taxonomy": "page",
}

_H2_END = re.compile(r"</h2\s*>", re.IGNORECASE)
_ANY_IMAGE_FIGURE = re.compile(
    r"<figure\b[^>]*>(?:(?!</figure>).)*?data-image-id=\"\d+\"(?:(?!</figure>).)*?</figure>",
    re.IGNORECASE | re.DOTALL,
)
MIME_TYPES = {"webp": "image/webp", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


def media_key(image_id: int) -> str:
    return f"image:{image_id}"


def remote_type_for(content: Content) -> RemoteType:
    return REMOTE_TYPES.get(content.entity_type, "post")


def _figure(image: Images, url: str) -> str:
    attrs = f'src="{html_lib.escape(url)}" alt="{html_lib.escape(image.alt_text)}"'
    if image.width and image.height:
        attrs += f' width="{image.width}" height="{image.height}"'
    caption = f"<figcaption>{html_lib.escape(image.caption)}</figcaption>" if image.caption else ""
    return f'<figure class="igny8-image"><img {attrs} loading="lazy">{caption}</figure>'


def html_for_publish(html: str, images: Iterable[Images], media_map: dict[str, Any]) -> str:
    """The content's HTML with every local image figure taken out and each uploaded in-article image put
    back right after its H2 (1-based ``position``; after the last section when there is no such H2),
    pointing at its remote URL. Images that were not uploaded are left out (a local URL would be broken
    on the remote site)."""
    html = _ANY_IMAGE_FIGURE.sub("", html or "")
    placed = sorted(
        (i for i in images if i.image_type == Images.ImageType.IN_ARTICLE and media_key(i.pk) in media_map),
        key=lambda i: (i.position, i.pk),
        reverse=True,  # inserting right after the same H2 in reverse keeps their order
    )
    for image in placed:
        figure = _figure(image, str(media_map[media_key(image.pk)].get("url", "")))
        ends = list(_H2_END.finditer(html))
        if 1 <= image.position <= len(ends):
            at = ends[image.position - 1].end()
            html = html[:at] + figure + html[at:]
        else:
            html += figure
    return html


def _strings(values: Any) -> list[str]:
    if not isinstance(values, list):
        return []
    out: list[str] = []
    for value in values:
        name = str(value.get("name", "")) if isinstance(value, dict) else str(value)
        if name.strip() and name.strip() not in out:
            out.append(name.strip())
    return out


def payload_build(
    *,
    content: Content,
    images: list[Images],
    media_map: dict[str, Any],
    config: dict[str, Any],
    status: RemoteStatus,
    publish_at: datetime | None,
    external_id: str,
    version: int,
) -> PublishPayload:
    featured = next((i for i in images if i.image_type == Images.ImageType.FEATURED), None)
    featured_media = None
    if featured is not None and media_key(featured.pk) in media_map:
        entry = media_map[media_key(featured.pk)]
        featured_media = RemoteMedia(id=str(entry.get("id", "")), url=str(entry.get("url", "")))
    product = (content.structure_data or {}).get("product") if isinstance(content.structure_data, dict) else None
    return PublishPayload(
        title=content.title,
        slug=content.slug,
        html=html_for_publish(content.html, images, media_map),
        remote_type=remote_type_for(content),
        status=status,
        publish_at=publish_at,
        excerpt=content.meta_description,
        categories=_strings(content.categories),
        tags=_strings(content.tags),
        author=str(config.get("author") or ""),
        meta_title=content.meta_title or content.title[:60],
        meta_description=content.meta_description,
        focus_keyword=content.primary_keyword,
        featured_media=featured_media,
        external_id=external_id,
        product=product if isinstance(product, dict) else {},
        reference={"content_id": content.pk, "version": version, "site_id": content.site_id},
    )

"""The built-in image "provider": renders a real image with Pillow, no network, deterministic.

The design comes from the site (two colours derived from a hash of its domain or name, so every
image of a site shares a look), with the title and keyword wrapped over it. A small label says
the image was generated offline. Featured images are 1200×630 (social card), in-article 1200×800.
"""

from __future__ import annotations

import colorsys
import hashlib
import io
from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

ImageKind = Literal["featured", "in_article"]
ImageFormat = Literal["webp", "png"]

SIZES: dict[str, tuple[int, int]] = {"featured": (1200, 630), "in_article": (1200, 800)}
LABEL = "Generated offline"


@dataclass(frozen=True)
class RenderedImage:
    data: bytes
    width: int
    height: int
    file_format: str
    mime_type: str


def site_palette(seed: str) -> tuple[tuple[int, int, int], tuple[int, int, int], tuple[int, int, int]]:
    """(background, accent, text) colours from a hash of the site's domain or name."""
    digest = hashlib.sha256((seed or "igny8").strip().lower().encode()).digest()
    hue = digest[0] / 255
    accent_hue = (hue + 0.08 + digest[1] / 255 * 0.25) % 1.0

    def rgb(h: float, lightness: float, saturation: float) -> tuple[int, int, int]:
        r, g, b = colorsys.hls_to_rgb(h, lightness, saturation)
        return round(r * 255), round(g * 255), round(b * 255)

    return rgb(hue, 0.22, 0.55), rgb(accent_hue, 0.55, 0.65), (250, 250, 250)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _wrap(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int
) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def render_image(
    *, title: str, keyword: str, site_seed: str, kind: ImageKind = "featured", file_format: ImageFormat = "webp"
) -> RenderedImage:
    width, height = SIZES[kind]
    background, accent, text_colour = site_palette(site_seed)
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    # The design: a diagonal accent band and a few circles placed from the seed.
    digest = hashlib.sha256(f"{site_seed}|{kind}".encode()).digest()
    draw.polygon([(0, height), (width * 0.55, height), (width * 0.85, 0), (width * 0.6, 0)], fill=accent)
    for i in range(3):
        r = 40 + digest[2 + i] % 120
        cx = digest[5 + i] * width // 255
        cy = digest[8 + i] * height // 255
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=text_colour, width=3)
    overlay = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    ImageDraw.Draw(overlay).rectangle([60, 60, width - 60, height - 60], fill=(*background, 215))
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    draw = ImageDraw.Draw(image)

    margin = 110
    title_font = _font(60 if kind == "featured" else 64)
    lines = _wrap(draw, title.strip() or "Untitled", title_font, width - 2 * margin)[:4]
    y = 130
    for line in lines:
        draw.text((margin, y), line, font=title_font, fill=text_colour)
        y += 76
    if keyword.strip():
        keyword_font = _font(34)
        for line in _wrap(draw, keyword.strip(), keyword_font, width - 2 * margin)[:2]:
            y += 12
            draw.text((margin, y), line, font=keyword_font, fill=accent)
            y += 34
    draw.text((margin, height - 110), LABEL, font=_font(22), fill=text_colour)

    buffer = io.BytesIO()
    if file_format == "png":
        image.save(buffer, format="PNG", optimize=True)
        mime = "image/png"
    else:
        image.save(buffer, format="WEBP", quality=82, method=4)
        mime = "image/webp"
    return RenderedImage(data=buffer.getvalue(), width=width, height=height, file_format=file_format, mime_type=mime)

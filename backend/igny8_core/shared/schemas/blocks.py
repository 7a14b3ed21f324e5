"""Content blocks: the structured form of a piece (``Content.json_blocks``) and its HTML rendering.

Every text field is plain text and is HTML-escaped when rendered; URLs are kept only when they
are http(s), mailto, tel, relative or in-page. ``blocks_to_html`` is what the writer stores
(after ``sanitize_html``) and what the site renderer reuses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from typing import Annotated, Any, Literal

from django.utils.text import slugify
from pydantic import BaseModel, Field, TypeAdapter

TEXT = 5000


class HeadingBlock(BaseModel):
    type: Literal["heading"] = "heading"
    level: int = Field(default=2, ge=2, le=4)
    text: str = Field(default="", max_length=300)


class ParagraphBlock(BaseModel):
    type: Literal["paragraph"] = "paragraph"
    text: str = Field(default="", max_length=TEXT)


class ListBlock(BaseModel):
    type: Literal["list"] = "list"
    ordered: bool = False
    items: list[str] = Field(default_factory=list, max_length=60)


class TableBlock(BaseModel):
    type: Literal["table"] = "table"
    caption: str = Field(default="", max_length=300)
    headers: list[str] = Field(default_factory=list, max_length=12)
    rows: list[list[str]] = Field(default_factory=list, max_length=100)


class SpecItem(BaseModel):
    name: str = Field(default="", max_length=200)
    value: str = Field(default="", max_length=1000)


class SpecsBlock(BaseModel):
    """A product's specifications: a two-column table of name → value."""

    type: Literal["specs"] = "specs"
    title: str = Field(default="Specifications", max_length=200)
    items: list[SpecItem] = Field(default_factory=list, max_length=60)


class FAQItem(BaseModel):
    question: str = Field(default="", max_length=500)
    answer: str = Field(default="", max_length=TEXT)


class FAQBlock(BaseModel):
    type: Literal["faq"] = "faq"
    title: str = Field(default="Frequently asked questions", max_length=200)
    items: list[FAQItem] = Field(default_factory=list, max_length=30)


class ImageBlock(BaseModel):
    """An image; without ``src`` it is a slot the image step fills (rendered as nothing)."""

    type: Literal["image"] = "image"
    src: str = Field(default="", max_length=1000)
    alt: str = Field(default="", max_length=300)
    caption: str = Field(default="", max_length=300)


class QuoteBlock(BaseModel):
    type: Literal["quote"] = "quote"
    text: str = Field(default="", max_length=TEXT)
    cite: str = Field(default="", max_length=300)


class CTABlock(BaseModel):
    type: Literal["cta"] = "cta"
    text: str = Field(default="", max_length=1000)
    label: str = Field(default="", max_length=200)
    url: str = Field(default="", max_length=1000)


class NoteBlock(BaseModel):
    """A visible editorial note (e.g. "this is an offline draft")."""

    type: Literal["note"] = "note"
    kind: Literal["info", "offline_draft"] = "info"
    text: str = Field(default="", max_length=TEXT)


Block = Annotated[
    HeadingBlock
    | ParagraphBlock
    | ListBlock
    | TableBlock
    | SpecsBlock
    | FAQBlock
    | ImageBlock
    | QuoteBlock
    | CTABlock
    | NoteBlock,
    Field(discriminator="type"),
]

_BLOCKS = TypeAdapter(list[Block])
_SAFE_URL = re.compile(r"^(https?://|mailto:|tel:|/(?!/)|#)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def blocks_parse(data: Iterable[Any]) -> list[Block]:
    """Validate dicts (e.g. ``Content.json_blocks``) or block models into block models."""
    return _BLOCKS.validate_python([b.model_dump() if isinstance(b, BaseModel) else b for b in data])


def blocks_dump(blocks: Iterable[Block]) -> list[dict[str, Any]]:
    return [b.model_dump() for b in blocks]


def safe_url(url: str) -> str:
    """The URL if its scheme is allowed (http, https, mailto, tel, relative, #anchor), else ""."""
    cleaned = _CONTROL.sub("", url or "")
    return cleaned if _SAFE_URL.match(cleaned) else ""


def _e(text: str) -> str:
    return escape(text or "", quote=True)


def heading_id(text: str) -> str:
    return slugify(text, allow_unicode=True)[:80]


def _table(headers: list[str], rows: list[list[str]], caption: str, *, row_headers: bool = False) -> str:
    parts = ["<table>"]
    if caption:
        parts.append(f"<caption>{_e(caption)}</caption>")
    if headers:
        parts.append("<thead><tr>" + "".join(f'<th scope="col">{_e(h)}</th>' for h in headers) + "</tr></thead>")
    body = []
    for row in rows:
        cells = []
        for index, cell in enumerate(row):
            if row_headers and index == 0:
                cells.append(f'<th scope="row">{_e(cell)}</th>')
            else:
                cells.append(f"<td>{_e(cell)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("<tbody>" + "".join(body) + "</tbody></table>")
    return "".join(parts)


def block_to_html(block: Block) -> str:
    if isinstance(block, HeadingBlock):
        if not block.text.strip():
            return ""
        anchor = heading_id(block.text)
        attr = f' id="{_e(anchor)}"' if anchor else ""
        return f"<h{block.level}{attr}>{_e(block.text)}</h{block.level}>"
    if isinstance(block, ParagraphBlock):
        return f"<p>{_e(block.text)}</p>" if block.text.strip() else ""
    if isinstance(block, ListBlock):
        items = [i for i in block.items if i.strip()]
        if not items:
            return ""
        tag = "ol" if block.ordered else "ul"
        return f"<{tag}>" + "".join(f"<li>{_e(i)}</li>" for i in items) + f"</{tag}>"
    if isinstance(block, TableBlock):
        if not block.headers and not block.rows:
            return ""
        return _table(block.headers, block.rows, block.caption)
    if isinstance(block, SpecsBlock):
        specs = [i for i in block.items if i.name.strip()]
        if not specs:
            return ""
        table = _table([], [[i.name, i.value] for i in specs], "", row_headers=True)
        title = f'<h2 id="{_e(heading_id(block.title))}">{_e(block.title)}</h2>' if block.title.strip() else ""
        return f'<section class="specs" data-block="specs">{title}{table}</section>'
    if isinstance(block, FAQBlock):
        questions = [i for i in block.items if i.question.strip()]
        if not questions:
            return ""
        title = f'<h2 id="{_e(heading_id(block.title))}">{_e(block.title)}</h2>' if block.title.strip() else ""
        body = "".join(f"<h3>{_e(i.question)}</h3><p>{_e(i.answer)}</p>" for i in questions)
        return f'<section class="faq" data-block="faq">{title}{body}</section>'
    if isinstance(block, ImageBlock):
        src = safe_url(block.src)
        if not src:
            return ""
        caption = f"<figcaption>{_e(block.caption)}</figcaption>" if block.caption.strip() else ""
        return f'<figure><img src="{_e(src)}" alt="{_e(block.alt)}" loading="lazy">{caption}</figure>'
    if isinstance(block, QuoteBlock):
        if not block.text.strip():
            return ""
        cite = f"<cite>{_e(block.cite)}</cite>" if block.cite.strip() else ""
        return f"<blockquote><p>{_e(block.text)}</p>{cite}</blockquote>"
    if isinstance(block, CTABlock):
        url = safe_url(block.url)
        label = block.label.strip() or block.url.strip()
        link = f'<p><a class="cta-link" href="{_e(url)}">{_e(label)}</a></p>' if url and label else ""
        text = f"<p>{_e(block.text)}</p>" if block.text.strip() else ""
        if not (text or link):
            return ""
        return f'<section class="cta" data-block="cta">{text}{link}</section>'
    if isinstance(block, NoteBlock):
        if not block.text.strip():
            return ""
        return f'<div class="note note-{block.kind.replace("_", "-")}"><p>{_e(block.text)}</p></div>'
    return ""  # pragma: no cover - the union is exhaustive


def blocks_to_html(blocks: Iterable[Block | dict[str, Any]]) -> str:
    """HTML for ``blocks`` (models or their dicts), every text escaped, unsafe URLs dropped."""
    return "\n".join(part for part in (block_to_html(b) for b in blocks_parse(blocks)) if part)

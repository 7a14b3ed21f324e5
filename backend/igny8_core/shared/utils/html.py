"""HTML sanitization for everything stored as content HTML (AI output and human edits alike).

An allow-list (nh3): structural and text tags, tables, figures and images. Scripts, styles,
iframes, forms, event-handler attributes and ``javascript:``/``data:`` URLs never survive.
"""

from __future__ import annotations

import re
from html import unescape

import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "lang", "dir", "title"},
    "a": {"href", "title", "target"},
    "img": {"src", "alt", "title", "width", "height", "loading", "data-image-id"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "section": {"data-block"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[\w'’-]+", re.UNICODE)


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def html_text(html: str) -> str:
    """The text a reader sees: tags dropped, entities decoded (``&amp;`` is "&", not the word "amp")."""
    return re.sub(r"\s+", " ", unescape(_TAG.sub(" ", html or ""))).strip()


def word_count(html: str) -> int:
    """Words a reader sees (tags stripped)."""
    return len(_WORD.findall(html_text(html)))

"""Content blocks → HTML (shared/schemas/blocks.py) and the HTML helpers every stored piece goes through:
every text escaped, unsafe URLs dropped, the sanitizer strips scripts, handlers and javascript: links."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from igny8_core.shared.schemas.blocks import (
    Block,
    CTABlock,
    FAQBlock,
    FAQItem,
    HeadingBlock,
    ImageBlock,
    ListBlock,
    NoteBlock,
    ParagraphBlock,
    QuoteBlock,
    SpecItem,
    SpecsBlock,
    TableBlock,
    blocks_dump,
    blocks_parse,
    blocks_to_html,
    safe_url,
)
from igny8_core.shared.utils.html import html_text, sanitize_html, word_count


def test_every_block_type_renders_its_html():
    blocks: list[Block] = [
        HeadingBlock(level=2, text="Why brew loose leaf"),
        HeadingBlock(level=3, text="Water"),
        ParagraphBlock(text="Use fresh water."),
        ListBlock(items=["Kettle", "Cup"]),
        ListBlock(ordered=True, items=["Heat", "Steep"]),
        TableBlock(caption="Times", headers=["Tea", "Minutes"], rows=[["Green", "2"], ["Black", "4"]]),
        SpecsBlock(items=[SpecItem(name="Weight", value="[Add the weight]")]),
        FAQBlock(items=[FAQItem(question="How long?", answer="Two minutes.")]),
        ImageBlock(src="https://cdn.example.com/tea.png", alt="A cup", caption="Tea"),
        QuoteBlock(text="Tea is patience.", cite="A grower"),
        CTABlock(text="Try it.", label="Shop", url="/shop/"),
        NoteBlock(kind="offline_draft", text="Offline draft."),
    ]

    assert blocks_to_html(blocks).split("\n") == [
        '<h2 id="why-brew-loose-leaf">Why brew loose leaf</h2>',
        '<h3 id="water">Water</h3>',
        "<p>Use fresh water.</p>",
        "<ul><li>Kettle</li><li>Cup</li></ul>",
        "<ol><li>Heat</li><li>Steep</li></ol>",
        '<table><caption>Times</caption><thead><tr><th scope="col">Tea</th><th scope="col">Minutes</th></tr></thead>'
        "<tbody><tr><td>Green</td><td>2</td></tr><tr><td>Black</td><td>4</td></tr></tbody></table>",
        '<section class="specs" data-block="specs"><h2 id="specifications">Specifications</h2><table><tbody><tr>'
        '<th scope="row">Weight</th><td>[Add the weight]</td></tr></tbody></table></section>',
        '<section class="faq" data-block="faq"><h2 id="frequently-asked-questions">Frequently asked questions</h2>'
        "<h3>How long?</h3><p>Two minutes.</p></section>",
        '<figure><img src="https://cdn.example.com/tea.png" alt="A cup" loading="lazy"><figcaption>Tea</figcaption>'
        "</figure>",
        "<blockquote><p>Tea is patience.</p><cite>A grower</cite></blockquote>",
        '<section class="cta" data-block="cta"><p>Try it.</p><p><a class="cta-link" href="/shop/">Shop</a></p>'
        "</section>",
        '<div class="note note-offline-draft"><p>Offline draft.</p></div>',
    ]


def test_the_rendering_survives_the_sanitizer_intact_apart_from_link_rel():
    blocks: list[Block] = [
        HeadingBlock(text="Steeping"),
        TableBlock(headers=["A"], rows=[["1"]]),
        SpecsBlock(items=[SpecItem(name="SKU", value="[Add the SKU]")]),
        FAQBlock(items=[FAQItem(question="Q?", answer="A.")]),
        ImageBlock(src="/media/a.png", alt="x"),
        NoteBlock(text="Note"),
    ]
    html = blocks_to_html(blocks)

    assert sanitize_html(html) == html
    cta = blocks_to_html([CTABlock(text="Go", label="Go", url="https://example.com/")])
    assert sanitize_html(cta) == cta.replace(
        'href="https://example.com/"', 'href="https://example.com/" rel="noopener noreferrer"'
    )


def test_text_is_escaped_everywhere_never_markup():
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'
    html = blocks_to_html(
        [
            HeadingBlock(text=evil),
            ParagraphBlock(text=evil),
            ListBlock(items=[evil]),
            TableBlock(caption=evil, headers=[evil], rows=[[evil]]),
            SpecsBlock(title=evil, items=[SpecItem(name=evil, value=evil)]),
            FAQBlock(title=evil, items=[FAQItem(question=evil, answer=evil)]),
            ImageBlock(src="https://example.com/a.png", alt=evil, caption=evil),
            QuoteBlock(text=evil, cite=evil),
            CTABlock(text=evil, label=evil, url="https://example.com/"),
            NoteBlock(text=evil),
        ]
    )

    assert "<script" not in html
    assert "<img src=x" not in html
    assert '"quotes"' not in html  # quotes are escaped too (they would break out of attributes)
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 10
    assert 'alt="&lt;script&gt;' in html
    # What a reader sees is the literal text.
    assert html_text(sanitize_html(blocks_to_html([ParagraphBlock(text=evil)]))) == (
        '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'
    )


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "//evil.example.com/x",
        "file:///etc/passwd",
    ],
)
def test_unsafe_urls_are_dropped(url: str):
    assert safe_url(url) == ""
    html = blocks_to_html([CTABlock(text="Go", label="Click", url=url), ImageBlock(src=url, alt="x")])
    assert html == '<section class="cta" data-block="cta"><p>Go</p></section>'
    assert "script:" not in html.lower()
    assert "<img" not in html
    assert "<a" not in html


@pytest.mark.parametrize(
    "url", ["https://example.com/a?b=1&c=2", "http://example.com", "/relative/path", "#faq", "mailto:a@b.c", "tel:+1"]
)
def test_safe_urls_are_kept_and_escaped(url: str):
    assert safe_url(url) == url
    html = blocks_to_html([CTABlock(label="Go", url=url)])
    assert f'href="{url.replace("&", "&amp;")}"' in html


def test_empty_blocks_render_nothing_and_image_slots_wait_for_a_file():
    blocks: list[Block] = [
        HeadingBlock(text=" "),
        ParagraphBlock(text=""),
        ListBlock(items=["", " "]),
        TableBlock(),
        SpecsBlock(items=[SpecItem(name="", value="x")]),
        FAQBlock(items=[FAQItem(question="", answer="x")]),
        ImageBlock(alt="A slot the image step fills"),
        QuoteBlock(),
        CTABlock(),
        NoteBlock(),
    ]

    assert blocks_to_html(blocks) == ""


def test_dicts_round_trip_and_unknown_types_are_refused():
    blocks: list[Block] = [HeadingBlock(text="A"), FAQBlock(items=[FAQItem(question="Q?", answer="A")])]
    dumped = blocks_dump(blocks)

    assert dumped[0] == {"type": "heading", "level": 2, "text": "A"}
    assert blocks_parse(dumped) == blocks
    assert blocks_to_html(dumped) == blocks_to_html(blocks)
    with pytest.raises(ValidationError):
        blocks_to_html([{"type": "script", "text": "alert(1)"}])
    with pytest.raises(ValidationError):
        blocks_to_html([{"type": "heading", "level": 1, "text": "H1 is the title's"}])


# --- the HTML helpers ---------------------------------------------------------------------------------


def test_sanitize_strips_scripts_handlers_and_javascript_links():
    dirty = (
        '<p onclick="steal()">Hi<script>alert(1)</script></p>'
        '<img src="x" onerror="alert(1)" alt="a">'
        '<a href="javascript:alert(1)">link</a><a href="JAVASCRIPT:alert(2)">b</a>'
        '<iframe src="https://evil.example.com"></iframe><style>p{}</style>'
        '<a href="https://ok.example.com" onmouseover="x()">ok</a>'
    )

    clean = sanitize_html(dirty)

    assert clean == (
        '<p>Hi</p><img src="x" alt="a"><a rel="noopener noreferrer">link</a><a rel="noopener noreferrer">b</a>'
        '<a href="https://ok.example.com" rel="noopener noreferrer">ok</a>'
    )
    for bad in ("<script", "onclick", "onerror", "onmouseover", "javascript:", "<iframe", "<style"):
        assert bad not in clean.lower()


def test_word_count_counts_what_a_reader_sees():
    assert word_count("<h2>Green tea</h2><p>Brew it, don't boil it.</p>") == 7
    # Entities are characters, not words: "&amp;" is not the word "amp" (a bug fixed here).
    assert word_count("<p>Salt &amp; pepper &lt; 3 &quot;ok&quot; you&#x27;re</p>") == 5
    assert html_text("<p>a &amp; b</p>") == "a & b"
    assert word_count("") == 0

"""Offline writer: a complete, honestly labelled draft from a task's outline and keywords.

This is not a language model. It lays the task's outline out in the shape its content type
calls for (article, guide, how-to, listicle, comparison, review, landing page, product,
service, category page), writes neutral connecting prose around the outline's points, and
puts clearly marked placeholders ("[Add the price]") wherever a fact is needed: it never
invents prices, statistics, specifications or brand names. The first block says it is an
offline draft to review and rewrite. Words the author profile avoids are never emitted.

``draft_finalize`` (scrubbing, meta fields, slug, tags, schema.org skeleton) is shared with
the LLM path, so both store the same shape.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any

import nh3
from django.utils.text import slugify

from igny8_core.domain.planning.text import normalize_keyword, tokens
from igny8_core.shared.schemas.blocks import (
    Block,
    CTABlock,
    FAQBlock,
    FAQItem,
    HeadingBlock,
    ListBlock,
    NoteBlock,
    ParagraphBlock,
    SpecItem,
    SpecsBlock,
    TableBlock,
    blocks_dump,
    blocks_parse,
    safe_url,
)

META_TITLE_MAX = 60
META_DESCRIPTION_MIN = 120
META_DESCRIPTION_MAX = 156
MAX_FAQ = 8
OFFLINE_NOTE = (
    "Offline draft: written by IGNY8's built-in writer from the outline and keywords, without an AI model. "
    "Review and rewrite it before publishing, and replace every [bracketed placeholder] with accurate details."
)
FAQ_HEADINGS = {"frequently asked questions", "faq", "faqs", "questions", "common questions"}
SCHEMA_TYPES = {
    "product": "Product",
    "service": "Service",
    "taxonomy": "CollectionPage",
    "page": "WebPage",
}
POST_LAYOUTS = {"article", "guide", "how_to", "listicle", "comparison", "review"}


@dataclass(frozen=True)
class Voice:
    """What the Thinker author profile asks of the text."""

    tone: str = ""
    audience: str = ""
    reading_level: str = "standard"
    voice: str = ""
    words_to_avoid: tuple[str, ...] = ()


@dataclass
class Brief:
    title: str
    content_type: str = "post"
    content_structure: str = "article"
    outline: list[tuple[str, list[str]]] = field(default_factory=list)
    primary_keyword: str = ""
    secondary_keywords: list[str] = field(default_factory=list)
    question_keywords: list[str] = field(default_factory=list)
    target_word_count: int = 1500
    site_name: str = ""
    category: str = ""
    voice: Voice = field(default_factory=Voice)
    cta_text: str = ""
    cta_url: str = ""


@dataclass
class Draft:
    title: str
    slug: str
    meta_title: str
    meta_description: str
    tags: list[str]
    categories: list[str]
    blocks: list[Block]
    structure_data: dict[str, Any]


# --- text helpers -----------------------------------------------------------------------------------


class Scrubber:
    """Removes the author's avoided words and phrases (whole words, any case) from text."""

    def __init__(self, words: tuple[str, ...] | list[str]) -> None:
        cleaned = sorted({w.strip() for w in words if w and w.strip()}, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<![\w])(?:" + "|".join(re.escape(w) for w in cleaned) + r")(?![\w])", re.IGNORECASE)
            if cleaned
            else None
        )

    def __call__(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        out = self.pattern.sub("", text)
        out = re.sub(r"[ \t]{2,}", " ", out)
        out = re.sub(r" +([,.;:!?)\]])", r"\1", out)
        out = re.sub(r"([(\[]) +", r"\1", out)
        return out.strip()

    def found(self, text: str) -> bool:
        return bool(self.pattern and self.pattern.search(text or ""))


def map_block_text(blocks: list[Block], fn: Any) -> list[Block]:
    """``blocks`` with ``fn`` applied to every text field (URLs, types and kinds untouched)."""

    def clean(value: Any, key: str = "") -> Any:
        if isinstance(value, str):
            return value if key in {"type", "url", "src", "kind"} else fn(value)
        if isinstance(value, list):
            return [clean(v, key) for v in value]
        if isinstance(value, dict):
            return {k: clean(v, k) for k, v in value.items()}
        return value

    return blocks_parse([clean(b) for b in blocks_dump(blocks)])


def safe_block_urls(blocks: list[Block]) -> list[Block]:
    """Unsafe link and image URLs (javascript:, data:, //host…) emptied in the stored blocks too."""
    dumped = blocks_dump(blocks)
    for block in dumped:
        for key in ("url", "src"):
            if isinstance(block.get(key), str):
                block[key] = safe_url(block[key])
    return blocks_parse(dumped)


def scrub_blocks(blocks: list[Block], scrub: Scrubber) -> list[Block]:
    """Every text field of ``blocks`` scrubbed of the avoided words."""
    return list(blocks) if scrub.pattern is None else map_block_text(blocks, scrub)


def plain_text(value: str) -> str:
    """Markup a model put into a text field dropped (script and style with their content), entities decoded:
    block text is plain text, escaped again when rendered."""
    if "<" not in value and "&" not in value:
        return value
    return unescape(nh3.clean(value, tags=set()))


def _seed(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:4], "big")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


_WORD = re.compile(r"[A-Za-z][A-Za-z']*")


def _title_word_lowered(word: str) -> str:
    if word == "I" or (len(word) > 1 and not word[1:].islower()):
        return word  # "I", acronyms (SEO), mixed case (iPhone, McDonald's)
    return word.lower()


def _in_sentence(text: str) -> str:
    """A heading or outline point as it reads inside a sentence: a Title Case heading ("What Is
    Marathon Training?") in sentence case without its end mark ("what is marathon training"), else
    just its first letter lowered. Acronyms and mixed-case names (SEO, iPhone) keep their case."""
    text = text.strip().rstrip("?!.").rstrip()
    words = _WORD.findall(text)
    long_words = [w for w in words if len(w) > 3]
    if len(words) >= 2 and long_words and all(not w.islower() for w in long_words):
        return _WORD.sub(lambda m: _title_word_lowered(m.group()), text)
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


_VOLUME_NOTE = re.compile(r"\s*\((?:[\d,.]+/mo|no volume data)\)")
_COVER = re.compile(r'^(?:cover|covers|covering)\s+"([^"]+)"\s*', re.IGNORECASE)


def clean_point(point: str) -> str:
    """An outline point as readable text: planner annotations ("(2,400/mo)", 'Cover "x"') removed."""
    text = _VOLUME_NOTE.sub("", point or "").strip()
    text = _COVER.sub(r"\1 ", text).strip()
    return text.strip(' "').rstrip(".")


def as_question(text: str) -> str:
    text = re.sub(r"\s+", " ", (text or "").strip()).rstrip("?. ")
    return _cap(text) + "?" if text else ""


def layout_for(content_type: str, structure: str) -> str:
    """The writing layout: product, service, taxonomy, page, or a post structure."""
    if content_type in {"product", "service", "taxonomy", "page"}:
        return content_type
    by_structure = {
        "product_page": "product",
        "service_page": "service",
        "category_page": "taxonomy",
        "landing_page": "page",
    }
    if structure in by_structure:
        return by_structure[structure]
    return structure if structure in POST_LAYOUTS else "article"


def fit_meta_title(title: str) -> str:
    """At most 60 characters, cut at a word boundary."""
    text = re.sub(r"\s+", " ", title or "").strip()
    if len(text) <= META_TITLE_MAX:
        return text
    cut = text[: META_TITLE_MAX + 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—|")
    return cut if cut and len(cut) <= META_TITLE_MAX else text[:META_TITLE_MAX].rstrip()


META_FILLERS = [
    "Read on for the key points, practical steps and answers to common questions.",
    "Everything is laid out step by step so it is easy to follow.",
    "Find out what matters most and what to do next.",
    "A clear, practical overview.",
    "Learn more here.",
]


def fit_meta_description(pieces: list[str], scrub: Scrubber | None = None) -> str:
    """120-156 characters from ``pieces`` (then neutral fillers), cut at a sentence or word boundary."""
    text = ""
    fillers = [*pieces, *META_FILLERS]
    rounds = 0
    while len(text) < META_DESCRIPTION_MIN and rounds < 4:
        for piece in fillers:
            piece = re.sub(r"\s+", " ", scrub(piece) if scrub else piece).strip()
            if not piece:
                continue
            if piece[-1] not in ".!?":
                piece += "."
            text = f"{text} {piece}".strip()
            if len(text) >= META_DESCRIPTION_MIN:
                break
        rounds += 1
        fillers = META_FILLERS
    if len(text) <= META_DESCRIPTION_MAX:
        return text
    # Prefer ending on a sentence inside the range, else the last whole word plus an ellipsis.
    for match in reversed(list(re.finditer(r"[.!?](?=\s|$)", text))):
        if META_DESCRIPTION_MIN <= match.end() <= META_DESCRIPTION_MAX:
            return text[: match.end()]
    cut = text[: META_DESCRIPTION_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—")
    if len(cut) < META_DESCRIPTION_MIN:
        cut = text[: META_DESCRIPTION_MAX - 1].rstrip()
    return cut + "…"


def tags_from(primary: str, secondary: list[str], scrub: Scrubber, limit: int = 8) -> list[str]:
    seen: set[str] = set()
    out = []
    for keyword in [primary, *secondary]:
        tag = scrub(re.sub(r"\s+", " ", keyword or "").strip())[:100]
        if tag and normalize_keyword(tag) not in seen:
            seen.add(normalize_keyword(tag))
            out.append(tag)
        if len(out) >= limit:
            break
    return out


# --- the writer -------------------------------------------------------------------------------------

PROSE = [
    "When it comes to {p}, the details matter. People looking into {k} usually want to know what is involved, "
    "why it matters and what to do next.",
    "Start with the basics of {p}, then move on to the points that make the biggest practical difference{aud}.",
    "A useful way to think about {p} is in three parts: what it is, when it applies and which mistakes to avoid.",
    "[Add a concrete example, measurement or first-hand observation about {p}.]",
    "Keep {h} in mind alongside the rest of this {noun}: each part builds on the one before it.",
    "If you are unsure where to begin with {p}, focus on the one step that removes the most uncertainty, "
    "then review the result before moving on.",
    "[Add a source or expert reference that supports the advice on {p}.]",
    "The aim here is to make {p} easy to act on, so each point stays short and specific.",
]
PROSE_SIMPLE = [
    "Here is what to know about {p}.",
    "Start with the basics of {p}. Then look at what makes the biggest difference{aud}.",
    "Think about {p} in three steps: what it is, when it matters and what to avoid.",
    "[Add a short, real example about {p}.]",
    "Keep {h} in mind as you read on.",
    "Not sure where to start with {p}? Pick one small step and check the result.",
]
NOUNS = {
    "article": "article",
    "guide": "guide",
    "how_to": "guide",
    "listicle": "list",
    "comparison": "comparison",
    "review": "review",
    "product": "page",
    "service": "page",
    "taxonomy": "page",
    "page": "page",
}


@dataclass
class _Section:
    heading: HeadingBlock | None
    paragraphs: list[str] = field(default_factory=list)
    after: list[Block] = field(default_factory=list)
    points: list[str] = field(default_factory=list)
    expandable: bool = True
    used: int = 1

    def blocks(self) -> list[Block]:
        out: list[Block] = [self.heading] if self.heading else []
        out.extend(ParagraphBlock(text=p) for p in self.paragraphs)
        out.extend(self.after)
        return out


def _words(text: str) -> int:
    return len(re.findall(r"[\w'’-]+", text))


def _block_words(blocks: list[Block]) -> int:
    total = 0
    for block in blocks:
        for value in _strings(block.model_dump()):
            total += _words(value)
    return total


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in {"type", "url", "src", "kind", "level"} for s in _strings(v)]
    return []


class OfflineWriter:
    def __init__(self, brief: Brief) -> None:
        self.b = brief
        self.layout = layout_for(brief.content_type, brief.content_structure)
        self.noun = NOUNS.get(self.layout, "article")
        self.keyword = (brief.primary_keyword or brief.title).strip()
        self.simple = brief.voice.reading_level == "simple"
        self.aud = f" for {brief.voice.audience}" if brief.voice.audience else ""
        self.placeholders: list[str] = []
        body, faq_points = [], []
        for heading, points in brief.outline:
            if normalize_keyword(heading).strip(" ?") in FAQ_HEADINGS:
                faq_points.extend(points)
            else:
                body.append((heading.strip(), [clean_point(p) for p in points if clean_point(p)]))
        self.sections_in = body
        self.questions = self._questions([*brief.question_keywords, *faq_points])

    # -- pieces --

    def ph(self, text: str) -> str:
        """A placeholder the editor must replace with a fact."""
        self.placeholders.append(text)
        return text

    def _questions(self, raw: list[str]) -> list[str]:
        seen: set[str] = set()
        out = []
        for q in raw:
            question = as_question(clean_point(q))
            key = normalize_keyword(question)
            if question and key not in seen:
                seen.add(key)
                out.append(question)
        return out[:MAX_FAQ]

    def prose(self, heading: str, point: str, index: int) -> str:
        templates = PROSE_SIMPLE if self.simple else PROSE
        template = templates[(_seed(self.b.title, heading, point) + index) % len(templates)]
        return template.format(
            p=_in_sentence(point), h=_in_sentence(heading), k=self.keyword, aud=self.aud, noun=self.noun
        )

    def _next_sentence(self, sec: _Section) -> str:
        """The section's next (point, template) pair not yet used; pairs repeat only once all are used."""
        templates = PROSE_SIMPLE if self.simple else PROSE
        heading = sec.heading.text if sec.heading else self.keyword
        combos = len(templates) * len(sec.points)
        index = sec.used
        sec.used += 1
        point = sec.points[(index // len(templates)) % len(sec.points)]
        template = templates[(_seed(self.b.title, heading, point) + index) % len(templates)]
        if index >= combos and template.startswith("["):
            template = templates[(_seed(heading) + index) % len(templates)]
        return template.format(
            p=_in_sentence(point), h=_in_sentence(heading), k=self.keyword, aud=self.aud, noun=self.noun
        )

    def section(self, heading: str, points: list[str], *, label: str | None = None, level: int = 2) -> _Section:
        shown = label or heading
        lead = (
            f"{_cap(_in_sentence(heading))} is an important part of {self.keyword}."
            if self.simple
            else f"This section covers {_in_sentence(heading)} and how it fits into {self.keyword}."
        )
        if self.keyword.lower() in heading.lower():
            lead = f"This section covers {_in_sentence(heading)}."
        sec = _Section(HeadingBlock(level=level, text=shown), [lead], points=points or [heading])
        sec.paragraphs.append(self.prose(heading, sec.points[0], 0))
        return sec

    def faq_items(self, defaults: list[str]) -> list[FAQItem]:
        questions = self.questions or [as_question(q) for q in defaults]
        items = []
        for question in questions[:MAX_FAQ]:
            answer = self.ph("[Answer this question in two or three accurate sentences.]")
            related = self._related_heading(question)
            if related:
                answer += f" The section “{related}” above covers this in more detail."
            items.append(FAQItem(question=question, answer=answer))
        return items

    def _related_heading(self, question: str) -> str:
        words = set(tokens(question)) - {"what", "how", "why", "when", "is", "are", "the", "a", "to", "do", "can"}
        best, score = "", 0
        for heading, _ in self.sections_in:
            overlap = len(words & set(tokens(heading)))
            if overlap > score:
                best, score = heading, overlap
        return best

    def intro(self) -> list[Block]:
        k = self.keyword
        if self.layout == "product":
            first = f"{_cap(k)}: {self.ph('[Describe the product in one sentence: what it is and who it is for.]')}"
        elif self.layout == "service":
            first = f"{_cap(k)}: {self.ph('[Describe the service in one sentence: what you do and for whom.]')}"
        elif self.layout == "taxonomy":
            first = f"Browse everything in {k}. This page brings the range together and helps you choose."
        elif self.layout == "page":
            first = f"{_cap(k)}: {self.ph('[State the main benefit of this page in one sentence.]')}"
        else:
            first = f"This {self.noun} explains {k}: what it is, why it matters and how to approach it."
        paras = [first]
        if self.b.voice.audience:
            paras.append(f"It is written for {self.b.voice.audience}.")
        headings = [h for h, _ in self.sections_in][:4]
        if headings:
            paras.append("It covers " + _join([_in_sentence(h) for h in headings]) + ".")
        return [ParagraphBlock(text=" ".join(paras))]

    def cta(self, *, required: bool) -> list[Block]:
        if self.b.cta_text or self.b.cta_url:
            return [CTABlock(text=self.b.cta_text, label=self.b.cta_text or "Learn more", url=self.b.cta_url)]
        if not required:
            return []
        return [CTABlock(text=self.ph("[Add a call to action: what the reader should do next, with a link.]"))]

    # -- layouts --

    def build(self) -> list[Block]:
        pre: list[Block] = [NoteBlock(kind="offline_draft", text=self._note()), *self.intro()]
        post: list[Block] = []
        sections = [self.section(h, pts) for h, pts in self.sections_in]
        layout = self.layout
        if layout == "guide":
            pre += [
                HeadingBlock(text="What this guide covers"),
                ListBlock(items=[h for h, _ in self.sections_in] or [self.keyword]),
            ]
            for sec, (heading, points) in zip(sections, self.sections_in, strict=True):
                for point in points[:4]:
                    sec.after += [
                        HeadingBlock(level=3, text=_cap(point)),
                        ParagraphBlock(text=self.prose(heading, point, 1)),
                    ]
        elif layout == "how_to":
            pre += [
                HeadingBlock(text="What you need"),
                ListBlock(
                    items=[
                        self.ph("[List the tools, materials or accounts needed]"),
                        self.ph("[Add how long it takes]"),
                    ]
                ),
            ]
            for index, (sec, (heading, points)) in enumerate(zip(sections, self.sections_in, strict=True), 1):
                assert sec.heading is not None
                sec.heading = HeadingBlock(text=f"Step {index}: {heading}")
                if points:
                    sec.after.append(ListBlock(ordered=True, items=[_cap(p) for p in points]))
        elif layout == "listicle":
            for index, (sec, (heading, points)) in enumerate(zip(sections, self.sections_in, strict=True), 1):
                sec.heading = HeadingBlock(text=f"{index}. {heading}")
                if points:
                    sec.after.append(ListBlock(items=[_cap(p) for p in points]))
        elif layout == "comparison":
            a, b = self._options()
            rows = [[h, self.ph("[Add detail]"), self.ph("[Add detail]")] for h, _ in self.sections_in[:8]]
            pre += [
                HeadingBlock(text="Comparison at a glance"),
                TableBlock(caption=f"{a} vs {b}", headers=["Criterion", a, b], rows=rows or [["[Criterion]", "", ""]]),
            ]
            self._lists(sections)
            post += [
                HeadingBlock(text="Which should you choose?"),
                ParagraphBlock(
                    text=self.ph(f"[Say which option suits which reader, based on the comparison of {a} and {b}.]")
                ),
            ]
        elif layout == "review":
            pre += [
                HeadingBlock(text="At a glance"),
                TableBlock(
                    headers=["Aspect", "Summary"],
                    rows=[
                        ["Verdict", self.ph("[Add your verdict after hands-on testing]")],
                        ["Best for", self.ph("[Add who it suits]")],
                        ["Price", self.ph("[Add the price]")],
                        ["Rating", self.ph("[Add your rating]")],
                    ],
                ),
            ]
            self._lists(sections)
            post += [
                HeadingBlock(text="Pros and cons"),
                HeadingBlock(level=3, text="Pros"),
                ListBlock(items=[self.ph("[Add a strength you observed]"), self.ph("[Add another strength]")]),
                HeadingBlock(level=3, text="Cons"),
                ListBlock(items=[self.ph("[Add a weakness you observed]"), self.ph("[Add another weakness]")]),
                HeadingBlock(text="Verdict"),
                ParagraphBlock(text=self.ph("[Add your overall verdict and who should buy it.]")),
            ]
        elif layout == "product":
            return self._product(pre, sections)
        elif layout == "service":
            return self._service(pre, sections)
        elif layout == "taxonomy":
            return self._taxonomy(pre, sections)
        elif layout == "page":
            self._lists(sections)
            pre += [
                HeadingBlock(text="Benefits"),
                ListBlock(items=self._feature_items("benefit")),
            ]
            return self._finish(pre, sections, [*self.cta(required=True), *self._faq([], always=False)])
        else:
            self._lists(sections)
        closing = "Key takeaways" if layout in {"article", "guide", "how_to", "listicle"} else "Summary"
        post += [
            HeadingBlock(text=closing),
            ParagraphBlock(text=f"To sum up, {self.keyword} comes down to a few points covered above."),
            ListBlock(items=[h for h, _ in self.sections_in][:6] or [self.keyword]),
        ]
        return self._finish(pre, sections, [*post, *self._faq([], always=False), *self.cta(required=False)])

    def _product(self, pre: list[Block], sections: list[_Section]) -> list[Block]:
        pre += [
            HeadingBlock(text="Product description"),
            ParagraphBlock(
                text=self.ph(
                    "[Describe what makes this product different: what it is made of, how it is made, "
                    "where it comes from.]"
                )
            ),
            HeadingBlock(text="Key features"),
            ListBlock(items=self._feature_items("feature")),
        ]
        self._lists(sections)
        specs = SpecsBlock(
            title="Specifications",
            items=[
                SpecItem(name=name, value=self.ph(f"[Add the {what}]"))
                for name, what in (
                    ("Price", "price"),
                    ("SKU", "SKU"),
                    ("Dimensions", "dimensions"),
                    ("Weight", "weight"),
                    ("Materials", "materials"),
                    ("Options", "available options"),
                    ("Warranty", "warranty"),
                )
            ],
        )
        k = self.keyword
        faq = self._faq(
            [f"What is included with {k}", f"Is there a warranty on {k}", f"How do I look after {k}"], always=True
        )
        return self._finish(pre, sections, [specs, *faq, *self.cta(required=True)])

    def _service(self, pre: list[Block], sections: list[_Section]) -> list[Block]:
        pre += [HeadingBlock(text="What the service includes"), ListBlock(items=self._feature_items("service"))]
        self._lists(sections)
        name = self.b.site_name or "us"
        post: list[Block] = [
            HeadingBlock(text="How it works"),
            ListBlock(
                ordered=True,
                items=[
                    self.ph("[Get in touch: add how customers contact you]"),
                    self.ph("[Describe the assessment or consultation step]"),
                    self.ph("[Describe how the work is carried out]"),
                    self.ph("[Describe follow-up or aftercare]"),
                ],
            ),
            HeadingBlock(text="Pricing"),
            ParagraphBlock(text=self.ph("[Add pricing, or explain how quotes are calculated.]")),
            HeadingBlock(text="Areas served"),
            ParagraphBlock(text=self.ph("[Add the areas you serve.]")),
            HeadingBlock(text=f"Why choose {name}"),
            ListBlock(
                items=[
                    self.ph("[Add a qualification or credential you can prove]"),
                    self.ph("[Add a guarantee you actually offer]"),
                ]
            ),
        ]
        k = self.keyword
        faq = self._faq([f"How much does {k} cost", "How long does it take", "Which areas do you cover"], always=True)
        return self._finish(pre, sections, [*post, *faq, *self.cta(required=True)])

    def _taxonomy(self, pre: list[Block], sections: list[_Section]) -> list[Block]:
        found = [_cap(k) for k in self.b.secondary_keywords[:8]] or [h for h, _ in self.sections_in][:8]
        pre += [
            HeadingBlock(text="What you will find in this category"),
            ListBlock(items=found or [self.ph("[List the main groups in this category]")]),
        ]
        for sec in sections:
            sec.expandable = len(sections) < 3  # category pages keep sub-sections short
        post: list[Block] = [
            HeadingBlock(text="How to choose"),
            ListBlock(
                ordered=True,
                items=[_cap(p) for _, pts in self.sections_in for p in pts][:5]
                or [self.ph("[Add the first thing to consider]"), self.ph("[Add the next thing to consider]")],
            ),
        ]
        k = self.keyword
        faq = self._faq(
            [f"How do I choose the right {k}", f"What is the difference between the types of {k}"], always=True
        )
        return self._finish(pre, sections, [*post, *faq, *self.cta(required=False)])

    # -- shared parts --

    def _note(self) -> str:
        note = OFFLINE_NOTE
        if self.b.voice.tone:
            note += f" Tone to aim for: {self.b.voice.tone}."
        return note

    def _lists(self, sections: list[_Section]) -> None:
        for sec, (_, points) in zip(sections, self.sections_in, strict=True):
            if points:
                sec.after.append(ListBlock(items=[_cap(p) for p in points]))

    def _options(self) -> tuple[str, str]:
        parts = re.split(r"\s+(?:vs\.?|versus|or)\s+", self.keyword, maxsplit=1, flags=re.IGNORECASE)
        if len(parts) == 2 and all(p.strip() for p in parts):
            return _cap(parts[0].strip()), _cap(parts[1].strip())
        return self.ph("[Option A]"), self.ph("[Option B]")

    def _feature_items(self, kind: str) -> list[str]:
        sources = [_cap(k) for k in self.b.secondary_keywords[:5]] or [
            _cap(p) for _, pts in self.sections_in for p in pts
        ][:5]
        describe = {
            "feature": "[describe how the product delivers this]",
            "service": "[describe what is included]",
            "benefit": "[describe the benefit in concrete terms]",
        }[kind]
        items = [f"{s}: {self.ph(describe)}" for s in sources]
        while len(items) < 3:
            items.append(self.ph(f"[Add a {kind}]"))
        return items

    def _faq(self, defaults: list[str], *, always: bool) -> list[Block]:
        if not self.questions and not always:
            return []
        items = self.faq_items(defaults)
        return [FAQBlock(items=items)] if items else []

    def _finish(self, pre: list[Block], sections: list[_Section], post: list[Block]) -> list[Block]:
        """Grow the sections' prose until the piece is near the target word count."""
        target = max(200, self.b.target_word_count)
        total = _block_words([*pre, *[b for s in sections for b in s.blocks()], *post])
        growable = [s for s in sections if s.expandable] or sections
        if not growable:
            growable = [self.section(self.keyword, [self.keyword], label=f"About {self.keyword}")]
            sections = growable
        turn = 0
        while total < target * 0.95 and turn < 800:
            sec = growable[turn % len(growable)]
            text = " ".join(self._next_sentence(sec) for _ in range(2))
            sec.paragraphs.append(text)
            total += _words(text)
            turn += 1
        return [*pre, *[b for s in sections for b in s.blocks()], *post]


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --- shared by the offline and LLM paths --------------------------------------------------------------


def faq_from_blocks(blocks: list[Block]) -> list[dict[str, str]]:
    return [
        {"question": i.question, "answer": i.answer}
        for b in blocks
        if isinstance(b, FAQBlock)
        for i in b.items
        if i.question.strip()
    ]


def schema_skeleton(
    *, layout: str, title: str, description: str, keywords: list[str], site_name: str, faq: list[dict[str, str]]
) -> list[dict[str, Any]]:
    """schema.org JSON-LD skeletons; facts the writer cannot know are [placeholders]."""
    base: dict[str, Any] = {"@context": "https://schema.org", "@type": SCHEMA_TYPES.get(layout, "Article")}
    if layout == "product":
        base |= {
            "name": title,
            "description": description,
            "sku": "[Add the SKU]",
            "brand": {"@type": "Brand", "name": "[Add the brand]"},
            "offers": {
                "@type": "Offer",
                "price": "[Add the price]",
                "priceCurrency": "[Add the currency]",
                "availability": "[Add the availability]",
            },
        }
    elif layout == "service":
        base |= {
            "name": title,
            "description": description,
            "serviceType": keywords[0] if keywords else title,
            "provider": {"@type": "Organization", "name": site_name or "[Add the business name]"},
            "areaServed": "[Add the area served]",
        }
    elif layout in {"taxonomy", "page"}:
        base |= {"name": title, "description": description}
    else:
        base |= {
            "headline": title[:110],
            "description": description,
            "keywords": ", ".join(keywords),
            "author": {"@type": "Person", "name": "[Add the author's name]"},
        }
    out = [base]
    if faq:
        out.append(
            {
                "@context": "https://schema.org",
                "@type": "FAQPage",
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": f["question"],
                        "acceptedAnswer": {"@type": "Answer", "text": f["answer"]},
                    }
                    for f in faq
                ],
            }
        )
    return out


def _first_paragraph(blocks: list[Block]) -> str:
    for block in blocks:
        if isinstance(block, ParagraphBlock) and block.text.strip() and "[" not in block.text:
            return block.text
    return ""


def draft_finalize(
    brief: Brief,
    *,
    title: str,
    blocks: list[Block],
    meta_title: str = "",
    meta_description: str = "",
    tags: list[str] | None = None,
    categories: list[str] | None = None,
    offline: bool,
    placeholders: list[str] | None = None,
) -> Draft:
    """Scrub avoided words everywhere, fit the meta fields, derive slug, tags and structure data."""
    scrub = Scrubber(brief.voice.words_to_avoid)
    layout = layout_for(brief.content_type, brief.content_structure)
    blocks = scrub_blocks(map_block_text(safe_block_urls(blocks), plain_text), scrub)
    title, meta_title, meta_description = plain_text(title), plain_text(meta_title), plain_text(meta_description)
    tags = [plain_text(t) for t in tags or []]
    categories = [plain_text(c) for c in categories] if categories else None
    title = scrub(re.sub(r"\s+", " ", title).strip()) or scrub(brief.title) or brief.primary_keyword or "Untitled"
    title = title[:255]
    k = scrub(brief.primary_keyword) or title
    meta_title = fit_meta_title(scrub(meta_title) or title)
    summary = {
        "product": f"{_cap(k)}: features, specifications and answers to common questions.",
        "service": f"{_cap(k)}: what the service includes, how it works and answers to common questions.",
        "taxonomy": f"Browse {k}: what this category includes and how to choose.",
        "page": f"{_cap(k)}: the main benefits, how it works and what to do next.",
    }.get(layout, _first_paragraph(blocks) or f"{_cap(k)}: what it is, why it matters and how to approach it.")
    description = fit_meta_description([meta_description, summary] if meta_description else [summary], scrub)
    tag_list = tags_from(brief.primary_keyword, [*(tags or []), *brief.secondary_keywords], scrub)
    category_list = [c for c in (scrub(c.strip())[:100] for c in (categories or [brief.category])) if c][:5]
    faq = faq_from_blocks(blocks)
    structure = {
        "layout": layout,
        "offline_draft": offline,
        "outline": [{"heading": scrub(h), "points": [scrub(p) for p in pts]} for h, pts in brief.outline],
        "faq": faq,
        "schema": schema_skeleton(
            layout=layout,
            title=title,
            description=description,
            keywords=tag_list,
            site_name=brief.site_name,
            faq=faq,
        ),
        "placeholders": sorted({scrub(p) for p in placeholders or []}),
    }
    return Draft(
        title=title,
        slug=(slugify(title, allow_unicode=True) or "content")[:200],
        meta_title=meta_title,
        meta_description=description,
        tags=tag_list,
        categories=category_list,
        blocks=blocks,
        structure_data=structure,
    )


def write_offline_draft(brief: Brief) -> Draft:
    writer = OfflineWriter(brief)
    blocks = writer.build()
    return draft_finalize(brief, title=brief.title, blocks=blocks, offline=True, placeholders=writer.placeholders)

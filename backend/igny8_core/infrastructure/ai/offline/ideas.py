"""Offline content ideas: rules over the cluster's own keywords (questions, modifiers, intent).

This is not a language model. It reads what searchers typed — the questions they ask, the
modifiers they use (best, vs, review, how to, near me, for beginners, price…) and the
cluster's dominant intent — and turns that into ideas with outlines whose sections come
from those keywords. Everything it writes is marked ``generated_by: "offline"``.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from igny8_core.domain.planning.text import is_question, normalize_keyword, tokens

SMALL_WORDS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "but",
    "by",
    "for",
    "in",
    "of",
    "on",
    "or",
    "the",
    "to",
    "vs",
    "with",
    "from",
    "into",
    "near",
    "per",
    "via",
}
STOP = SMALL_WORDS | {
    "is",
    "are",
    "what",
    "how",
    "why",
    "when",
    "where",
    "which",
    "who",
    "do",
    "does",
    "can",
    "i",
    "you",
    "my",
    "your",
    "best",
    "top",
    "me",
    "it",
    "be",
    "should",
    "will",
    "much",
    "many",
}
# Words a subtopic never is, and a keyword-as-heading drops from its start ("best trail shoes" → "trail shoes").
LEADING_FILLERS = frozenset({"best", "top", "the", "a"})
SERVICE_WORDS = {
    "service",
    "services",
    "company",
    "companies",
    "contractor",
    "contractors",
    "agency",
    "repair",
    "installation",
    "install",
    "hire",
    "near",
    "consultant",
    "consulting",
    "cleaning",
    "removal",
    "quote",
    "quotes",
    "local",
    "expert",
    "experts",
    "specialist",
}
PRODUCT_WORDS = {
    "buy",
    "shop",
    "sale",
    "price",
    "prices",
    "cheap",
    "order",
    "discount",
    "deal",
    "deals",
    "store",
    "online",
    "kit",
    "set",
    "pack",
}


@dataclass(frozen=True)
class KeywordInfo:
    keyword: str
    volume: int
    difficulty: int
    intent: str


@dataclass
class OutlineSection:
    heading: str
    points: list[str]


@dataclass
class Idea:
    title: str
    description: str
    content_type: str
    content_structure: str
    target_word_count: int
    primary_keyword: str
    secondary_keywords: list[str]
    outline: list[OutlineSection]


def title_case(text: str) -> str:
    words = text.split()
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        if 0 < i < len(words) - 1 and lower in SMALL_WORDS:
            out.append(lower)
        elif word.isupper() and len(word) > 1:
            out.append(word)
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)


def _pick(options: list[str], seed: str, salt: str) -> str:
    digest = hashlib.sha256(f"{seed}|{salt}".encode()).digest()
    return options[digest[0] % len(options)]


def _fmt_volume(volume: int) -> str:
    return f"{volume:,}/mo" if volume else "no volume data"


class ClusterReading:
    """What the cluster's keywords say: topic, questions, modifiers, sub-topics."""

    def __init__(self, name: str, intent: str, keywords: list[KeywordInfo]) -> None:
        self.keywords = sorted(keywords, key=lambda k: (-k.volume, len(k.keyword), k.keyword))
        self.intent = intent
        self.primary = self.keywords[0] if self.keywords else KeywordInfo(name, 0, 0, intent)
        self.norms = [normalize_keyword(k.keyword) for k in self.keywords]
        self.questions = [k for k, n in zip(self.keywords, self.norms, strict=True) if is_question(n)]
        self.words = Counter(w for n in self.norms for w in set(tokens(n)))
        self.topic = self._topic(name)
        self.topic_words = set(tokens(self.topic))
        self.subtopics = self._subtopics()
        joined = " ".join(self.norms)
        self.has = {
            "vs": bool(re.search(r"\b(vs|versus|or)\b", joined)) and bool(re.search(r"\b(vs|versus)\b", joined)),
            "best": bool(re.search(r"\b(best|top)\b", joined)),
            "review": bool(re.search(r"\breviews?\b", joined)),
            "howto": bool(re.search(r"\bhow (to|do|can)\b", joined)),
            "beginner": bool(re.search(r"\b(beginners?|basics|101|for dummies)\b", joined)),
            "ideas": bool(re.search(r"\b(ideas|examples|inspiration|designs?)\b", joined)),
            "price": bool(re.search(r"\b(price|prices|pricing|cost|costs|cheap|affordable)\b", joined)),
            "near": bool(re.search(r"\bnear me\b|\blocal\b", joined)),
            "benefits": bool(re.search(r"\b(benefits|advantages|pros)\b", joined)),
            "types": bool(re.search(r"\b(types|kinds|different)\b", joined)),
            "service": bool(set(self.words) & SERVICE_WORDS),
            "product": bool(set(self.words) & PRODUCT_WORDS),
        }

    def _topic(self, name: str) -> str:
        """The shared core: the most frequent non-stop words in the order they appear in the primary keyword."""
        threshold = max(2, int(len(self.norms) * 0.4))
        core = [w for w in tokens(self.primary.keyword) if w not in STOP and self.words[w] >= threshold]
        if not core:
            core = [w for w in tokens(name) if w not in STOP] or tokens(self.primary.keyword)
        return " ".join(core[:5]) or name

    def _subtopics(self) -> list[tuple[str, KeywordInfo]]:
        """Keywords that add something to the topic, as (the added part, the keyword), best first."""
        seen: set[str] = set()
        out = []
        for kw, norm in zip(self.keywords, self.norms, strict=True):
            extra = [w for w in tokens(norm) if w not in self.topic_words and w not in LEADING_FILLERS]
            label = " ".join(extra).strip()
            if not label or label in seen or is_question(norm):
                continue
            seen.add(label)
            out.append((label, kw))
        return out

    def versus_pair(self) -> tuple[str, str] | None:
        for norm in self.norms:
            match = re.search(r"(.+?)\s+(?:vs\.?|versus)\s+(.+)", norm)
            if match:
                return match.group(1).strip(), match.group(2).strip()
        return None

    def covers(self, limit: int = 3, skip: int = 0) -> list[str]:
        return [f'Cover "{k.keyword}" ({_fmt_volume(k.volume)})' for k in self.keywords[skip : skip + limit]]


def _word_count(structure: str, reading: ClusterReading) -> int:
    base = {
        "guide": 2000,
        "how_to": 1500,
        "listicle": 1800,
        "comparison": 1600,
        "review": 1500,
        "article": 1200,
        "service_page": 900,
        "product_page": 700,
        "category_page": 600,
        "landing_page": 800,
    }[structure]
    extra = min(1000, max(0, len(reading.keywords) - 5) * 50)
    avg_difficulty = sum(k.difficulty for k in reading.keywords) / max(1, len(reading.keywords))
    factor = 1.2 if avg_difficulty > 50 else 1.0
    return round((base + extra) * factor / 100.0) * 100


def _faq(reading: ClusterReading, limit: int = 6) -> OutlineSection | None:
    if not reading.questions:
        return None
    points = [title_case(q.keyword.rstrip("?")) + "?" for q in reading.questions[:limit]]
    return OutlineSection("Frequently Asked Questions", points)


PREPOSITIONS = {
    "for",
    "with",
    "in",
    "on",
    "at",
    "from",
    "without",
    "under",
    "over",
    "by",
    "to",
    "after",
    "before",
    "during",
    "near",
}
SKIP_LABEL = re.compile(r"\b(near me|price|prices|pricing|cost|costs|cheap|how much)\b")


def sub_phrase(topic: str, label: str, keyword: str = "") -> str:
    """'organic fertilizer' + 'for tomatoes' → 'organic fertilizer for tomatoes'; + 'homemade' → 'homemade organic
    fertilizer'. Given the keyword the label came from, the keyword's own words win, as searchers wrote them
    ('marathon training plan', 'running shoes for flat feet'), less a leading 'best', 'top', 'the' or 'a'."""
    words = tokens(keyword)
    while words and words[0] in LEADING_FILLERS:
        words = words[1:]
    if words and set(label.split()) <= set(words):
        return " ".join(words)
    first = label.split()[0]
    return f"{topic} {label}" if first in PREPOSITIONS or len(label.split()) > 2 else f"{label} {topic}"


def _sub_sections(reading: ClusterReading, template: str, limit: int) -> list[OutlineSection]:
    sections = []
    for label, kw in [(lbl, kw) for lbl, kw in reading.subtopics if not SKIP_LABEL.search(lbl)][:limit]:
        phrase = sub_phrase(reading.topic, label, kw.keyword)
        heading = title_case(template.format(phrase=phrase, topic=reading.topic, sub=label))
        sections.append(
            OutlineSection(
                heading,
                [f'Cover "{kw.keyword}" ({_fmt_volume(kw.volume)})', f"What changes for {label} and why it matters"],
            )
        )
    return sections


def _guide(reading: ClusterReading, seed: str) -> Idea:
    topic = title_case(reading.topic)
    title = _pick(
        [
            f"{topic}: The Complete Guide",
            f"The Ultimate Guide to {topic}",
            f"{topic} Explained: Everything You Need to Know",
            f"A Practical Guide to {topic}",
        ],
        seed,
        "guide-title",
    )
    if reading.has["beginner"]:
        title = f"{topic} for Beginners: A Step-by-Step Guide"
    outline = [OutlineSection(f"What Is {topic}?", ["A plain definition in the first 100 words", *reading.covers(1)])]
    if reading.has["benefits"]:
        outline.append(OutlineSection(f"Benefits of {topic}", ["The main advantages, with a concrete example each"]))
    if reading.has["types"]:
        outline.append(OutlineSection(f"Types of {topic}", ["Each type with when to use it"]))
    outline += _sub_sections(
        reading, _pick(["{phrase}", "{phrase}: What to Know", "All About {phrase}"], seed, "sub"), 4
    )
    outline.append(
        OutlineSection(
            _pick(
                [f"How to Get Started with {topic}", f"Getting {topic} Right", f"{topic}: Step by Step"], seed, "start"
            ),
            ["A short numbered plan a reader can follow today"],
        )
    )
    outline.append(OutlineSection("Common Mistakes to Avoid", ["The 3-5 mistakes people make and how to fix them"]))
    faq = _faq(reading)
    if faq:
        outline.append(faq)
    return _idea(
        reading,
        title,
        "post",
        "guide",
        outline,
        f"A complete guide to {reading.topic} for readers who want to understand it and act on it",
    )


def _how_to(reading: ClusterReading, seed: str) -> Idea:
    topic = title_case(reading.topic)
    question = next(
        (k.keyword for k in reading.keywords if re.search(r"\bhow to\b", normalize_keyword(k.keyword))),
        f"how to {reading.topic}",
    )
    task = title_case(re.sub(r"^.*?\bhow to\b\s*", "", normalize_keyword(question)).rstrip("?")) or topic
    title = _pick(
        [f"How to {task}: Step-by-Step", f"How to {task} (A Simple Guide)", f"How to {task} the Right Way"],
        seed,
        "howto-title",
    )
    outline = [OutlineSection("What You'll Need", ["Tools, materials or accounts needed before starting"])]
    for i, (step, point) in enumerate(
        [
            ("Get Ready", "What to prepare, with quantities or settings"),
            (task, "The core instructions, one action per numbered sub-step"),
            ("Check the Result", "How to tell it worked, and what to adjust"),
        ],
        start=1,
    ):
        outline.append(OutlineSection(f"Step {i}: {step}", [point]))
    variations = [f'Cover "{kw.keyword}" ({_fmt_volume(kw.volume)})' for _, kw in reading.subtopics[:5]]
    if variations:
        outline.append(OutlineSection("Variations and Special Cases", variations))
    outline.append(OutlineSection("Tips for Better Results", ["Practical tips from experience"]))
    outline.append(OutlineSection("Troubleshooting", ["What to do when it does not work as expected"]))
    faq = _faq(reading)
    if faq:
        outline.append(faq)
    return _idea(reading, title, "post", "how_to", outline, f"Step-by-step instructions: {question}")


def _listicle(reading: ClusterReading, seed: str) -> Idea:
    topic = title_case(reading.topic)
    count = max(5, min(15, len(reading.subtopics) + 5))
    if reading.has["ideas"]:
        title = _pick([f"{count} {topic} Ideas to Try", f"{count} Inspiring {topic} Ideas"], seed, "ideas-title")
    else:
        title = _pick(
            [
                f"Best {topic}: {count} Top Picks Compared",
                f"The {count} Best {topic} Options",
                f"{count} Best {topic} for Every Need",
            ],
            seed,
            "best-title",
        )
    outline = [
        OutlineSection("How We Chose", ["The criteria used to compare options, stated up front"]),
        OutlineSection("Quick Comparison", ["A table: option, best for, price range, key strength"]),
    ]
    outline += _sub_sections(reading, "Best {phrase}", 5)
    if len(outline) < 5:
        outline.append(OutlineSection(f"Our Top {topic} Picks", [f"{count} options, each with pros and cons"]))
    outline.append(OutlineSection(f"What to Look For in {topic}", ["Buying criteria that actually matter"]))
    faq = _faq(reading)
    if faq:
        outline.append(faq)
    return _idea(reading, title, "post", "listicle", outline, f"A ranked, comparable list of {reading.topic} options")


def _comparison(reading: ClusterReading, seed: str) -> Idea:
    pair = reading.versus_pair() or (reading.topic, "the alternatives")
    a, b = title_case(pair[0]), title_case(pair[1])
    title = _pick(
        [
            f"{a} vs {b}: Which Is Better?",
            f"{a} vs {b}: Key Differences Explained",
            f"{a} or {b}? An Honest Comparison",
        ],
        seed,
        "vs-title",
    )
    outline = [
        OutlineSection(f"{a} vs {b} at a Glance", ["A side-by-side table of the key attributes"]),
        OutlineSection("Key Differences", ["The 3-5 differences that change the decision"]),
        OutlineSection(f"When to Choose {a}", ["Situations and readers it suits best"]),
        OutlineSection(f"When to Choose {b}", ["Situations and readers it suits best"]),
    ]
    if reading.has["price"]:
        outline.append(OutlineSection("Cost Comparison", ["Upfront and ongoing costs of each"]))
    outline.append(OutlineSection("The Verdict", ["A clear recommendation per type of reader"]))
    faq = _faq(reading)
    if faq:
        outline.append(faq)
    return _idea(reading, title, "post", "comparison", outline, f"A fair comparison of {pair[0]} and {pair[1]}")


def _review(reading: ClusterReading, seed: str) -> Idea:
    topic = title_case(re.sub(r"\breviews?\b", "", reading.topic).strip() or reading.topic)
    title = _pick(
        [f"{topic} Review: Pros, Cons and Verdict", f"{topic} Review: Is It Worth It?", f"An Honest {topic} Review"],
        seed,
        "review-title",
    )
    outline = [
        OutlineSection("Overview", ["What it is, who makes it, who it is for"]),
        OutlineSection("Key Features", ["The features that matter, tested against claims"]),
        OutlineSection("Pros and Cons", ["Balanced lists based on real use"]),
        OutlineSection("Pricing", ["Plans or prices and what you get for them"]),
        OutlineSection("Alternatives", ["2-3 alternatives and when they are the better choice"]),
        OutlineSection("Verdict", ["Who should buy it and who should not"]),
    ]
    faq = _faq(reading)
    if faq:
        outline.append(faq)
    return _idea(reading, title, "post", "review", outline, f"A hands-on review of {reading.topic}")


def _service_page(reading: ClusterReading, seed: str) -> Idea:
    topic = title_case(re.sub(r"\b(near me|services?|company|companies)\b", "", reading.topic).strip() or reading.topic)
    title = _pick(
        [f"{topic} Services", f"Professional {topic} Services", f"Expert {topic} Services"], seed, "service-title"
    )
    outline = [
        OutlineSection(f"Our {topic} Services", ["What is included, in plain words", *reading.covers(2)]),
        OutlineSection("Why Choose Us", ["Experience, guarantees, certifications — facts only"]),
        OutlineSection("How It Works", ["The process from first contact to finished job"]),
    ]
    outline += _sub_sections(reading, "{phrase}", 3)
    if reading.has["price"]:
        outline.append(OutlineSection("Pricing and Quotes", ["What drives the price; how to get a quote"]))
    if reading.has["near"]:
        outline.append(OutlineSection("Areas We Serve", ["Service area and response times"]))
    faq = _faq(reading)
    if faq:
        outline.append(faq)
    outline.append(OutlineSection("Get a Free Quote", ["A clear call to action with contact options"]))
    return _idea(
        reading,
        title,
        "service",
        "service_page",
        outline,
        f"A service page that converts searchers looking for {reading.topic}",
    )


def _product_or_category(reading: ClusterReading, seed: str) -> Idea:
    topic = title_case(re.sub(r"\b(buy|cheap|online|sale|for sale|shop)\b", "", reading.topic).strip() or reading.topic)
    if len(reading.subtopics) >= 3:
        title = _pick([f"Shop {topic}", f"{topic}: Browse the Range", f"{topic} Collection"], seed, "cat-title")
        outline = [OutlineSection(f"About Our {topic}", ["What the range covers and who it is for"])]
        outline += _sub_sections(reading, "{phrase}", 5)
        outline.append(OutlineSection(f"How to Choose {topic}", ["The 3-4 criteria that decide the right pick"]))
        faq = _faq(reading)
        if faq:
            outline.append(faq)
        return _idea(
            reading,
            title,
            "taxonomy",
            "category_page",
            outline,
            f"A category page for shoppers comparing {reading.topic}",
        )
    title = _pick([f"{topic}", f"{topic} — Features, Specs and Price"], seed, "product-title")
    outline = [
        OutlineSection("Overview", ["What it is and the problem it solves"]),
        OutlineSection("Key Features", ["Each feature with the benefit it brings"]),
        OutlineSection("Specifications", ["A specs table"]),
        OutlineSection("Who It's For", ["Use cases and buyers it suits"]),
    ]
    faq = _faq(reading)
    if faq:
        outline.append(faq)
    return _idea(reading, title, "product", "product_page", outline, f"A product page for {reading.topic}")


def _questions_article(reading: ClusterReading, seed: str) -> Idea:
    topic = title_case(reading.topic)
    count = len(reading.questions[:8])
    title = _pick(
        [
            f"{topic}: {count} Questions Answered",
            f"{topic} FAQ: Your Questions Answered",
            f"Everything People Ask About {topic}",
        ],
        seed,
        "q-title",
    )
    outline = [
        OutlineSection(
            title_case(q.keyword.rstrip("?")) + "?",
            [f"Answer directly in the first sentence ({_fmt_volume(q.volume)})", "Then explain with an example"],
        )
        for q in reading.questions[:8]
    ]
    outline.append(OutlineSection("Key Takeaways", ["A short summary list"]))
    return _idea(
        reading,
        title,
        "post",
        "article",
        outline,
        f"Direct answers to the questions people search about {reading.topic}",
    )


def _idea(
    reading: ClusterReading, title: str, content_type: str, structure: str, outline: list[OutlineSection], angle: str
) -> Idea:
    primary = reading.primary
    secondary = [k.keyword for k in reading.keywords if k.keyword != primary.keyword][:10]
    description = (
        f'{angle}. Targets "{primary.keyword}" ({_fmt_volume(primary.volume)}) and '
        f"{len(secondary)} related keywords for {reading.intent} searches."
    )
    return Idea(
        title=title[:255],
        description=description,
        content_type=content_type,
        content_structure=structure,
        target_word_count=_word_count(structure, reading),
        primary_keyword=primary.keyword,
        secondary_keywords=secondary,
        outline=outline,
    )


def ideas_for_cluster(
    *, cluster_id: int, name: str, intent: str, keywords: list[KeywordInfo], max_ideas: int = 3
) -> list[Idea]:
    """1-3 ideas: the main piece the cluster's intent and modifiers call for, plus supporting pieces."""
    reading = ClusterReading(name, intent, keywords)
    seed = f"{cluster_id}:{name}"
    builders = []
    if reading.has["service"] and intent in ("transactional", "commercial"):
        builders.append(_service_page)
    elif intent == "transactional" and reading.has["product"]:
        builders.append(_product_or_category)
    elif reading.has["vs"]:
        builders.append(_comparison)
    elif reading.has["review"]:
        builders.append(_review)
    elif reading.has["best"] or reading.has["ideas"]:
        builders.append(_listicle)
    elif reading.has["howto"]:
        builders.append(_how_to)
    else:
        builders.append(_guide)
    for candidate, wanted in (
        (_how_to, reading.has["howto"]),
        (_listicle, reading.has["best"]),
        (_comparison, reading.has["vs"]),
        (_questions_article, len(reading.questions) >= 3),
        (_guide, len(reading.keywords) >= 8),
    ):
        if wanted and candidate not in builders:
            builders.append(candidate)
    ideas: list[Idea] = []
    titles: set[str] = set()
    for build in builders:
        idea = build(reading, seed)
        if idea.title.lower() not in titles:
            ideas.append(idea)
            titles.add(idea.title.lower())
        if len(ideas) >= max_ideas:
            break
    return ideas

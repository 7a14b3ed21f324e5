"""Keyword text helpers: normalization and offline intent classification (rules, stated as such)."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")

QUESTION_WORDS = (
    "how",
    "what",
    "why",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "whose",
    "can",
    "could",
    "does",
    "do",
    "is",
    "are",
    "should",
    "will",
    "would",
    "did",
    "was",
    "were",
)

TRANSACTIONAL = {
    "buy",
    "price",
    "prices",
    "pricing",
    "cheap",
    "cheapest",
    "deal",
    "deals",
    "discount",
    "coupon",
    "coupons",
    "order",
    "sale",
    "purchase",
    "shop",
    "store",
    "hire",
    "book",
    "booking",
    "quote",
    "cost",
    "costs",
    "rent",
    "rental",
    "subscribe",
    "download",
    "free trial",
    "near me",
    "for sale",
    "delivery",
    "shipping",
    "promo",
}
COMMERCIAL = {
    "best",
    "top",
    "vs",
    "versus",
    "review",
    "reviews",
    "compare",
    "comparison",
    "alternative",
    "alternatives",
    "rated",
    "ranking",
    "recommended",
    "brands",
    "affordable",
    "premium",
    "budget",
    "pros and cons",
    "worth it",
}
NAVIGATIONAL = {
    "login",
    "log in",
    "sign in",
    "signin",
    "official",
    "website",
    "site",
    "app",
    "portal",
    "account",
    "contact",
    "customer service",
    "phone number",
    "address",
    "hours",
}
INFORMATIONAL = {
    "how",
    "what",
    "why",
    "guide",
    "tutorial",
    "tips",
    "ideas",
    "examples",
    "meaning",
    "definition",
    "learn",
    "benefits",
    "history",
    "facts",
    "when",
    "where",
    "who",
    "which",
    "ways",
    "checklist",
}


def normalize_keyword(text: str) -> str:
    """Case-folded, NFKC, single-spaced, trimmed; what uniqueness and embeddings use."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", text).strip()


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalize_keyword(text))


def is_question(text: str) -> bool:
    words = tokens(text)
    return bool(words) and (words[0] in QUESTION_WORDS or text.strip().endswith("?"))


def _has(phrase_set: set[str], text: str, words: set[str]) -> bool:
    return any((p in text) if " " in p else (p in words) for p in phrase_set)


def classify_intent(text: str) -> str:
    """Offline rule-based intent: transactional > commercial > navigational > informational.

    Rules over modifier words (buy/price/near me, best/vs/review, login/official, how/what/guide);
    not a model. A keyword with no modifier is informational.
    """
    norm = normalize_keyword(text)
    words = set(tokens(norm))
    if is_question(norm):
        if _has(COMMERCIAL, norm, words):
            return "commercial"
        return "informational"
    if _has(TRANSACTIONAL, norm, words):
        return "transactional"
    if _has(COMMERCIAL, norm, words):
        return "commercial"
    if _has(NAVIGATIONAL, norm, words) or re.search(r"\.(com|net|org|io|co)\b", norm):
        return "navigational"
    return "informational"

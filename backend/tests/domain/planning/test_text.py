"""Keyword text helpers: normalization and the offline (rule-based) intent classifier."""

from __future__ import annotations

import pytest

from igny8_core.domain.planning.text import classify_intent, is_question, normalize_keyword, tokens

# --- normalize_keyword -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Best Running Shoes", "best running shoes"),
        ("  best   running\tshoes \n", "best running shoes"),
        ("best\u00a0running\u2003shoes", "best running shoes"),  # no-break and em spaces
        ("ＢＥＳＴ ｓｈｏｅｓ", "best shoes"),  # full-width letters (NFKC)
        ("ﬁtness tips", "fitness tips"),  # the fi ligature (NFKC)
        ("Straße Köln", "strasse köln"),  # case folding, not just lower()
        ("CAFÉ", "café"),
        ("cafe\u0301", "café"),  # combining accent composes (NFKC)
        ("", ""),
        ("   ", ""),
        ("iPhone 15 Pro?", "iphone 15 pro?"),
    ],
)
def test_normalize_keyword(text: str, expected: str):
    assert normalize_keyword(text) == expected


def test_normalization_makes_spellings_of_one_keyword_equal():
    spellings = ["Best Running Shoes", "best  running shoes", " BEST RUNNING SHOES ", "best\u00a0running shoes"]

    assert {normalize_keyword(s) for s in spellings} == {"best running shoes"}


def test_tokens_keep_apostrophes_and_drop_punctuation():
    assert tokens("What's the BEST-rated shoe, 2024?") == ["what's", "the", "best", "rated", "shoe", "2024"]


# --- questions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("how to tie shoes", True),
        ("What is SEO", True),
        ("why do cats purr", True),
        ("when does the store open", True),
        ("where to run in paris", True),
        ("which shoe fits", True),
        ("who makes nike", True),
        ("can dogs eat grapes", True),
        ("does coffee dehydrate you", True),
        ("is running good for you", True),
        ("should i stretch", True),
        ("running shoes?", True),  # a trailing question mark
        ("running shoes", False),
        ("howard johnson hotel", False),  # "how" must be a whole word
        ("doing laundry", False),
        ("shoes for running how", False),  # the question word must come first
        ("", False),
    ],
)
def test_is_question(text: str, question: bool):
    assert is_question(text) is question


# --- classify_intent ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # transactional modifiers
        ("buy running shoes", "transactional"),
        ("running shoes price", "transactional"),
        ("plumber near me", "transactional"),  # a phrase modifier
        ("cheap flights to rome", "transactional"),
        ("nike coupon code", "transactional"),
        ("used cars for sale", "transactional"),
        # commercial modifiers
        ("best running shoes", "commercial"),
        ("nike vs adidas", "commercial"),
        ("trail shoe reviews", "commercial"),
        ("notion alternatives", "commercial"),
        ("standing desk pros and cons", "commercial"),
        # navigational modifiers
        ("facebook login", "navigational"),
        ("chase bank customer service", "navigational"),
        ("nike official website", "navigational"),
        ("amazon.com", "navigational"),  # a domain
        ("github.io pages", "navigational"),
        # informational: modifiers or none at all
        ("running shoe guide", "informational"),
        ("marathon training tips", "informational"),
        ("running shoes", "informational"),  # no modifier
        ("", "informational"),
    ],
)
def test_classify_intent_by_modifier(text: str, intent: str):
    assert classify_intent(text) == intent


def test_transactional_outranks_commercial_outranks_navigational():
    assert classify_intent("buy the best running shoes") == "transactional"
    assert classify_intent("best banking app") == "commercial"
    assert classify_intent("buy app login") == "transactional"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("how to clean running shoes", "informational"),
        ("what is keyword difficulty", "informational"),
        # a question with a transactional or navigational word is still informational
        ("how much does a plumber cost", "informational"),
        ("where to buy running shoes", "informational"),
        ("how to delete my facebook account", "informational"),
        ("can i return shoes without a receipt?", "informational"),
        # a question with a commercial word is commercial
        ("what are the best running shoes", "commercial"),
        ("which is better nike vs adidas", "commercial"),
        ("is a standing desk worth it?", "commercial"),
        ("running shoes or trail shoes?", "informational"),  # a trailing "?" makes it a question
        ("best running shoes?", "commercial"),
    ],
)
def test_questions_are_informational_unless_commercial(text: str, intent: str):
    assert classify_intent(text) == intent


def test_classification_ignores_case_and_spacing():
    assert classify_intent("  BUY   Running SHOES ") == "transactional"
    assert classify_intent("HOW to Run") == "informational"
    assert classify_intent("Facebook LOG IN") == "navigational"

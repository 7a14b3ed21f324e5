"""The offline idea rules (no database): headings built from a cluster's keywords read as people search."""

from __future__ import annotations

from igny8_core.infrastructure.ai.offline.ideas import KeywordInfo, ideas_for_cluster, sub_phrase


def headings(name: str, keywords: list[str]) -> list[str]:
    infos = [KeywordInfo(k, 1000 - i, 20, "informational") for i, k in enumerate(keywords)]
    ideas = ideas_for_cluster(cluster_id=7, name=name, intent="informational", keywords=infos, max_ideas=3)
    return [section.heading for idea in ideas for section in idea.outline]


def test_a_subtopic_keeps_the_word_order_of_its_keyword():
    assert sub_phrase("marathon training", "plan", "marathon training plan") == "marathon training plan"
    assert sub_phrase("marathon training", "half", "half marathon training") == "half marathon training"
    assert sub_phrase("running shoes", "flat feet", "running shoes for flat feet") == "running shoes for flat feet"
    assert sub_phrase("running shoes", "trail women", "best trail running shoes women") == "trail running shoes women"


def test_without_its_keyword_a_subtopic_is_placed_by_its_first_word():
    assert sub_phrase("organic fertilizer", "for tomatoes") == "organic fertilizer for tomatoes"
    assert sub_phrase("organic fertilizer", "homemade") == "homemade organic fertilizer"


def test_outline_headings_use_the_keywords_as_written():
    found = headings("Marathon training", ["marathon training", "marathon training plan", "half marathon training"])
    assert not [h for h in found if "Plan Marathon" in h]
    assert [h for h in found if "Marathon Training Plan" in h]
    assert [h for h in found if "Half Marathon Training" in h]

"""The seed plan's credit cost table (section 10.3)."""

from __future__ import annotations

CREDIT_COSTS = [
    ("clustering", "Keyword clustering", 10, "per_request", "Per clustering request."),
    ("idea_generation", "Idea generation", 15, "per_item", "Per cluster turned into ideas."),
    ("content_generation", "Content generation", 1, "per_100_words", "Per 100 words generated (rounded up)."),
    ("image_generation", "Image generation", 5, "per_item", "Per image."),
    ("image_prompt_extraction", "Image prompt extraction", 2, "per_item", "Per content piece."),
    ("linking", "Internal linking", 8, "per_item", "Per content piece."),
    ("optimization", "Content optimization", 1, "per_200_words", "Per 200 words optimized (rounded up)."),
    ("site_structure_generation", "Site structure generation", 50, "per_request", "Per site blueprint."),
    ("site_page_generation", "Site page generation", 20, "per_item", "Per page."),
]

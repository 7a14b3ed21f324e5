"""Default prompts, in code. Accounts override them per prompt type (``AIPrompt``).

Templates use ``{variable}`` placeholders (str.format); the variables each prompt accepts are
listed in PROMPT_VARIABLES and checked when an override is saved.
"""

from __future__ import annotations

import string

DEFAULT_PROMPTS: dict[str, str] = {
    "auto_cluster": (
        "You are an SEO strategist grouping search keywords into topic clusters for the site "
        "{site_name} ({site_domain}), sector {sector_name}.\n"
        "Group keywords that one page should target together (same search intent and topic). "
        "Give each cluster a short, readable name (2-6 words), a one-sentence description and its dominant "
        "intent (informational, commercial, transactional or navigational). Every keyword must be in exactly "
        "one cluster; use the keyword ids given. Existing clusters you may reuse by name: {existing_clusters}\n\n"
        "Keywords (id: keyword [volume]):\n{keywords}"
    ),
    "generate_ideas": (
        "You are an SEO content strategist for {site_name} ({site_domain}), sector {sector_name}.\n"
        'Propose {ideas_per_cluster} distinct content ideas for the keyword cluster "{cluster_name}" '
        "({cluster_intent} intent, {cluster_volume} monthly searches). Keywords:\n{keywords}\n\n"
        "For each idea give: a compelling title, a 1-2 sentence description, the content_type (post, page, "
        "product, service, taxonomy), the content_structure (article, guide, comparison, review, listicle, "
        "how_to, landing_page, service_page, product_page, category_page), a target word count, the primary "
        "keyword (from the list), secondary keywords (from the list), and an outline of 4-10 ordered H2 "
        "sections, each with the points it covers. Questions people ask belong in the outline."
    ),
}

PROMPT_VARIABLES: dict[str, dict[str, str]] = {
    "auto_cluster": {
        "site_name": "Name of the site",
        "site_domain": "Domain of the site",
        "sector_name": "Sector the keywords belong to",
        "keywords": "One line per keyword: `id: keyword [volume]` (at most 50 per request)",
        "existing_clusters": "Names of clusters that already exist in this sector",
    },
    "generate_ideas": {
        "site_name": "Name of the site",
        "site_domain": "Domain of the site",
        "sector_name": "Sector of the cluster",
        "cluster_name": "The cluster's name",
        "cluster_intent": "The cluster's dominant intent",
        "cluster_volume": "Total monthly search volume of the cluster",
        "keywords": "One line per keyword: `keyword [volume, difficulty]`",
        "ideas_per_cluster": "How many ideas to propose",
    },
}

SYSTEM_PROMPT = (
    "You are part of IGNY8, an SEO content platform. Answer only with the requested JSON; no prose, no markdown fences."
)


def template_variables(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def prompt_validate(*, prompt_type: str, template: str) -> list[str]:
    """Problems with an override: unknown prompt type, unknown variables, broken braces."""
    if prompt_type not in DEFAULT_PROMPTS:
        return [f"Unknown prompt type. Known: {', '.join(sorted(DEFAULT_PROMPTS))}."]
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        return [f"Broken placeholder: {exc}. Write literal braces as {{{{ and }}}}."]
    if any(name == "" for name, _, _ in fields):  # "{}" would need a positional argument
        return ["Broken placeholder: {} names no variable. Write literal braces as {{ and }}."]
    unknown = {name for name, _, _ in fields} - set(PROMPT_VARIABLES[prompt_type])
    if unknown:
        return [
            f"Unknown variables: {', '.join(sorted(unknown))}. Allowed: "
            f"{', '.join(sorted(PROMPT_VARIABLES[prompt_type]))}."
        ]
    for name, spec, conv in fields:  # "{site_name:d}" or "{x!z}" would fail at render time, in every job
        if spec or conv:
            written = "{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
            return [f"Broken placeholder: {written}. Placeholders take no format spec or conversion: write {{{name}}}."]
    if not template.strip():
        return ["The prompt is empty."]
    return []


def prompt_render(template: str, variables: dict[str, object]) -> str:
    return template.format(**{k: variables.get(k, "") for k in template_variables(template)})

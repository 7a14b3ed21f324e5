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
    "generate_content": (
        "You are an expert writer for {site_name} ({site_domain}), sector {sector_name}. Write the complete "
        '{content_type} "{title}" ({content_structure} structure), about {target_word_count} words.\n'
        "Primary keyword: {primary_keyword}\nSecondary keywords: {secondary_keywords}\n"
        "Questions searchers ask (answer them in a faq block): {question_keywords}\n"
        "Outline to follow, in order (one H2 per section, covering its points):\n{outline}\n\n"
        "Voice: {voice}. Tone: {tone}. Audience: {audience}. Reading level: {reading_level}.\n"
        "Never use these words: {words_to_avoid}\nCall to action: {cta}\n\n"
        "{type_instructions}\n\n"
        "Answer with the title, a meta_title of at most 60 characters, a meta_description of 120-156 "
        "characters, tags, categories and the body as blocks (heading, paragraph, list, table, specs, faq, "
        "quote, cta, image). Text is plain text, no HTML or markdown. Do not invent statistics, prices, "
        "specifications, brand names or quotes: where a fact is needed and not given, write a clearly marked "
        "placeholder such as [Add the price]."
    ),
    "generate_content_post": (
        "This is a blog post ({content_structure}). Open with a short introduction that answers the search "
        'intent behind "{primary_keyword}". Guides get a list of what they cover; how-tos number their steps; '
        "listicles number their items; comparisons include a comparison table; reviews include an at-a-glance "
        "table, pros and cons and a verdict. End with key takeaways, then the FAQ."
    ),
    "generate_content_page": (
        'This is a landing page for "{primary_keyword}". Lead with the main benefit, then the sections of the '
        "outline, a benefits list, and a clear call to action. Keep paragraphs short and scannable."
    ),
    "generate_content_product": (
        'This is a product page for "{primary_keyword}". Include: a product description, a key features list, '
        "a specs block (name/value pairs; placeholders for any value not given), the outline's sections, an FAQ "
        "and a call to action. Never invent prices, specifications or brand names."
    ),
    "generate_content_service": (
        'This is a service page for "{primary_keyword}". Include: what the service includes, how it works '
        "(ordered steps), pricing (or how quotes work), areas served, why choose {site_name}, an FAQ and a "
        "call to action. Claim no credentials, guarantees or prices that are not given."
    ),
    "generate_content_taxonomy": (
        'This is a category page for "{primary_keyword}". Include: a short introduction to the category, '
        "what the reader will find in it, one short section per sub-topic of the outline, how to choose, "
        "and an FAQ. Keep it concise: category pages help people navigate."
    ),
    "generate_image_prompts": (
        'You write prompts for an image generator for the article "{title}" on {site_name} ({site_domain}).\n'
        "Primary keyword: {primary_keyword}. Secondary keywords: {secondary_keywords}.\n"
        "Write one featured image prompt (a wide hero image for the whole article) and {in_article_count} "
        "in-article image prompts, each for one of these sections (position = the section's number):\n"
        "{headings}\n\n"
        "Each prompt describes one concrete, photographic or illustrative scene in 1-3 sentences, no text in "
        "the image. Give each image short, descriptive alt text (what the image shows, with the keyword where natural)."
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
    "generate_content": {
        "site_name": "Name of the site",
        "site_domain": "Domain of the site",
        "sector_name": "Sector of the task",
        "title": "The task's title",
        "content_type": "post, page, product, service or taxonomy",
        "content_structure": "article, guide, how_to, listicle, comparison, review, landing_page, ...",
        "target_word_count": "Target length in words",
        "primary_keyword": "The primary keyword",
        "secondary_keywords": "Secondary keywords, comma-separated",
        "question_keywords": "Questions from the cluster's keywords, separated by |",
        "outline": "One line per section: `## heading` followed by `- point` lines",
        "voice": "Who is writing (author profile)",
        "tone": "Tone of voice (author profile)",
        "audience": "Who the piece is for (author profile)",
        "reading_level": "simple, standard, advanced or expert",
        "words_to_avoid": "Words never to use, comma-separated",
        "cta": "The strategy's call to action (text and URL), or none",
        "type_instructions": "The generate_content_<type> prompt for the task's content type, rendered",
    },
    **{
        f"generate_content_{content_type}": {
            "site_name": "Name of the site",
            "title": "The task's title",
            "content_structure": "The task's content structure",
            "primary_keyword": "The primary keyword",
            "target_word_count": "Target length in words",
        }
        for content_type in ("post", "page", "product", "service", "taxonomy")
    },
    "generate_image_prompts": {
        "title": "The content's title",
        "site_name": "Name of the site",
        "site_domain": "Domain of the site",
        "primary_keyword": "The content's primary keyword",
        "secondary_keywords": "Its secondary keywords, comma-separated",
        "in_article_count": "How many in-article images to place",
        "headings": "The article's H2 sections, numbered (the number is the image position)",
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

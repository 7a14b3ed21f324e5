"""generate_content: tasks → drafts through the AI engine (offline and an OpenAI-compatible provider against
a real local HTTP server) and at the API. Every content type gets its structure; HTML is sanitized before
it is stored; credits are 1 per 100 words actually written, per task, charged once; regenerating makes a
new version, never a second Content; avoided words never appear."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pytest

from igny8_core.core.auth.models import Account
from igny8_core.core.auth.selectors import tenant_context_resolve
from igny8_core.domain.ai.services import ai_prompt_save, ai_settings_update
from igny8_core.domain.billing.models import CreditTransaction
from igny8_core.domain.content.models import Content, ContentVersion, Tasks
from igny8_core.domain.jobs.models import Job
from igny8_core.domain.planning.models import Clusters
from igny8_core.domain.thinker.models import AuthorProfile, ContentStrategy
from igny8_core.infrastructure.ai.offline.writer import Brief, Voice, fit_meta_description, write_offline_draft
from igny8_core.infrastructure.ai.prompts import DEFAULT_PROMPTS
from igny8_core.infrastructure.messaging.job_runner import job_execute
from igny8_core.shared.schemas.blocks import blocks_to_html
from igny8_core.shared.utils.html import sanitize_html, word_count
from tests.conftest import Tenant
from tests.infrastructure.ai.conftest import FakeAIServer, Reply, make_cluster, openai_chat, queue_ai_job

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

URL = "/api/v1/writer/tasks/generate_content/"
OPENAI_KEY = "sk-live-content-0123456789abcdef"
OUTLINE: list[dict[str, Any]] = [
    {"heading": "What green tea is", "points": ['Cover "green tea basics" (2,400/mo)', "Where it comes from"]},
    {"heading": "Water temperature", "points": ["Why it matters", "How to measure it"]},
    {"heading": "Steeping time", "points": ["Short steeps", "Second infusions"]},
    {"heading": "Frequently Asked Questions", "points": ["Does green tea have caffeine?"]},
]
TEA_KEYWORDS = [
    ("green tea", 9900, 40),
    ("how long to steep green tea", 2400, 20),
    ("what temperature for green tea", 880, 15),
    ("loose leaf green tea", 720, 30),
]


# --- helpers -----------------------------------------------------------------------------------------


def balance(account: Account) -> int:
    return Account.objects.values_list("credits", flat=True).get(pk=account.pk)


def make_task(
    tenant: Tenant,
    *,
    content_type: str = "post",
    structure: str = "article",
    title: str = "How to Brew Green Tea",
    primary: str = "green tea",
    words: int = 800,
    cluster: Clusters | None = None,
    **extra: Any,
) -> Tasks:
    return Tasks.objects.create(
        account=tenant.account,
        site=tenant.site,
        sector=tenant.sector,
        cluster=cluster,
        title=title,
        outline=OUTLINE,
        primary_keyword=primary,
        secondary_keywords=["loose leaf tea", "tea temperature"],
        content_type=content_type,
        content_structure=structure,
        target_word_count=words,
        **extra,
    )


def run(tenant: Tenant, tasks: list[Tasks]) -> Job:
    job = queue_ai_job(
        user=tenant.owner, account=tenant.account, function="generate_content", payload={"ids": [t.pk for t in tasks]}
    )
    assert job_execute(job_id=job.pk) == "succeeded", Job.objects.get(pk=job.pk).error
    return Job.objects.get(pk=job.pk)


def headings(html: str, level: int = 2) -> list[str]:
    return re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", html)


def use_openai(tenant: Tenant, fake: FakeAIServer) -> None:
    ctx = tenant_context_resolve(user=tenant.owner, account_id=str(tenant.account.pk))
    assert ctx is not None
    ai_settings_update(
        tenant=ctx,
        data={"provider": "openai", "openai_base_url": fake.url, "default_model": "gpt-4o-mini"},
        api_keys={"openai": OPENAI_KEY},
    )


def article(blocks: list[dict[str, Any]], **fields: Any) -> str:
    body = {
        "title": "Green Tea, Brewed Well",
        "meta_title": "Green Tea, Brewed Well",
        "meta_description": "How to brew green tea.",
        "tags": ["green tea"],
        "categories": ["Tea"],
        "blocks": blocks,
    }
    return json.dumps(body | fields)


def paragraph(n: int) -> dict[str, Any]:
    return {"type": "paragraph", "text": " ".join(["word"] * n)}


def assert_meta_fits(content: Content) -> None:
    assert 0 < len(content.meta_title) <= 60, content.meta_title
    assert 120 <= len(content.meta_description) <= 156, (len(content.meta_description), content.meta_description)


# --- every content type, offline ---------------------------------------------------------------------

COMMON_H2 = ["What green tea is", "Water temperature", "Steeping time"]
CASES: list[tuple[str, str, list[str], list[str], str]] = [
    # content_type, structure, required H2s (besides the outline's), required fragments, schema.org type
    ("post", "article", ["Key takeaways"], ["<ul>"], "Article"),
    (
        "post",
        "guide",
        ["What this guide covers", "Key takeaways"],
        ['<h3 id="short-steeps">Short steeps</h3>'],
        "Article",
    ),
    ("post", "how_to", ["What you need", "Key takeaways"], ["<ol><li>Why it matters</li>"], "Article"),
    ("post", "listicle", ["Key takeaways"], ["<ul><li>Short steeps</li>"], "Article"),
    ("post", "comparison", ["Comparison at a glance", "Which should you choose?"], ["<table>"], "Article"),
    ("post", "review", ["At a glance", "Pros and cons", "Verdict"], ["<table>", "[Add the price]"], "Article"),
    ("page", "landing_page", ["Benefits"], ['data-block="cta"'], "WebPage"),
    (
        "product",
        "product_page",
        ["Product description", "Key features", "Specifications"],
        ["[Add the price]"],
        "Product",
    ),
    (
        "service",
        "service_page",
        ["What the service includes", "How it works", "Pricing", "Areas served"],
        [],
        "Service",
    ),
    ("taxonomy", "category_page", ["What you will find in this category", "How to choose"], [], "CollectionPage"),
]


@pytest.mark.parametrize(("content_type", "structure", "required", "fragments", "schema_type"), CASES)
def test_each_content_type_gets_its_structure_as_sanitized_html(
    tenant: Tenant, content_type: str, structure: str, required: list[str], fragments: list[str], schema_type: str
):
    cluster = make_cluster(site=tenant.site, sector=tenant.sector, name="Green tea", keywords=TEA_KEYWORDS)
    task = make_task(tenant, content_type=content_type, structure=structure, cluster=cluster)

    job = run(tenant, [task])

    content = Content.objects.get()
    html = content.html
    assert sanitize_html(html) == html  # stored sanitized
    # First block: the visible, honest offline note.
    assert content.json_blocks[0]["type"] == "note"
    assert content.json_blocks[0]["kind"] == "offline_draft"
    assert html.startswith('<div class="note note-offline-draft"><p>Offline draft: written by IGNY8')
    h2 = headings(html)
    prefix = {"how_to": "Step {n}: ", "listicle": "{n}. "}.get(structure, "")
    for n, heading in enumerate(COMMON_H2, start=1):
        assert prefix.format(n=n) + heading in h2
    for heading in [*required, "Frequently asked questions"]:
        assert heading in h2, (heading, h2)
    for fragment in fragments:
        assert fragment in html
    # FAQ from the cluster's question keywords and the outline's FAQ section (not rendered as a section).
    questions = ["How long to steep green tea?", "What temperature for green tea?", "Does green tea have caffeine?"]
    faq_html = html[html.index('<section class="faq" data-block="faq">') :]
    assert headings(faq_html, 3) == questions
    assert "Frequently Asked Questions" not in h2
    assert "2,400/mo" not in html  # planner annotations are not prose
    # Near the target length; word count as stored.
    assert content.word_count == word_count(html)
    assert 0.9 * 800 <= content.word_count <= 1.3 * 800
    assert_meta_fits(content)
    assert (content.status, content.source, content.generated_by, content.task_id) == (
        "draft",
        "igny8",
        "offline",
        task.pk,
    )
    assert (content.entity_type, content.content_structure, content.cluster_id) == (content_type, structure, cluster.pk)
    assert content.slug == "how-to-brew-green-tea"
    assert content.tags == ["green tea", "loose leaf tea", "tea temperature"]
    assert content.categories == ["Green tea"]
    data = content.structure_data
    assert data["offline_draft"] is True
    assert data["outline"] == OUTLINE
    assert [f["question"] for f in data["faq"]] == questions
    assert [s["@type"] for s in data["schema"]] == [schema_type, "FAQPage"]
    assert all(p.startswith("[") and p.endswith("]") for p in data["placeholders"])
    task.refresh_from_db()
    assert task.status == "completed"
    assert job.credits_used == math.ceil(content.word_count / 100)


def test_a_product_page_has_description_features_specs_table_and_faq_without_invented_facts(tenant: Tenant):
    task = make_task(tenant, content_type="product", structure="product_page", title="Sencha Loose Leaf Tea 100 g")

    run(tenant, [task])

    content = Content.objects.get()
    html = content.html
    assert '<section class="specs" data-block="specs"><h2 id="specifications">Specifications</h2><table><tbody>' in html
    for name, placeholder in [
        ("Price", "[Add the price]"),
        ("SKU", "[Add the SKU]"),
        ("Dimensions", "[Add the dimensions]"),
        ("Weight", "[Add the weight]"),
        ("Warranty", "[Add the warranty]"),
    ]:
        assert f'<th scope="row">{name}</th><td>{placeholder}</td>' in html
    assert "<li>Loose leaf tea: [describe how the product delivers this]</li>" in html
    # No FAQ questions in the cluster: the product FAQ still exists, answers are placeholders.
    assert '<section class="faq" data-block="faq">' in html
    assert "[Answer this question in two or three accurate sentences.]" in html
    # No numbers, prices or currency the task did not give.
    text = re.sub(r"<[^>]+>", " ", html)
    assert re.findall(r"[$€£]|\d", text.replace("100 g", "").replace("IGNY8", "")) == []
    [product, _faq] = content.structure_data["schema"]
    assert product["offers"]["price"] == "[Add the price]"
    assert product["brand"] == {"@type": "Brand", "name": "[Add the brand]"}


def test_the_offline_writer_aims_near_the_target_length_and_is_deterministic():
    def brief(words: int) -> Brief:
        return Brief(
            title="Green tea",
            outline=[(s["heading"], s["points"]) for s in OUTLINE],
            primary_keyword="green tea",
            target_word_count=words,
        )

    for words in (300, 1500, 4000):
        draft = write_offline_draft(brief(words))
        count = word_count(sanitize_html(blocks_to_html(draft.blocks)))
        assert 0.9 * words <= count <= 1.3 * words, (words, count)
    assert write_offline_draft(brief(900)) == write_offline_draft(brief(900))


def test_title_case_headings_read_as_plain_words_inside_sentences():
    draft = write_offline_draft(
        Brief(
            title="A Practical Guide to Marathon Training",
            outline=[
                ("What Is Marathon Training?", ["a plain definition"]),
                ("Half Marathon Training for iPhone Runners", ["pacing"]),
                ("Common SEO Mistakes to Avoid", ["mistakes"]),
            ],
            primary_keyword="marathon training plan",
            target_word_count=600,
        )
    )
    text = sanitize_html(blocks_to_html(draft.blocks))
    assert (
        "It covers what is marathon training, half marathon training for iPhone runners"
        " and common SEO mistakes to avoid." in text
    )
    assert "This section covers what is marathon training and how it fits into marathon training plan." in text
    assert "what Is" not in text
    assert "?," not in text


def test_meta_fields_fit_for_long_titles_and_keywords():
    draft = write_offline_draft(
        Brief(
            title="The Complete Beginner's Handbook to Brewing, Storing and Enjoying Japanese Green Teas at Home",
            primary_keyword="japanese green tea brewing guide for beginners at home",
            outline=[("Basics", ["a"])],
            target_word_count=300,
        )
    )

    assert len(draft.meta_title) <= 60
    assert draft.meta_title == "The Complete Beginner's Handbook to Brewing, Storing and"
    assert 120 <= len(draft.meta_description) <= 156


@pytest.mark.parametrize("content_type", ["post", "page", "product", "service", "taxonomy"])
@pytest.mark.parametrize(
    "structure", ["article", "guide", "how_to", "listicle", "comparison", "review", "landing_page"]
)
@pytest.mark.parametrize("words", [200, 10000])
def test_a_task_without_an_outline_still_gets_a_complete_draft(content_type: str, structure: str, words: int):
    draft = write_offline_draft(
        Brief(title="Tea", content_type=content_type, content_structure=structure, target_word_count=words)
    )

    html = sanitize_html(blocks_to_html(draft.blocks))
    assert html.startswith('<div class="note note-offline-draft">')
    assert 0.9 * words <= word_count(html) <= 1.3 * words
    assert draft.meta_title == "Tea"
    assert 120 <= len(draft.meta_description) <= 156


@pytest.mark.parametrize(
    "pieces",
    [
        [],
        [""],
        ["Short."],
        ["x" * 400],
        ["A sentence that is long enough to end exactly near the limit of the range, and then it keeps going. " * 3],
        ["One. Two. Three. Four. Five. Six. Seven. Eight. Nine. Ten. Eleven. Twelve. Thirteen. Fourteen."],
        ["Green tea vs black tea: what it is, why it matters and how to approach it. It is written for beginners."],
        ["word " * 31 + "end."],
    ],
)
def test_meta_descriptions_always_fit_120_to_156_characters(pieces: list[str]):
    for n in range(0, 60, 7):
        text = fit_meta_description([p + " padding" * n for p in pieces] if n else pieces)
        assert 120 <= len(text) <= 156, (n, len(text), text)


def test_a_simple_reading_level_gets_shorter_sentences():
    outline = [(s["heading"], s["points"]) for s in OUTLINE]
    simple, standard = (
        write_offline_draft(
            Brief(title="Tea", outline=outline, voice=Voice(reading_level=level), target_word_count=900)
        )
        for level in ("simple", "standard")
    )

    def sentence_length(blocks: list[Any]) -> float:
        text = " ".join(b.text for b in blocks if b.type == "paragraph" and not b.text.startswith("This article"))
        sentences = [x for x in re.split(r"[.?!]\s", text) if x.strip()]
        return len(text.split()) / len(sentences)

    assert sentence_length(simple.blocks) < 0.75 * sentence_length(standard.blocks)


# --- author profile, strategy --------------------------------------------------------------------------


def test_avoided_words_never_appear_and_the_strategy_cta_is_used(tenant: Tenant):
    profile = AuthorProfile.objects.create(
        account=tenant.account,
        name="Tea master",
        tone="calm, precise",
        audience="first-time tea drinkers",
        words_to_avoid=["ultimate", "delve", "matters", "Frequently"],
    )
    strategy = ContentStrategy.objects.create(
        account=tenant.account, name="Shop", cta_text="Browse our teas", cta_url="https://shop.example.com/teas"
    )
    task = make_task(
        tenant, title="The Ultimate Green Tea Guide", structure="guide", author_profile=profile, strategy=strategy
    )

    run(tenant, [task])

    content = Content.objects.get()
    stored = json.dumps(
        [
            content.title,
            content.meta_title,
            content.meta_description,
            content.html,
            content.json_blocks,
            content.structure_data,
            content.tags,
        ]
    )
    for word in ("ultimate", "delve", "matters", "frequently"):
        assert not re.search(rf"\b{word}\b", stored, re.IGNORECASE), word
    assert content.title == "The Green Tea Guide"
    assert "first-time tea drinkers" in content.html
    assert "Tone to aim for: calm, precise." in content.html
    assert (
        '<section class="cta" data-block="cta"><p>Browse our teas</p><p><a class="cta-link" '
        'href="https://shop.example.com/teas" rel="noopener noreferrer">Browse our teas</a></p></section>'
    ) in content.html
    assert_meta_fits(content)


def test_the_sites_default_profile_applies_when_the_task_names_none(tenant: Tenant):
    AuthorProfile.objects.create(account=tenant.account, name="House", is_default=True, words_to_avoid=["green"])
    run(tenant, [make_task(tenant)])

    content = Content.objects.get()
    assert not re.search(r"\bgreen\b", content.html + content.title + json.dumps(content.tags), re.IGNORECASE)


# --- credits and versions ---------------------------------------------------------------------------------


def test_credits_are_one_per_100_words_per_task_charged_once(tenant: Tenant):
    tasks = [make_task(tenant, title=f"Tea {n}", words=w) for n, w in enumerate([300, 750, 1210])]

    job = run(tenant, tasks)

    contents = {c.task_id: c for c in Content.objects.all()}
    assert set(contents) == {t.pk for t in tasks}
    per_task = [math.ceil(contents[t.pk].word_count / 100) for t in tasks]
    assert job.credits_used == sum(per_task)
    assert [r["credits"] for r in job.result["tasks"]] == per_task
    assert job.result["words"] == sum(c.word_count for c in contents.values())
    [tx] = CreditTransaction.objects.filter(account=tenant.account)
    assert (tx.amount, tx.idempotency_key) == (-sum(per_task), f"job:{job.pk}")
    assert balance(tenant.account) == 1000 - sum(per_task)
    # Redelivered: skipped, charged once.
    assert job_execute(job_id=job.pk) == "skipped"
    assert CreditTransaction.objects.filter(account=tenant.account).count() == 1
    assert Content.objects.count() == 3


def test_regenerating_makes_a_new_version_not_a_new_content(tenant: Tenant):
    task = make_task(tenant)
    run(tenant, [task])
    first = Content.objects.get()
    first_html = first.html
    Tasks.objects.filter(pk=task.pk).update(target_word_count=400, title="Green Tea in Five Minutes")

    run(tenant, [task])

    content = Content.objects.get()
    assert content.pk == first.pk
    assert content.title == "Green Tea in Five Minutes"
    assert content.html != first_html
    versions = list(ContentVersion.objects.filter(content=content).order_by("version"))
    assert [(v.version, v.source) for v in versions] == [(1, "ai"), (2, "ai")]
    assert versions[0].snapshot["html"] == first_html
    assert versions[1].snapshot["html"] == content.html
    assert {"title", "html", "word_count", "slug"} <= set(versions[1].changed_fields)
    assert "Regenerated by offline" in versions[1].summary
    assert CreditTransaction.objects.filter(account=tenant.account).count() == 2


def test_a_slug_taken_by_another_piece_of_the_site_gets_a_suffix(tenant: Tenant):
    first, second = make_task(tenant), make_task(tenant)

    run(tenant, [first, second])

    assert sorted(Content.objects.values_list("slug", flat=True)) == [
        "how-to-brew-green-tea",
        "how-to-brew-green-tea-2",
    ]


# --- an OpenAI-compatible provider -----------------------------------------------------------------------


MALICIOUS: list[dict[str, Any]] = [
    {"type": "heading", "level": 2, "text": "Brewing <script>alert('h')</script>basics"},
    {"type": "paragraph", "text": "Heat water.<script>document.cookie</script> <img src=x onerror=alert(1)>Then wait."},
    {"type": "paragraph", "text": 'Read <a href="javascript:alert(1)">this</a> and <b onclick="x()">that</b>.'},
    {"type": "list", "items": ["<iframe src='https://evil.example.com'></iframe>Cup", "Kettle"]},
    {"type": "cta", "text": "Buy now", "label": "Shop", "url": "javascript:alert(document.domain)"},
    {"type": "image", "src": "javascript:alert(1)", "alt": 'x" onerror="alert(1)'},
    {"type": "faq", "items": [{"question": "Hot?<script>x</script>", "answer": "Yes <svg onload=alert(1)>."}]},
]


def test_malicious_provider_output_is_stripped_before_storage(tenant: Tenant, fake_ai: FakeAIServer):
    use_openai(tenant, fake_ai)
    fake_ai.reply(Reply(200, openai_chat(article(MALICIOUS), prompt_tokens=900, completion_tokens=300)))
    task = make_task(tenant, content_type="product", structure="product_page")

    job = run(tenant, [task])

    content = Content.objects.get()
    html = content.html.lower()
    for bad in ("<script", "script>", "onerror", "onclick", "onload", "javascript:", "<iframe", "<svg", "cookie"):
        assert bad not in html, bad
    # The stored blocks keep no markup and no unsafe URL either (text such as an alt is inert plain text).
    stored = json.dumps([content.json_blocks, content.structure_data]).lower()
    for bad in ("<script", "script>", "javascript:", "<iframe", "<svg", "<img", "<a ", "<b ", "cookie"):
        assert bad not in stored, bad
    assert content.json_blocks[4] == {"type": "cta", "text": "Buy now", "label": "Shop", "url": ""}
    assert content.html == (
        '<h2 id="brewing-basics">Brewing basics</h2>\n'
        "<p>Heat water. Then wait.</p>\n"
        "<p>Read this and that.</p>\n"
        "<ul><li>Cup</li><li>Kettle</li></ul>\n"
        '<section class="cta" data-block="cta"><p>Buy now</p></section>\n'
        '<section class="faq" data-block="faq"><h2 id="frequently-asked-questions">Frequently asked questions</h2>'
        "<h3>Hot?</h3><p>Yes .</p></section>"
    )
    assert content.generated_by == "openai:gpt-4o-mini"
    assert content.structure_data["offline_draft"] is False
    assert job.credits_used == math.ceil(content.word_count / 100) == 1


def test_the_prompt_carries_the_type_instructions_outline_questions_and_avoided_words(
    tenant: Tenant, fake_ai: FakeAIServer
):
    use_openai(tenant, fake_ai)
    profile = AuthorProfile.objects.create(
        account=tenant.account, name="P", tone="warm", audience="beginners", words_to_avoid=["delve", "unlock"]
    )
    cluster = make_cluster(site=tenant.site, sector=tenant.sector, name="Green tea", keywords=TEA_KEYWORDS)
    ctx = tenant_context_resolve(user=tenant.owner, account_id=str(tenant.account.pk))
    assert ctx is not None
    ai_prompt_save(
        tenant=ctx,
        prompt_type="generate_content_service",
        template="SERVICE RULES for {primary_keyword} at {site_name}.",
        problems=[],
    )
    tasks = [
        make_task(tenant, content_type="product", structure="product_page", cluster=cluster, author_profile=profile),
        make_task(tenant, content_type="service", structure="service_page", title="Tea tasting sessions"),
    ]
    fake_ai.reply(
        Reply(200, openai_chat(article([{"type": "paragraph", "text": "Delve in to unlock flavour."}]))),
        Reply(200, openai_chat(article([{"type": "paragraph", "text": "Book a session."}]))),
    )

    run(tenant, tasks)

    assert fake_ai.paths() == ["/chat/completions", "/chat/completions"]
    product_prompt = fake_ai.requests[0].body["messages"][1]["content"]
    service_prompt = fake_ai.requests[1].body["messages"][1]["content"]
    assert DEFAULT_PROMPTS["generate_content_product"].format(primary_keyword="green tea") in product_prompt
    assert '## What green tea is\n- Cover "green tea basics" (2,400/mo)\n- Where it comes from' in product_prompt
    assert "how long to steep green tea | what temperature for green tea" in product_prompt
    assert "Never use these words: delve, unlock" in product_prompt
    assert "Tone: warm. Audience: beginners." in product_prompt
    assert f"SERVICE RULES for green tea at {tenant.site.name}." in service_prompt
    assert fake_ai.requests[0].body["response_format"]["json_schema"]["name"] == "generate_content"
    # The provider ignored the avoided words: they are removed before storage all the same.
    product = Content.objects.get(task=tasks[0])
    assert product.html == "<p>in to flavour.</p>"


def test_provider_meta_fields_are_fitted_and_credits_are_per_task_rounded_up(tenant: Tenant, fake_ai: FakeAIServer):
    use_openai(tenant, fake_ai)
    long_title = "Green Tea Brewing: Temperatures, Times and Tools Explained for Absolute Beginners"
    fake_ai.reply(
        Reply(
            200,
            openai_chat(article([{"type": "heading", "text": "Intro"}, paragraph(149)], meta_title=long_title)),
        ),
        Reply(200, openai_chat(article([paragraph(50)], meta_description="x" * 400))),
    )
    tasks = [make_task(tenant, title="A"), make_task(tenant, title="B")]

    job = run(tenant, tasks)

    first, second = (Content.objects.get(task=t) for t in tasks)
    assert (first.word_count, second.word_count) == (150, 50)
    assert job.credits_used == 2 + 1  # per task, rounded up each: not ceil(200 / 100)
    assert balance(tenant.account) == 1000 - 3
    for content in (first, second):
        assert_meta_fits(content)
    assert first.meta_title == "Green Tea Brewing: Temperatures, Times and Tools Explained"


def test_malformed_provider_output_twice_fails_the_job_and_saves_and_charges_nothing(
    tenant: Tenant, fake_ai: FakeAIServer
):
    use_openai(tenant, fake_ai)
    fake_ai.reply(Reply(200, openai_chat('{"title": "x"}')), Reply(200, openai_chat('{"blocks": []}')))
    task = make_task(tenant)
    job = queue_ai_job(
        user=tenant.owner, account=tenant.account, function="generate_content", payload={"ids": [task.pk]}
    )

    assert job_execute(job_id=job.pk) == "failed"

    assert Content.objects.count() == 0
    assert CreditTransaction.objects.count() == 0
    task.refresh_from_db()
    assert task.status == "queued"


# --- the API ----------------------------------------------------------------------------------------------


def test_the_api_answers_202_with_a_job_that_writes_the_draft(tenant: Tenant, django_capture_on_commit_callbacks: Any):
    task = make_task(tenant)
    editor, client = tenant.member("editor", sites=[tenant.site])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(URL, {"ids": [task.pk]}, format="json")

    assert response.status_code == 202, response.json()
    job = Job.objects.get()
    assert response.json()["data"] == {"job_id": job.pk, "status": "queued"}
    assert response.json()["message"] == "Content generation queued."
    assert (job.kind, job.payload, job.site_id, job.user_id) == (
        "ai.generate_content",
        {"ids": [task.pk]},
        tenant.site.pk,
        editor.pk,
    )
    assert len(callbacks) == 1
    assert job_execute(job_id=job.pk) == "succeeded"
    content = Content.objects.get()
    assert content.versions.get().changed_by_id == editor.pk


def test_a_strangers_task_is_refused_like_a_missing_one_and_nothing_is_created_or_charged(
    tenant: Tenant, stranger: Tenant
):
    mine = make_task(tenant)
    theirs = make_task(stranger)
    missing = theirs.pk + 1000

    answers = [tenant.client.post(URL, {"ids": ids}, format="json") for ids in ([theirs.pk], [mine.pk, missing])]

    assert [a.status_code for a in answers] == [400, 400]
    assert answers[0].json()["errors"] == {"ids": [f"No such task: {theirs.pk}."]}
    assert answers[1].json()["errors"] == {"ids": [f"No such task: {missing}."]}
    assert Job.objects.count() == 0
    assert Content.objects.count() == 0
    assert CreditTransaction.objects.count() == 0
    assert balance(tenant.account) == balance(stranger.account) == 1000


def test_an_editor_without_access_to_the_site_cannot_use_its_tasks(tenant: Tenant):
    task = make_task(tenant)
    _, client = tenant.member("editor", sites=[])

    response = client.post(URL, {"ids": [task.pk]}, format="json")

    assert response.status_code == 400
    assert Job.objects.count() == 0


def test_a_viewer_is_403_and_nothing_is_queued(tenant: Tenant):
    task = make_task(tenant)
    _, viewer = tenant.member("viewer", sites=[tenant.site])

    response = viewer.post(URL, {"ids": [task.pk]}, format="json")

    assert response.status_code == 403
    assert Job.objects.count() == 0
    assert Content.objects.count() == 0


@pytest.mark.parametrize("ids", [[], list(range(1, 12)), ["x"], [0]])
def test_bad_id_lists_are_400(tenant: Tenant, ids: list[Any]):
    response = tenant.client.post(URL, {"ids": ids}, format="json")

    assert response.status_code == 400
    assert Job.objects.count() == 0


def test_not_enough_credits_for_the_target_length_is_402_before_queueing(tenant: Tenant):
    task = make_task(tenant, words=2500)
    Account.objects.filter(pk=tenant.account.pk).update(credits=24)

    response = tenant.client.post(URL, {"ids": [task.pk]}, format="json")

    assert response.status_code == 402
    assert "25 needed, 24 available" in response.json()["error"]
    assert Job.objects.count() == 0

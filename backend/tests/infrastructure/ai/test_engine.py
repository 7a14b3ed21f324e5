"""generate_ideas through the AI engine, as a queued job: offline, OpenAI-compatible and Anthropic
providers (the latter two against a real local HTTP server), malformed output, retries, credits,
cancellation, redelivery and prompt overrides. A failed or cancelled job saves and charges nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from igny8_core.core.auth.models import Account
from igny8_core.core.auth.selectors import tenant_context_resolve
from igny8_core.domain.ai.models import AIPrompt
from igny8_core.domain.ai.services import ai_prompt_save, ai_settings_update
from igny8_core.domain.billing.models import CreditTransaction, CreditUsageLog
from igny8_core.domain.billing.services import credits_deduct
from igny8_core.domain.jobs.models import Job
from igny8_core.domain.jobs.services import job_cancel, job_start
from igny8_core.domain.planning.models import Clusters, ContentIdeas
from igny8_core.infrastructure.ai import engine
from igny8_core.infrastructure.ai.functions.generate_ideas import IdeasForCluster
from igny8_core.infrastructure.ai.offline.ideas import KeywordInfo, ideas_for_cluster
from igny8_core.infrastructure.ai.prompts import DEFAULT_PROMPTS, SYSTEM_PROMPT
from igny8_core.infrastructure.messaging import job_runner
from igny8_core.infrastructure.messaging.job_runner import job_execute
from tests.conftest import Tenant
from tests.infrastructure.ai.conftest import (
    FakeAIServer,
    RecordedRequest,
    Reply,
    anthropic_tool_use,
    make_cluster,
    openai_chat,
    openai_error,
    queue_ai_job,
)

pytestmark = pytest.mark.django_db

OPENAI_KEY = "sk-live-engine-0123456789abcdef"
ANTHROPIC_KEY = "sk-ant-engine-fedcba9876543210"
SCHEMA = IdeasForCluster.model_json_schema()
TEA_KEYWORDS = [("how to brew green tea", 2400, 22), ("best green tea", 1900, 35), ("green tea temperature", 880, 15)]
MATCHA_KEYWORDS = [("what is matcha", 5400, 30), ("matcha vs green tea", 1300, 18)]


# --- helpers -----------------------------------------------------------------------------------------


def balance(account: Account) -> int:
    return Account.objects.values_list("credits", flat=True).get(pk=account.pk)


def fresh(job: Job) -> Job:
    return Job.objects.get(pk=job.pk)


def start(tenant: Tenant, clusters: list[Clusters], per: int = 2) -> Job:
    return queue_ai_job(
        user=tenant.owner,
        account=tenant.account,
        function="generate_ideas",
        payload={"ids": [c.pk for c in clusters], "ideas_per_cluster": per},
    )


def configure(tenant: Tenant, data: dict[str, Any], api_keys: dict[str, str | None] | None = None) -> None:
    ctx = tenant_context_resolve(user=tenant.owner, account_id=str(tenant.account.pk))
    assert ctx is not None
    ai_settings_update(tenant=ctx, data=data, api_keys=api_keys or {})


def use_openai(tenant: Tenant, fake: FakeAIServer) -> None:
    configure(
        tenant,
        {"provider": "openai", "openai_base_url": fake.url, "default_model": "gpt-4o-mini"},
        {"openai": OPENAI_KEY},
    )


def idea(title: str, primary: str, *, structure: str = "guide", content_type: str = "post") -> dict[str, Any]:
    return {
        "title": title,
        "description": f"Everything about {primary}.",
        "content_type": content_type,
        "content_structure": structure,
        "target_word_count": 1800,
        "primary_keyword": primary,
        "secondary_keywords": ["green tea"],
        "outline": [
            {"heading": f"What {primary} means", "points": ["definition", "history"]},
            {"heading": "Step by step", "points": ["water", "time"]},
        ],
    }


def ideas_json(*ideas: dict[str, Any]) -> str:
    return json.dumps({"ideas": list(ideas)})


def default_prompt(tenant: Tenant, cluster: Clusters, lines: list[str], per: int = 2) -> str:
    return DEFAULT_PROMPTS["generate_ideas"].format(
        site_name=tenant.site.name,
        site_domain=tenant.site.domain,
        sector_name=tenant.sector.name,
        cluster_name=cluster.name,
        cluster_intent="informational",
        cluster_volume=cluster.volume,
        keywords="\n".join(lines),
        ideas_per_cluster=per,
    )


TEA_LINES = ["- how to brew green tea [2400, 22]", "- best green tea [1900, 35]", "- green tea temperature [880, 15]"]
MATCHA_LINES = ["- what is matcha [5400, 30]", "- matcha vs green tea [1300, 18]"]


def offline_titles(cluster: Clusters, keywords: list[tuple[str, int, int]]) -> list[str]:
    infos = [KeywordInfo(k, volume, difficulty, "informational") for k, volume, difficulty in keywords]
    ideas = ideas_for_cluster(
        cluster_id=cluster.pk, name=cluster.name, intent="informational", keywords=infos, max_ideas=2
    )
    return [i.title for i in ideas]


def assert_nothing_saved_or_charged(tenant: Tenant, job: Job, credits: int = 1000) -> None:
    assert ContentIdeas.objects.count() == 0
    assert CreditTransaction.objects.filter(account=tenant.account).count() == 0
    assert CreditUsageLog.objects.filter(account=tenant.account).count() == 0
    assert balance(tenant.account) == credits
    job = fresh(job)
    assert (job.credits_used, job.committed_at, job.result) == (0, None, {})


@pytest.fixture
def tea(tenant: Tenant, reference_data: None) -> Clusters:
    return make_cluster(site=tenant.site, sector=tenant.sector, name="Green tea brewing", keywords=TEA_KEYWORDS)


@pytest.fixture
def matcha(tenant: Tenant, reference_data: None) -> Clusters:
    return make_cluster(site=tenant.site, sector=tenant.sector, name="Matcha", keywords=MATCHA_KEYWORDS)


# --- offline ------------------------------------------------------------------------------------------


def test_offline_ideas_are_saved_charged_once_and_reported(tenant: Tenant, tea, matcha, monkeypatch):
    reported: list[tuple[int, str, str]] = []
    real_progress = engine.job_progress

    def spy(*, job_id: int, progress: int, step: str = "", message: str = "") -> None:
        reported.append((progress, step, message))
        real_progress(job_id=job_id, progress=progress, step=step, message=message)

    monkeypatch.setattr(engine, "job_progress", spy)
    job = start(tenant, [tea, matcha])
    assert (job.status, job.kind, job.payload) == (
        "queued",
        "ai.generate_ideas",
        {"ids": [tea.pk, matcha.pk], "ideas_per_cluster": 2},
    )

    assert job_execute(job_id=job.pk) == "succeeded"

    assert reported == [
        (2, "init", "Starting"),
        (10, "prepare", "Checking credits"),
        (15, "ai_call", "Working (built-in offline engine)"),
        (50, "ai_call", "Outlining ideas for Green tea brewing (1 of 2)"),
        (85, "ai_call", "Outlining ideas for Matcha (2 of 2)"),
        (88, "parse", "Validating the result"),
        (92, "save", "Saving"),
    ]
    ideas = list(ContentIdeas.objects.order_by("pk"))
    assert [(i.cluster_id, i.content_structure, i.primary_keyword, i.generated_by) for i in ideas] == [
        (tea.pk, "listicle", "how to brew green tea", "offline"),
        (tea.pk, "how_to", "how to brew green tea", "offline"),
        (matcha.pk, "comparison", "what is matcha", "offline"),
    ]
    # Titles vary with the cluster id (the offline engine's deterministic seed); they are its titles.
    assert [i.title for i in ideas] == offline_titles(tea, TEA_KEYWORDS) + offline_titles(matcha, MATCHA_KEYWORDS)
    assert {(i.account_id, i.site_id, i.sector_id, i.status) for i in ideas} == {
        (tenant.account.pk, tenant.site.pk, tenant.sector.pk, "new")
    }
    assert all(len(i.outline) >= 2 for i in ideas)

    job = fresh(job)
    assert (job.status, job.progress, job.step, job.message, job.error) == (
        "succeeded",
        100,
        "done",
        "3 ideas for 2 cluster(s).",
        "",
    )
    assert job.credits_used == 30
    assert job.committed_at is not None
    assert job.result == {
        "ideas_created": 3,
        "idea_ids": [i.pk for i in ideas],
        "clusters": 2,
        "generated_by": "offline",
        "message": "3 ideas for 2 cluster(s).",
        "credits_used": 30,
        "provider": "offline",
        "model": "offline",
    }

    [tx] = CreditTransaction.objects.filter(account=tenant.account)
    assert (tx.transaction_type, tx.amount, tx.balance_after, tx.idempotency_key, tx.reference) == (
        "deduction",
        -30,
        970,
        f"job:{job.pk}",
        f"job:{job.pk}",
    )
    assert (tx.description, tx.created_by_id) == (f"Idea generation (job {job.pk})", tenant.owner.pk)
    [log] = CreditUsageLog.objects.filter(account=tenant.account)
    assert (log.transaction_id, log.operation_type, log.credits_used, log.site_id, log.user_id) == (
        tx.pk,
        "idea_generation",
        30,
        tenant.site.pk,
        tenant.owner.pk,
    )
    assert (log.related_object_type, log.related_object_id) == ("Job", str(job.pk))
    assert log.metadata == {
        "provider": "offline",
        "model": "offline",
        "calls": 0,
        "tokens_in": 0,
        "tokens_out": 0,
        "function": "generate_ideas",
    }
    assert balance(tenant.account) == 970


def test_a_finished_job_delivered_again_is_skipped_and_charged_once(tenant: Tenant, tea):
    job = start(tenant, [tea])
    assert job_execute(job_id=job.pk) == "succeeded"

    assert job_execute(job_id=job.pk) == "skipped"

    assert ContentIdeas.objects.count() == 2
    assert list(CreditTransaction.objects.values_list("amount", flat=True)) == [-15]
    assert balance(tenant.account) == 985
    assert fresh(job).attempts == 1


def test_cancel_requested_just_before_saving_saves_and_charges_nothing(tenant: Tenant, tea, matcha, monkeypatch):
    real_progress = engine.job_progress

    def cancel_at_save(*, job_id: int, progress: int, step: str = "", message: str = "") -> None:
        if step == "save":
            job_cancel(job=Job.objects.get(pk=job_id))  # the user clicks Cancel between two steps
        real_progress(job_id=job_id, progress=progress, step=step, message=message)

    monkeypatch.setattr(engine, "job_progress", cancel_at_save)
    job = start(tenant, [tea, matcha])

    assert job_execute(job_id=job.pk) == "cancelled"

    job = fresh(job)
    assert (job.status, job.message, job.cancel_requested, job.progress, job.step) == (
        "cancelled",
        "Cancelled",
        True,
        92,
        "save",
    )
    assert_nothing_saved_or_charged(tenant, job)


def test_clusters_deleted_before_the_job_runs_fail_it_without_charging(tenant: Tenant, tea):
    job = start(tenant, [tea])
    Clusters.objects.filter(pk=tea.pk).delete()

    assert job_execute(job_id=job.pk) == "failed"

    job = fresh(job)
    assert (job.status, job.error) == ("failed", "The clusters were deleted before the job ran.")
    assert_nothing_saved_or_charged(tenant, job)


def test_insufficient_credits_at_run_time_fail_the_job_and_call_no_provider(
    tenant: Tenant, tea, matcha, fake_ai: FakeAIServer
):
    use_openai(tenant, fake_ai)
    job = start(tenant, [tea, matcha])
    Account.objects.filter(pk=tenant.account.pk).update(credits=20)  # spent elsewhere while queued

    assert job_execute(job_id=job.pk) == "failed"

    job = fresh(job)
    assert (job.status, job.error, job.step) == (
        "failed",
        "Not enough credits for idea generation: 30 needed, 20 available. Top up or wait for your monthly credits.",
        "prepare",
    )
    assert fake_ai.requests == []
    assert_nothing_saved_or_charged(tenant, job, credits=20)


# --- OpenAI-compatible ------------------------------------------------------------------------------


def test_openai_ideas_are_saved_with_tokens_and_model_recorded(tenant: Tenant, tea, matcha, fake_ai: FakeAIServer):
    use_openai(tenant, fake_ai)
    fake_ai.reply(
        Reply(
            200,
            openai_chat(
                ideas_json(
                    idea("How to Brew Green Tea", "how to brew green tea", structure="how_to"),
                    idea("Best Green Teas, Ranked", "best green tea", structure="listicle"),
                    idea("A Third Idea Beyond the Limit", "green tea temperature"),
                ),
                prompt_tokens=812,
                completion_tokens=403,
            ),
        ),
        Reply(
            200,
            openai_chat(
                ideas_json(idea("Matcha vs Green Tea", "matcha vs green tea", structure="comparison")),
                prompt_tokens=790,
                completion_tokens=388,
            ),
        ),
    )
    job = start(tenant, [tea, matcha])

    assert job_execute(job_id=job.pk) == "succeeded"

    assert fake_ai.paths() == ["/chat/completions", "/chat/completions"]
    for sent, cluster, lines in zip(fake_ai.requests, [tea, matcha], [TEA_LINES, MATCHA_LINES], strict=True):
        assert sent.headers["authorization"] == f"Bearer {OPENAI_KEY}"
        assert sent.body == {
            "model": "gpt-4o-mini",
            "temperature": 0.4,
            "max_tokens": 4096,
            "response_format": {"type": "json_schema", "json_schema": {"name": "generate_ideas", "schema": SCHEMA}},
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": default_prompt(tenant, cluster, lines)},
            ],
        }

    ideas = list(ContentIdeas.objects.order_by("pk"))
    assert [
        (i.cluster_id, i.title, i.content_type, i.content_structure, i.target_word_count, i.primary_keyword)
        for i in ideas
    ] == [
        (tea.pk, "How to Brew Green Tea", "post", "how_to", 1800, "how to brew green tea"),
        (tea.pk, "Best Green Teas, Ranked", "post", "listicle", 1800, "best green tea"),
        (matcha.pk, "Matcha vs Green Tea", "post", "comparison", 1800, "matcha vs green tea"),
    ]
    assert ideas[0].description == "Everything about how to brew green tea."
    assert ideas[0].secondary_keywords == ["green tea"]
    assert ideas[0].outline == [
        {"heading": "What how to brew green tea means", "points": ["definition", "history"]},
        {"heading": "Step by step", "points": ["water", "time"]},
    ]
    assert {i.generated_by for i in ideas} == {"openai:gpt-4o-mini"}

    job = fresh(job)
    assert (job.status, job.progress, job.step, job.credits_used) == ("succeeded", 100, "done", 30)
    assert job.result == {
        "ideas_created": 3,
        "idea_ids": [i.pk for i in ideas],
        "clusters": 2,
        "generated_by": "openai:gpt-4o-mini",
        "message": "3 ideas for 2 cluster(s).",
        "credits_used": 30,
        "provider": "openai",
        "model": "gpt-4o-mini-2024-07-18",
    }
    [tx] = CreditTransaction.objects.filter(account=tenant.account)
    assert (tx.amount, tx.balance_after, tx.idempotency_key) == (-30, 970, f"job:{job.pk}")
    [log] = CreditUsageLog.objects.filter(account=tenant.account)
    assert log.metadata == {
        "provider": "openai",
        "model": "gpt-4o-mini-2024-07-18",
        "calls": 2,
        "tokens_in": 1602,
        "tokens_out": 791,
        "function": "generate_ideas",
    }
    assert balance(tenant.account) == 970


def test_malformed_output_once_is_retried_with_the_error_and_charged_once(tenant: Tenant, tea, fake_ai):
    use_openai(tenant, fake_ai)
    fake_ai.reply(
        Reply(200, openai_chat("Sure! Here are two ideas: 1. Brewing basics", prompt_tokens=500, completion_tokens=20)),
        Reply(200, openai_chat(ideas_json(idea("Brewing Basics", "how to brew green tea")), prompt_tokens=900)),
    )
    job = start(tenant, [tea])

    assert job_execute(job_id=job.pk) == "succeeded"

    first, second = fake_ai.requests
    prompt = default_prompt(tenant, tea, TEA_LINES)
    assert first.body["messages"][1]["content"] == prompt
    assert second.body["messages"][1]["content"] == (
        prompt + "\n\nYour previous answer was invalid: The AI output did not match the expected structure "
        "(output: Invalid JSON: expected value at line 1 column 1). "
        "Answer again with JSON matching the schema exactly: " + json.dumps(SCHEMA)
    )
    assert list(ContentIdeas.objects.values_list("title", "generated_by")) == [("Brewing Basics", "openai:gpt-4o-mini")]
    assert list(CreditTransaction.objects.values_list("amount", "idempotency_key")) == [(-15, f"job:{job.pk}")]
    assert CreditUsageLog.objects.get().metadata == {
        "provider": "openai",
        "model": "gpt-4o-mini-2024-07-18",
        "calls": 2,
        "tokens_in": 1400,
        "tokens_out": 20,
        "function": "generate_ideas",
    }
    assert balance(tenant.account) == 985


def test_malformed_output_twice_fails_the_job_and_nothing_is_saved_or_charged(
    tenant: Tenant, tea, matcha, fake_ai: FakeAIServer
):
    use_openai(tenant, fake_ai)
    wrong_structure = dict(idea("Matcha Essay", "what is matcha"), content_structure="essay")
    fake_ai.reply(
        Reply(200, openai_chat(ideas_json(idea("Brewing Basics", "how to brew green tea")))),  # tea: fine
        Reply(200, openai_chat(ideas_json(wrong_structure))),  # matcha: wrong, then still wrong
        Reply(200, openai_chat(json.dumps({"items": []}))),
    )
    job = start(tenant, [tea, matcha])

    assert job_execute(job_id=job.pk) == "failed"

    assert len(fake_ai.requests) == 3
    retry_prompt = fake_ai.requests[2].body["messages"][1]["content"]
    assert "Your previous answer was invalid: The AI output did not match the expected structure " in retry_prompt
    assert "(ideas.0.content_structure: Input should be " in retry_prompt
    job = fresh(job)
    assert (job.status, job.error) == (
        "failed",
        "The AI output did not match the expected structure (ideas: Field required). "
        "The provider answered malformed output twice.",
    )
    assert_nothing_saved_or_charged(tenant, job)


def test_429_then_success_waits_retry_after_and_charges_once(tenant: Tenant, tea, fake_ai, retry_sleeps):
    use_openai(tenant, fake_ai)
    fake_ai.reply(
        Reply(429, openai_error("Rate limit reached", "requests"), headers={"Retry-After": "2"}),
        Reply(200, openai_chat(ideas_json(idea("Brewing Basics", "how to brew green tea")))),
    )
    job = start(tenant, [tea])

    assert job_execute(job_id=job.pk) == "succeeded"

    assert retry_sleeps == [2.0]
    assert len(fake_ai.requests) == 2
    assert ContentIdeas.objects.count() == 1
    assert list(CreditTransaction.objects.values_list("amount", flat=True)) == [-15]
    assert CreditUsageLog.objects.get().metadata["calls"] == 1  # one call that needed a retry
    assert balance(tenant.account) == 985


def test_500_four_times_fails_the_job_and_charges_nothing(tenant: Tenant, tea, fake_ai, retry_sleeps):
    use_openai(tenant, fake_ai)
    fake_ai.reply(*[Reply(500, openai_error("The server had an error while processing your request."))] * 4)
    job = start(tenant, [tea])

    assert job_execute(job_id=job.pk) == "failed"

    assert len(fake_ai.requests) == 4
    assert retry_sleeps == [0.5, 1.0, 2.0]
    job = fresh(job)
    error = (
        "The OpenAI-compatible endpoint answered HTTP 500: The server had an error while processing your request. "
        "(gave up after 4 attempts)"
    )
    assert (job.status, job.error, job.message, job.step) == ("failed", error, error, "ai_call")
    assert_nothing_saved_or_charged(tenant, job)


def test_a_rejected_key_fails_at_once_with_a_clear_message(tenant: Tenant, tea, fake_ai: FakeAIServer):
    use_openai(tenant, fake_ai)
    fake_ai.reply(Reply(401, openai_error("Incorrect API key provided: sk-live-***cdef.", "invalid_request_error")))
    job = start(tenant, [tea])

    assert job_execute(job_id=job.pk) == "failed"

    assert len(fake_ai.requests) == 1
    assert fresh(job).error == (
        "The OpenAI-compatible endpoint answered HTTP 401 (the API key was rejected): "
        "Incorrect API key provided: sk-live-***cdef."
    )
    assert_nothing_saved_or_charged(tenant, job)


def test_a_function_can_use_a_local_server_without_a_key(tenant: Tenant, tea, fake_ai: FakeAIServer):
    configure(
        tenant,
        {
            "provider": "offline",
            "openai_base_url": fake_ai.url,
            "function_settings": {"generate_ideas": {"provider": "openai", "model": "llama3.1:8b"}},
        },
    )
    fake_ai.reply(
        Reply(200, openai_chat(ideas_json(idea("Brewing Basics", "how to brew green tea")), model="llama3.1:8b"))
    )
    job = start(tenant, [tea])

    assert job_execute(job_id=job.pk) == "succeeded"

    [sent] = fake_ai.requests
    assert "authorization" not in sent.headers
    assert sent.body["model"] == "llama3.1:8b"
    assert list(ContentIdeas.objects.values_list("generated_by", flat=True)) == ["openai:llama3.1:8b"]
    assert CreditUsageLog.objects.get().metadata["model"] == "llama3.1:8b"


# --- Anthropic ----------------------------------------------------------------------------------------


def test_anthropic_ideas_are_saved_with_tokens_recorded(tenant: Tenant, tea, fake_ai: FakeAIServer):
    configure(tenant, {"provider": "anthropic", "anthropic_base_url": fake_ai.url}, {"anthropic": ANTHROPIC_KEY})
    answer = {"ideas": [idea("How to Brew Green Tea", "how to brew green tea", structure="how_to")]}
    fake_ai.reply(Reply(200, anthropic_tool_use("generate_ideas", answer, input_tokens=950, output_tokens=610)))
    job = start(tenant, [tea])

    assert job_execute(job_id=job.pk) == "succeeded"

    [sent] = fake_ai.requests
    assert sent.path == "/v1/messages"
    assert (sent.headers["x-api-key"], sent.headers["anthropic-version"]) == (ANTHROPIC_KEY, "2023-06-01")
    assert "authorization" not in sent.headers
    assert sent.body == {
        "model": "claude-sonnet-4-5",
        "max_tokens": 4096,
        "temperature": 0.4,
        "system": SYSTEM_PROMPT,
        "messages": [{"role": "user", "content": default_prompt(tenant, tea, TEA_LINES)}],
        "tools": [{"name": "generate_ideas", "description": "Return the result.", "input_schema": SCHEMA}],
        "tool_choice": {"type": "tool", "name": "generate_ideas"},
    }
    assert list(ContentIdeas.objects.values_list("title", "content_structure", "generated_by")) == [
        ("How to Brew Green Tea", "how_to", "anthropic:claude-sonnet-4-5")
    ]
    [tx] = CreditTransaction.objects.filter(account=tenant.account)
    assert (tx.amount, tx.idempotency_key) == (-15, f"job:{job.pk}")
    assert CreditUsageLog.objects.get().metadata == {
        "provider": "anthropic",
        "model": "claude-sonnet-4-5-20250929",
        "calls": 1,
        "tokens_in": 950,
        "tokens_out": 610,
        "function": "generate_ideas",
    }
    assert fresh(job).result["provider"] == "anthropic"
    assert balance(tenant.account) == 985


def test_anthropic_without_a_key_fails_without_calling_it(tenant: Tenant, tea, fake_ai: FakeAIServer):
    configure(tenant, {"provider": "anthropic", "anthropic_base_url": fake_ai.url})
    job = start(tenant, [tea])

    assert job_execute(job_id=job.pk) == "failed"

    assert fresh(job).error == "Anthropic is selected but no Anthropic API key is saved in AI settings."
    assert fake_ai.requests == []
    assert_nothing_saved_or_charged(tenant, job)


# --- state changes from outside while the provider answers (other connections: real commits) ----------


@pytest.mark.django_db(transaction=True)
def test_cancel_while_the_provider_answers_saves_and_charges_nothing(tenant: Tenant, tea, matcha, fake_ai):
    use_openai(tenant, fake_ai)
    job = start(tenant, [tea, matcha])

    def user_cancels(request: RecordedRequest) -> None:
        job_cancel(job=Job.objects.get(pk=job.pk))  # another connection, as the API would

    fake_ai.reply(
        Reply(200, openai_chat(ideas_json(idea("Brewing Basics", "how to brew green tea"))), before=user_cancels),
        Reply(200, openai_chat(ideas_json(idea("Matcha Basics", "what is matcha")))),
    )

    assert job_execute(job_id=job.pk) == "cancelled"

    assert len(fake_ai.requests) == 1  # stopped before asking about the second cluster
    job = fresh(job)
    assert (job.status, job.message, job.cancel_requested, job.progress, job.step) == (
        "cancelled",
        "Cancelled",
        True,
        50,
        "ai_call",
    )
    assert_nothing_saved_or_charged(tenant, job)


@pytest.mark.django_db(transaction=True)
def test_credits_spent_while_the_provider_answers_fail_the_job_and_roll_back_the_ideas(tenant: Tenant, tea, fake_ai):
    use_openai(tenant, fake_ai)
    job = start(tenant, [tea])

    def spent_elsewhere(request: RecordedRequest) -> None:
        credits_deduct(account=Account.objects.get(pk=tenant.account.pk), amount=990, operation_type="clustering")

    fake_ai.reply(
        Reply(200, openai_chat(ideas_json(idea("Brewing Basics", "how to brew green tea"))), before=spent_elsewhere)
    )

    assert job_execute(job_id=job.pk) == "failed"

    job = fresh(job)
    assert (job.status, job.error) == (
        "failed",
        "Not enough credits for idea generation: 15 needed, 10 available. Top up or wait for your monthly credits.",
    )
    assert (job.credits_used, job.committed_at, job.result) == (0, None, {})
    assert ContentIdeas.objects.count() == 0
    assert list(CreditTransaction.objects.values_list("amount", flat=True)) == [-990]
    assert balance(tenant.account) == 10


# --- redelivery ---------------------------------------------------------------------------------------


def test_redelivery_after_a_crash_past_the_commit_does_nothing_twice(tenant: Tenant, tea, fake_ai, monkeypatch):
    use_openai(tenant, fake_ai)
    fake_ai.reply(
        Reply(
            200,
            openai_chat(
                ideas_json(idea("Brewing Basics", "how to brew green tea"), idea("Best Teas", "best green tea")),
                prompt_tokens=700,
                completion_tokens=300,
            ),
        )
    )
    job = start(tenant, [tea])

    def worker_dies(**kwargs: Any) -> None:
        raise RuntimeError("worker lost")

    real_succeed = job_runner.job_succeed
    monkeypatch.setattr(job_runner, "job_succeed", worker_dies)
    with pytest.raises(RuntimeError, match="worker lost"):
        job_execute(job_id=job.pk)
    crashed = fresh(job)
    assert (crashed.status, crashed.attempts, crashed.credits_used) == ("running", 1, 15)
    assert crashed.committed_at is not None
    idea_ids = list(ContentIdeas.objects.order_by("pk").values_list("pk", flat=True))
    assert len(idea_ids) == 2

    monkeypatch.setattr(job_runner, "job_succeed", real_succeed)
    assert job_execute(job_id=job.pk) == "succeeded"  # the broker redelivers (acks_late)

    assert len(fake_ai.requests) == 1
    assert list(ContentIdeas.objects.order_by("pk").values_list("pk", flat=True)) == idea_ids
    assert list(CreditTransaction.objects.values_list("amount", "idempotency_key")) == [(-15, f"job:{job.pk}")]
    assert CreditUsageLog.objects.count() == 1
    assert balance(tenant.account) == 985
    job = fresh(job)
    assert (job.status, job.attempts, job.credits_used, job.progress, job.step, job.message) == (
        "succeeded",
        2,
        15,
        100,
        "done",
        "Done",
    )
    assert job.result == crashed.result
    assert job.result["idea_ids"] == idea_ids


def test_redelivery_before_the_commit_does_the_work_once(tenant: Tenant, tea, fake_ai: FakeAIServer):
    use_openai(tenant, fake_ai)
    fake_ai.reply(Reply(200, openai_chat(ideas_json(idea("Brewing Basics", "how to brew green tea")))))
    job = start(tenant, [tea])
    job_start(job_id=job.pk)  # a worker took it and died before doing anything

    assert job_execute(job_id=job.pk) == "succeeded"

    assert len(fake_ai.requests) == 1
    assert ContentIdeas.objects.count() == 1
    assert list(CreditTransaction.objects.values_list("amount", flat=True)) == [-15]
    assert fresh(job).attempts == 2


# --- prompt overrides -------------------------------------------------------------------------------


def test_the_accounts_prompt_override_is_what_the_provider_receives(
    tenant: Tenant, stranger: Tenant, tea, fake_ai: FakeAIServer
):
    use_openai(tenant, fake_ai)
    mine = tenant_context_resolve(user=tenant.owner, account_id=str(tenant.account.pk))
    theirs = tenant_context_resolve(user=stranger.owner, account_id=str(stranger.account.pk))
    assert mine is not None
    assert theirs is not None
    ai_prompt_save(
        tenant=mine,
        prompt_type="generate_ideas",
        template="Give {ideas_per_cluster} ideas for {cluster_name} on {site_name}.\n{keywords}\nNo {{markdown}}.",
        problems=[],
    )
    ai_prompt_save(tenant=theirs, prompt_type="generate_ideas", template="Stranger: {cluster_name}", problems=[])
    fake_ai.reply(Reply(200, openai_chat(ideas_json(idea("Brewing Basics", "how to brew green tea")))))
    job = start(tenant, [tea])

    assert job_execute(job_id=job.pk) == "succeeded"

    [sent] = fake_ai.requests
    assert sent.body["messages"] == [
        {"role": "system", "content": SYSTEM_PROMPT},
        {
            "role": "user",
            "content": f"Give 2 ideas for Green tea brewing on {tenant.site.name}.\n"
            + "\n".join(TEA_LINES)
            + "\nNo {markdown}.",
        },
    ]


def test_an_inactive_override_is_ignored(tenant: Tenant, tea, fake_ai: FakeAIServer):
    use_openai(tenant, fake_ai)
    AIPrompt.objects.create(
        account=tenant.account, prompt_type="generate_ideas", template="Unused {cluster_name}", is_active=False
    )
    fake_ai.reply(Reply(200, openai_chat(ideas_json(idea("Brewing Basics", "how to brew green tea")))))
    job = start(tenant, [tea])

    assert job_execute(job_id=job.pk) == "succeeded"

    assert fake_ai.requests[0].body["messages"][1]["content"] == default_prompt(tenant, tea, TEA_LINES)


def test_a_long_model_id_of_a_hosted_openai_compatible_api_still_saves(tenant: Tenant, tea, fake_ai: FakeAIServer):
    model = "meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo"  # Together / OpenRouter style ids are long
    configure(
        tenant,
        {"provider": "openai", "openai_base_url": fake_ai.url, "default_model": model},
        {"openai": OPENAI_KEY},
    )
    fake_ai.reply(Reply(200, openai_chat(ideas_json(idea("Brewing Basics", "how to brew green tea")), model=model)))
    job = start(tenant, [tea])

    assert job_execute(job_id=job.pk) == "succeeded", fresh(job).error

    assert fake_ai.requests[0].body["model"] == model
    assert list(ContentIdeas.objects.values_list("generated_by", flat=True)) == [f"openai:{model}"]
    assert CreditUsageLog.objects.get().metadata["model"] == model

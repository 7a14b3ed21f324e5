"""AI settings and prompts endpoints: write-only encrypted keys, validation, roles, tenancy, audit,
and API keys that never reach a response, the database in clear, the audit log or the logs."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.db import connection

from igny8_core.core.auth.models import AuditLog, Role
from igny8_core.domain.ai.models import AIPrompt, AISettings
from igny8_core.domain.billing.models import CreditUsageLog
from igny8_core.domain.jobs.models import Job
from igny8_core.infrastructure.ai.prompts import DEFAULT_PROMPTS, PROMPT_VARIABLES
from igny8_core.infrastructure.messaging.job_runner import job_execute
from igny8_core.shared.utils.crypto import decrypt_json
from tests.conftest import Tenant, client_for
from tests.infrastructure.ai.conftest import FakeAIServer, Reply, make_cluster, openai_chat, openai_error, queue_ai_job

pytestmark = pytest.mark.django_db

URL = "/api/v1/system/ai-settings/"
PROMPTS = "/api/v1/system/prompts/"
OPENAI_KEY = "sk-proj-SECRET-openai-5f2c9a7e1b"
ANTHROPIC_KEY = "sk-ant-api03-SECRET-anthropic-88d1"
DEFAULTS: dict[str, Any] = {
    "provider": "offline",
    "openai_base_url": "https://api.openai.com/v1",
    "openai_structured_output": "json_schema",
    "anthropic_base_url": "https://api.anthropic.com",
    "default_model": "",
    "function_settings": {},
    "temperature": 0.4,
    "request_timeout": 90,
    "has_openai_key": False,
    "has_anthropic_key": False,
    "has_runware_key": False,
    "updated_at": None,
}


def stored_row(tenant: Tenant) -> dict[str, Any] | None:
    """The account's settings row as the database holds it (raw SQL, no model decoding)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM igny8_ai_settings WHERE account_id = %s", [tenant.account.pk])
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip([c[0] for c in cursor.description], row, strict=True))


def keys_of(tenant: Tenant) -> dict[str, Any]:
    return decrypt_json(AISettings.objects.get(account=tenant.account).credentials_encrypted)


def audit(tenant: Tenant) -> list[tuple[str, dict[str, Any]]]:
    return [(a.action, a.changes) for a in AuditLog.objects.filter(account=tenant.account).order_by("id")]


def settings_snapshot() -> list[dict[str, Any]]:
    return [dict(row) for row in AISettings.objects.order_by("pk").values()]


def prompts_snapshot() -> list[dict[str, Any]]:
    return [dict(row) for row in AIPrompt.objects.order_by("pk").values()]


def default_row(prompt_type: str) -> dict[str, Any]:
    return {
        "prompt_type": prompt_type,
        "template": DEFAULT_PROMPTS[prompt_type],
        "default_template": DEFAULT_PROMPTS[prompt_type],
        "is_customized": False,
        "variables": PROMPT_VARIABLES[prompt_type],
        "updated_at": None,
    }


def assert_secret_free(text: str) -> None:
    assert OPENAI_KEY not in text
    assert ANTHROPIC_KEY not in text


# --- AI settings: read -----------------------------------------------------------------------------


def test_get_returns_the_offline_defaults_before_anything_is_saved(tenant: Tenant):
    response = tenant.client.get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "data": DEFAULTS,
        "message": "",
        "request_id": response["X-Request-ID"],
    }
    assert AISettings.objects.count() == 0  # reading creates nothing


def test_anonymous_is_401(client, db):
    assert client.get(URL).status_code == 401
    assert client.patch(URL, {"provider": "openai"}, format="json").status_code == 401
    assert AISettings.objects.count() == 0


# --- AI settings: write, keys write-only and encrypted ---------------------------------------------


def test_owner_saves_settings_and_a_key_that_is_never_returned_and_stored_encrypted(tenant: Tenant):
    response = tenant.client.patch(
        URL,
        {
            "provider": "openai",
            "openai_base_url": "http://127.0.0.1:11434/v1",
            "default_model": "llama3.1:8b",
            "temperature": 0.2,
            "request_timeout": 120,
            "openai_api_key": OPENAI_KEY,
        },
        format="json",
    )

    assert response.status_code == 200
    assert_secret_free(response.content.decode())
    body = response.json()
    assert body["message"] == "AI settings saved."
    expected = {
        **DEFAULTS,
        "provider": "openai",
        "openai_base_url": "http://127.0.0.1:11434/v1",
        "default_model": "llama3.1:8b",
        "temperature": 0.2,
        "request_timeout": 120,
        "has_openai_key": True,
    }
    assert {k: v for k, v in body["data"].items() if k != "updated_at"} == {
        k: v for k, v in expected.items() if k != "updated_at"
    }
    assert body["data"]["updated_at"] is not None

    got = tenant.client.get(URL)
    assert_secret_free(got.content.decode())
    assert got.json()["data"] == body["data"]

    raw = stored_row(tenant)
    assert raw is not None
    assert raw["credentials_encrypted"] != ""
    assert_secret_free(json.dumps(raw, default=str))  # no column holds the key in clear
    assert keys_of(tenant) == {"openai": OPENAI_KEY}

    assert audit(tenant) == [
        (
            "ai_settings.updated",
            {
                "provider": ["offline", "openai"],
                "openai_base_url": ["https://api.openai.com/v1", "http://127.0.0.1:11434/v1"],
                "default_model": ["", "llama3.1:8b"],
                "temperature": [0.4, 0.2],
                "request_timeout": [90, 120],
                "api_keys": {"openai": "set"},
            },
        )
    ]


def test_an_admin_can_change_settings(tenant: Tenant):
    _, admin = tenant.member(Role.ADMIN)

    response = admin.patch(URL, {"anthropic_api_key": ANTHROPIC_KEY, "provider": "anthropic"}, format="json")

    assert response.status_code == 200
    assert_secret_free(response.content.decode())
    assert (response.json()["data"]["has_anthropic_key"], response.json()["data"]["has_openai_key"]) == (True, False)
    assert keys_of(tenant) == {"anthropic": ANTHROPIC_KEY}


def test_a_patch_without_keys_keeps_the_saved_keys(tenant: Tenant):
    tenant.client.patch(URL, {"openai_api_key": OPENAI_KEY, "anthropic_api_key": ANTHROPIC_KEY}, format="json")

    response = tenant.client.patch(URL, {"default_model": "gpt-4o"}, format="json")

    data = response.json()["data"]
    assert (data["default_model"], data["has_openai_key"], data["has_anthropic_key"]) == ("gpt-4o", True, True)
    assert keys_of(tenant) == {"openai": OPENAI_KEY, "anthropic": ANTHROPIC_KEY}


@pytest.mark.parametrize("removal", ["", None])
def test_a_key_is_removed_with_an_empty_value(tenant: Tenant, removal):
    tenant.client.patch(URL, {"openai_api_key": OPENAI_KEY, "anthropic_api_key": ANTHROPIC_KEY}, format="json")

    response = tenant.client.patch(URL, {"openai_api_key": removal}, format="json")

    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["has_openai_key"], data["has_anthropic_key"]) == (False, True)
    assert keys_of(tenant) == {"anthropic": ANTHROPIC_KEY}
    assert audit(tenant)[-1] == ("ai_settings.updated", {"api_keys": {"openai": "removed"}})


def test_removing_the_last_key_leaves_no_ciphertext(tenant: Tenant):
    tenant.client.patch(URL, {"openai_api_key": OPENAI_KEY}, format="json")

    tenant.client.patch(URL, {"openai_api_key": ""}, format="json")

    raw = stored_row(tenant)
    assert raw is not None
    assert raw["credentials_encrypted"] == ""
    assert tenant.client.get(URL).json()["data"]["has_openai_key"] is False


def test_the_audit_log_never_holds_a_key(tenant: Tenant):
    tenant.client.patch(URL, {"openai_api_key": OPENAI_KEY}, format="json")
    tenant.client.patch(URL, {"anthropic_api_key": ANTHROPIC_KEY, "provider": "anthropic"}, format="json")
    tenant.client.patch(URL, {"openai_api_key": ""}, format="json")

    rows = audit(tenant)
    assert rows == [
        ("ai_settings.updated", {"api_keys": {"openai": "set"}}),
        ("ai_settings.updated", {"provider": ["offline", "anthropic"], "api_keys": {"anthropic": "set"}}),
        ("ai_settings.updated", {"api_keys": {"openai": "removed"}}),
    ]
    assert_secret_free(json.dumps(list(AuditLog.objects.values()), default=str))


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"provider": "gemini"}, {"provider": ['"gemini" is not a valid choice.']}),
        ({"temperature": 3}, {"temperature": ["Ensure this value is less than or equal to 2."]}),
        ({"request_timeout": 1}, {"request_timeout": ["Ensure this value is greater than or equal to 5."]}),
        (
            {"openai_base_url": "not a url"},
            {"openai_base_url": ["Enter an http(s) URL with a host, e.g. http://ollama:11434/v1."]},
        ),
        (
            {"anthropic_base_url": "ftp://example.com"},
            {"anthropic_base_url": ["Enter an http(s) URL with a host, e.g. http://ollama:11434/v1."]},
        ),
        ({"openai_structured_output": "xml"}, {"openai_structured_output": ['"xml" is not a valid choice.']}),
        (
            {"function_settings": {"write_poems": {"provider": "openai"}}},
            {"function_settings": ["Unknown function 'write_poems'."]},
        ),
        (
            {"function_settings": {"generate_ideas": {"provider": "gemini"}}},
            {"function_settings.generate_ideas.provider": ["Unknown provider."]},
        ),
        (
            {"function_settings": {"generate_ideas": {"temperature": 1}}},
            {"function_settings.generate_ideas": ["Only provider and model can be set."]},
        ),
        ({"function_settings": ["generate_ideas"]}, {"function_settings": ["Not an object."]}),
    ],
)
def test_invalid_settings_are_400_and_save_nothing_not_even_the_key(tenant: Tenant, payload, errors):
    tenant.client.patch(URL, {"default_model": "gpt-4o-mini"}, format="json")
    before, audit_before = settings_snapshot(), audit(tenant)

    response = tenant.client.patch(URL, {**payload, "openai_api_key": OPENAI_KEY}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False
    assert body["errors"] == errors
    assert_secret_free(response.content.decode())
    assert settings_snapshot() == before
    assert audit(tenant) == audit_before
    assert keys_of(tenant) == {}


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_editors_and_viewers_read_settings_but_cannot_change_them(tenant: Tenant, role):
    tenant.client.patch(URL, {"provider": "openai", "openai_api_key": OPENAI_KEY}, format="json")
    _, member = tenant.member(role, sites=[tenant.site])
    before, audit_before = settings_snapshot(), audit(tenant)

    read = member.get(URL)
    assert read.status_code == 200
    assert (read.json()["data"]["provider"], read.json()["data"]["has_openai_key"]) == ("openai", True)
    assert_secret_free(read.content.decode())

    for payload in ({"provider": "offline"}, {"openai_api_key": ""}, {"anthropic_api_key": ANTHROPIC_KEY}):
        response = member.patch(URL, payload, format="json")
        assert response.status_code == 403
        assert response.json()["error"] == f"Your role ({role}) cannot do this; it needs admin or higher."

    assert settings_snapshot() == before
    assert audit(tenant) == audit_before
    assert keys_of(tenant) == {"openai": OPENAI_KEY}


def test_one_accounts_settings_are_invisible_and_unchangeable_to_another(tenant: Tenant, stranger: Tenant):
    tenant.client.patch(
        URL, {"provider": "openai", "default_model": "gpt-4o", "openai_api_key": OPENAI_KEY}, format="json"
    )
    mine_before = settings_snapshot()

    theirs = stranger.client.get(URL)
    assert theirs.json()["data"] == DEFAULTS

    changed = stranger.client.patch(URL, {"provider": "anthropic", "openai_api_key": ""}, format="json")
    assert changed.status_code == 200
    assert (changed.json()["data"]["provider"], changed.json()["data"]["has_openai_key"]) == ("anthropic", False)
    assert list(AISettings.objects.filter(account=tenant.account).values()) == mine_before
    assert keys_of(tenant) == {"openai": OPENAI_KEY}
    assert keys_of(stranger) == {}

    # Naming the other account explicitly is refused, for reads and writes alike.
    intruder = client_for(stranger.owner, account=tenant.account)
    for response in (intruder.get(URL), intruder.patch(URL, {"openai_api_key": ""}, format="json")):
        assert response.status_code == 403
        assert response.json()["error"] == "You are not a member of the account named in X-Account-ID."
    assert keys_of(tenant) == {"openai": OPENAI_KEY}
    assert [a for a, _ in audit(tenant)] == ["ai_settings.updated"]


# --- prompts ------------------------------------------------------------------------------------------


def test_prompts_list_the_defaults_with_their_variables(tenant: Tenant):
    response = tenant.client.get(PROMPTS)

    assert response.status_code == 200
    assert response.json()["data"] == [default_row(t) for t in sorted(DEFAULT_PROMPTS)]
    assert {"auto_cluster", "generate_ideas", "generate_content", "generate_content_product"} <= set(DEFAULT_PROMPTS)


def test_a_prompt_is_retrieved_by_type_and_an_unknown_type_is_404(tenant: Tenant):
    response = tenant.client.get(f"{PROMPTS}generate_ideas/")
    assert response.status_code == 200
    assert response.json()["data"] == default_row("generate_ideas")

    missing = tenant.client.get(f"{PROMPTS}write_poems/")
    assert missing.status_code == 404
    assert missing.json()["error"] == "No such prompt type."


OVERRIDE = "Give {ideas_per_cluster} ideas for {cluster_name} ({site_name}).\n{keywords}\nNo {{markdown}}."


def test_put_saves_an_override_that_is_listed_as_customized(tenant: Tenant):
    response = tenant.client.put(f"{PROMPTS}generate_ideas/", {"template": OVERRIDE}, format="json")

    assert response.status_code == 200
    data = response.json()["data"]
    assert data["updated_at"] is not None
    assert {k: v for k, v in data.items() if k != "updated_at"} == {
        "prompt_type": "generate_ideas",
        "template": OVERRIDE,
        "default_template": DEFAULT_PROMPTS["generate_ideas"],
        "is_customized": True,
        "variables": PROMPT_VARIABLES["generate_ideas"],
    }
    row = AIPrompt.objects.get(account=tenant.account)
    assert (row.prompt_type, row.template, row.is_active, row.updated_by_id) == (
        "generate_ideas",
        OVERRIDE,
        True,
        tenant.owner.pk,
    )
    listed = tenant.client.get(PROMPTS).json()["data"]
    assert [(r["prompt_type"], r["is_customized"], r["template"]) for r in listed] == [
        (t, True, OVERRIDE) if t == "generate_ideas" else (t, False, DEFAULT_PROMPTS[t])
        for t in sorted(DEFAULT_PROMPTS)
    ]
    assert audit(tenant) == [("ai_prompt.saved", {"prompt_type": "generate_ideas"})]


def test_a_second_put_replaces_the_override(tenant: Tenant):
    tenant.client.put(f"{PROMPTS}generate_ideas/", {"template": OVERRIDE}, format="json")

    response = tenant.client.put(f"{PROMPTS}generate_ideas/", {"template": "Ideas: {cluster_name}"}, format="json")

    assert response.json()["data"]["template"] == "Ideas: {cluster_name}"
    assert list(AIPrompt.objects.values_list("prompt_type", "template")) == [
        ("generate_ideas", "Ideas: {cluster_name}")
    ]


ALLOWED = (
    "cluster_intent, cluster_name, cluster_volume, ideas_per_cluster, keywords, sector_name, site_domain, site_name"
)


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("Ideas for {cluster_name} under {budget}", f"Unknown variables: budget. Allowed: {ALLOWED}."),
        ("{site_name.__class__.__mro__}", f"Unknown variables: site_name.__class__.__mro__. Allowed: {ALLOWED}."),
        ("First keyword: {keywords[0]}", f"Unknown variables: keywords[0]. Allowed: {ALLOWED}."),
        (
            "Ideas for {cluster_name",
            "Broken placeholder: expected '}' before end of string. Write literal braces as {{ and }}.",
        ),
        (
            "Return {cluster_name} as a JSON object }",
            "Broken placeholder: Single '}' encountered in format string. Write literal braces as {{ and }}.",
        ),
        # Accepted before, then every job using the prompt crashed while rendering it:
        (
            "Ideas for {} and {cluster_name}",
            "Broken placeholder: {} names no variable. Write literal braces as {{ and }}.",
        ),
        (
            "Ideas for {site_name:d}",
            "Broken placeholder: {site_name:d}. Placeholders take no format spec or conversion: write {site_name}.",
        ),
        (
            "Ideas for {cluster_name!z}",
            "Broken placeholder: {cluster_name!z}. Placeholders take no format spec or conversion: "
            "write {cluster_name}.",
        ),
    ],
)
def test_an_override_with_unknown_variables_or_broken_braces_is_400_naming_the_template(
    tenant: Tenant, template, problem
):
    tenant.client.put(f"{PROMPTS}generate_ideas/", {"template": OVERRIDE}, format="json")
    before, audit_before = prompts_snapshot(), audit(tenant)

    response = tenant.client.put(f"{PROMPTS}generate_ideas/", {"template": template}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "success": False,
        "error": f"template: {problem}",
        "errors": {"template": [problem]},
        "request_id": response["X-Request-ID"],
    }
    assert prompts_snapshot() == before
    assert audit(tenant) == audit_before


def test_an_empty_override_is_400(tenant: Tenant):
    response = tenant.client.put(f"{PROMPTS}generate_ideas/", {"template": "   "}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"template": ["This field may not be blank."]}
    assert AIPrompt.objects.count() == 0


def test_put_or_delete_of_an_unknown_prompt_type_is_404(tenant: Tenant):
    put = tenant.client.put(f"{PROMPTS}write_poems/", {"template": "Poem about {topic}"}, format="json")
    delete = tenant.client.delete(f"{PROMPTS}write_poems/")

    for response in (put, delete):
        assert response.status_code == 404
        assert response.json()["error"] == "No such prompt type."
    assert AIPrompt.objects.count() == 0


def test_delete_resets_to_the_default(tenant: Tenant):
    tenant.client.put(f"{PROMPTS}generate_ideas/", {"template": OVERRIDE}, format="json")

    response = tenant.client.delete(f"{PROMPTS}generate_ideas/")

    assert response.status_code == 200
    assert response.json()["data"] == default_row("generate_ideas")
    assert AIPrompt.objects.count() == 0
    assert audit(tenant) == [
        ("ai_prompt.saved", {"prompt_type": "generate_ideas"}),
        ("ai_prompt.reset", {"prompt_type": "generate_ideas"}),
    ]

    again = tenant.client.delete(f"{PROMPTS}generate_ideas/")  # nothing to reset: no new audit row
    assert again.status_code == 200
    assert len(audit(tenant)) == 2


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_editors_and_viewers_read_prompts_but_cannot_change_them(tenant: Tenant, role):
    tenant.client.put(f"{PROMPTS}generate_ideas/", {"template": OVERRIDE}, format="json")
    _, member = tenant.member(role, sites=[tenant.site])
    before, audit_before = prompts_snapshot(), audit(tenant)

    assert member.get(PROMPTS).status_code == 200
    assert member.get(f"{PROMPTS}generate_ideas/").json()["data"]["template"] == OVERRIDE
    for response in (
        member.put(f"{PROMPTS}generate_ideas/", {"template": "Mine: {cluster_name}"}, format="json"),
        member.put(f"{PROMPTS}auto_cluster/", {"template": "Mine: {keywords}"}, format="json"),
        member.delete(f"{PROMPTS}generate_ideas/"),
    ):
        assert response.status_code == 403
        assert response.json()["error"] == f"Your role ({role}) cannot do this; it needs admin or higher."

    assert prompts_snapshot() == before
    assert audit(tenant) == audit_before


def test_one_accounts_prompts_are_invisible_and_unchangeable_to_another(tenant: Tenant, stranger: Tenant):
    tenant.client.put(f"{PROMPTS}generate_ideas/", {"template": OVERRIDE}, format="json")
    mine_before = list(AIPrompt.objects.filter(account=tenant.account).values())

    assert stranger.client.get(PROMPTS).json()["data"] == [default_row(t) for t in sorted(DEFAULT_PROMPTS)]
    assert stranger.client.get(f"{PROMPTS}generate_ideas/").json()["data"] == default_row("generate_ideas")
    assert stranger.client.delete(f"{PROMPTS}generate_ideas/").status_code == 200
    saved = stranger.client.put(f"{PROMPTS}generate_ideas/", {"template": "Theirs: {cluster_name}"}, format="json")
    assert saved.json()["data"]["template"] == "Theirs: {cluster_name}"

    assert list(AIPrompt.objects.filter(account=tenant.account).values()) == mine_before
    assert tenant.client.get(f"{PROMPTS}generate_ideas/").json()["data"]["template"] == OVERRIDE
    intruder = client_for(stranger.owner, account=tenant.account)
    for response in (intruder.get(PROMPTS), intruder.delete(f"{PROMPTS}generate_ideas/")):
        assert response.status_code == 403
    assert list(AIPrompt.objects.filter(account=tenant.account).values()) == mine_before


# --- the key never reaches the logs -------------------------------------------------------------------


def test_the_key_never_appears_in_log_output_during_an_engine_run(tenant: Tenant, reference_data, caplog):
    cluster = make_cluster(
        site=tenant.site, sector=tenant.sector, name="Green tea", keywords=[("how to brew green tea", 2400, 22)]
    )
    answer = {
        "ideas": [
            {
                "title": "How to Brew Green Tea",
                "content_type": "post",
                "content_structure": "how_to",
                "target_word_count": 1500,
                "primary_keyword": "how to brew green tea",
                "outline": [{"heading": "Water temperature"}, {"heading": "Steeping time"}],
            }
        ]
    }
    caplog.set_level(logging.DEBUG)
    with FakeAIServer() as fake:
        saved = tenant.client.patch(
            URL,
            {"provider": "openai", "openai_base_url": fake.url, "openai_api_key": OPENAI_KEY},
            format="json",
        )
        assert saved.status_code == 200
        fake.reply(
            Reply(200, openai_chat(json.dumps(answer), prompt_tokens=100, completion_tokens=50)),
            Reply(401, openai_error("Incorrect API key provided.", "invalid_request_error")),
        )
        succeeded = queue_ai_job(
            user=tenant.owner, account=tenant.account, function="generate_ideas", payload={"ids": [cluster.pk]}
        )
        assert job_execute(job_id=succeeded.pk) == "succeeded"
        failed = queue_ai_job(
            user=tenant.owner, account=tenant.account, function="generate_ideas", payload={"ids": [cluster.pk]}
        )
        assert job_execute(job_id=failed.pk) == "failed"

    # The key did go to the provider, and nowhere else.
    assert [r.headers["authorization"] for r in fake.requests] == [f"Bearer {OPENAI_KEY}"] * 2
    assert caplog.records  # the run did log (httpx, jobs): the check below is not vacuous
    assert_secret_free(caplog.text)
    for record in caplog.records:
        assert_secret_free(record.getMessage())
        assert_secret_free(repr(record.args))
    assert_secret_free(json.dumps(list(Job.objects.values()), default=str))
    assert_secret_free(json.dumps(list(CreditUsageLog.objects.values()), default=str))
    assert_secret_free(json.dumps(list(AuditLog.objects.values()), default=str))


@pytest.mark.parametrize(
    "url",
    ["http://ollama:11434/v1", "http://localhost:8080/v1", "https://llm.internal.example/v1/", "http://10.0.0.5:8000"],
)
def test_self_hosted_base_urls_with_plain_host_names_are_accepted(tenant: Tenant, url):
    response = tenant.client.patch(URL, {"openai_base_url": url}, format="json")

    assert response.status_code == 200
    assert response.json()["data"]["openai_base_url"] == url.rstrip("/")
    assert AISettings.objects.get(account=tenant.account).openai_base_url == url.rstrip("/")


def test_image_generation_can_use_runware_with_its_own_write_only_key(tenant: Tenant):
    response = tenant.client.patch(
        URL,
        {
            "function_settings": {
                "generate_images": {"provider": "runware", "base_url": "http://runware.local:9000/v1/"}
            },
            "runware_api_key": "rw-SECRET-key",
        },
        format="json",
    )

    assert response.status_code == 200
    data = response.json()["data"]
    assert data["function_settings"] == {
        "generate_images": {"provider": "runware", "base_url": "http://runware.local:9000/v1"}
    }
    assert data["has_runware_key"] is True
    assert "rw-SECRET-key" not in response.content.decode()
    assert keys_of(tenant) == {"runware": "rw-SECRET-key"}


def test_runware_is_only_an_image_provider(tenant: Tenant):
    response = tenant.client.patch(
        URL, {"function_settings": {"generate_ideas": {"provider": "runware"}}}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"function_settings.generate_ideas.provider": ["Unknown provider."]}

from __future__ import annotations

from typing import Any

from django.db import transaction

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.auth.services import audit_record
from igny8_core.domain.ai.models import AIPrompt, AISettings, Provider
from igny8_core.shared.exceptions import ValidationFailed
from igny8_core.shared.utils.crypto import decrypt_json, encrypt_json
from igny8_core.shared.utils.models import model_update

SETTINGS_FIELDS = (
    "provider",
    "openai_base_url",
    "openai_structured_output",
    "anthropic_base_url",
    "default_model",
    "function_settings",
    "temperature",
    "request_timeout",
)
KNOWN_FUNCTIONS = (
    "auto_cluster",
    "generate_ideas",
    "generate_content",
    "generate_image_prompts",
    "generate_images",
    "generate_site_structure",
    "optimize_content",
)


# Images are not made by the chat provider: they name their own (offline, OpenAI Images, Runware).
IMAGE_PROVIDERS = {"offline", "openai", "runware"}
IMAGE_FUNCTION_KEYS = {"provider", "model", "base_url"}


def _validate_function_settings(value: Any) -> dict[str, dict[str, str]]:
    if not isinstance(value, dict):
        raise ValidationFailed("function_settings must be an object.", errors={"function_settings": ["Not an object."]})
    clean: dict[str, dict[str, str]] = {}
    for name, conf in value.items():
        if name not in KNOWN_FUNCTIONS:
            raise ValidationFailed(
                f"function_settings: unknown function {name!r}.",
                errors={"function_settings": [f"Unknown function {name!r}."]},
            )
        allowed_keys = IMAGE_FUNCTION_KEYS if name == "generate_images" else {"provider", "model"}
        if not isinstance(conf, dict) or set(conf) - allowed_keys:
            listed = "provider, model and base_url" if name == "generate_images" else "provider and model"
            raise ValidationFailed(
                f"function_settings.{name}: only {listed} can be set.",
                errors={f"function_settings.{name}": [f"Only {listed} can be set."]},
            )
        providers = IMAGE_PROVIDERS if name == "generate_images" else set(Provider.values)
        if "provider" in conf and conf["provider"] not in providers:
            raise ValidationFailed(
                f"function_settings.{name}.provider: unknown provider.",
                errors={f"function_settings.{name}.provider": ["Unknown provider."]},
            )
        if "base_url" in conf:
            conf = {**conf, "base_url": _validate_base_url(f"function_settings.{name}.base_url", str(conf["base_url"]))}
        clean[name] = {k: str(v) for k, v in conf.items()}
    return clean


def _validate_base_url(field: str, value: str) -> str:
    from urllib.parse import urlparse

    value = value.strip().rstrip("/")
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ValidationFailed(
            f"{field}: Enter an http(s) URL with a host, e.g. http://ollama:11434/v1.",
            errors={field: ["Enter an http(s) URL with a host, e.g. http://ollama:11434/v1."]},
        )
    return value


@transaction.atomic
def ai_settings_update(*, tenant: TenantContext, data: dict[str, Any], api_keys: dict[str, str | None]) -> AISettings:
    """Update AI settings. ``api_keys``: {provider: key} sets a key, {provider: None or ""} removes it."""
    row, _ = AISettings.objects.select_for_update().get_or_create(account=tenant.account)
    data = dict(data)
    for url_field in ("openai_base_url", "anthropic_base_url"):
        if url_field in data:
            data[url_field] = _validate_base_url(url_field, data[url_field])
    if "function_settings" in data:
        data["function_settings"] = _validate_function_settings(data["function_settings"])
    row, changes = model_update(instance=row, fields=SETTINGS_FIELDS, data=data)
    if api_keys:
        credentials = decrypt_json(row.credentials_encrypted)
        for provider, key in api_keys.items():
            if key:
                credentials[provider] = key
            else:
                credentials.pop(provider, None)
        row.credentials_encrypted = encrypt_json(credentials)
        row.save(update_fields=["credentials_encrypted", "updated_at"])
        changes["api_keys"] = {p: ("set" if k else "removed") for p, k in api_keys.items()}  # never the key itself
    if changes:
        audit_record(account=tenant.account, actor=tenant.user, action="ai_settings.updated", obj=row, changes=changes)
    return row


@transaction.atomic
def ai_prompt_save(*, tenant: TenantContext, prompt_type: str, template: str, problems: list[str]) -> AIPrompt:
    if problems:
        raise ValidationFailed(f"template: {problems[0]}", errors={"template": problems})
    row, _ = AIPrompt.objects.update_or_create(
        account=tenant.account,
        prompt_type=prompt_type,
        defaults={"template": template, "is_active": True, "updated_by": tenant.user},
    )
    audit_record(
        account=tenant.account,
        actor=tenant.user,
        action="ai_prompt.saved",
        obj=row,
        changes={"prompt_type": prompt_type},
    )
    return row


@transaction.atomic
def ai_prompt_reset(*, tenant: TenantContext, prompt_type: str) -> None:
    deleted, _ = AIPrompt.objects.filter(account=tenant.account, prompt_type=prompt_type).delete()
    if deleted:
        audit_record(
            account=tenant.account, actor=tenant.user, action="ai_prompt.reset", changes={"prompt_type": prompt_type}
        )

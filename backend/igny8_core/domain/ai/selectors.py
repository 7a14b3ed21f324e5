from __future__ import annotations

from typing import Any

from igny8_core.core.auth.models import Account
from igny8_core.domain.ai.models import AIPrompt, AISettings
from igny8_core.shared.utils.crypto import decrypt_json


def ai_settings_get(*, account: Account) -> AISettings:
    """The account's AI settings; an unsaved default row (offline) when none exist yet."""
    row = AISettings.objects.filter(account=account).first()
    return row if row is not None else AISettings(account=account)


def ai_credentials_get(*, settings_row: AISettings) -> dict[str, str]:
    """Decrypted {provider: api_key}. Only the engine calls this; the API never returns keys."""
    return {k: str(v) for k, v in decrypt_json(settings_row.credentials_encrypted).items()}


def ai_prompt_get(*, account: Account, prompt_type: str) -> str | None:
    row = AIPrompt.objects.filter(account=account, prompt_type=prompt_type, is_active=True).first()
    return row.template if row is not None else None


def ai_prompt_list(*, account: Account, defaults: dict[str, str], variables: dict[str, Any]) -> list[dict[str, Any]]:
    overrides = {p.prompt_type: p for p in AIPrompt.objects.filter(account=account)}
    rows = []
    for prompt_type, default in sorted(defaults.items()):
        override = overrides.get(prompt_type)
        rows.append(
            {
                "prompt_type": prompt_type,
                "template": override.template if override and override.is_active else default,
                "default_template": default,
                "is_customized": bool(override and override.is_active),
                "variables": variables.get(prompt_type, {}),
                "updated_at": override.updated_at if override else None,
            }
        )
    return rows

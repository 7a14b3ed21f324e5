"""Per-account AI configuration: provider, model per function, encrypted keys, prompt overrides."""

from __future__ import annotations

from django.db import models

from igny8_core.core.base.models import AccountBaseModel


class Provider(models.TextChoices):
    OFFLINE = "offline", "Offline (built in, no key, no network)"
    OPENAI = "openai", "OpenAI-compatible endpoint"
    ANTHROPIC = "anthropic", "Anthropic"


class StructuredOutputMode(models.TextChoices):
    JSON_SCHEMA = "json_schema", "JSON schema (OpenAI, vLLM, recent Ollama/llama.cpp)"
    JSON_OBJECT = "json_object", "JSON object mode"
    PROMPT = "prompt", "Schema in the prompt only"


class AISettings(AccountBaseModel):
    """One row per account. Keys are stored encrypted and never returned by the API."""

    provider = models.CharField(max_length=20, choices=Provider.choices, default=Provider.OFFLINE)
    # CharField, not URLField: self-hosted servers live at names like http://ollama:11434/v1, which
    # Django's URL validator refuses; the service checks scheme and host instead.
    openai_base_url = models.CharField(max_length=500, default="https://api.openai.com/v1")
    openai_structured_output = models.CharField(
        max_length=20, choices=StructuredOutputMode.choices, default=StructuredOutputMode.JSON_SCHEMA
    )
    anthropic_base_url = models.CharField(max_length=500, default="https://api.anthropic.com")
    default_model = models.CharField(max_length=200, blank=True)
    function_settings = models.JSONField(
        default=dict, blank=True, help_text='Per function: {"generate_ideas": {"provider": "openai", "model": "…"}}'
    )
    credentials_encrypted = models.TextField(blank=True, editable=False)
    temperature = models.FloatField(default=0.4)
    request_timeout = models.PositiveIntegerField(default=90, help_text="Seconds per provider call.")

    class Meta:
        db_table = "igny8_ai_settings"
        constraints = [models.UniqueConstraint(fields=["account"], name="unique_ai_settings_per_account")]

    def __str__(self) -> str:
        return f"AI settings of account {self.account_id}"


class AIPrompt(AccountBaseModel):
    """An account's override of a default prompt (see infrastructure/ai/prompts.py)."""

    prompt_type = models.CharField(max_length=50)
    template = models.TextField()
    is_active = models.BooleanField(default=True)
    updated_by = models.ForeignKey(
        "igny8_auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "igny8_ai_prompts"
        ordering = ["prompt_type"]
        constraints = [models.UniqueConstraint(fields=["account", "prompt_type"], name="unique_prompt_per_account")]

    def __str__(self) -> str:
        return f"{self.prompt_type} ({self.account_id})"

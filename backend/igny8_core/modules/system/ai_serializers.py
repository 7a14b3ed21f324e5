from __future__ import annotations

from typing import Any

from rest_framework import serializers

from igny8_core.domain.ai.models import AISettings, Provider, StructuredOutputMode


def _key_field(help_text: str = "") -> serializers.CharField:
    """A write-only API key: a value sets it, "" or null removes it; never serialized back."""
    return serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=500,
        style={"input_type": "password"},
        help_text=help_text or None,
    )


class AISettingsSerializer(serializers.ModelSerializer[AISettings]):
    """API keys are write-only: send `openai_api_key` / `anthropic_api_key` / `runware_api_key` to set ("" to remove);
    responses only say whether one is saved."""

    openai_api_key = _key_field()
    anthropic_api_key = _key_field()
    runware_api_key = _key_field("Runware key for images (function_settings.generate_images.provider = runware).")
    has_openai_key = serializers.SerializerMethodField()
    has_runware_key = serializers.SerializerMethodField()
    has_anthropic_key = serializers.SerializerMethodField()
    provider = serializers.ChoiceField(choices=Provider.choices, required=False)
    openai_structured_output = serializers.ChoiceField(choices=StructuredOutputMode.choices, required=False)
    function_settings = serializers.JSONField(required=False)
    temperature = serializers.FloatField(min_value=0, max_value=2, required=False)
    request_timeout = serializers.IntegerField(min_value=5, max_value=600, required=False)

    class Meta:
        model = AISettings
        fields = [
            "provider",
            "openai_base_url",
            "openai_structured_output",
            "anthropic_base_url",
            "default_model",
            "function_settings",
            "temperature",
            "request_timeout",
            "openai_api_key",
            "anthropic_api_key",
            "runware_api_key",
            "has_openai_key",
            "has_anthropic_key",
            "has_runware_key",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]

    def _keys(self, obj: AISettings) -> dict[str, Any]:
        from igny8_core.domain.ai.selectors import ai_credentials_get

        return ai_credentials_get(settings_row=obj)

    def get_has_openai_key(self, obj: AISettings) -> bool:
        return bool(self._keys(obj).get("openai"))

    def get_has_runware_key(self, obj: AISettings) -> bool:
        return bool(self._keys(obj).get("runware"))

    def get_has_anthropic_key(self, obj: AISettings) -> bool:
        return bool(self._keys(obj).get("anthropic"))


class PromptSerializer(serializers.Serializer[Any]):
    prompt_type = serializers.CharField(read_only=True)
    template = serializers.CharField(max_length=20000)
    default_template = serializers.CharField(read_only=True)
    is_customized = serializers.BooleanField(read_only=True)
    variables = serializers.DictField(child=serializers.CharField(), read_only=True)
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)

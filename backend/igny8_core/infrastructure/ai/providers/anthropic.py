"""Anthropic Messages API over plain httpx. Structured output through a forced tool call whose
input_schema is the function's JSON schema."""

from __future__ import annotations

import json

import httpx

from igny8_core.infrastructure.ai.errors import ProviderError
from igny8_core.infrastructure.ai.providers.base import ChatRequest, ProviderResult
from igny8_core.infrastructure.ai.providers.http import post_json

API_VERSION = "2023-06-01"


class AnthropicProvider:
    name = "anthropic"

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str = "https://api.anthropic.com",
        timeout: float = 90.0,
        client: httpx.Client | None = None,
        max_attempts: int = 4,
    ) -> None:
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.client = client or httpx.Client(timeout=timeout)
        self.max_attempts = max_attempts

    def complete(self, request: ChatRequest) -> ProviderResult:
        tool = {"name": request.schema_name, "description": "Return the result.", "input_schema": request.json_schema}
        body = {
            "model": request.model,
            "max_tokens": request.max_tokens,
            "temperature": request.temperature,
            "system": request.system,
            "messages": [{"role": "user", "content": request.user}],
            "tools": [tool],
            "tool_choice": {"type": "tool", "name": request.schema_name},
        }
        headers = {"x-api-key": self.api_key, "anthropic-version": API_VERSION, "content-type": "application/json"}
        data = post_json(
            self.client,
            f"{self.base_url}/v1/messages",
            json=body,
            headers=headers,
            label="Anthropic",
            max_attempts=self.max_attempts,
        )
        blocks = data.get("content") or []
        content = None
        for block in blocks:
            if isinstance(block, dict) and block.get("type") == "tool_use":
                content = json.dumps(block.get("input"))
                break
        if content is None:  # fall back to text blocks (a model that answered in prose/JSON text)
            content = "".join(b.get("text", "") for b in blocks if isinstance(b, dict) and b.get("type") == "text")
        if not content:
            raise ProviderError("Anthropic answered without content")
        usage = data.get("usage") or {}
        return ProviderResult(
            content=content,
            model=str(data.get("model") or request.model),
            provider=self.name,
            tokens_in=int(usage.get("input_tokens") or 0),
            tokens_out=int(usage.get("output_tokens") or 0),
            raw=data,
        )

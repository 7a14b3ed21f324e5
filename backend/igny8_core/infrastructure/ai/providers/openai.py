"""Any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, LM Studio, llama.cpp server) over plain httpx:
chat completions with JSON-schema output, and embeddings."""

from __future__ import annotations

import json
from typing import Any

import httpx

from igny8_core.infrastructure.ai.errors import ProviderError
from igny8_core.infrastructure.ai.providers.base import ChatRequest, ProviderResult
from igny8_core.infrastructure.ai.providers.http import post_json


class OpenAICompatibleProvider:
    name = "openai"

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str = "",
        timeout: float = 90.0,
        structured_output: str = "json_schema",
        client: httpx.Client | None = None,
        max_attempts: int = 4,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.structured_output = structured_output
        self.client = client or httpx.Client(timeout=timeout)
        self.max_attempts = max_attempts

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        if self.api_key:  # local servers (Ollama, llama.cpp) need none
            headers["Authorization"] = f"Bearer {self.api_key}"
        return headers

    def complete(self, request: ChatRequest) -> ProviderResult:
        system = request.system
        body: dict[str, Any] = {
            "model": request.model,
            "temperature": request.temperature,
            "max_tokens": request.max_tokens,
        }
        if self.structured_output == "json_schema":
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": request.schema_name, "schema": request.json_schema},
            }
        else:
            system += "\n\nAnswer with one JSON object matching this JSON schema:\n" + json.dumps(request.json_schema)
            if self.structured_output == "json_object":
                body["response_format"] = {"type": "json_object"}
        body["messages"] = [{"role": "system", "content": system}, {"role": "user", "content": request.user}]
        data = post_json(
            self.client,
            f"{self.base_url}/chat/completions",
            json=body,
            headers=self._headers(),
            label="The OpenAI-compatible endpoint",
            max_attempts=self.max_attempts,
        )
        try:
            message = data["choices"][0]["message"]
        except (KeyError, IndexError, TypeError):
            raise ProviderError("The OpenAI-compatible endpoint answered without a message") from None
        if message.get("refusal"):
            raise ProviderError(f"The model refused: {str(message['refusal'])[:300]}")
        content = message.get("content") or ""
        usage = data.get("usage") or {}
        return ProviderResult(
            content=content,
            model=str(data.get("model") or request.model),
            provider=self.name,
            tokens_in=int(usage.get("prompt_tokens") or 0),
            tokens_out=int(usage.get("completion_tokens") or 0),
            raw=data,
        )

    def embed(self, texts: list[str], *, model: str) -> list[list[float]]:
        data = post_json(
            self.client,
            f"{self.base_url}/embeddings",
            json={"model": model, "input": texts},
            headers=self._headers(),
            label="The OpenAI-compatible endpoint",
            max_attempts=self.max_attempts,
        )
        try:
            rows = sorted(data["data"], key=lambda r: r["index"])
            vectors = [list(map(float, r["embedding"])) for r in rows]
        except (KeyError, TypeError, ValueError):
            raise ProviderError("The embeddings endpoint answered with an unexpected shape") from None
        if len(vectors) != len(texts):
            raise ProviderError(f"Asked for {len(texts)} embeddings, got {len(vectors)}")
        return vectors

"""What a chat provider must do. Structured output: the JSON schema of the function's
pydantic model is passed to providers that support it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class ProviderResult:
    content: str  # JSON text
    model: str
    provider: str
    tokens_in: int = 0
    tokens_out: int = 0
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class ChatRequest:
    system: str
    user: str
    model: str
    schema_name: str
    json_schema: dict[str, Any]
    temperature: float = 0.4
    max_tokens: int = 4096


class ChatProvider(Protocol):
    name: str

    def complete(self, request: ChatRequest) -> ProviderResult: ...

"""The AI function contract and registry.

An AI function declares its name, the credit operation it bills, how many items one provider
call may carry, its pydantic output model (whose JSON schema goes to providers that support
structured output), and how it validates a request, prepares data, builds prompts, runs
offline, merges batch outputs, saves and prices the result. The engine runs them all the
same way (engine.py).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.auth.models import Account, Site, User
from igny8_core.domain.ai.models import AISettings
from igny8_core.domain.jobs.models import Job

Data = TypeVar("Data")
Out = TypeVar("Out", bound=BaseModel)


@dataclass
class AIContext:
    job: Job
    account: Account
    user: User | None
    site: Site | None
    settings: AISettings
    progress: Callable[[int, str, str], None]
    provider: str = "offline"
    model: str = ""


@dataclass
class PreparedRequest:
    """What validate_request hands to the job: the payload to store and the site it concerns."""

    payload: dict[str, Any]
    site: Site | None
    estimated_credits: int
    summary: str


@dataclass
class CallUsage:
    provider: str = "offline"
    model: str = ""
    calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


class AIFunction(ABC, Generic[Data, Out]):
    name: ClassVar[str]
    operation_type: ClassVar[str]
    output_model: ClassVar[type[BaseModel]]
    # What one provider call returns, when it differs from the merged output (merge() combines them).
    batch_output_model: ClassVar[type[BaseModel] | None] = None
    max_items_per_request: ClassVar[int]
    max_output_tokens: ClassVar[int] = 4096  # per provider call; long-form writers raise it
    prompt_type: ClassVar[str]
    description: ClassVar[str] = ""

    @abstractmethod
    def validate_request(self, *, tenant: TenantContext, payload: dict[str, Any]) -> PreparedRequest:
        """Check the request at the API edge (ids owned, limits, credits) and normalize the payload."""

    @abstractmethod
    def prepare(self, ctx: AIContext) -> Data:
        """Load what the function works on, from the job's payload (scoped to the job's account)."""

    @abstractmethod
    def estimate_credits(self, data: Data) -> int: ...

    @abstractmethod
    def run_offline(self, ctx: AIContext, data: Data) -> Out:
        """The built-in provider: no key, no network, deterministic."""

    @abstractmethod
    def batches(self, data: Data) -> Sequence[Any]:
        """Work items per provider call, each at most max_items_per_request items."""

    @abstractmethod
    def prompt_variables(self, ctx: AIContext, data: Data, batch: Any) -> dict[str, Any]: ...

    @abstractmethod
    def merge(self, data: Data, outputs: list[Out], batches: Sequence[Any]) -> Out:
        """Combine per-batch outputs into one (and check they cover the batch)."""

    @abstractmethod
    def save(self, ctx: AIContext, data: Data, output: Out) -> dict[str, Any]:
        """Write the result (runs inside the engine's transaction). Returns the job result."""

    @abstractmethod
    def credits(self, data: Data, output: Out, result: dict[str, Any]) -> int: ...

    def provider_resolve(self, settings_row: AISettings) -> tuple[str, str] | None:
        """Functions whose provider is not a chat model (images) name it here, (provider, model), and
        the engine then calls run_provider() instead of its chat loop. None: the engine's usual choice."""
        return None

    def run_provider(self, ctx: AIContext, data: Data, usage: CallUsage) -> Out:
        """Call the provider named by provider_resolve() (only when that returns one)."""
        raise NotImplementedError(f"{self.name} does not call its provider itself")

    @classmethod
    def call_model(cls) -> type[BaseModel]:
        return cls.batch_output_model or cls.output_model


_REGISTRY: dict[str, AIFunction[Any, Any]] = {}


def register_function(function: AIFunction[Any, Any]) -> AIFunction[Any, Any]:
    _REGISTRY[function.name] = function
    return function


def get_function(name: str) -> AIFunction[Any, Any]:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"Unknown AI function {name!r}") from None


def function_names() -> list[str]:
    return sorted(_REGISTRY)

from __future__ import annotations


class AIError(Exception):
    """Base class: the message is shown to the user on the failed job."""


class ProviderError(AIError):
    def __init__(self, message: str, *, status: int | None = None, retryable: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.retryable = retryable


class ProviderNotConfigured(AIError):
    pass


class OutputValidationError(AIError):
    """The provider answered, but not with output matching the function's schema."""

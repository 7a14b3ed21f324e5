"""Domain errors. Services raise these; the API's one exception handler turns them into
the error envelope with the right status (HackSoft style: no HTTP in the domain)."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    status_code = 400
    default_message = "The request could not be completed."

    def __init__(
        self,
        message: str | None = None,
        *,
        errors: dict[str, list[str]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.errors = errors or {}
        self.extra = extra or {}
        super().__init__(self.message)


class ValidationFailed(ApplicationError):
    status_code = 400
    default_message = "Invalid input."


class PermissionDeniedError(ApplicationError):
    status_code = 403
    default_message = "You do not have permission to perform this action."


class NotFoundError(ApplicationError):
    status_code = 404
    default_message = "Not found."


class ConflictError(ApplicationError):
    status_code = 409
    default_message = "This conflicts with the current state."


class InsufficientCreditsError(ApplicationError):
    status_code = 402
    default_message = "Not enough credits."

    def __init__(self, *, required: int, available: int, operation: str = "") -> None:
        what = f" for {operation.replace('_', ' ')}" if operation else ""
        super().__init__(
            f"Not enough credits{what}: {required} needed, {available} available. "
            "Top up or wait for your monthly credits.",
            extra={"required": required, "available": available},
        )
        self.required = required
        self.available = available

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


class StorageQuotaExceeded(ApplicationError):
    """A site's file storage is full. 507 Insufficient Storage, not 413: the request itself is not too
    large (writes mostly happen in background jobs, from generated files); the site's storage cannot
    hold more until files are deleted or the plan's quota grows."""

    status_code = 507
    default_message = "This site's storage quota is full."

    def __init__(self, *, quota_bytes: int, used_bytes: int, needed_bytes: int) -> None:
        def size(n: int) -> str:
            for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
                if n >= factor:
                    return f"{n / factor:.1f} {unit}"
            return f"{n} bytes"

        super().__init__(
            f"This site's storage is full: {size(used_bytes)} of {size(quota_bytes)} used, "
            f"{size(needed_bytes)} more needed. Delete images or upgrade the plan for more storage.",
            extra={"quota_bytes": quota_bytes, "used_bytes": used_bytes, "needed_bytes": needed_bytes},
        )
        self.quota_bytes = quota_bytes
        self.used_bytes = used_bytes
        self.needed_bytes = needed_bytes

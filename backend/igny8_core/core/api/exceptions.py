"""The one exception handler: every error becomes the error envelope with the right status."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from rest_framework import exceptions as drf_exceptions
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from igny8_core.core.api.response import error_body
from igny8_core.shared.exceptions import ApplicationError

logger = logging.getLogger("igny8.api")


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF error detail (nested dicts/lists) → {"field.sub": ["message", ...]}."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            out[prefix or "non_field_errors"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                if item:
                    out.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        out[prefix or "non_field_errors"] = [str(detail)]
    return out


def _summary(errors: dict[str, list[str]]) -> str:
    parts = []
    for field, messages in list(errors.items())[:3]:
        text = messages[0] if messages else "Invalid."
        parts.append(text if field == "non_field_errors" else f"{field}: {text}")
    more = len(errors) - 3
    return "Invalid input. " + "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    if isinstance(exc, ApplicationError):
        set_rollback()
        return Response(error_body(exc.message, errors=exc.errors, **exc.extra), status=exc.status_code)
    if isinstance(exc, (ProtectedError, RestrictedError)):
        # Deleting a row other rows still point at (e.g. a plan accounts are on) is a conflict, not a crash.
        set_rollback()
        return Response(
            error_body("This cannot be deleted while other records still use it."), status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, Http404):
        exc = drf_exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = drf_exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)

    if not isinstance(exc, drf_exceptions.APIException):
        logger.exception("Unhandled error in %s", context.get("view").__class__.__name__)
        set_rollback()
        return Response(
            error_body("Something went wrong on our side. Quote the request id if you contact support."),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )

    set_rollback()
    headers: dict[str, str] = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))  # type: ignore[attr-defined]

    if isinstance(exc, drf_exceptions.ValidationError):
        errors = _flatten(exc.detail)
        return Response(error_body(_summary(errors), errors=errors), status=exc.status_code, headers=headers)
    if isinstance(exc, drf_exceptions.ParseError):
        return Response(
            error_body(f"Malformed request body: {exc.detail}", errors={"body": [str(exc.detail)]}),
            status=exc.status_code,
            headers=headers,
        )
    if isinstance(exc, drf_exceptions.Throttled):
        message = "Too many requests. Please slow down"
        wait = getattr(exc, "wait", None)
        message += f" and retry in {int(wait)} seconds." if wait else "."
        return Response(error_body(message), status=exc.status_code, headers=headers)

    detail = exc.detail
    if isinstance(detail, (dict, list)):
        errors = _flatten(detail)
        message = next(iter(errors.values()))[0] if errors else "Error."
        return Response(error_body(str(message), errors=errors), status=exc.status_code, headers=headers)
    return Response(error_body(str(detail)), status=exc.status_code, headers=headers)

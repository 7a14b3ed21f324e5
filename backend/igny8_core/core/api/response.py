"""Helpers that build the IGNY8 response envelope."""

from __future__ import annotations

from typing import Any

from rest_framework import status as http_status
from rest_framework.response import Response


def success_response(data: Any = None, *, message: str = "", status: int = http_status.HTTP_200_OK) -> Response:
    return Response({"success": True, "data": data, "message": message}, status=status)


def accepted_job_response(job: Any, *, message: str = "Job queued.") -> Response:
    return success_response(
        {"job_id": job.id, "status": job.status}, message=message, status=http_status.HTTP_202_ACCEPTED
    )


def error_body(error: str, *, errors: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"success": False, "error": error, "errors": errors or {}}
    body.update(extra)
    return body

"""Wraps every JSON response in the envelope and stamps the request id on it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import JSONRenderer

from igny8_core.shared.middleware.request_id import get_request_id


class EnvelopeJSONRenderer(JSONRenderer):
    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Mapping[str, Any] | None = None
    ) -> bytes:
        response = (renderer_context or {}).get("response")
        if response is not None and response.status_code == 204:
            return b""
        if isinstance(data, dict) and "success" in data:
            data = {**data, "request_id": get_request_id()}
        elif response is not None and response.status_code >= 400:
            data = {"success": False, "error": str(data), "errors": {}, "request_id": get_request_id()}
        else:
            data = {"success": True, "data": data, "message": "", "request_id": get_request_id()}
        return super().render(data, accepted_media_type, renderer_context)

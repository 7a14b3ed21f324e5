"""drf-spectacular post-processing: document the envelope every JSON response travels in."""

from __future__ import annotations

from typing import Any

ERROR_ENVELOPE = {
    "type": "object",
    "properties": {
        "success": {"type": "boolean", "enum": [False]},
        "error": {"type": "string", "description": "Human-readable message."},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "Messages per field (dotted path for nested fields).",
        },
        "request_id": {"type": "string"},
    },
    "required": ["success", "error", "errors", "request_id"],
}


def _wrap(schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "success": {"type": "boolean", "enum": [True]},
            "data": schema,
            "message": {"type": "string"},
            "request_id": {"type": "string"},
        },
        "required": ["success", "data", "message", "request_id"],
    }


def wrap_in_envelope(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorEnvelope"] = ERROR_ENVELOPE
    error_ref = {"$ref": "#/components/schemas/ErrorEnvelope"}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, response in operation["responses"].items():
                content = response.get("content", {}).get("application/json")
                if not content or "schema" not in content or not str(code).startswith("2"):
                    continue
                schema = content["schema"]
                ref = schema.get("$ref", "")
                if ref.startswith("#/components/schemas/Paginated"):
                    continue  # the paginator documents its own envelope
                content["schema"] = _wrap(schema)
            operation["responses"].setdefault(
                "default",
                {"description": "Error", "content": {"application/json": {"schema": error_ref}}},
            )
    return result

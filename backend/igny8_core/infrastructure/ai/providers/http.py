"""HTTP with retries: 429, 5xx, timeouts and connection errors are retried with exponential
backoff and full jitter (honouring Retry-After); other 4xx fail at once with a clear message."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

import httpx

from igny8_core.infrastructure.ai.errors import ProviderError

RETRYABLE_STATUS = {408, 409, 425, 429, 500, 502, 503, 504, 529}


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _describe(label: str, response: httpx.Response) -> str:
    detail = ""
    try:
        body = response.json()
        err = body.get("error") if isinstance(body, dict) else None
        if isinstance(err, dict):
            detail = str(err.get("message") or err.get("type") or "")
        elif isinstance(err, str):
            detail = err
    except ValueError:
        detail = response.text[:200]
    hints = {
        401: "the API key was rejected",
        403: "the API key may not use this model",
        404: "unknown model or wrong base URL",
        429: "rate limited",
    }
    hint = hints.get(response.status_code, "")
    message = f"{label} answered HTTP {response.status_code}"
    if hint:
        message += f" ({hint})"
    if detail:
        message += f": {detail[:300]}"
    return message


def post_json(
    client: httpx.Client,
    url: str,
    *,
    json: dict[str, Any],
    headers: dict[str, str],
    label: str,
    max_attempts: int = 4,
    base_delay: float = 0.5,
    max_delay: float = 20.0,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, Any]:
    last_error: ProviderError | None = None
    for attempt in range(1, max_attempts + 1):
        try:
            response = client.post(url, json=json, headers=headers)
        except httpx.TimeoutException:
            last_error = ProviderError(f"{label} timed out", retryable=True)
            wait = None
        except httpx.TransportError as exc:
            last_error = ProviderError(f"{label} could not be reached: {exc.__class__.__name__}", retryable=True)
            wait = None
        else:
            if response.status_code < 300:
                try:
                    body = response.json()
                except ValueError:
                    raise ProviderError(f"{label} answered with something that is not JSON") from None
                if not isinstance(body, dict):
                    raise ProviderError(f"{label} answered with an unexpected JSON shape")
                return body
            error = ProviderError(
                _describe(label, response),
                status=response.status_code,
                retryable=response.status_code in RETRYABLE_STATUS,
            )
            if not error.retryable:
                raise error
            last_error = error
            wait = _retry_after(response)
        if attempt == max_attempts:
            break
        backoff = min(max_delay, base_delay * (2 ** (attempt - 1)))
        sleep(min(max_delay, wait) if wait is not None else random.uniform(0, backoff))
    assert last_error is not None
    raise ProviderError(
        f"{last_error} (gave up after {max_attempts} attempts)", status=last_error.status, retryable=True
    )

"""One HTTP client for every platform adapter: SSRF guard, timeouts, and retries.

429, 5xx, timeouts and connection errors are retried with exponential backoff and full jitter,
honouring ``Retry-After``; other 4xx fail at once. Responses are returned as they are (adapters read
platform-specific error bodies); a final failure raises :class:`IntegrationError` with a message safe to
show (never a header, never a credential).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

import httpx

from igny8_core.infrastructure.external.base import IntegrationError
from igny8_core.infrastructure.external.safety import check_url

RETRYABLE_STATUS = {408, 425, 429, 500, 502, 503, 504}
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def retry_after_seconds(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


class ExternalHttp:
    def __init__(
        self,
        *,
        label: str,
        client: httpx.Client | None = None,
        max_attempts: int = 4,
        base_delay: float = 0.5,
        max_delay: float = 20.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.label = label
        self.client = client or httpx.Client(timeout=DEFAULT_TIMEOUT, follow_redirects=False)
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.sleep = sleep

    def close(self) -> None:
        self.client.close()

    def request(
        self, method: str, url: str, *, expect: tuple[int, ...] = (), attempts: int | None = None, **kwargs: Any
    ) -> httpx.Response:
        """Send with retries. A response with status < 300 or in ``expect`` is returned; any other
        non-retryable status is returned too (the adapter explains it); retryable ones are retried and,
        when attempts run out, raise IntegrationError(retryable=True). ``attempts`` overrides
        ``max_attempts`` for this request (``attempts=1``: a create that must not be blindly re-sent, so
        the adapter can look for the item a timed-out attempt may have created before trying again)."""
        check_url(url)
        max_attempts = self.max_attempts if attempts is None else max(1, attempts)
        last: IntegrationError | None = None
        for attempt in range(1, max_attempts + 1):
            wait: float | None = None
            try:
                response = self.client.request(method, url, **kwargs)
            except httpx.TimeoutException:
                last = IntegrationError(f"{self.label} timed out", retryable=True, code="timeout")
            except httpx.TransportError as exc:
                last = IntegrationError(
                    f"{self.label} could not be reached ({exc.__class__.__name__})", retryable=True, code="unreachable"
                )
            else:
                if response.status_code < 300 or response.status_code in expect:
                    return response
                if response.status_code not in RETRYABLE_STATUS:
                    return response
                last = IntegrationError(
                    f"{self.label} answered HTTP {response.status_code}",
                    retryable=True,
                    status_code=response.status_code,
                    code="remote_unavailable" if response.status_code != 429 else "rate_limited",
                )
                wait = retry_after_seconds(response)
            if attempt == max_attempts:
                break
            backoff = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
            self.sleep(min(self.max_delay, wait) if wait is not None else random.uniform(0, backoff))
        assert last is not None
        raise IntegrationError(
            f"{last.message} (gave up after {max_attempts} attempt{'s' if max_attempts > 1 else ''})",
            retryable=True,
            status_code=last.status_code,
            code=last.code,
        )

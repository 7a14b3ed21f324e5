"""A real local HTTP server playing the third-party AI APIs, so providers run their real httpx
client against it (only the third party is faked, at the HTTP boundary).

It answers ``POST /chat/completions`` and ``POST /embeddings`` (OpenAI-compatible) and
``POST /v1/messages`` (Anthropic Messages), ``POST /images/generations`` (OpenAI Images), ``POST /v1``
(Runware) and ``GET /files/image.webp`` (an image URL) from a per-test queue of scripted replies, and
records every request (method, path, headers, JSON body) for assertions.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import BaseHTTPRequestHandler
from types import SimpleNamespace
from typing import Any
from unittest.mock import patch

import pytest
from django.db import connections
from django.test import TestCase

from igny8_core.core.auth.models import Account, Sector, Site, User
from igny8_core.core.auth.selectors import tenant_context_resolve
from igny8_core.domain.jobs.models import Job
from igny8_core.domain.planning.models import Clusters, Keywords
from igny8_core.domain.planning.services import cluster_refresh_stats
from igny8_core.domain.planning.text import normalize_keyword
from igny8_core.infrastructure.ai import service as ai_service
from igny8_core.infrastructure.ai.providers import anthropic as anthropic_provider
from igny8_core.infrastructure.ai.providers import http as provider_http
from igny8_core.infrastructure.ai.providers import openai as openai_provider
from tests.local_http import LocalHttpServer

KNOWN_PATHS = {"/chat/completions", "/embeddings", "/v1/messages"}
# Image APIs: OpenAI Images, Runware (its whole API is one URL), and a file an image URL points to.
KNOWN_PATHS |= {"/images/generations", "/v1", "/files/image.webp"}


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # names lower-cased
    body: Any  # the parsed JSON body, or None when it was not JSON
    raw: bytes


@dataclass
class Reply:
    """One scripted answer. ``body``: a dict/list is sent as JSON, bytes as they are. ``before`` runs on
    the server's thread, with its own database connection: a hook that touches the database needs a
    ``django_db(transaction=True)`` test to see the test's rows (as another process would)."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering; longer than the client's timeout makes it time out
    before: Callable[[RecordedRequest], None] | None = None  # runs in the server thread before answering


class FakeAIServer(LocalHttpServer):
    """``with FakeAIServer() as server:`` or the ``fake_ai`` fixture. Unscripted requests get a 418
    (not retryable), so a test that forgot a reply fails at once instead of retrying."""

    def __init__(self) -> None:
        super().__init__(_Handler, name="fake-ai-server")
        self.requests: list[RecordedRequest] = []
        self.hook_errors: list[str] = []
        self._replies: deque[Reply] = deque()

    def reply(self, *replies: Reply) -> None:
        with self._lock:
            self._replies.extend(replies)

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._replies)

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    # --- called from the handler threads ---

    def _take(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            if request.path not in KNOWN_PATHS:
                return Reply(404, openai_error(f"Unknown path {request.path}", "invalid_request_error"))
            if not self._replies:
                return Reply(418, openai_error("fake AI server: no reply scripted for this request", "test_error"))
            return self._replies.popleft()

    def _run_hook(self, reply: Reply, request: RecordedRequest) -> None:
        if reply.before is None:
            return
        try:
            reply.before(request)
        except Exception as exc:  # surfaced by the fixture's teardown
            self.hook_errors.append(f"{exc.__class__.__name__}: {exc}")
        finally:
            connections.close_all()  # this thread's own connections, never the test's


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # one request per connection: nothing idles at teardown

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def _serve(self) -> None:
        fake: FakeAIServer = self.server.fake  # type: ignore[attr-defined]
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        request = RecordedRequest(
            method=self.command,
            path=self.path,
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
            raw=raw,
        )
        reply = fake._take(request)
        fake._run_hook(reply, request)
        if reply.delay and fake._stop.wait(reply.delay):
            return
        if isinstance(reply.body, bytes):
            payload, content_type = reply.body, "text/plain; charset=utf-8"
        else:
            payload, content_type = json.dumps(reply.body).encode(), "application/json"
        try:
            self.send_response(reply.status)
            headers = {"Content-Type": content_type, **reply.headers, "Content-Length": str(len(payload))}
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
            pass

    do_POST = _serve
    do_GET = _serve


@pytest.fixture
def fake_ai() -> Iterator[FakeAIServer]:
    server = FakeAIServer().start()
    try:
        yield server
    finally:
        server.stop()
    assert server.hook_errors == []


@pytest.fixture(autouse=True)
def retry_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retry waits go to this list instead of the clock. Full jitter takes its upper bound, so the
    backoff is exact: 0.5, 1, 2 s (or the Retry-After value)."""
    slept: list[float] = []
    monkeypatch.setattr(provider_http, "random", SimpleNamespace(uniform=lambda low, high: high))
    patched = partial(provider_http.post_json, sleep=slept.append)
    monkeypatch.setattr(openai_provider, "post_json", patched)
    monkeypatch.setattr(anthropic_provider, "post_json", patched)
    return slept


# --- planner data and AI jobs ------------------------------------------------------------------------


def make_cluster(*, site: Site, sector: Sector, name: str, keywords: list[tuple[str, int, int]]) -> Clusters:
    """A cluster with ``keywords`` as (keyword, volume, difficulty), stats refreshed as the planner does."""
    cluster = Clusters.objects.create(account=site.account, site=site, sector=sector, name=name)
    for keyword, volume, difficulty in keywords:
        Keywords.objects.create(
            account=site.account,
            site=site,
            sector=sector,
            keyword=keyword,
            normalized=normalize_keyword(keyword),
            search_volume=volume,
            difficulty=difficulty,
            cluster=cluster,
        )
    cluster_refresh_stats(cluster_ids=[cluster.pk])
    cluster.refresh_from_db()
    return cluster


def queue_ai_job(*, user: User, account: Account, function: str, payload: dict[str, Any]) -> Job:
    """Start an AI function the way the API does (ai_run_async). The task message is captured
    instead of going to the broker; exactly one, carrying the job id, is sent on commit."""
    tenant = tenant_context_resolve(user=user, account_id=str(account.pk))
    assert tenant is not None
    sent: list[int] = []
    with patch.object(ai_service, "send_ai_task", sent.append), TestCase.captureOnCommitCallbacks(execute=True):
        job = ai_service.ai_run_async(tenant=tenant, function=function, payload=payload)
    assert sent == [job.pk]
    return job


# --- response bodies of the documented shapes ------------------------------------------------------


def openai_chat(
    content: str | None,
    *,
    model: str = "gpt-4o-mini-2024-07-18",
    prompt_tokens: int = 0,
    completion_tokens: int = 0,
    refusal: str | None = None,
) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1735689600,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
        "system_fingerprint": "fp_test",
    }


def openai_embeddings(
    vectors: list[list[float]], *, model: str = "text-embedding-3-small", order: list[int] | None = None
) -> dict[str, Any]:
    """``order``: the indices in the order the server lists them (the API may not keep input order)."""
    indices = order if order is not None else list(range(len(vectors)))
    return {
        "object": "list",
        "data": [{"object": "embedding", "index": i, "embedding": vectors[i]} for i in indices],
        "model": model,
        "usage": {"prompt_tokens": 8, "total_tokens": 8},
    }


def openai_error(message: str, type_: str = "server_error", code: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": None, "code": code}}


def anthropic_tool_use(
    name: str,
    tool_input: dict[str, Any],
    *,
    model: str = "claude-sonnet-4-5-20250929",
    input_tokens: int = 0,
    output_tokens: int = 0,
) -> dict[str, Any]:
    return {
        "id": "msg_test",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [{"type": "tool_use", "id": "toolu_test", "name": name, "input": tool_input}],
        "stop_reason": "tool_use",
        "stop_sequence": None,
        "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens},
    }


def anthropic_text(
    text: str, *, model: str = "claude-sonnet-4-5-20250929", input_tokens: int = 0, output_tokens: int = 0
) -> dict[str, Any]:
    return {
        "id": "msg_test",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [{"type": "text", "text": text}] if text else [],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens},
    }


def anthropic_error(type_: str, message: str) -> dict[str, Any]:
    return {"type": "error", "error": {"type": type_, "message": message}}

"""A real local HTTP server for the platform APIs that cannot run here (WordPress plugins, retries).

Handlers are registered per ``(method, path)``; each gets the recorded request and returns a
:class:`Answer`. Unrouted requests get a 418 (not retryable), so a test that forgot a route fails at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.local_http import LocalHttpServer


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, str]  # last value of each parameter
    headers: dict[str, str]  # names lower-cased
    raw: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.raw) if self.raw else None


@dataclass
class Answer:
    status: int = 200
    body: Any = None  # dict/list → JSON, str/bytes as they are
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (longer than the client's timeout → it times out)


Handler = Callable[[Request], Answer]


class FakeHttpServer(LocalHttpServer):
    def __init__(self) -> None:
        super().__init__(_RequestHandler, name="fake-http")
        self.requests: list[Request] = []
        self.routes: dict[tuple[str, str], Handler | list[Answer]] = {}
        self.fallback: Handler | None = None  # for requests no route matches

    def route(self, method: str, path: str, handler: Handler | Answer | list[Answer]) -> None:
        """A handler, one answer for every call, or a list of answers used in turn (the last one repeats)."""
        if isinstance(handler, Answer):
            answer = handler
            handler = lambda _request: answer  # noqa: E731
        self.routes[(method.upper(), path)] = handler

    def calls(self, method: str, path: str) -> list[Request]:
        return [r for r in self.requests if r.method == method.upper() and r.path == path]

    def _answer(self, request: Request) -> Answer:
        with self._lock:
            self.requests.append(request)
            handler = self.routes.get((request.method, request.path))
            if isinstance(handler, list):
                answer = handler.pop(0) if len(handler) > 1 else handler[0]
                return answer
        if handler is None and self.fallback is not None:
            return self.fallback(request)
        if handler is None:
            return Answer(418, {"code": "unrouted", "message": f"no route for {request.method} {request.path}"})
        return handler(request)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        fake: FakeHttpServer = self.server.fake  # type: ignore[attr-defined]
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        request = Request(
            method=self.command,
            path=parts.path,
            query={k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()},
            headers={k.lower(): v for k, v in self.headers.items()},
            raw=raw,
        )
        answer = fake._answer(request)
        if answer.delay and fake._stop.wait(answer.delay):
            return
        if isinstance(answer.body, dict | list):
            payload = json.dumps(answer.body).encode()
            content_type = "application/json; charset=UTF-8"
        elif isinstance(answer.body, str):
            payload, content_type = answer.body.encode(), "text/html; charset=UTF-8"
        else:
            payload, content_type = answer.body or b"", "application/octet-stream"
        try:
            self.send_response(answer.status)
            headers = {"Content-Type": content_type, **answer.headers}
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _handle


@pytest.fixture
def fake_http(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHttpServer]:
    """A started FakeHttpServer on 127.0.0.1, reachable for this test (private hosts allowed)."""
    monkeypatch.setenv("IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS", "1")
    server = FakeHttpServer().start()
    try:
        yield server
    finally:
        server.stop()

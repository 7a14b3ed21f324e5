"""A real HTTP server on 127.0.0.1 (a free port) in a daemon thread: the base of every fake
third-party API in the tests (AI providers, Shopify, webhook receivers, WordPress plugins).

Subclasses pass their ``BaseHTTPRequestHandler``; the handler reaches the fake as ``self.server.fake``.
``_stop`` is set on stop so handlers that delay an answer (timeouts) end at once.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self


class LocalHttpServer:
    def __init__(self, handler: type[BaseHTTPRequestHandler], *, name: str = "local-http") -> None:
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.block_on_close = False
        self._httpd.fake = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.01,), name=name, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def url(self) -> str:
        return self.base_url

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

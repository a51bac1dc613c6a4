"""An in-process web server for verify's tests: 127.0.0.1, a free port, never the internet.

Each path is routed to a responder, a function that writes the whole answer through the
request handler. Responders here cover what verify must cope with: plain pages, redirects,
slow answers, streamed bodies of any size, and answers that change from one request to the
next. The server logs each request (path, headers) and how many slow answers overlapped.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "verify"

Responder = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    at: float


@dataclass
class Server:
    routes: dict[str, Responder] = field(default_factory=dict)
    log: list[Request] = field(default_factory=list)
    bytes_sent: dict[str, int] = field(default_factory=dict)
    handling: int = 0  # requests whose handler is running
    slow_now: int = 0  # requests inside a `slow` responder's pause
    most_slow_at_once: int = 0
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    port: int = 0
    _httpd: ThreadingHTTPServer | None = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> Server:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # the name http.server calls
                with server.lock:
                    server.log.append(Request(self.path, dict(self.headers.items()), time.monotonic()))
                    server.handling += 1
                try:
                    responder = server.routes.get(self.path.split("?")[0], respond(404, b"not here"))
                    # The client may stop reading: what some tests want.
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        responder(self)
                finally:
                    with server.lock:
                        server.handling -= 1

            def log_message(self, format: str, *args: object) -> None:
                pass  # quiet tests

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        httpd.daemon_threads = True
        httpd.block_on_close = False
        self._httpd = httpd
        self.port = httpd.server_address[1]
        threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    def paths(self) -> list[str]:
        return [request.path for request in self.log]

    def pause(self, seconds: float) -> None:
        """Sleep in a responder, cut short when the server stops (tests never wait for it)."""
        self.stopping.wait(seconds)


def respond(
    status: int = 200,
    body: bytes | str = b"",
    content_type: str | None = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> Responder:
    data = body.encode("utf-8") if isinstance(body, str) else body

    def responder(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        if content_type is not None:
            handler.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return responder


def fixture(name: str, content_type: str = "text/html; charset=utf-8") -> Responder:
    return respond(200, (FIXTURES / name).read_bytes(), content_type)


def redirect(location: str, status: int = 302) -> Responder:
    return respond(status, b"", None, {"Location": location})


def sequence(*responders: Responder) -> Responder:
    """The first request gets the first responder, and so on; the last one repeats."""
    calls = iter(range(1_000_000))

    def responder(handler: BaseHTTPRequestHandler) -> None:
        responders[min(next(calls), len(responders) - 1)](handler)

    return responder


def slow(server: Server, seconds: float, then: Responder) -> Responder:
    """Wait, then answer. Overlapping waits are counted while nothing is sent yet, so a
    client that sends its next request once it has read an answer is never counted twice."""

    def responder(handler: BaseHTTPRequestHandler) -> None:
        with server.lock:
            server.slow_now += 1
            server.most_slow_at_once = max(server.most_slow_at_once, server.slow_now)
        try:
            server.pause(seconds)
        finally:
            with server.lock:
                server.slow_now -= 1
        then(handler)

    return responder


def stream(
    server: Server,
    total: int,
    *,
    chunk: bytes = b"<p>" + b"a" * (64 * 1024 - 7) + b"</p>\n",
    content_length: bool = False,
    content_type: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
    pause: float = 0.0,
) -> Responder:
    """`total` bytes, one chunk at a time; server.bytes_sent[path] counts what got out."""

    def responder(handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        server.bytes_sent[path] = 0
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        if content_length:
            handler.send_header("Content-Length", str(total))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        sent = 0
        while sent < total and not server.stopping.is_set():
            piece = chunk[: total - sent]
            handler.wfile.write(piece)
            sent += len(piece)
            server.bytes_sent[path] = sent
            if pause:
                server.pause(pause)

    return responder

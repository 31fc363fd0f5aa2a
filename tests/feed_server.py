"""A news site on loopback for the live-source tests: feeds, article pages, robots.txt, and every way a site goes
wrong (304s, 404/410, a malformed feed, a slow answer, an oversized body, a gzip bomb, a redirect loop, a
redirect to a private address). Every request is recorded with its headers.

``site.route(path, body, content_type=..., status=200, headers=...)`` serves a fixed body; feeds get an ETag
and Last-Modified and answer a matching conditional request with 304. ``site.special(path, kind)`` serves one
of the faults.
"""
from __future__ import annotations


import hashlib
import threading
import time
import zlib
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    at: float


@dataclass
class Route:
    body: bytes
    content_type: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    conditional: bool = True
    modified: str = field(default_factory=lambda: formatdate(time.time() - 3600, usegmt=True))

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # a client that gave up on a slow or oversized answer is what the tests want


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.specials: dict[str, tuple[str, dict]] = {}
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self.server = _Server(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Site":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8", status: int = 200,
              headers: dict[str, str] | None = None, conditional: bool = True) -> None:
        raw = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(raw, content_type, status, dict(headers or {}), conditional)
        self.specials.pop(path, None)

    def special(self, path: str, kind: str, **params) -> None:
        if kind == "gzip_bomb":
            _bomb(params.get("megabytes", 200))  # made now, not while a test measures memory
        self.specials[path] = (kind, params)
        self.routes.pop(path, None)

    def requests(self, path: str | None = None) -> list[Seen]:
        with self._lock:
            return [s for s in self.seen if path is None or s.path == path]

    def clear(self) -> None:
        with self._lock:
            self.seen.clear()

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                with site._lock:
                    site.seen.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()))
                path = self.path.split("?", 1)[0]  # a page is the same page whatever tracking parameters it has
                if path in site.specials:
                    kind, params = site.specials[path]
                    return getattr(self, f"_{kind}")(**params)
                route = site.routes.get(path)
                if route is None:
                    return self._send(404, b"not found", "text/plain")
                headers = dict(route.headers)
                if route.conditional and route.status == 200:
                    headers.setdefault("ETag", route.etag)
                    headers.setdefault("Last-Modified", route.modified)
                    if self.headers.get("If-None-Match") == headers["ETag"] or (
                        "If-None-Match" not in self.headers and self.headers.get("If-Modified-Since") == headers["Last-Modified"]
                    ):
                        return self._send(304, b"", None, headers)
                self._send(route.status, route.body, route.content_type, headers)

            def _send(self, status: int, body: bytes, content_type: str | None, headers: dict | None = None) -> None:
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body and self.command != "HEAD":
                    self.wfile.write(body)

            # ---- faults ------------------------------------------------------

            def _redirect(self, to: str, status: int = 301) -> None:
                self._send(status, b"", None, {"Location": to})

            def _slow(self, seconds: float = 30.0, chunk_every: float = 0.5) -> None:
                """Headers at once, then one byte every ``chunk_every`` seconds (no length: it never ends soon)."""
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Connection", "close")
                self.end_headers()
                deadline = time.monotonic() + seconds
                try:
                    while time.monotonic() < deadline:
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        time.sleep(chunk_every)
                except OSError:
                    pass
                self.close_connection = True

            def _silent(self, seconds: float = 30.0) -> None:
                """Accepts the request and answers nothing for ``seconds``."""
                time.sleep(seconds)
                self.close_connection = True

            def _oversized(self, megabytes: int = 12, declare: bool = False) -> None:
                """A body larger than any cap, sent without (or with) a Content-Length."""
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                if declare:
                    self.send_header("Content-Length", str(megabytes * 1_000_000))
                self.send_header("Connection", "close")
                self.end_headers()
                block = b"<p>" + b"x" * 65_000 + b"</p>"
                try:
                    for _ in range(megabytes * 1_000_000 // len(block) + 1):
                        self.wfile.write(block)
                except OSError:
                    pass
                self.close_connection = True

            def _gzip_bomb(self, megabytes: int = 200) -> None:
                """A small gzip body that inflates to ``megabytes`` MB of zeros."""
                body = _bomb(megabytes)
                self._send(200, body, "application/rss+xml", {"Content-Encoding": "gzip"})

        return Handler


_BOMBS: dict[int, bytes] = {}


def _bomb(megabytes: int) -> bytes:
    """Compressed a megabyte at a time, so that making it never holds what it inflates to."""
    if megabytes not in _BOMBS:
        packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)  # gzip framing
        block = b"\0" * 1_000_000
        _BOMBS[megabytes] = b"".join([*(packer.compress(block) for _ in range(megabytes)), packer.flush()])
    return _BOMBS[megabytes]

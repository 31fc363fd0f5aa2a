"""Fetching a feed or a page politely and safely: one ``Fetcher`` per process.

Every hop is checked before it is taken (``bot.sources.addresses``): the
scheme, then every address the host resolves to; the connection goes to the
checked address (the URL's host travels in the Host header and, for https,
as the TLS server name, so certificates are still verified against it).
Redirects are followed here, one checked hop at a time, at most
``max_redirects``, and a loop is refused; 301 and 308 all the way report the
new permanent URL. Bodies are read as a stream and decompressed here, so the
size cap holds after decompression (a gzip bomb stops at the cap); the whole
request has a deadline. Requests to one host are spaced ``delay`` seconds
apart (more when robots.txt asks for a crawl delay), and a host's
``Retry-After`` is honoured. Nothing is executed: a body is bytes.
"""
from __future__ import annotations

import email.utils
import logging
import threading
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from bot.sources.addresses import RefusedURL, Target, resolve
from bot.sources.robots import Robots

__all__ = ["Fetcher", "FetchError", "Response", "Limits"]

log = logging.getLogger(__name__)

REDIRECTS = (301, 302, 303, 307, 308)
PERMANENT = (301, 308)
LONGEST_WAIT = 60.0  # a host asking for a longer pause (Retry-After) is not waited for: the fetch fails, later is later


class FetchError(Exception):
    """A fetch that gave no usable response: ``reason`` for people, ``status`` when the server answered."""

    def __init__(self, reason: str, status: int | None = None, retry_after: float | None = None,
                 passing: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after
        self.passing = passing  # no answer in time, no connection, asked to wait: worth trying again later


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 5_000_000  # of the body after decompression
    seconds: float = 20.0  # the whole request, redirects included
    max_redirects: int = 5


@dataclass
class Response:
    url: str  # where the body came from, after redirects
    status: int
    headers: Mapping[str, str]  # lower-case names
    body: bytes
    moved_to: str | None = None  # the new URL when every redirect on the way was permanent (301, 308)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    def text(self) -> str:
        charset = "utf-8"
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip("\"' ")
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


@dataclass
class _Host:
    last: float = float("-inf")  # when the last request to it was sent (monotonic)
    not_before: float = float("-inf")  # Retry-After
    lock: threading.Lock = field(default_factory=threading.Lock)


class Fetcher:
    """``get(url)``: one polite, checked GET; ``page(url)`` also asks robots.txt first."""

    def __init__(
        self,
        user_agent: str,
        delay: float = 1.0,
        allow_private: bool = False,
        limits: Limits = Limits(),
        allowed_networks: tuple = (),
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.user_agent = user_agent
        self.delay = max(0.0, delay)
        self.allow_private = allow_private
        self.allowed_networks = allowed_networks
        self.limits = limits
        self._clock, self._sleep = clock, sleep
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        per_read = min(10.0, limits.seconds)
        self._client = httpx.Client(
            timeout=httpx.Timeout(per_read, connect=min(5.0, limits.seconds)),
            follow_redirects=False,
            trust_env=False,  # no proxy from the environment: the checked address is the one reached
            headers={"User-Agent": user_agent},
        )
        self.robots = Robots(self, user_agent)

    @classmethod
    def from_settings(cls, settings, **overrides) -> "Fetcher":
        """The fetcher NEWSDESK_FETCH_* describe (delay, private addresses, user agent, size and time caps)."""
        values = dict(
            user_agent=settings.fetch_user_agent,
            delay=settings.fetch_delay,
            allow_private=settings.fetch_allow_private,
            limits=Limits(max_bytes=settings.fetch_max_bytes, seconds=settings.fetch_timeout),
        )
        values.update(overrides)
        return cls(**values)

    def close(self) -> None:
        self._client.close()

    def check(self, url: str) -> Target:
        """The checked target of ``url``, or RefusedURL (FetchError's reason, for callers that only check)."""
        return resolve(url, self.allow_private, self.allowed_networks)

    def page(self, url: str, headers: Mapping[str, str] | None = None) -> Response:
        """An article page: robots.txt is asked first (on every redirect too)."""
        return self.get(url, headers, robots=True)

    def get(self, url: str, headers: Mapping[str, str] | None = None, robots: bool = False,
            max_bytes: int | None = None) -> Response:
        """GET ``url``; a response of any status is returned (3xx followed), FetchError when there is none."""
        deadline = self._clock() + self.limits.seconds
        current, seen, moved = url, {url}, None
        permanent = True
        for _ in range(self.limits.max_redirects + 1):
            try:
                target = self.check(current)
            except RefusedURL as exc:
                raise FetchError(exc.reason) from None
            if robots and not self.robots.allowed(current):
                raise FetchError(f"robots.txt of {target.netloc} does not allow {current}")
            self._space(target.host, self.robots.crawl_delay(current) if robots else None)
            response = self._one(target, current, headers or {}, deadline, max_bytes or self.limits.max_bytes)
            location = response.headers.get("location")
            if response.status in REDIRECTS and location:
                following = urljoin(current, location.strip())
                if response.status in PERMANENT and permanent:
                    moved = following
                else:
                    permanent = False
                if following in seen:
                    raise FetchError(f"redirect loop at {following}", response.status)
                seen.add(following)
                current = following
                continue
            response.moved_to = moved if permanent else None
            return response
        raise FetchError(f"more than {self.limits.max_redirects} redirects")

    def _host(self, host: str) -> _Host:
        with self._hosts_lock:
            return self._hosts.setdefault(host, _Host())

    def _space(self, host: str, crawl_delay: float | None) -> None:
        """Wait until this host may get the next request: ``delay`` (or robots.txt's crawl delay) after the last
        one, and after its Retry-After; a longer Retry-After than ``LONGEST_WAIT`` fails the fetch instead."""
        state = self._host(host)
        with state.lock:
            gap = max(self.delay, crawl_delay or 0.0)
            ready = max(state.last + gap, state.not_before)
            wait = ready - self._clock()
            if wait > LONGEST_WAIT:
                raise FetchError(f"{host} asked to wait {wait:.0f} s (Retry-After)", retry_after=wait, passing=True)
            if wait > 0:
                self._sleep(wait)
            state.last = self._clock()

    def _one(self, target: Target, url: str, headers: Mapping[str, str], deadline: float, cap: int) -> Response:
        parts = urlsplit(url)
        address = f"[{target.address}]" if ":" in target.address else target.address
        wire = urlunsplit((target.scheme, f"{address}:{target.port}", parts.path or "/", parts.query, ""))
        sent = {"Host": target.netloc, "Accept-Encoding": "gzip, deflate", **headers}
        extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
        try:
            with self._client.stream("GET", wire, headers=sent, extensions=extensions) as r:
                response_headers = {k.lower(): v for k, v in r.headers.items()}
                if r.status_code in (429, 503):
                    self._retry_after(target.host, response_headers.get("retry-after"))
                if r.status_code in REDIRECTS or r.status_code == 304 or r.status_code >= 400:
                    body = b""  # nothing of these is read: a hostile error page costs nothing
                else:
                    body = _read(r, response_headers, cap, deadline, self._clock)
        except httpx.TimeoutException:
            raise FetchError(f"no answer from {target.netloc} in time", passing=True) from None
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot fetch from {target.netloc} ({_short(exc)})", passing=True) from None
        return Response(url=url, status=r.status_code, headers=response_headers, body=body)

    def _retry_after(self, host: str, value: str | None) -> None:
        seconds = retry_after_seconds(value)
        if seconds is not None:
            state = self._host(host)
            state.not_before = max(state.not_before, self._clock() + seconds)


def retry_after_seconds(value: str | None) -> float | None:
    """A Retry-After header (seconds, or an HTTP date) as seconds from now."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:150]


def _read(r: httpx.Response, headers: Mapping[str, str], cap: int, deadline: float, clock) -> bytes:
    """The body, decompressed as it streams in; FetchError past ``cap`` bytes (before or after decompression)
    or past the deadline."""
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise FetchError(f"response too large ({int(declared):,} bytes, over the limit of {cap:,})", r.status_code)
    encoding = headers.get("content-encoding", "identity").strip().lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib, by its header
    elif encoding in ("", "identity"):
        inflater = None
    else:
        raise FetchError(f"unsupported content encoding {encoding[:40]!r}", r.status_code)
    out = bytearray()
    raw_size = 0
    too_large = FetchError(f"response too large (over the limit of {cap:,} bytes)", r.status_code)
    for chunk in r.iter_raw(65536):
        if clock() > deadline:
            raise FetchError("the response took too long", r.status_code, passing=True)
        raw_size += len(chunk)
        if raw_size > cap:
            raise too_large
        if inflater is None:
            out += chunk
        else:
            pending = chunk
            while pending:
                try:
                    out += inflater.decompress(pending, cap + 1 - len(out))
                except zlib.error as exc:
                    raise FetchError(f"broken {encoding} body ({exc})", r.status_code) from None
                if len(out) > cap:
                    raise too_large
                pending = inflater.unconsumed_tail
        if len(out) > cap:
            raise too_large
    if inflater is not None:
        out += inflater.flush()
        if len(out) > cap:
            raise too_large
    return bytes(out)


_SHARED: dict[tuple, Fetcher] = {}
_SHARED_LOCK = threading.Lock()


def shared_fetcher(settings) -> Fetcher:
    """One fetcher per process and settings, so that chat commands and the poller space their requests to a
    host together."""
    key = (settings.fetch_user_agent, settings.fetch_delay, settings.fetch_allow_private, settings.fetch_max_bytes,
           settings.fetch_timeout)
    with _SHARED_LOCK:
        if key not in _SHARED:
            _SHARED[key] = Fetcher.from_settings(settings)
        return _SHARED[key]

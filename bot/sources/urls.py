"""One article, one URL: the canonical form URLs are compared by.

Two links to one article differ by tracking parameters (``utm_*``,
``fbclid``: the list is data, bot/data/web.yaml), a fragment, the case of the
host, a default port or the order of parameters; none of these makes another
article. The path is kept as written (servers may treat case in it as they
like).
"""
from __future__ import annotations

import fnmatch
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bot import wordlists

__all__ = ["canonical"]


@lru_cache(maxsize=1)
def _tracking() -> tuple[str, ...]:
    return tuple(str(p).lower() for p in wordlists.load("web")["tracking_parameters"])


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in _tracking())


def canonical(url: str) -> str:
    """``url`` without tracking parameters and fragment, host in lower case, default port dropped,
    the remaining parameters sorted."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k))
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query), ""))

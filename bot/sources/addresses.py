"""Which network addresses a URL from a feed or a chat user may reach.

A URL typed in chat is untrusted: without this check it could make the bot
read its own host (loopback), the office network (private ranges) or a cloud
metadata service (169.254.169.254) and index what it finds. The host is
resolved here, every address it resolves to is checked, and the caller
connects to the checked address itself (``bot.sources.fetch``), so a name
that resolves to a public address for the check and a private one for the
connection (DNS rebinding) gains nothing. Redirects are checked the same way,
one hop at a time, by the fetcher.
"""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["Target", "RefusedURL", "resolve", "blocked_reason"]

SCHEMES = ("http", "https")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}


class RefusedURL(Exception):
    """A URL newsdesk will not fetch; ``reason`` says why in one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Target:
    """A URL's parts and the checked address to connect to."""

    scheme: str
    host: str  # as written in the URL (lower case; IPv6 without brackets)
    port: int
    address: str  # the IP address that was checked

    @property
    def netloc(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def blocked_reason(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why ``ip`` is not a public address (loopback, private, link-local, metadata ...), or None."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            inner = blocked_reason(embedded)
            return f"{inner} (inside {ip})" if inner else None
    if ip in _METADATA:
        return "a cloud metadata address"
    for test, name in (
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_private", "a private address"),
        ("is_multicast", "a multicast address"),
        ("is_reserved", "a reserved address"),
    ):
        if getattr(ip, test):
            return name
    if not ip.is_global:
        return "not a public address"
    return None


def split(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL, or RefusedURL saying what is wrong with it."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise RefusedURL(f"not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        shown = f"{scheme}:" if scheme else "no scheme"
        raise RefusedURL(f"only http:// and https:// addresses can be fetched, not {shown}")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise RefusedURL("the address names no host")
    if parts.username or parts.password:
        raise RefusedURL("an address with a user name or password is not fetched")
    return scheme, host, port or (443 if scheme == "https" else 80)


def resolve(url: str, allow_private: bool = False, allowed: tuple = ()) -> Target:
    """Resolve ``url``'s host and check every address it has.

    Refused: a scheme other than http(s), a host that does not resolve, and,
    unless ``allow_private`` (NEWSDESK_FETCH_ALLOW_PRIVATE), a host any of whose
    addresses is not public. ``allowed``: networks let through all the same
    (tests reach their loopback server this way while every other private
    range stays refused).
    """
    scheme, host, port = split(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise RefusedURL(f"the host {host} cannot be resolved ({getattr(exc, 'strerror', None) or exc})") from None
    addresses: list[str] = []
    for info in infos:
        raw = info[4][0].split("%", 1)[0]  # an IPv6 zone id
        if raw not in addresses:
            addresses.append(raw)
    if not addresses:
        raise RefusedURL(f"the host {host} has no address")
    if not allow_private:
        for raw in addresses:
            ip = ipaddress.ip_address(raw)
            if any(ip in network for network in allowed):
                continue
            reason = blocked_reason(ip)
            if reason:
                shown = host if host == raw else f"{host} ({raw})"
                raise RefusedURL(
                    f"{shown} is {reason}: refused (NEWSDESK_FETCH_ALLOW_PRIVATE=true allows it)"
                )
    return Target(scheme, host, port, addresses[0])

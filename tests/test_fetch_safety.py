"""A URL is untrusted input: refused schemes and addresses (also after redirects), caps on size (after
decompression), time and redirects, spacing of requests to one host; on the loopback site of tests/feed_server.py.

The loopback server is reached either with NEWSDESK_FETCH_ALLOW_PRIVATE, or with loopback alone let through
(``allowed_networks``) so that a redirect to another private or metadata address is seen refused. Such an
address is refused before any connection: nothing outside this machine is ever contacted.
"""
from __future__ import annotations

import ipaddress
import tracemalloc

import pytest

from bot.cli import main
from bot.sources.addresses import RefusedURL, blocked_reason, resolve
from bot.sources.fetch import Fetcher, FetchError, Limits
from feed_server import Site
from web_fixtures import page, stories

LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"),)


@pytest.fixture
def site():
    with Site() as s:
        yield s


def fetcher(**kw) -> Fetcher:
    kw.setdefault("allowed_networks", LOOPBACK)
    return Fetcher("newsdesk-test/1 (+https://example.org)", delay=0, **kw)


@pytest.mark.parametrize("address, reason", [
    ("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.10", "private"), ("172.16.5.4", "private"),
    ("169.254.169.254", "metadata"), ("169.254.10.1", "link-local"), ("::1", "loopback"), ("fc00::1", "private"),
    ("fe80::1", "link-local"), ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.0.0.1", "private"),
    ("64:ff9b::a00:1", "private"), ("100.64.0.1", "not a public address"), ("0.0.0.0", "unspecified"), ("224.0.0.1", "multicast"),
    ("fd00:ec2::254", "metadata"),
])
def test_every_non_public_address_is_named(address, reason):
    assert reason in blocked_reason(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "8.8.8.8"])
def test_a_public_address_passes(address):
    assert blocked_reason(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("url, says", [
    ("file:///etc/passwd", "only http:// and https://"),
    ("javascript:alert(1)", "only http:// and https://"),
    ("gopher://127.0.0.1:70/", "only http:// and https://"),
    ("http://user:pw@127.0.0.1/", "user name or password"),
    ("http:///nohost", "names no host"),
    ("http://localhost/", "loopback address: refused"),
    ("http://127.0.0.1:9/", "loopback address: refused"),
    ("http://[::1]/", "loopback address: refused"),
    ("http://169.254.169.254/latest/meta-data/", "metadata address: refused"),
    ("http://10.0.0.1/", "private address: refused"),
    ("http://0x7f000001/", "loopback address: refused"),
])
def test_untrusted_urls_are_refused_before_any_connection(url, says):
    with pytest.raises(RefusedURL, match=says):
        resolve(url, allow_private=False)


def test_allowing_private_addresses_lets_loopback_through():
    assert resolve("http://127.0.0.1:8080/x", allow_private=True).address == "127.0.0.1"


def test_a_redirect_to_a_private_or_metadata_address_is_refused_at_the_hop(site):
    site.special("/to-metadata", "redirect", to="http://169.254.169.254/latest/meta-data/", status=302)
    site.special("/to-office", "redirect", to="http://10.0.0.7/admin", status=301)
    site.special("/to-file", "redirect", to="file:///etc/passwd", status=302)
    f = fetcher()
    with pytest.raises(FetchError, match="metadata address: refused"):
        f.get(site.url("/to-metadata"))
    with pytest.raises(FetchError, match="private address: refused"):
        f.get(site.url("/to-office"))
    with pytest.raises(FetchError, match="only http:// and https://"):
        f.get(site.url("/to-file"))


def test_the_cli_refuses_loopback_unless_private_addresses_are_allowed(site, tmp_path, monkeypatch, capsys):
    story = stories(1)[0]
    site.route("/a.html", page(story, site.url("/a.html")))
    site.route("/rss.xml", "<rss version='2.0'><channel><title>x</title></channel></rss>", "application/rss+xml")
    monkeypatch.setenv("NEWSDESK_DB", str(tmp_path / "i.sqlite"))
    monkeypatch.setenv("NEWSDESK_CORPUS", str(tmp_path))
    monkeypatch.setenv("NEWSDESK_FETCH_DELAY", "0")
    monkeypatch.delenv("NEWSDESK_FETCH_ALLOW_PRIVATE", raising=False)
    assert main(["add", site.url("/a.html")]) == 2
    assert "127.0.0.1 is a loopback address: refused" in capsys.readouterr().err
    assert main(["feeds", "add", site.url("/rss.xml")]) == 2
    assert "loopback address: refused" in capsys.readouterr().err
    assert site.requests() == []
    monkeypatch.setenv("NEWSDESK_FETCH_ALLOW_PRIVATE", "true")
    assert main(["add", site.url("/a.html")]) == 0
    assert main(["feeds", "add", site.url("/rss.xml")]) == 0


def test_a_redirect_loop_and_too_many_redirects_stop(site):
    site.special("/loop-a", "redirect", to="/loop-b", status=302)
    site.special("/loop-b", "redirect", to="/loop-a", status=302)
    for i in range(10):
        site.special(f"/chain{i}", "redirect", to=f"/chain{i + 1}", status=307)
    with pytest.raises(FetchError, match="redirect loop"):
        fetcher().get(site.url("/loop-a"))
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetcher().get(site.url("/chain0"))
    assert len(site.requests()) == 2 + 6


def test_an_oversized_body_is_cut_off_at_the_cap_with_or_without_a_length(site):
    site.special("/big", "oversized", megabytes=12)
    site.special("/big-declared", "oversized", megabytes=12, declare=True)
    f = fetcher(limits=Limits(max_bytes=1_000_000))
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="too large"):
            f.get(site.url("/big"))
        with pytest.raises(FetchError, match=r"too large \(12,000,000 bytes"):
            f.get(site.url("/big-declared"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000  # the 12 MB body was never held


def test_a_gzip_bomb_stops_at_the_cap_after_decompression(site):
    site.special("/bomb.xml", "gzip_bomb", megabytes=200)
    f = fetcher(limits=Limits(max_bytes=2_000_000))
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="too large"):
            f.get(site.url("/bomb.xml"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 12_000_000  # 200 MB inflated would be far more


def test_a_gzip_body_within_the_cap_is_read(site):
    import gzip

    site.route("/small.xml", gzip.compress(b"<rss version='2.0'><channel><title>ok</title></channel></rss>"),
               "application/rss+xml", headers={"Content-Encoding": "gzip"})
    assert b"<title>ok</title>" in fetcher().get(site.url("/small.xml")).body


def test_a_slow_or_silent_server_is_given_up(site):
    site.special("/slow.xml", "slow", seconds=20, chunk_every=0.2)
    site.special("/silent.xml", "silent", seconds=20)
    f = fetcher(limits=Limits(seconds=1.0))
    with pytest.raises(FetchError, match="took too long"):
        f.get(site.url("/slow.xml"))
    with pytest.raises(FetchError, match="no answer"):
        f.get(site.url("/silent.xml"))


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


def test_requests_to_one_host_are_spaced_and_robots_crawl_delay_widens_the_gap(site):
    site.route("/robots.txt", "User-agent: newsdesk\nCrawl-delay: 7\nDisallow: /private\n", "text/plain")
    site.route("/a", "a", "text/plain")
    clock = FakeClock()
    f = Fetcher("newsdesk-test", delay=3.0, allowed_networks=LOOPBACK, clock=clock, sleep=clock.sleep)
    f.get(site.url("/a"))
    f.get(site.url("/a"))  # at once after: waits the delay
    clock.now += 10
    f.get(site.url("/a"))  # long after: no wait
    f.get(f"http://localhost:{site.port}/a")  # another host name: its own spacing
    assert clock.sleeps == [3.0]
    f.page(site.url("/a"))  # robots.txt (one request, spaced), then the page after the crawl delay of 7 s
    assert clock.sleeps == [3.0, 3.0, 7.0]
    with pytest.raises(FetchError, match="robots.txt"):
        f.page(site.url("/private/x"))
    assert [r.path for r in site.requests()] == ["/a", "/a", "/a", "/a", "/robots.txt", "/a"]


def test_retry_after_is_honoured_and_a_long_one_fails_the_fetch(site):
    site.route("/busy", "busy", "text/plain", status=429, headers={"Retry-After": "30"})
    site.route("/down", "down", "text/plain", status=503, headers={"Retry-After": "3600"})
    clock = FakeClock()
    f = Fetcher("newsdesk-test", delay=1.0, allowed_networks=LOOPBACK, clock=clock, sleep=clock.sleep)
    assert f.get(site.url("/busy")).status == 429
    f.get(site.url("/busy"))
    assert clock.sleeps == [30.0]
    assert f.get(site.url("/down")).status == 503
    with pytest.raises(FetchError, match="asked to wait"):
        f.get(site.url("/down"))

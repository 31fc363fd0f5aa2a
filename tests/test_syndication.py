"""Reading feed bodies: keys, dates with the feed's own offset, feeds served as HTML, advertised feeds, URLs."""
from __future__ import annotations

import pytest

from bot.sources.syndication import NotAFeed, advertised_feeds, parse_feed
from bot.sources.urls import canonical

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>T &amp; Co</title><link>https://e.org/</link>
<item><title>One</title><link>/a/1</link><guid>same</guid><pubDate>Mon, 10 Feb 2025 23:30:00 -0500</pubDate></item>
<item><title>Two</title><link>https://e.org/a/2</link><guid>same</guid></item>
</channel></rss>"""


def test_a_repeated_guid_is_not_trusted_and_links_are_absolute():
    feed = parse_feed(RSS.encode(), "application/rss+xml", "https://e.org/rss")
    assert feed.title == "T & Co"
    assert [e.key for e in feed.entries] == ["link:https://e.org/a/1", "link:https://e.org/a/2"]
    assert feed.entries[0].published.date().isoformat() == "2025-02-10"  # the outlet's date, not UTC's 11th
    assert feed.entries[1].published is None


def test_a_feed_served_as_html_is_still_a_feed():
    assert len(parse_feed(RSS.encode(), "text/html", "https://e.org/rss").entries) == 2


@pytest.mark.parametrize("body, content_type, says", [
    (b'{"version": "1", "items": []}', "application/json", "not a JSON Feed"),
    (b"<html><body>hi</body></html>", "text/html", "advertises no feed"),
    (b"<rss><channel><item><title>x", "application/xml", "not a readable feed"),
    (b"\x00\x01binary", "application/octet-stream", "not a readable feed"),
])
def test_what_is_no_feed_says_why(body, content_type, says):
    with pytest.raises(NotAFeed, match=says):
        parse_feed(body, content_type, "https://e.org/x")


def test_json_feed_items_keep_their_offset_and_fall_back_to_external_url():
    body = (b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": ['
            b'{"id": 7, "external_url": "https://o.org/s", "title": "<b>S</b>",'
            b' "date_published": "2025-03-01T23:00:00-08:00", "content_html": "<p>x &amp; y</p>"}]}')
    [entry] = parse_feed(body, "application/feed+json", "https://e.org/feed.json").entries
    assert (entry.key, entry.link, entry.title, entry.summary) == ("guid:7", "https://o.org/s", "S", "x & y")
    assert entry.published.date().isoformat() == "2025-03-01"


def test_advertised_feeds_are_found_in_page_order():
    html = ('<html><head><link rel="stylesheet" href="/s.css">'
            '<link rel="alternate" type="application/atom+xml" href="/atom.xml">'
            '<link rel="alternate" type="application/rss+xml" href="https://cdn.e.org/rss">'
            '<link rel="alternate" type="text/html" href="/en"></head></html>')
    assert advertised_feeds(html, "https://e.org/news/") == ("https://e.org/atom.xml", "https://cdn.e.org/rss")


@pytest.mark.parametrize("url, same_as", [
    ("https://E.org:443/a?utm_source=x&utm_medium=rss&id=3#top", "https://e.org/a?id=3"),
    ("https://e.org/a?fbclid=Iw&b=2&a=1", "https://e.org/a?a=1&b=2"),
    ("http://e.org:80", "http://e.org/"),
    ("https://e.org/A", "https://e.org/A"),
])
def test_canonical_urls_drop_what_only_tracks(url, same_as):
    assert canonical(url) == same_as

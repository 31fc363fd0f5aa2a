"""JSON Feed 1.0 and 1.1 (jsonfeed.org), which feedparser 6.0 does not read: the fields newsdesk needs.

``items[]`` give ``id``, ``url`` (else ``external_url``), ``title``,
``content_html`` or ``content_text`` (else ``summary``), ``date_published``
(else ``date_modified``, RFC 3339) and ``authors``/``author``.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urljoin

__all__ = ["RawEntry", "parse"]


@dataclass(frozen=True)
class RawEntry:
    """An entry as a feed gives it, before it is keyed (``bot.sources.syndication``)."""

    guid: str | None
    link: str | None
    title: str | None
    published: datetime | None  # aware, with the feed's own offset
    summary: str
    author: str | None = None


_TAGS = re.compile(r"<[^>]*>")


def _text(value) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", value)).split()) if isinstance(value, str) else ""


def _date(value) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment  # with the offset the feed wrote: its date is the outlet's date


def _author(item: dict) -> str | None:
    authors = item.get("authors")
    if isinstance(authors, list) and authors and isinstance(authors[0], dict):
        return _text(authors[0].get("name")) or None
    author = item.get("author")
    return _text(author.get("name")) or None if isinstance(author, dict) else None


def parse(body: bytes, url: str) -> tuple[str | None, str | None, list[RawEntry]] | None:
    """(title, home page, entries) of a JSON Feed, or None when ``body`` is not one."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/version/"):
        return None
    items = data.get("items")
    if not isinstance(items, list):
        return None
    entries: list[RawEntry] = []
    for item in items[:500]:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url")
        link = urljoin(url, link) if isinstance(link, str) and link.strip() else None
        guid = item.get("id")
        entries.append(
            RawEntry(
                guid=str(guid) if guid not in (None, "") else None,
                link=link,
                title=_text(item.get("title")) or None,
                published=_date(item.get("date_published")) or _date(item.get("date_modified")),
                summary=_text(item.get("content_html")) or _text(item.get("content_text")) or _text(item.get("summary")),
                author=_author(item),
            )
        )
    home = data.get("home_page_url")
    return _text(data.get("title")) or None, home if isinstance(home, str) else None, entries

"""Read article files from a corpus folder into cleaned ``Article`` values.

A corpus is one folder (top level only: sub-folders are not read, so a
folder of drafts or sources kept beside the articles stays out) of ``.txt``
and ``.md`` files. A file may open with a header of ``key: value`` lines
(``title``, ``outlet``, ``published``, ``url``) closed by a ``---`` line, or
with YAML-style front matter between two ``---`` lines.

Files that cannot be trusted as text are refused with a reason rather than
guessed at: a wrong guess at an encoding turns names into mojibake that then
spreads into every answer the bot gives.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot import wordlists
from bot.ingest.clean import clean

ARTICLE_SUFFIXES = (".txt", ".md")
_HEADER_LINE = re.compile(r"^([A-Za-z][\w-]*)\s*:\s*(.*)$")
_HEADER_END = "---"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class UnreadableArticle(Exception):
    """A file in the corpus that is not a readable article."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path.name}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Article:
    """One article, cleaned; every later character offset refers to ``text``."""

    id: str
    path: Path
    title: str
    outlet: str | None
    url: str | None
    published: date | None
    published_source: str | None  # "header" | "text"
    text: str
    content_hash: str  # sha256 of the file's bytes: unchanged file, same hash
    removed: tuple[str, ...]  # what cleaning dropped, for inspection
    stat: tuple[int, int] = (0, 0)  # (size, mtime_ns) taken before the bytes were read


def iter_corpus(directory: Path) -> list[Path]:
    """The article files directly inside ``directory``, sorted by name."""
    skipped = {str(name).lower() for name in wordlists.load("boilerplate")["not_articles"]}
    return sorted(
        path
        for path in Path(directory).iterdir()
        if path.is_file()
        and path.suffix.lower() in ARTICLE_SUFFIXES
        and not path.name.startswith(".")
        and path.stem.lower() not in skipped
    )


def _decode(path: Path, raw: bytes) -> str:
    """UTF-8 text (a BOM is allowed), or UnreadableArticle saying why not."""
    if raw.startswith(_UTF16_BOMS):
        raise UnreadableArticle(path, "UTF-16 text; articles must be UTF-8")
    if b"\x00" in raw:
        raise UnreadableArticle(path, "binary file (contains NUL bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        bad = raw[err.start : err.start + 1].hex()
        raise UnreadableArticle(
            path, f"not UTF-8 text (byte 0x{bad} at offset {err.start}); re-save it as UTF-8"
        ) from None


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split a leading ``key: value`` header from the body.

    Keys are lower-cased. Without a closing ``---`` line there is no header,
    so a body that merely starts with "Updated: ..." is left whole.
    """
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start < len(lines) and lines[start].strip() == _HEADER_END:
        start += 1  # front matter: "---" opens the header as well
    header: dict[str, str] = {}
    for index in range(start, len(lines)):
        line = lines[index].strip()
        if line == _HEADER_END:
            return (header, "\n".join(lines[index + 1 :])) if header else ({}, text)
        match = _HEADER_LINE.match(line)
        if not match:
            break
        header[match.group(1).lower()] = match.group(2).strip()
    return {}, text


def _header_date(value: str | None) -> date | None:
    """A header ``published:`` value as a date; "unknown" and junk give None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def read_article(path: Path) -> Article:
    """Read, decode, split and clean one article file."""
    path = Path(path)
    try:
        before = path.stat()
        raw = path.read_bytes()
    except OSError as err:
        raise UnreadableArticle(path, f"cannot be read ({err.strerror or err})") from None
    text = _decode(path, raw)
    if not text.strip():
        raise UnreadableArticle(path, "empty file")
    header, body = split_header(text)
    cleaned = clean(body, title_hint=header.get("title") or None)
    if not cleaned.text:
        raise UnreadableArticle(path, "no article text left after removing boilerplate")
    header_published = _header_date(header.get("published"))
    if header_published is not None:
        published, source = header_published, "header"
    elif cleaned.published is not None:
        published, source = cleaned.published, "text"
    else:
        published, source = None, None
    return Article(
        id=path.stem,
        path=path,
        title=cleaned.title or lead_title(cleaned.text) or path.stem,
        outlet=header.get("outlet") or cleaned.outlet,
        url=header.get("url") or None,
        published=published,
        published_source=source,
        text=cleaned.text,
        content_hash=hashlib.sha256(raw).hexdigest(),
        removed=cleaned.removed,
        stat=(before.st_size, before.st_mtime_ns),
    )


TITLE_CHARS = 100


def lead_title(text: str) -> str | None:
    """A title for an article without one: its first sentence, shortened at a word."""
    first = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0].strip()
    if not first:
        return None
    if len(first) <= TITLE_CHARS:
        return first
    return first[:TITLE_CHARS].rsplit(" ", 1)[0] + "…"

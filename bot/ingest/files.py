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
import os
import re
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot import wordlists
from bot.ingest.clean import clean
from bot.ingest.dateline import named_outlet

ARTICLE_SUFFIXES = (".txt", ".md")
_HEADER_LINE = re.compile(r"^([A-Za-z][\w-]*)\s*:\s*(.*)$")
_HEADER_END = "---"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class UnreadableArticle(Exception):
    """A file in the corpus that is not a readable article."""

    def __init__(self, path: Path, reason: str, passing: bool = False) -> None:
        super().__init__(f"{path.name}: {reason}")
        self.path = path
        self.reason = reason
        self.passing = passing  # the file could not be opened or read (rights, I/O): worth trying again


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
    problems: tuple[str, ...] = ()  # what was wrong but did not stop it being read (a header date that is none)
    source: str = "folder"  # where it came from: "folder" (a file), "feed" or "page" (bot/sources/)


def iter_corpus(directory: Path) -> list[Path]:
    """The article files directly inside ``directory``, sorted by name."""
    return scan_corpus(directory)[0]


@dataclass(frozen=True, slots=True)
class Skipped:
    """An entry of the corpus folder that looks like an article but is not read, and why."""

    name: str
    reason: str


def scan_corpus(directory: Path, max_bytes: int | None = None, stats: dict | None = None
                ) -> tuple[list[Path], list[Skipped]]:
    """The article files directly inside ``directory`` (sorted by name), and the entries that
    look like articles (an article suffix) but are refused, each with its reason: a symbolic
    link that leaves the folder, loops or points nowhere; a folder, FIFO, socket or device;
    a file over ``max_bytes``. Hidden files, other suffixes and the folder's own notes
    (README, LICENSE: ``not_articles`` in boilerplate.yaml) are not articles and not reported. ``stats``, when
    given, is filled with the stat of each plain file listed (by name), taken as it was listed."""
    directory = Path(directory)
    listed, skipped = list_corpus(directory, max_bytes)
    if stats is not None:
        stats.update((name, info) for name, info in listed if info is not None)
    return [directory / name for name, _ in listed], skipped


def list_corpus(directory: Path, max_bytes: int | None = None
                ) -> tuple[list[tuple[str, os.stat_result | None]], list[Skipped]]:
    """What ``scan_corpus`` finds, as (file name, its stat as listed: None for a link followed) pairs: no path
    object is made for the files an index run finds unchanged (at 100,000 files, most of a second)."""
    directory = Path(directory)
    root = directory.resolve()
    not_articles = {str(name).lower() for name in wordlists.load("boilerplate")["not_articles"]}
    listed: list[tuple[str, os.stat_result | None]] = []
    skipped: list[Skipped] = []
    with os.scandir(directory) as listing:  # a plain file's kind comes with the listing: one stat, for its size
        entries = sorted(listing, key=lambda e: e.name)
    for entry in entries:
        name = entry.name
        stem, dot, suffix = name.rpartition(".")
        if not dot or f".{suffix.lower()}" not in ARTICLE_SUFFIXES or name.startswith(".") or (
            stem.lower() in not_articles
        ):
            continue
        if entry.is_file(follow_symlinks=False):
            info = entry.stat(follow_symlinks=False)
            if max_bytes is None or info.st_size <= max_bytes:
                listed.append((name, info))
                continue
        path = directory / name
        reason = refusal(path, root, max_bytes)
        if reason is None:
            listed.append((name, None))
        else:
            skipped.append(Skipped(name, reason))
    return listed, skipped


def refusal(path: Path, root: Path, max_bytes: int | None = None) -> str | None:
    """Why the corpus entry ``path`` is not read as an article, or None when it is a readable file."""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except FileNotFoundError:
            return f"symbolic link to {os.readlink(path)}, which does not exist"
        except (RuntimeError, OSError):  # RuntimeError: a loop (Python < 3.13), OSError ELOOP after
            return "symbolic link loop"
        if not target.is_relative_to(root):
            return f"symbolic link to {target}, outside the corpus folder: refused"
    try:
        info = path.stat()
    except OSError as err:
        return f"cannot be read ({err.strerror or err})"
    if stat.S_ISDIR(info.st_mode):
        return "a folder, not a file"
    if not stat.S_ISREG(info.st_mode):
        return f"not a regular file ({_kind(info.st_mode)})"
    if max_bytes is not None and info.st_size > max_bytes:
        return f"too large: {info.st_size:,} bytes, over the limit of {max_bytes:,} (NEWSDESK_MAX_ARTICLE_BYTES)"
    return None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


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


_NO_DATE = frozenset({"", "unknown", "none", "n/a", "na", "undated", "-"})


def _header_date(value: str | None) -> tuple[date | None, str | None]:
    """A header ``published:`` value as a date, and why it is not one when it should be.

    "unknown" and the like give no date and no complaint; a value that is no date
    ("2025-02-30", "yesterday") gives no date and says so."""
    if value is None or value.strip().lower() in _NO_DATE:
        return None, None
    try:
        return date.fromisoformat(value.strip()[:10]), None
    except ValueError:
        shown = value.strip()[:40]
        return None, f"header date {shown!r} is not a calendar date (YYYY-MM-DD): indexed as undated"


def read_article(path: Path, max_bytes: int | None = None) -> Article:
    """Read, decode, split and clean one article file (refused when over ``max_bytes``)."""
    path = Path(path)
    try:
        before = path.stat()
        if not stat.S_ISREG(before.st_mode):  # a FIFO would block the read for good
            raise UnreadableArticle(path, "a folder, not a file" if stat.S_ISDIR(before.st_mode)
                                    else f"not a regular file ({_kind(before.st_mode)})")
        if max_bytes is not None and before.st_size > max_bytes:
            raise UnreadableArticle(path, f"too large: {before.st_size:,} bytes, over the limit of {max_bytes:,}"
                                    " (NEWSDESK_MAX_ARTICLE_BYTES)")
        raw = path.read_bytes()
    except OSError as err:
        raise UnreadableArticle(path, f"cannot be read ({err.strerror or err})", passing=True) from None
    text = _decode(path, raw)
    if not text.strip():
        raise UnreadableArticle(path, "empty file")
    header, body = split_header(text)
    cleaned = clean(body, title_hint=header.get("title") or None)
    if not cleaned.text:
        raise UnreadableArticle(path, "no article text left after removing boilerplate")
    header_published, date_problem = _header_date(header.get("published"))
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
        outlet=header.get("outlet") or cleaned.outlet or named_outlet(cleaned.text),
        url=header.get("url") or None,
        published=published,
        published_source=source,
        text=cleaned.text,
        content_hash=hashlib.sha256(raw).hexdigest(),
        removed=cleaned.removed,
        stat=(before.st_size, before.st_mtime_ns),
        problems=(date_problem,) if date_problem else (),
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

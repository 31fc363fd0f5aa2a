"""Reading an indexed article again (the corpus-wide steps re-extract an undated article whose inferred date
moved): a folder article from its file, an article from a feed or a pasted link from the text the index keeps."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.ingest.files import Article, read_article
from bot.store.backend import Row

__all__ = ["FOLDER", "read_again"]

FOLDER = "folder"


def read_again(row: Row) -> Article:
    """``row``: an ``articles`` row with at least id, path, text and source (``CorpusRows.undated``)."""
    source = row["source"] if "source" in row.keys() else FOLDER
    if source == FOLDER:
        return read_article(Path(row["path"]))
    full = row if "title" in row.keys() else None
    return Article(
        id=row["id"],
        path=Path(row["path"]),
        title=full["title"] if full else row["id"],
        outlet=full["outlet"] if full else None,
        url=full["url"] if full else None,
        published=date.fromisoformat(full["published"]) if full and full["published"] else None,
        published_source=full["published_source"] if full else None,
        text=row["text"],
        content_hash=full["content_hash"] if full else "",
        removed=(),
        source=source,
    )

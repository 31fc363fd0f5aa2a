"""Inline markup around text that is escaped as one piece.

A renderer hands ``assemble`` the pieces of one line, each with the markup it
wants around it. The text of all pieces is escaped together, with a private
placeholder where markup goes, and only then is the markup put in: text from
an article cannot pair with markup from the renderer, and a link, mention or
token split across pieces (``[the **link**](…)``, ``<@**1**>``) is seen, and
escaped, whole.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

__all__ = ["Piece", "assemble", "PLACEHOLDERS"]

_FIRST = 0xE000
PLACEHOLDERS = re.compile("[\ue000-\uf8ff]")  # Unicode's private use area: no text of ours holds one

Piece = tuple[str, str, str, bool]  # text, markup before, markup after, verbatim (kept out of escaping)


def assemble(pieces: Iterable[Piece], escape: Callable[[str], str]) -> str:
    """The pieces as one escaped text with their markup; a verbatim piece is put in as it is, markup and all."""
    table: list[str] = []

    def hold(markup: str) -> str:
        table.append(markup)
        return chr(_FIRST + len(table) - 1)

    held = []
    for text, before, after, verbatim in pieces:
        text = PLACEHOLDERS.sub("", text)
        if verbatim:
            held.append(hold(before + text + after))
        else:
            held.append((hold(before) if before else "") + text + (hold(after) if after else ""))
    return PLACEHOLDERS.sub(lambda m: table[ord(m.group()) - _FIRST], escape("".join(held)))

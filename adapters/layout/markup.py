"""Inline markup around text that is escaped as one piece.

A renderer hands ``assemble`` the pieces of one line, each with the markup it
wants around it. The text of all pieces is escaped together, with a private
placeholder where markup goes, and only then is the markup put in: text from
an article cannot pair with markup from the renderer, and a link, mention or
token split across pieces (``[the **link**](…)``, ``<@**1**>``) is seen, and
escaped, whole.

``link_target`` is the other half: the only links a renderer makes are our
citations, and only to an address that is a web address (``http``/``https``
with a host, no space or control character in it); an article's ``url:``
header of ``!channel``, ``@U123``, ``javascript:…`` or ``https://a b`` links
nothing.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import quote, urlsplit

__all__ = ["Piece", "assemble", "PLACEHOLDERS", "URL_SCHEME", "link_target"]

_FIRST = 0xE000
PLACEHOLDERS = re.compile("[\ue000-\uf8ff]")  # Unicode's private use area: no text of ours holds one

Piece = tuple[str, str, str, bool]  # text, markup before, markup after, verbatim (kept out of escaping)

# The ":" of "https://" (a placeholder for markup may stand in it): what a renderer breaks so that an address in
# article text is shown, not linked.
URL_SCHEME = re.compile(r":(?=[\ue000-\uf8ff]*/[\ue000-\uf8ff]*/)")
_SAFE_IN_URL = "/?#[]@!$&'*+,;=:%~-._"  # kept as they are; everything else (<, >, |, (, ), quotes) %-encoded


def link_target(url: str | None) -> str | None:
    """``url`` fit to be a link on any platform: a web address with a host and no space, with the characters that
    could close a link's markup (``)``, ``>``, ``|``, quotes) %-encoded; None for anything else."""
    if not url or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url.strip()):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or PLACEHOLDERS.search(url):
        return None
    return quote(url.strip(), safe=_SAFE_IN_URL).replace("(", "%28").replace(")", "%29").replace("'", "%27")


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

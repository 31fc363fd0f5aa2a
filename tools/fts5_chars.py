"""Write bot/data/fts5_chars.json: how SQLite's FTS5 ``unicode61 remove_diacritics 2`` treats each character.

    .venv/bin/python tools/fts5_chars.py

SQLite's Unicode tables are its own (an older Unicode than Python's), so
bot/store/tokens.py reads these, asked of FTS5 itself: which characters
belong in a token, and what each one that is not left as it is folds to
(lower case, a letter without its diacritic, or nothing). Run it again when
the SQLite that newsdesk runs on changes its tables.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "bot" / "data" / "fts5_chars.json"


def probe() -> tuple[list[list[int]], dict[str, str]]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE f USING fts5(text, tokenize='unicode61 remove_diacritics 2')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, 'instance')")
    points = [c for c in range(1, 0x110000) if not 0xD800 <= c <= 0xDFFF]
    db.executemany("INSERT INTO f(rowid, text) VALUES (?, ?)", ((c, f"qa{chr(c)}bq") for c in points))
    found: dict[int, list[str]] = {}
    for term, doc in db.execute("SELECT term, doc FROM v ORDER BY doc, offset"):
        found.setdefault(doc, []).append(term)
    ranges: list[list[int]] = []
    folds: dict[str, str] = {}
    for c in points:
        terms = found.get(c, [])
        if len(terms) != 1:
            continue  # a separator: "qa" and "bq" apart
        if not ranges or ranges[-1][1] != c - 1:
            ranges.append([c, c])
        else:
            ranges[-1][1] = c
        folded = terms[0][2:-2]
        if folded != chr(c):
            folds[chr(c)] = folded
    return ranges, folds


def main() -> None:
    ranges, folds = probe()
    OUT.write_text(
        json.dumps({"sqlite": sqlite3.sqlite_version, "token_ranges": ranges, "folds": folds},
                   ensure_ascii=False, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    print(f"{OUT}: {len(ranges)} ranges of token characters, {len(folds)} folds (SQLite {sqlite3.sqlite_version})")


if __name__ == "__main__":
    main()

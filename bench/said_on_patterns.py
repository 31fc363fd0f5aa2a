"""Statement dates of the common newswire kinds, on every dated article of a corpus.

Usage: .venv/bin/python bench/said_on_patterns.py [CORPUS]   (default ../shared/corpus/ukraine_talks)

Finds, with patterns written here and independent of the extractor, the sentences of
the kinds an analyst meets most ("X said on <weekday>", "said <weekday>", "X told
reporters on <weekday>", "On <Month> <day>, X stated") and works out the date each
gives by the calendar alone (the weekday on or before publication; the month day in
the publication year, or the year before when it would lie ahead). It then checks
that a speech quote whose speaker stands at that verb carries that ``said_on``, and
prints every disagreement with its sentence, for a person to read: a pattern also
matches dates of other happenings ("the deal announced Tuesday", "after ... on May 1,
Vance said"), which the extractor rightly leaves undated.
"""
from __future__ import annotations

import re
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.extract.pipeline import extract, extraction_json  # noqa: E402

DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
VERB = (r"(?:said|says|told [A-Z][\w.’'-]*(?: [\w.’'-]+){0,4}?|stated|added|wrote|announced|declared|noted|"
        r"stressed|insisted|warned|explained|remarked|claimed|argued|confirmed|commented)")
WEEKDAY = re.compile(VERB + r",? (?:on |late |early )?(" + "|".join(d.capitalize() for d in DAYS) + r")\b")
MONTH_DAY = re.compile(r"\b[Oo]n (" + "|".join(m.capitalize() for m in MONTHS) + r") (\d{1,2})(?:, (\d{4}))?,? "
                       r"[A-Z][^.]{0,80}?\b" + VERB)


def expected(match: re.Match, published: date) -> str:
    if match.re is WEEKDAY:
        day = published
        while DAYS[day.weekday()] != match[1].lower():
            day -= timedelta(days=1)
        return day.isoformat()
    year = int(match[3]) if match[3] else published.year
    day = date(year, MONTHS.index(match[1].lower()) + 1, int(match[2]))
    if not match[3] and day > published:
        day = date(year - 1, day.month, day.day)
    return day.isoformat()


def main(corpus: Path) -> None:
    right = total = 0
    for path in sorted(corpus.glob("[0-9]*")):
        head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
        stated = [line.split(":", 1)[1].strip() for line in head.splitlines() if line.startswith("published:")]
        if not stated or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", stated[0]):
            continue
        published = date.fromisoformat(stated[0])
        quotes = [q for q in extraction_json(extract(body, published))["quotes"]
                  if q.get("kind", "speech") == "speech" and q.get("speaker_start") is not None]
        for match in [*WEEKDAY.finditer(body), *MONTH_DAY.finditer(body)]:
            want = expected(match, published)
            line_start = body.rfind("\n", 0, match.start()) + 1
            line_end = body.find("\n", match.end()) % (len(body) + 1)
            near = {q.get("said_on") for q in quotes
                    if match.start() - 120 <= q["speaker_start"] <= match.end() + 5 and line_start <= q["start"] <= line_end}
            total += 1
            right += want in near
            if want not in near:
                sentence = body[max(line_start, match.start() - 100):match.end() + 60].replace("\n", " ")
                print(f"{path.name[:40]}  want {want}  got {sorted(map(str, near)) or 'no quote'}\n    {sentence}")
    print(f"\n{right} of {total} pattern sentences carry the calendar's date (read the list above: some are "
          "dates of other happenings)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ukraine_talks")

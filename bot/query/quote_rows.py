"""Quote rows from the index to answer models, each quote once.

A quote carried by several articles (a rewrite, a copy, another outlet) is
shown once, with every article as a source; within one story a quote that is
part of a longer one already shown is folded into it; within one article a
paraphrase of a direct quote of the same speaker is folded into the direct
quote (``bot.query.restatements``), which takes its place in the order and,
when it has none of its own, its statement date and role. ``chronological``
lists them in the order they were said: by ``said_on`` where the text gives
it, else by the date the article reported them.
"""
from __future__ import annotations

from bot.models import Quote
from bot.query.context import Context
from bot.query.restatements import Said, pairs, rarity
from bot.store.backend import Row

QUOTE_COLUMNS = (
    "q.id, q.article_id, q.text, q.direct, q.speaker_name, q.speaker_role, q.norm, q.said_on, q.said_precision,"
    ' q.start, q."end", ap.person_id'
)
QUOTE_FROM = (
    " FROM quotes q LEFT JOIN article_people ap"
    " ON ap.article_id = q.article_id AND ap.local_id = q.speaker_local"
)
QUOTE_SELECT = "SELECT " + QUOTE_COLUMNS + QUOTE_FROM


def to_quotes(ctx: Context, rows: list[Row], limit: int | None = None, *, chronological: bool = False) -> list[Quote]:
    kept: list[dict] = []
    # a row folds into the first kept quote with the same words, or said by the same person in the same story with
    # words holding the other's: both looked up (a person quoted thousands of times made this a square)
    by_norm: dict[str, dict] = {}
    by_speaker: dict[tuple, list[dict]] = {}
    for r in restated(ctx, rows):
        story = ctx.articles[r["article_id"]].story if r["article_id"] in ctx.articles else r["article_id"]
        norm = r["norm"]
        same = by_norm.get(norm)
        near = next((k for k in by_speaker.get((story, r["person_id"]), ())
                     if norm in k["norm"] or k["norm"] in norm), None)
        twin = min((k for k in (same, near) if k is not None), key=lambda k: k["at"], default=None)
        if twin is not None:
            if r["article_id"] not in twin["sources"]:
                twin["sources"].append(r["article_id"])
            continue
        k = {"row": r, "norm": norm, "story": story, "person_id": r["person_id"], "sources": [r["article_id"]],
             "at": len(kept)}
        kept.append(k)
        by_norm.setdefault(norm, k)
        by_speaker.setdefault((story, r["person_id"]), []).append(k)
        if limit is not None and len(kept) >= limit:
            break
    if by_norm:
        marks = ",".join("?" * len(by_norm))
        for extra in ctx.repo.query(f"SELECT article_id, norm FROM quotes WHERE norm IN ({marks})", list(by_norm)):
            k = by_norm.get(extra["norm"])
            if k is not None and extra["article_id"] not in k["sources"]:
                k["sources"].append(extra["article_id"])
    quotes = [_quote(ctx, k) for k in kept]
    if chronological:  # stable: the same day keeps the order the rows came in
        quotes.sort(key=lambda q: (when(q) is None, when(q) or ""))
    return quotes


def restated(ctx: Context, rows: list[Row]) -> list[dict]:
    """The rows with each paraphrase folded into the direct quote it restates (at the earlier of their places)."""
    said = [
        Said(r["id"], r["article_id"], r["person_id"] if r["person_id"] is not None
             else (r["speaker_name"] or "").casefold() or None, bool(r["direct"]), r["start"], r["end"], r["text"])
        for r in rows
    ]
    into = pairs(said, rarity(ctx.vocabulary.counts, ctx.sentence_count)) if any(q.direct for q in said) else {}
    if not into:
        return [dict(r) for r in rows]
    by_id = {r["id"]: r for r in rows}
    folded: dict[int, list] = {}
    for para, direct in into.items():
        folded.setdefault(direct, []).append(by_id[para])
    out: list[dict] = []
    shown: set[int] = set()
    for r in rows:
        lead = by_id[into[r["id"]]] if r["id"] in into else r
        if lead["id"] in shown:
            continue
        shown.add(lead["id"])
        row = dict(lead)
        for para in sorted(folded.get(lead["id"], []), key=lambda p: p["start"]):
            if row["said_on"] is None and para["said_on"] is not None:
                row["said_on"], row["said_precision"] = para["said_on"], para["said_precision"]
            if row["speaker_role"] is None:
                row["speaker_role"] = para["speaker_role"]
        out.append(row)
    return out


def when(q: Quote) -> str | None:
    """The date a quote is placed at in time: when it was said if the text says, else when it was reported.
    Dates of different precision compare as text: "2025-10" before "2025-10-31", both before "2025-11"."""
    return q.said_on or q.date


def _quote(ctx: Context, k: dict) -> Quote:
    r = k["row"]
    person = ctx.persons_by_id.get(r["person_id"]) if r["person_id"] is not None else None
    meta = ctx.articles.get(r["article_id"])
    role = r["speaker_role"] or (person.roles[0] if person and person.roles else None)
    return Quote(
        speaker=person.name if person else r["speaker_name"],
        speaker_role=role,
        text=r["text"],
        direct=bool(r["direct"]),
        date=meta.published if meta else None,
        said_on=r["said_on"],
        said_precision=r["said_precision"],
        article_id=r["article_id"],
        sources=sorted(k["sources"]),
        citations=[ctx.articles[s].citation() for s in sorted(k["sources"]) if s in ctx.articles],
    )

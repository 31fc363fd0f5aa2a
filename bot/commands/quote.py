"""/quote <topic> [by:<name>]: the quotes that match, in the order they were said.

Every word form is matched, phrases as phrases; quotes whose words hold the topic rank before those whose
sentence does (``bot.query.quote_search``). The answer holds every match (up to ``MAX_QUOTES``); ``featured``
names the most relevant few: the best-ranked for a topic, a speaker's most telling statements for ``by:`` alone.
"""
from __future__ import annotations

from bot import errors
from bot.commands.request import Request
from bot.commands.who import choice_labels
from bot.models import ChoicesAnswer, NotFoundAnswer, QuotesAnswer
from bot.query import featured
from bot.query.context import Context
from bot.query.person_match import index_for
from bot.query.phrases import read
from bot.query.quote_rows import QUOTE_SELECT, to_quotes, when
from bot.query.quote_search import quote_rows

MAX_QUOTES = 100


def run(ctx: Context, req: Request):
    topic, by = req.text, req.options.get("by", "").strip()
    if not topic and not by:
        raise errors.UserError(
            errors.NEEDS_ARGUMENT.format(name="quote", what="a topic or by:<name>", example="/quote conditions")
        )
    person_id = None
    if by:
        match = index_for(ctx).match(by)
        if not match.found:
            return NotFoundAnswer(message=errors.NO_PERSON.format(name=by), suggestions=match.suggestions)
        if len(match.found) > 1:
            return ChoicesAnswer(choices=choice_labels(match.found[:10]))
        person_id = match.found[0].id
    if topic:
        rows = quote_rows(ctx, read(topic, ctx.vocabulary), person_id, MAX_QUOTES)
    else:
        rows = ctx.repo.query(QUOTE_SELECT + " WHERE ap.person_id = ? ORDER BY q.article_id, q.start, q.id", (person_id,))
    ranked = to_quotes(ctx, rows, limit=MAX_QUOTES)  # best-ranked first (a topic)
    if not ranked:
        return _none(ctx, topic, person_id)
    # in the order they were said, as the statement date gives it, else the article's (stable on one day)
    order = sorted(range(len(ranked)), key=lambda i: (when(ranked[i]) is None, when(ranked[i]) or ""))
    quotes = [ranked[i] for i in order]
    position = {old: new for new, old in enumerate(order)}
    n = featured.shown("quotes")
    if topic:
        chosen = [position[i] for i in featured.ranked_quotes(ranked, range(len(ranked)), n)]
    else:
        chosen = featured.key_quotes(quotes, n)
    return QuotesAnswer(query=req.text if not by else f"{req.text} by:{by}".strip(), quotes=quotes, featured=chosen)


def _none(ctx: Context, topic: str, person_id: int | None) -> NotFoundAnswer:
    if person_id:
        name = ctx.persons_by_id[person_id].name
        return NotFoundAnswer(message=errors.NO_QUOTES_BY.format(name=name, topic=topic))
    return NotFoundAnswer(message=errors.NO_QUOTES.format(topic=topic))

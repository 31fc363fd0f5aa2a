"""/who <name or role>: one person's card — names, roles, articles, quotes, company.

"/who Foreign Minister" finds people by a role they hold (``bot.query.role_match``): one gives the card,
several the choices with their roles. A name wins over a role.
"""
from __future__ import annotations

import re
from collections import Counter

from bot import errors
from bot.commands.request import Request
from bot.models import ChoicesAnswer, Citation, NotFoundAnswer, Person, PersonAnswer
from bot.query import featured
from bot.query.context import Context, PersonRow
from bot.query.person_match import MATCH, index_for
from bot.query.role_match import asked_title, closely, distinct, fits, label
from bot.query.quote_rows import QUOTE_SELECT, to_quotes

MAX_RELATED = 8
_LABEL_TAIL = re.compile(r"\s+—\s.*$")


def run(ctx: Context, req: Request):
    if not req.text:
        raise errors.UserError(errors.NEEDS_ARGUMENT.format(name="who", what="a name", example="/who Witkoff"))
    index = index_for(ctx)
    asked = _LABEL_TAIL.sub("", req.text).strip() or req.text  # a choice as listed: "Sergei Lavrov — Foreign ..."
    # a name wins over a role, and words as written over typos: name, role, then each with typos
    match = index.match(asked, fuzzy=False)
    for fuzzy in (False, True):
        if fuzzy:
            match = index.match(asked)
        if match.found:
            if len(match.found) > 1:
                return ChoicesAnswer(choices=choice_labels(match.found[:10]))
            return PersonAnswer(person=card(ctx, match.found[0]))
        held = index.by_role(asked, fuzzy=fuzzy)
        if len(held) == 1:
            return PersonAnswer(person=card(ctx, held[0][0]))
        if held:
            return ChoicesAnswer(choices=role_labels(ctx, asked, held[:10]))
    return NotFoundAnswer(message=errors.NO_PERSON.format(name=req.text), suggestions=match.suggestions)


def card(ctx: Context, person: PersonRow) -> Person:
    articles = [
        r["article_id"]
        for r in ctx.repo.query(
            "SELECT DISTINCT article_id FROM article_people WHERE person_id = ? ORDER BY article_id", (person.id,)
        )
    ]
    rows = ctx.repo.query(QUOTE_SELECT + " WHERE ap.person_id = ? ORDER BY q.article_id, q.start, q.id", (person.id,))
    related: Counter[int] = Counter()
    if articles:
        marks = ",".join("?" * len(articles))
        for r in ctx.repo.query(
            f"SELECT person_id, COUNT(DISTINCT article_id) AS n FROM article_people"
            f" WHERE article_id IN ({marks}) AND person_id IS NOT NULL AND person_id != ? AND is_org = 0"
            f" GROUP BY person_id",
            (*articles, person.id),
        ):
            related[r["person_id"]] = r["n"]
    ranked = sorted(
        related, key=lambda pid: (-related[pid], -ctx.persons_by_id[pid].mentions, ctx.persons_by_id[pid].name)
    )
    quotes = to_quotes(ctx, rows, chronological=True)
    return Person(
        name=person.name,
        aliases=list(person.aliases),
        roles=distinct(person.roles, index_for(ctx).people_words),
        affiliation=person.affiliation,
        is_organisation=person.is_org,
        articles=articles,
        quotes=quotes,
        related=[ctx.persons_by_id[pid].name for pid in ranked[:MAX_RELATED]],
        citations=newest_first(ctx, articles),
        key_quotes=featured.key_quotes(quotes, featured.shown("statements")),
    )


def newest_first(ctx: Context, article_ids: list[str]) -> list[Citation]:
    """The articles as citations, the most recently published first (a stated date before an inferred one on
    the same day; undated ones last)."""
    metas = [ctx.articles[a] for a in article_ids if a in ctx.articles]
    metas.sort(key=lambda meta: (meta.published or "", not meta.inferred, meta.id), reverse=True)
    return [meta.citation() for meta in metas]


def choice_labels(people: list[PersonRow]) -> list[str]:
    """Names to choose from; people who share a name are told apart by role or affiliation."""
    counts = Counter(p.name for p in people)
    labels = []
    for p in people:
        label = p.name
        if counts[p.name] > 1:
            detail = p.roles[0] if p.roles else p.affiliation
            label = f"{p.name} ({detail})" if detail else label
        if label not in labels:
            labels.append(label)
    return labels


def role_labels(ctx: Context, asked: str, held: list[tuple[PersonRow, str]]) -> list[str]:
    """ "Sergei Lavrov — Foreign Minister of Russia": each person with the most specific of their roles asked for."""
    index = index_for(ctx)
    organisations = [p.name for p in ctx.persons if p.is_org]
    title = asked_title(asked)
    labels = []
    for person, role in held:
        if title is not None:  # the shown role that fits best (the most specific of equals)
            fitting = [(f.extra, i, r) for i, r in enumerate(distinct(person.roles, index.people_words))
                       if (f := fits(title, [r], person.affiliation, index.name_words(person.id), closely(MATCH)))]
            role = min(fitting)[2] if fitting else role
        labels.append(label(person.name, role, person.affiliation, organisations))
    return labels

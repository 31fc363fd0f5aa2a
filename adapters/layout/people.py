"""Layouts of the answers about people: a person's card, a choice between several, nobody found."""
from __future__ import annotations

from bot import models as m

from adapters.layout.entries import cited, quotation
from adapters.layout.nodes import Caption, Field, Heading, Items, Layout, Line, ListItem, Refs, Section, Tone, spans

ROLES_SHOWN = 3
RECENT_SHOWN = 3  # of a person's articles, the most recent, in the compact card
PICK_ONE = "Ask again with one of these names."

_FOLD = str.maketrans({"’": "'", "‘": "'", "-": " ", ".": ""})


def person(a: m.PersonAnswer) -> Layout:
    """Name, roles, affiliation and company on top; then the articles (newest first) and the statements.

    The compact card shows the most recent articles and the key statements (``Person.key_quotes``)
    and counts the rest; the whole card lists every article and every statement in the order said.
    """
    p = a.person
    head: list = [Heading(p.name + (" (organisation)" if p.is_organisation else ""))]
    if p.aliases:
        head.append(Field("also", spans(Items(tuple(p.aliases)))))
    if p.roles:
        head.append(Field("roles", spans(Items(tuple(specific_first(p.roles)[:ROLES_SHOWN]), "; "))))
    if p.affiliation:
        head.append(Field("affiliation", spans(p.affiliation)))
    if not p.citations:  # a card that knows only the ids of its articles
        head.append(Field("articles", spans(Refs(tuple(p.articles), bracketed=False))))
    if p.related:
        head.append(Field("appears with", spans(Items(tuple(p.related)))))
    items: list = []
    brief: list = []
    if p.citations:
        brief.append(len(items))
        items.append(Section("articles", len(p.citations)))
        brief += range(len(items), len(items) + min(RECENT_SHOWN, len(p.citations)))
        items += [cited(c) for c in p.citations]
    if p.quotes:
        first = len(items) + 1
        items.append(Section("quotes", len(p.quotes)))
        items += [quotation(q) for q in p.quotes]
        key = [k for k in p.key_quotes if 0 <= k < len(p.quotes)] or range(len(p.quotes))
        brief.append(Section(f"key quotes, of {len(p.quotes)}") if len(key) < len(p.quotes) else first - 1)
        brief += [first + k for k in key]
        hidden_quotes = len(p.quotes) - len(key)
    else:
        hidden_quotes = 0
    hidden = [(len(p.citations) - min(RECENT_SHOWN, len(p.citations)), "article"), (hidden_quotes, "quote")]
    more = " and ".join(more_of(n, noun) for n, noun in hidden if n > 0)
    return Layout(a.kind, tuple(head), tuple(items), brief=tuple(brief), more=spans(more))


def more_of(n: int, noun: str) -> str:
    """"1 more quote", "121 more quotes"."""
    return f"{n} more {noun}" + ("" if n == 1 else "s")


def specific_first(roles: list[str]) -> list[str]:
    """The roles with each one that another spells out further left out ("special envoy" when "Trump's
    special envoy" is there), the others in their order: the most specific words for each role first."""
    folded = [" " + " ".join(r.lower().translate(_FOLD).split()) + " " for r in roles]
    kept = []
    for i, role in enumerate(roles):
        wider = any(j != i and folded[i] != folded[j] and folded[i] in folded[j] for j in range(len(roles)))
        if not wider and folded[i] not in {folded[j] for j in kept}:
            kept.append(i)
    return [roles[i] for i in kept]


def choices(a: m.ChoicesAnswer) -> Layout:
    head = (Line(spans(a.message)), *(ListItem(spans(c)) for c in a.choices), Caption(spans(PICK_ONE)))
    return Layout(a.kind, head, tone=Tone.WARNING)


def not_found(a: m.NotFoundAnswer) -> Layout:
    head = [Line(spans(a.message))]
    if a.suggestions:
        head.append(Line(spans("Did you mean: ", Items(tuple(a.suggestions)), "?")))
    return Layout(a.kind, tuple(head), tone=Tone.WARNING)

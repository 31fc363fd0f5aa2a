"""Layouts of the answers about people: a person's card, a choice between several, nobody found."""
from __future__ import annotations

from bot import models as m

from adapters.layout.entries import quotation
from adapters.layout.nodes import Caption, Field, Heading, Items, Layout, Line, ListItem, Refs, Section, Tone, spans

ROLES_SHOWN = 6
PICK_ONE = "Ask again with one of these names."


def person(a: m.PersonAnswer) -> Layout:
    p = a.person
    head: list = [Heading(p.name + (" (organisation)" if p.is_organisation else ""))]
    if p.aliases:
        head.append(Field("also", spans(Items(tuple(p.aliases)))))
    if p.roles:
        head.append(Field("roles", spans(Items(tuple(p.roles[:ROLES_SHOWN]), "; "))))
    if p.affiliation:
        head.append(Field("affiliation", spans(p.affiliation)))
    head.append(Field("articles", spans(Refs(tuple(p.articles), bracketed=False))))
    if p.related:
        head.append(Field("appears with", spans(Items(tuple(p.related)))))
    if p.quotes:
        head.append(Section("quotes", len(p.quotes)))
    return Layout(a.kind, tuple(head), tuple(quotation(q) for q in p.quotes))


def choices(a: m.ChoicesAnswer) -> Layout:
    head = (Line(spans(a.message)), *(ListItem(spans(c)) for c in a.choices), Caption(spans(PICK_ONE)))
    return Layout(a.kind, head, tone=Tone.WARNING)


def not_found(a: m.NotFoundAnswer) -> Layout:
    head = [Line(spans(a.message))]
    if a.suggestions:
        head.append(Line(spans("Did you mean: ", Items(tuple(a.suggestions)), "?")))
    return Layout(a.kind, tuple(head), tone=Tone.WARNING)

"""Speaking bodies: when a speaker phrase names an organisation, and how to write its name.

"The Kremlin said", "Russia's Defense Ministry said", "Ukraine's air force
said", "Krasnodar officials said": quotes by a body are attributed to it,
under one name however the article writes it ("Russia's Defense Ministry"
and "the Russian Defense Ministry" are one speaker). A lowercase head
("company", "office", "officials") names a body only with a qualifier, a
place or a possessor; alone ("the company said") it is left unresolved.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from bot.extract.lexicon import lexicon
from bot.extract.people.spellings import is_known_first_name
from bot.extract.places import canonical_place, country_of, demonym_of, is_demonym

_POSSESSIVE = re.compile(r"(\S+?)['’]s\b")


def _words(text: str) -> list[str]:
    words = text.replace("’s", "").replace("'s", "").split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return words


def is_org_phrase(text: str) -> bool:
    lex = lexicon()
    words = _words(text)
    if not words:
        return False
    phrase = " ".join(words)
    if (phrase in lex.organisations or phrase in lex.outlets or canonical_place(phrase) is not None
            or any(w in lex.org_words for w in words) or words[-1] in lex.org_words):
        return True
    if len(words) > 1 and is_demonym(words[0]) and words[-1][:1].isupper():
        return True
    return len(words) > 1 and words[-1] in lex.org_nouns and _qualified(text, words)


def after_description(doc: Doc, start: int, end: int) -> bool:
    """Capitalised words right after a body's lowercase description name that body:
    "railway operator Ukrzaliznytsia", "the shipping company Halvorsen Lines" (a singular
    noun of ``org_nouns``). Not when they read as a person's name: a known first name
    ("drone operator Mykola"), or several words the tagger calls a person."""
    if start == 0:
        return False
    before = doc[start - 1]
    if not (before.text.islower() and before.tag_ == "NN" and before.lower_ in lexicon().org_nouns):
        return False
    if is_known_first_name(doc[start].text):
        return False
    return end - start == 1 or not any(doc[k].ent_type_ == "PERSON" for k in range(start, end))


def _qualified(text: str, words: list[str]) -> bool:
    """A place, a demonym, a capitalised name or a possessor before the lowercase head."""
    first = words[0]
    return (canonical_place(first) is not None or is_demonym(first) or first[:1].isupper()
            or _POSSESSIVE.search(text) is not None)


def org_name(text: str) -> str:
    """One name per body: "the Russian Defense Ministry", "Russia's Defense Ministry" →
    "Russian Defense Ministry"; a place alone is its canonical name ("Kremlin" stays)."""
    text = " ".join(text.replace("’", "'").split())
    if text.lower().startswith("the "):
        text = text[4:]
    place = canonical_place(text)
    if place is not None:
        return place
    outlet = next((o for o in lexicon().outlets if text.startswith(o + " ")), None)
    if outlet is not None:
        return outlet  # "Reuters news agency"
    m = _POSSESSIVE.match(text)
    if m and m.end() < len(text):
        owner = canonical_place(m.group(1))
        adjective = demonym_of(owner) if owner and country_of(owner) == owner else None
        rest = text[m.end():].strip()
        if adjective:
            return f"{adjective} {rest}"
    return text

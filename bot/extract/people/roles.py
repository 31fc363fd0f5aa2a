"""Roles written next to a name, and the affiliation they state.

Three places carry a role: the words right before a name ("Russian Deputy
Foreign Minister Andrey Rudenko", "Trump's special envoy Steve Witkoff"), an
apposition after it ("Dmitry Peskov, the Russian leader's press secretary,")
and a phrase before it set off by a comma ("the official representative of
the Russian Foreign Ministry, Maria Zakharova,"). A role must end in (or be
anchored on) a head noun from ``titles.yaml`` and must not cross a verb,
punctuation or another person's name, so that in "Kremlin aide Yury Ushakov
and special presidential envoy ... Kirill Dmitriev" each man keeps his own.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from bot.extract.lexicon import lexicon
from bot.extract.people.names import POSSESSIVE, NameCandidate, is_capitalised
from bot.extract.places import canonical_place, country_of, find_places, gazetteer, is_demonym

STOP_PUNCT = frozenset({",", ";", ":", "(", ")", "[", "]", '"', "“", "”", "«", "»", "—", "–", ".", "!", "?"})
CONNECTORS = frozenset({"of", "the", "for", "on", "at", "in", "to", "with", "and"})
NON_ROLE_POS = frozenset({"VERB", "AUX", "PRON", "SCONJ", "NUM", "PART", "INTJ", "CCONJ"})
DETERMINERS = frozenset({"the", "a", "an", "another", "this", "that", "its", "his", "her", "their", "our"})


@dataclass(slots=True)
class RoleInfo:
    """A role stated at one mention of a person."""

    written: str  # as in the text: "Russian Deputy Foreign Minister"
    role: str  # tidy: "Deputy Foreign Minister"
    affiliation: str | None  # "Russia", "Russian Foreign Ministry"
    start: int  # token span of the role phrase
    end: int
    complement: bool = False  # the head is followed by "for ..."/"of ..." up to the name
    relational: bool = False  # "his counterpart": evidence of a person, but no role of their own


def _unit(doc: Doc, end: int) -> int:
    """Start of the hyphen-glued word that ends just before token ``end``."""
    s = end - 1
    while s - 2 >= 0 and doc[s - 1].text == "-" and not doc[s - 2].whitespace_ and not doc[s - 1].whitespace_:
        s -= 2
    return s


def _text(doc: Doc, s: int, e: int) -> str:
    return doc[s:e].text if e > s else ""


def _glued(doc: Doc, i: int) -> bool:
    """Token ``i`` is part of a hyphenated word: "Moscow-based", "US-born", "pro-Russian"."""
    after = i + 1 < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_
    before = i > 0 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_
    return after or before or ("-" in doc[i].text and not is_demonym(doc[i].text))


def _place_words(doc: Doc, i: int, e: int) -> int:
    """How many tokens from ``i`` (before ``e``) form a place or demonym: "Russian", "North Korean"."""
    for width in (2, 1):
        if i + width <= e and _is_place_word(_text(doc, i, i + width)) and not _glued(doc, i + width - 1):
            return width
    return 0


def _is_place_word(text: str) -> bool:
    return is_demonym(text) or canonical_place(text) is not None


def _role_word(doc: Doc, s: int, e: int) -> bool:
    """Words that may stand inside a role before its head."""
    lex = lexicon()
    text = _text(doc, s, e)
    if lex.is_title_word(text) or lex.is_head(text) or _is_place_word(text) or text in lex.org_words:
        return True
    tok = doc[s]
    # "But Ukrainian President", "While President", "Another Kremlin spokesman": capitalised
    # function words start a sentence, not a title; an all-capitals word is a headline.
    if tok.pos_ in NON_ROLE_POS or tok.pos_ in ("ADV", "DET", "ADP", "CCONJ", "SCONJ"):
        return False
    if text.isupper() and len(text) > 4:
        return False
    return is_capitalised(tok)


def _affiliation(doc: Doc, s: int, e: int) -> str | None:
    """Affiliation stated inside a role: "at/of the <Organisation>", else a country."""
    lex = lexicon()
    text = _text(doc, s, e)
    best: str | None = None
    for i in range(s, e):
        if doc[i].lower_ not in ("at", "of", "in") or i + 1 >= e:
            continue
        j = i + 1
        if doc[j].lower_ == "the":
            j += 1
        k = j
        while k < e and (is_capitalised(doc[k]) or (doc[k].lower_ in ("of", "on", "for", "the", "and")
                                                     and k + 1 < e and (is_capitalised(doc[k + 1])
                                                                        or doc[k + 1].lower_ == "the"))):
            k += 1
        while k > j and not is_capitalised(doc[k - 1]):
            k -= 1
        phrase = _text(doc, j, k)
        if not phrase:
            continue
        if k < e and doc[k].lower_ == "party":
            phrase += " party"  # "the League party": a party, not a league
        if any(w in lex.org_words for w in phrase.split()) or phrase in lex.organisations or phrase.endswith(" party"):
            if doc[i].lower_ == "at" or best is None:
                best = phrase
    if best:
        # A known name the capitalised run stops short of: "Center for a New American Security".
        longer = [o for o in lex.organisations if best in o and o in text]
        return max(longer, key=len) if longer else best
    # A place inside a hyphenated word describes, it does not affiliate:
    # "Moscow-leaning President", "the first US-born pope".
    for i in range(s, e):
        width = _place_words(doc, i, e)
        if width and is_demonym(_text(doc, i, i + width)) and country_of(_text(doc, i, i + width)):
            return country_of(_text(doc, i, i + width))
    base = doc[s].idx
    for start, end, place in find_places(_text(doc, s, e)):
        span = doc.char_span(base + start, base + end, alignment_mode="expand")
        if span is not None and not any(_glued(doc, k) for k in range(span.start, span.end)) and country_of(place):
            return country_of(place)
    return None


def _tidy(doc: Doc, s: int, e: int) -> tuple[int, str | None]:
    """Drop leading determiners and country words; the country becomes the affiliation."""
    country: str | None = None
    # "the Russian leader's press secretary": the country belongs to the possessor.
    possessor_inside = any(doc[k].text in POSSESSIVE for k in range(s + 2, e))
    while s < e:
        tok = doc[s]
        width = _place_words(doc, s, e)
        if tok.lower_ in DETERMINERS or tok.is_space:
            s += 1
        elif width and not possessor_inside and s + width < e and country_of(_text(doc, s, s + width)):
            country = country or country_of(_text(doc, s, s + width))
            s += width
            if s < e and doc[s].text in POSSESSIVE:
                s += 1
        else:
            break
    return s, country


def _make(doc: Doc, s: int, e: int) -> RoleInfo | None:
    while e > s and (doc[e - 1].lower_ in CONNECTORS or doc[e - 1].is_punct or doc[e - 1].is_space):
        e -= 1
    ts, country = _tidy(doc, s, e)
    if ts >= e:
        return None
    role = _text(doc, ts, e)
    affiliation = _affiliation(doc, ts, e) or country
    written = " ".join(_text(doc, s, e).split())
    if written.lower().startswith(("the ", "a ", "an ")):
        written = written.split(" ", 1)[1]
    relational = doc[e - 1].lower_ in lexicon().relational_heads and not any(
        doc[k].text in POSSESSIVE for k in range(ts, e))
    return RoleInfo(written, role, affiliation, s, e, relational=relational)


def pre_role(doc: Doc, cand: NameCandidate, names_by_end: dict[int, NameCandidate],
             bounds: list[tuple[int, int]], sent_of: list[int]) -> RoleInfo | None:
    """The role written right before a name, if it ends in (or is anchored on) a head.

    A possessor's own title is kept with it ("US President Donald Trump's
    son-in-law"), so a comma-set role before that still reaches the name.
    """
    lex = lexicon()
    sent_start = bounds[sent_of[cand.start]][0]
    if cand.start > sent_start and doc[cand.start - 1].pos_ == "ADP":
        return None  # "a senior adviser to Zelensky", "head of Zelensky's office": not his role
    units: list[tuple[int, int]] = []  # nearest first
    i = cand.start
    while i > sent_start and len(units) < 20:
        s = _unit(doc, i)
        tok = doc[s]
        text = _text(doc, s, i)
        if text in POSSESSIVE:
            owner = names_by_end.get(s)
            if owner is not None:
                owner_role = pre_role(doc, owner, names_by_end, bounds, sent_of)
                units.append((owner_role.start if owner_role else owner.start, i))
            else:
                k = s
                while k > sent_start and _role_word(doc, k - 1, k) and not doc[k - 1].is_punct:
                    k -= 1
                if k > sent_start and doc[k - 1].lower_ == "the":
                    k -= 1
                if k < s:
                    units.append((k, i))
            break
        if text in STOP_PUNCT or (tok.is_punct and text != "-"):
            break
        owner = names_by_end.get(i)
        if owner is not None:
            if len(units) == 1 and lex.is_head(_text(doc, *units[0])):
                units.append((owner.start, i))  # "Putin aide Yuri Ushakov"
            break
        low = text.lower()
        if tok.pos_ in NON_ROLE_POS and not lex.is_head(text) and not lex.is_title_word(text) \
                and not is_capitalised(tok) and low != "and":
            break
        if low in ("a", "an") or low in lex.pronouns:
            break
        if low == "the" and not (s > sent_start and doc[s - 1].pos_ == "ADP" and doc[s - 1].lower_ != "by"):
            break
        units.append((s, i))
        i = s
    if not units:
        return None
    window = list(reversed(units))
    heads = [k for k, (s, e) in enumerate(window) if lex.is_head(_text(doc, s, e))]
    if not heads:
        return None
    last = heads[-1]
    if last != len(window) - 1 and doc[window[last + 1][0]].pos_ != "ADP":
        return None
    k = last  # leftmost unit of the role so far
    while k - 1 >= 0:
        j = k - 1
        while j >= 0 and _text(doc, *window[j]).lower() in ("of", "the", "for"):
            j -= 1  # "Special Envoy of the President": connectors inside the role
        if j < 0:
            break
        s, e = window[j]
        if (s, e) == units[-1] and doc[e - 1].text in POSSESSIVE:
            k = j  # the possessor ends the role: "Trump's special envoy"
            break
        # "foreign policy chief": lowercase words the parse attaches to the role's head.
        attached = (doc[s].text.isalpha() and doc[s].text.islower() and not doc[s].is_stop
                    and doc[s].dep_ in ("compound", "amod")
                    and window[k][0] <= doc[s].head.i < cand.start)
        if _text(doc, s, e).lower() == "and" or not (_role_word(doc, s, e) or attached):
            break
        k = j
    info = _make(doc, window[k][0], cand.start)
    if info is not None:
        info.complement = last != len(window) - 1
    return info


def _complement_of_head(doc: Doc, s: int, k: int) -> bool:
    """The name at ``k`` follows "<head> to" ("a senior adviser to (President) Zelensky")."""
    lex = lexicon()
    j = k - 1
    while j > s and (lex.is_title_word(doc[j].text) or _is_place_word(doc[j].text)):
        j -= 1
    return j > s and doc[j].lower_ == "to" and lex.is_head(doc[j - 1].text)


def _phrase_ok(doc: Doc, s: int, e: int, names_at: dict[int, NameCandidate]) -> bool:
    """A role phrase: contains a head, no verb, no other person's name (bar a possessor
    or the complement of the head)."""
    lex = lexicon()
    if s >= e:
        return False
    has_head = False
    k = s
    while k < e:
        tok = doc[k]
        cand = names_at.get(k)
        if cand is not None:
            # Another person may stand in the role only as its possessor or complement:
            # "the Russian leader's press secretary", "a senior adviser to Zelensky".
            possessor = cand.end < len(doc) and doc[cand.end].text in POSSESSIVE
            if not (possessor or _complement_of_head(doc, s, k)):
                return False
            k = cand.end
            continue
        if tok.pos_ in ("VERB", "AUX") and not lex.is_head(tok.text) and not tok.tag_ == "VBN":
            return False
        if tok.pos_ in ("ADP", "SCONJ") and k == s:
            return False
        if lex.is_head(tok.text) or lex.is_head(_text(doc, _unit(doc, k + 1), k + 1)):
            has_head = True
        k += 1
    return has_head


def apposition_role(doc: Doc, cand: NameCandidate, names_at: dict[int, NameCandidate],
                    bounds: list[tuple[int, int]], sent_of: list[int]) -> list[RoleInfo]:
    """The roles in ", the Russian leader's press secretary," right after a name.

    Coordinated titles give one role each ("chief negotiator and the head of
    its security council"); a conjunct that is no title ("and a participant
    in the talks") is dropped. An apposition that starts with "and" is the
    next item of a list, not this person's.
    """
    e0 = cand.end
    if e0 >= len(doc) or doc[e0].text != ",":
        return []
    sent_end = bounds[sent_of[cand.start]][1]
    s = e0 + 1
    e = s
    while e < sent_end and e - s < 25:
        tok = doc[e]
        if tok.text in STOP_PUNCT or tok.lower_ in ("who", "which", "that", "whose", "whom"):
            break
        e += 1
    if e == s or doc[s].lower_ in ("and", "or", "but", "nor"):
        return []
    if not _phrase_ok(doc, s, e, names_at) or not _ends_in_head(doc, s, e):
        return []
    roles: list[RoleInfo] = []
    for k, (cs, ce) in enumerate(_conjuncts(doc, s, e)):
        if k and not (_phrase_ok(doc, cs, ce, names_at) and _ends_in_head(doc, cs, ce)):
            continue
        info = _make(doc, cs, ce)
        if info is not None:
            roles.append(info)
    return roles


def _conjuncts(doc: Doc, s: int, e: int) -> list[tuple[int, int]]:
    """The coordinated parts of a role phrase, split at an "and" that starts a new title.

    "head of its national security and defence council" and "the National
    Security and Defense Council" stay one: what follows "and" there is
    neither a title nor a common noun coordinated with the role's head.
    """
    parts: list[tuple[int, int]] = []
    start = s
    for k in range(s + 1, e - 1):
        if doc[k].lower_ != "and" or (is_capitalised(doc[k - 1]) and is_capitalised(doc[k + 1])):
            continue
        nxt = k + 1
        while nxt < e and doc[nxt].lower_ in DETERMINERS:
            nxt += 1
        if (_has_head(doc, nxt, e) or _new_noun_phrase(doc, nxt, e)) and _has_head(doc, start, k):
            parts.append((start, k))
            start = k + 1
    parts.append((start, e))
    return parts


def _new_noun_phrase(doc: Doc, s: int, e: int) -> bool:
    """Words after "and" that start a description of their own with a complement:
    "architect behind the plan", "a participant in the talks"; not "defence council"."""
    k = s
    while k < e and doc[k].text.islower() and doc[k].pos_ in ("NOUN", "ADJ"):
        k += 1
    return (k > s and k < e and doc[k].pos_ == "ADP" and doc[k - 1].pos_ == "NOUN"
            and doc[k - 1].text.title() not in lexicon().org_words)


def _has_head(doc: Doc, s: int, e: int) -> bool:
    """Some word (or pair of words: "political scientist") in ``s:e`` is a role head."""
    lex = lexicon()
    return any(lex.is_head(doc[i].text) or (i + 1 < e and lex.is_head(_text(doc, i, i + 2))) for i in range(s, e))


def _ends_in_head(doc: Doc, s: int, e: int) -> bool:
    """The phrase's own head is a role noun: "the leader's press secretary", not "the minister's statement"."""
    lex = lexicon()
    k = e
    while k > s and (doc[k - 1].is_punct or doc[k - 1].lower_ in CONNECTORS):
        k -= 1
    # The head is the last noun before any prepositional complement.
    i = s
    while i < k and doc[i].pos_ != "ADP":
        i += 1
    last = i
    while last > s and doc[last - 1].is_punct:
        last -= 1
    if last <= s:
        return False
    if doc[last - 1].text in POSSESSIVE:
        return False
    word = _text(doc, _unit(doc, last), last)
    two = _text(doc, max(s, last - 2), last)  # "political scientist"
    return lex.is_head(word) or lex.is_head(doc[last - 1].text) or lex.is_head(two)


def leading_role(doc: Doc, cand: NameCandidate, role_start: int, names_at: dict[int, NameCandidate],
                 bounds: list[tuple[int, int]], sent_of: list[int]) -> RoleInfo | None:
    """A role before a name set off by a comma: "Affinity Partners founder, ... Jared Kushner"."""
    if role_start - 1 < 0 or doc[role_start - 1].text != ",":
        return None
    if cand.end < len(doc) and doc[cand.end].text in POSSESSIVE:
        return None  # the possessor is not the one described
    sent_start = bounds[sent_of[cand.start]][0]
    e = role_start - 1
    s = e
    while s > sent_start and doc[s - 1].text not in STOP_PUNCT:
        s -= 1
    if s - 2 >= sent_start and doc[s - 1].text == "," and any(c.end == s - 1 for c in names_at.values()):
        return None  # "Umerov, the secretary of the Council, Budanov": Umerov's apposition
    at_sentence_start = s == sent_start or doc[s - 1].text in ('"', "“", "—", "–", "\n")
    closed = cand.end < len(doc) and doc[cand.end].text == ","
    if not (at_sentence_start or closed) or e - s > 15:
        return None
    if not _phrase_ok(doc, s, e, names_at) or not _ends_in_head(doc, s, e):
        return None
    first = doc[s]
    if first.lower_ not in DETERMINERS and not (is_capitalised(first) or lexicon().is_title_word(first.text)):
        return None
    return _make(doc, s, e)


def entity_country(roles: list[str], affiliation: str | None) -> str | None:
    """The country a person's roles or affiliation name ("Russian Foreign Ministry" -> Russia)."""
    texts = ([affiliation] if affiliation else []) + roles
    gaz = gazetteer()
    for text in texts:
        if text in gaz.country and gaz.country[text]:
            return gaz.country[text]
        for word in text.replace("'s", " ").replace("’s", " ").split():
            if _is_place_word(word) or word == "U.S.":
                country = country_of(word)
                if country:
                    return country
    return None

"""Who "he", "the spokesman" and "the senior diplomat" are, inside one article.

Resolution is deliberately cautious, because a quote given to the wrong
official is worse than none:

* a title reference ("the deputy foreign minister") goes to the most recent
  person whose stated role fits the title (``reference_classes`` in
  ``titles.yaml``), with the title's nationality agreeing with the person's;
  generic ones ("the source", "the politician") go to the most salient recent
  person; a title with nothing before it may point forward to a person named
  as a speaker in the next sentences;
* a pronoun goes to the nearest earlier person in its sentence, or else to the
  most salient person of the nearest earlier sentence (speaker before subject
  before anyone), never across a known gender and never to an organisation;
* people named inside quoted speech are not antecedents for words outside it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from bot.extract.lexicon import lexicon, stem
from bot.extract.people.names import POSSESSIVE
from bot.extract.people.roles import entity_country
from bot.extract.places import country_of, is_demonym
from bot.extract.speech.cues import speech_lemma
from bot.extract.speech.marks import scan
from bot.extract.types import PersonEntity
from bot.extract.nlp import text_of

ATTRIBUTION, SUBJECT, OTHER = 2, 1, 0
LOOKBACK_SENTENCES = 3
LOOKAHEAD_SENTENCES = 2


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of quoted speech: what ``speech.marks.scan`` sets off (paired
    marks, and dash-led speech running to its closing mark or the paragraph's end)."""
    return [(seg.start, seg.end) for seg in scan(text)]


def region_of(regions: list[tuple[int, int]], char: int) -> int | None:
    for k, (s, e) in enumerate(regions):
        if s <= char < e:
            return k
    return None


def salience(tok: Token) -> int:
    """Speaker of a speech verb (or of "according to") > subject > anything else."""
    lex = lexicon()
    if tok.i >= 2 and tok.doc[tok.i - 1].lower_ == "to" and tok.doc[tok.i - 2].lower_ == "according":
        return ATTRIBUTION
    head = tok
    # A name's head token may be an apposition or a compound part: climb to the noun.
    while head.dep_ in ("compound", "flat", "appos") and head.head.i != head.i:
        head = head.head
    if head.dep_ in ("nsubj", "nsubjpass"):
        verb = head.head
        if _quoted_from(head, verb):
            return SUBJECT  # 'Putin "doesn't say no"': the topic of a quote, not its speaker
        # The stemmer leaves irregular forms ("said", "told", "wrote") alone;
        # the speech lexicon knows them.
        if stem(verb.text) in lex.speaker_verb_stems or speech_lemma(verb, opinion=True):
            return ATTRIBUTION
        return SUBJECT
    if head.dep_ == "pobj" and head.head.lower_ == "to" and head.head.i >= 1 \
            and tok.doc[head.head.i - 1].lower_ == "according":
        return ATTRIBUTION
    return OTHER


def _quoted_from(subject: Token, verb: Token) -> bool:
    """Whether a quotation opens between a subject and its later verb."""
    if verb.i <= subject.i:
        return False
    between = text_of(subject.doc)[subject.idx + len(subject) : verb.idx]
    return between.count('"') % 2 == 1 or between.count("“") > between.count("”")


@dataclass(slots=True)
class TitleRef:
    """A definite title reference: "the Russian deputy foreign minister"."""

    start: int  # tokens, determiner included
    end: int
    head: str  # "minister", "head of state"
    words: list[str]  # content words, lowercase: ["deputy", "foreign", "minister"]
    country: str | None
    qualifiers: set[str] = field(default_factory=set)
    # Proper names in an "of" complement: "the governor of the Cherkasy region".
    of_names: set[str] = field(default_factory=set)
    owned: bool = False  # a country's title ("Russia's deputy foreign minister"), not "the ..."

    @property
    def role(self) -> str:
        return " ".join(w for w in self.words)


def _head_at(doc: Doc, i: int) -> tuple[str, int] | None:
    """The person noun ending at token ``i`` and its first token, if any."""
    lex = lexicon()
    for width in (3, 2, 1):
        s = i - width + 1
        if s < 0:
            continue
        phrase = " ".join(t.lower_ for t in doc[s:i + 1])
        if phrase in lex.person_nouns:
            return phrase, s
    return None


def title_ref_at(doc: Doc, i: int) -> TitleRef | None:
    """A definite singular title reference whose head noun ends at token ``i``."""
    lex = lexicon()
    tok = doc[i]
    if tok.tag_ in ("NNS", "NNPS") or not tok.is_alpha:
        return None
    found = _head_at(doc, i)
    if found is None:
        return None
    head, hs = found
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if nxt is not None and (nxt.pos_ in ("NOUN", "PROPN") or (nxt.text[:1].isupper() and nxt.is_alpha)
                            or lex.is_title_word(nxt.text) or nxt.lower_ in lex.person_nouns):
        return None  # "the expert community", "the spokesman Dmitry Peskov", "the deputy foreign ..."
    s = hs
    owner: str | None = None  # "Russia's deputy foreign minister": a country's title is definite
    while s > 0:
        prev = doc[s - 1]
        low = prev.lower_
        if low == "the":
            s -= 1
            break
        if prev.tag_ == "POS" and s >= 2 and doc[s - 2].pos_ == "PROPN" and country_of(doc[s - 2].text):
            owner = country_of(doc[s - 2].text)
            s -= 2
            break
        if prev.is_punct or low in ("a", "an") or low in lex.pronouns or prev.pos_ in ("VERB", "AUX", "ADP", "DET", "PRON"):
            return None
        if prev.pos_ not in ("ADJ", "NOUN", "PROPN") and not lex.is_title_word(prev.text) and not is_demonym(prev.text):
            return None
        s -= 1
    else:
        return None
    if doc[s].lower_ != "the" and owner is None:
        return None
    words: list[str] = []
    country: str | None = owner
    for t in doc[s + (2 if owner else 1):hs]:
        c = country_of(t.text) if (is_demonym(t.text) or t.text in ("US", "U.S.")) else None
        if c:
            country = c
        elif t.lower_ not in lex.ignorable and t.text not in POSSESSIVE:
            words.append(t.lower_)
    words.extend(head.split())
    qualifiers = {w for w in words if w in lex.qualifiers}
    of_names: set[str] = set()
    if nxt is not None and nxt.lower_ == "of":
        for t in nxt.subtree:
            if t.i > nxt.i and t.pos_ == "PROPN":
                c = country_of(t.text)
                if c and country is None:
                    country = c
                elif not c:
                    of_names.add(t.lower_)
    return TitleRef(s, i + 1, head, words, country, qualifiers, of_names, owner is not None)


def _role_words(role: str) -> set[str]:
    """Words of a role, without its possessor ("the Russian leader's press secretary")."""
    own = re.split(r"['’]s\b", role.lower())[-1]
    return {w for w in re.split(r"[\s\-]+", own) if w}


def role_match(ref: TitleRef, entity: PersonEntity) -> bool:
    """The entity's stated roles fit the title, and the nationalities agree."""
    lex = lexicon()
    if entity.is_org or not entity.roles:
        return False
    if ref.country is not None and entity_country(entity.roles, entity.affiliation) != ref.country:
        return False
    if ref.of_names and not _names_in_roles(ref.of_names, entity):
        return False  # "the governor of the Cherkasy region" is not the governor named before
    texts = [re.split(r"['’]s\b", r.lower())[-1] for r in entity.roles]
    texts += [entity.affiliation.lower()] if entity.affiliation else []
    ref_words = set(ref.words)
    for role in entity.roles:
        words = _role_words(role)
        role_quals = words & lex.qualifiers
        if ref_words <= words and role_quals == ref.qualifiers:
            return True
    for role in entity.roles:
        # A role known only as a bare class ("leader", from "the Russian leader")
        # fits a title of that class ("the Russian president").
        if " " not in role.strip() and ref.head in lex.reference_classes.get(role.lower(), ()) \
                and not ref.qualifiers:
            return True
    phrases = lex.reference_classes.get(ref.head, ())
    for text in texts:
        quals = _role_words(text) & lex.qualifiers
        if not ref.qualifiers <= quals:
            continue
        if quals - ref.qualifiers and ref.head in text:
            continue  # "the president" is not the vice president
        if any(p in text for p in phrases):
            return True
    return False


def _names_in_roles(names: set[str], entity: PersonEntity) -> bool:
    words = {w for r in entity.roles + [entity.affiliation or ""] for w in re.split(r"[\s\-’']+", r.lower())}
    return names <= words


def role_conflicts(ref: TitleRef, entity: PersonEntity) -> bool:
    """Something known about the entity contradicts the title."""
    if entity.is_org:
        return True
    country = entity_country(entity.roles, entity.affiliation)
    if ref.country is not None and country is not None and country != ref.country:
        return True
    return bool(entity.roles) and not role_match(ref, entity)


def is_generic(ref: TitleRef) -> bool:
    return ref.head in lexicon().generic_references and len(ref.words) == 1 and ref.country is None

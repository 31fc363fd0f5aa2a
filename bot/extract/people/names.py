"""Person names in running text: capitalised word runs, vetted by evidence.

The small spaCy model labels many Slavic names ORG and many places PERSON,
so its labels are only one signal. A name here is a run of capitalised words
that contains no title word, place, demonym, organisation or outlet (those
are known from the data files), and that has some evidence of being a person:
the NER says PERSON, a title stands before it, an apposition with a role
follows it, it is the subject of a speech verb, or a possessive ties it to a
person noun ("Kuleba's remarks"). A lone capitalised word with no evidence is
kept as *weak*: it counts only if it matches the surname of a person named in
full elsewhere in the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Token

from bot.extract.lexicon import lexicon, stem
from bot.extract.people.organisations import after_description
from bot.extract.places import gazetteer
from bot.extract.sentences import sentence_bounds
from bot.extract.nlp import text_of

POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
QUOTE_OR_DASH = frozenset({'"', "“", "”", "‘", "’", "'", "«", "»", "—", "–", "-", "(", "["})


@dataclass(slots=True)
class NameCandidate:
    """A possible person name: tokens ``start:end`` of the doc (suffix included)."""

    start: int
    end: int
    text: str
    signals: set[str] = field(default_factory=set)

    @property
    def accepted(self) -> bool:
        """Enough evidence to be a person on its own (without a matching full name)."""
        strong = self.signals & {"title", "apposition", "speech", "possessive", "honorific"}
        if self.end - self.start > 1 or " " in self.text:
            return bool(strong or "ner" in self.signals)
        return bool(strong or ("ner" in self.signals and not self.signals & {"place_context", "common"}))


@lru_cache(maxsize=1)
def _known_phrases() -> re.Pattern[str]:
    """Organisations, outlets, places and demonyms of several words ("South African"),
    written as they are, longest first."""
    lex = lexicon()
    gaz = gazetteer()
    forms = set(lex.organisations) | set(lex.outlets) | set(gaz.places) | {d for d in gaz.demonyms if " " in d}
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(r"(?<![\w.])(?:" + alternation + r")(?!\w)")


def known_phrase_tokens(doc: Doc) -> set[int]:
    """Indices of tokens inside a known organisation, outlet or place name."""
    covered: set[int] = set()
    for m in _known_phrases().finditer(text_of(doc)):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            covered.update(range(span.start, span.end))
    return covered


def skipped_tokens(doc: Doc) -> set[int]:
    """Tokens on byline and header lines ("Reporting by ...", "url: ..."), and in
    sentences that credit journalists ("Associated Press writers ... contributed.")."""
    lex = lexicon()
    starts = lex.skip_line_starts
    skipped: set[int] = set()
    offset = 0
    for line in text_of(doc).splitlines(keepends=True):
        stripped = line.strip().lstrip("(")  # "(Reporting by ...; Editing by ...)"
        if any(stripped.startswith(s) and (s.endswith(":") or stripped[len(s):len(s) + 1] in (" ", ""))
               for s in starts) and not stripped.startswith("By the "):
            span = doc.char_span(offset, offset + len(line.rstrip("\n")), alignment_mode="expand")
            if span is not None:
                skipped.update(range(span.start, span.end))
        offset += len(line)
    for start, end in sentence_bounds(doc):
        text = doc[start:end].text.strip()
        if any(p.search(text) for p in lex.credit_patterns):
            skipped.update(range(start, end))
    return skipped


def is_capitalised(tok: Token) -> bool:
    text = tok.text
    return bool(text) and text[0].isupper() and any(c.isalpha() for c in text)


def is_initial(tok: Token) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z]\.){1,3}", tok.text))


def _clause_start(tok: Token) -> bool:
    """First word of a sentence, or just after an opening quote or dash."""
    if tok.is_sent_start or tok.i == 0:
        return True
    prev = tok.doc[tok.i - 1]
    return prev.text in QUOTE_OR_DASH and (prev.i == 0 or prev.is_sent_start or "\n" in prev.doc[prev.i - 1].whitespace_
                                           or prev.doc[prev.i - 1].text in {":", "\n"})


def _vetoed(tok: Token, known: set[int]) -> bool:
    """True when this capitalised word cannot be part of a person's name."""
    if _vetoed_anywhere(tok, known):
        return True
    return _clause_start(tok) and tok.pos_ not in ("PROPN",) and tok.ent_type_ != "PERSON"


def _vetoed_anywhere(tok: Token, known: set[int]) -> bool:
    """The word cannot be a name part wherever it stands in the sentence."""
    lex = lexicon()
    gaz = gazetteer()
    text = tok.text
    if tok.i in known or text in lex.not_names or text in lex.org_words:
        return True
    if text in gaz.demonyms or text in gaz.places:
        return True
    if lex.is_title_word(text) or text.lower() in lex.pronouns:
        return True
    if len(text) > 3 and text.endswith("s") and lex.is_head(text[:-1]):
        return True  # a plural title: "Presidents Donald Trump and Vladimir Putin"
    if tok.is_stop or any(c.isdigit() for c in text):
        return True
    if len(text) > 2 and text[:-1].isupper() and text[-1] == "s":
        return True  # plural acronyms: "POWs", "NGOs"
    if "-" in text and all(part in gaz.demonyms or part in gaz.places for part in text.split("-")):
        return True
    if tok.tag_ == "VBZ" and stem(text) in lex.speaker_verb_stems:
        return True  # a headline's verb: "US Envoy Says Kyiv ..."
    return False


def _runs(doc: Doc, skip: set[int]) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens in one sentence, glued by particles and hyphens."""
    lex = lexicon()
    runs: list[tuple[int, int]] = []
    for sent_start, sent_end in sentence_bounds(doc):
        i = sent_start
        while i < sent_end:
            if i in skip or not is_capitalised(doc[i]):
                i += 1
                continue
            j = i + 1
            while j < sent_end and j not in skip:
                tok = doc[j]
                if is_capitalised(tok) and doc[j - 1].whitespace_ != "\n":
                    j += 1
                elif (tok.text == "-" and not doc[j - 1].whitespace_ and not tok.whitespace_
                      and j + 1 < sent_end and is_capitalised(doc[j + 1])):
                    j += 2
                elif tok.text.lower() in lex.particles and tok.text.islower() and _particle_end(doc, j, sent_end):
                    j = _particle_end(doc, j, sent_end)
                else:
                    break
            runs.append((i, j))
            i = j
    return runs


def _particle_end(doc: Doc, j: int, sent_end: int) -> int:
    """After the particles starting at ``j`` ("von der", "bin", "al-"), the index of
    the capitalised name part they lead to; 0 when none follows."""
    lex = lexicon()
    k = j
    while k < sent_end and doc[k].text.islower() and doc[k].text in lex.particles:
        k += 1
        if k + 1 < sent_end and doc[k].text == "-" and not doc[k - 1].whitespace_ and not doc[k].whitespace_:
            k += 1
            break
    return k if k < sent_end and is_capitalised(doc[k]) else 0


def _split(doc: Doc, start: int, end: int, known: set[int]) -> list[tuple[int, int]]:
    """The parts of a capitalised run that may be person names."""
    lex = lexicon()
    parts: list[tuple[int, int]] = []
    i = start
    while i < end:
        tok = doc[i]
        if not is_capitalised(tok) or _vetoed(tok, known):
            i += 1  # also a line break or lowercase word inside a span resolve() was given
            continue
        j = i
        while j < end:
            t = doc[j]
            if t.text == "-" or (t.text.islower() and t.text.lower() in lex.particles):
                j += 1
                continue
            if (_vetoed(t, known) or not is_capitalised(t)) and t.text not in lex.suffixes:
                break
            j += 1
        # A name does not end in a particle or hyphen; an acronym ("CIS") is a name
        # part only before a surname ("JD Vance").
        while j > i and (doc[j - 1].text == "-" or doc[j - 1].text.islower()):
            j -= 1
        while j > i and doc[j - 1].text.isupper() and len(doc[j - 1].text) > 1 and not is_initial(doc[j - 1]) \
                and doc[j - 1].text not in lex.suffixes:
            j -= 1
        k = i
        while k < j and doc[k].text.isupper() and len(doc[k].text) > 3:
            k += 1
        if k < j:
            # Part of an organisation's name: "Affinity Partners", "Diplomatic Academy".
            if not (j < end and doc[j].text in lex.org_words):
                parts.append((k, j))
        i = max(j, i + 1)
    return parts


def _unit_before(doc: Doc, i: int) -> str:
    """The word ending at token ``i - 1``, hyphenated parts joined ("son-in-law")."""
    j = i - 1
    while j - 2 >= 0 and doc[j - 1].text == "-" and not doc[j - 2].whitespace_ and not doc[j - 1].whitespace_:
        j -= 2
    return "".join(t.text_with_ws for t in doc[j:i]).strip() if j >= 0 else ""


def _common_context(doc: Doc, i: int) -> bool:
    """A lone capitalised word used as a common noun or a modifier, not as a name.

    "That Blitzkrieg", "the Starmers", "the Assad government", "Battlefield
    success", or any first word of a sentence, where capitals say nothing.
    """
    lex = lexicon()
    tok = doc[i]
    j = i - 1
    while j >= 0 and doc[j].text in lex.particles:
        j -= 1  # "the von der Leyens"
    prev = doc[j] if j >= 0 else None
    if _clause_start(tok) or tok.tag_ == "NNPS":
        return True
    if prev is not None and (prev.pos_ == "DET" or (prev.text.islower() and (prev.pos_ == "ADJ" or prev.tag_ == "PRP$"))):
        return True
    head = tok.head
    return (tok.dep_ == "compound" and head.i > i and head.text.islower() and head.pos_ == "NOUN"
            and head.lower_ not in lex.person_nouns)


def _singular(tok: Token) -> str:
    """A noun's lowercase singular; the pipeline runs without a lemmatizer."""
    low = tok.lower_
    if tok.tag_ in ("NNS", "NNPS") and low.endswith("s") and not low.endswith("ss"):
        return low[:-1]
    return low


def _not_a_name_here(doc: Doc, start: int, end: int) -> bool:
    """The capitalised words name a thing by the shape of their context.

    "the tabloid Moskovsky Komsomolets", "the Kharkiv and Sumy regions" (a
    thing noun before or after), "railway operator Ukrzaliznytsia" (a body's
    description before, unless the tagger calls the name a person's), "(Evan Vucci/The Associated Press)" (a
    photo credit), "(Neft Kapital, January 26)" (a source cited with its
    date), "President (Donald) Trump" (an editor's insertion).
    """
    lex = lexicon()
    prev = doc[start - 1] if start > 0 else None
    nxt = doc[end] if end < len(doc) else None
    if prev is not None and prev.text.islower() and _singular(prev) in lex.thing_nouns:
        return True
    if after_description(doc, start, end):
        return True
    if nxt is not None and nxt.text.islower() and nxt.pos_ == "NOUN" and _singular(nxt) in lex.thing_nouns:
        return True
    if nxt is not None and nxt.text == "/":
        return True
    if (prev is not None and prev.text == "(" and nxt is not None and nxt.text == ")" and end + 1 < len(doc)
            and is_capitalised(doc[end + 1])):
        return True  # "President (Donald) Trump": an editor's insertion inside a name
    if prev is not None and prev.text == "(" and nxt is not None and nxt.text == "," and end + 1 < len(doc):
        after = doc[end + 1]
        return after.ent_type_ == "DATE" or after.text in lex.not_names
    return False


def _signals(doc: Doc, start: int, end: int) -> set[str]:
    lex = lexicon()
    signals: set[str] = set()
    if end - start == 1 and _common_context(doc, start):
        signals.add("common")
    if any(doc[k].ent_type_ == "PERSON" for k in range(start, end)):
        signals.add("ner")
    if start > 0:
        before = _unit_before(doc, start)
        if before.lower() in lex.honorifics:
            signals.add("honorific")
        elif lex.is_head(before):
            signals.add("title")
        if start > 1 and doc[start - 1].lower_ == "to" and doc[start - 2].lower_ == "according":
            signals.add("speech")
        prev = doc[start - 1].lower_
        if prev in ("in", "from", "near", "outside", "into", "across") and (
                end >= len(doc) or doc[end].text not in POSSESSIVE):
            signals.add("place_context")
    last = doc[end - 1]
    if last.dep_ in ("nsubj", "nsubjpass") and stem(last.head.text) in lex.speaker_verb_stems:
        signals.add("speech")
    if end + 1 < len(doc) and doc[end].text in POSSESSIVE:
        # "Kuleba's remarks", "Trump's son-in-law": the possessed noun is a person's.
        following = "".join(t.text_with_ws for t in doc[end + 1:end + 5]).lower()
        words = [t.lower_ for t in doc[end + 1:end + 5] if t.is_alpha][:3]
        if any(w in lex.person_possessions for w in words) or any(
                following.startswith(p + " ") or following.startswith(p + "-") for p in lex.person_possessions):
            signals.add("possessive")
    return signals


def find_name_candidates(doc: Doc) -> list[NameCandidate]:
    """Every capitalised span that may be a person's name, with its evidence, in order."""
    known = known_phrase_tokens(doc)
    skip = skipped_tokens(doc)
    candidates: list[NameCandidate] = []
    for start, end in _runs(doc, skip):
        parts = _split(doc, start, end, known)
        if not parts and end - start == 1 and _only_by_position(doc[start], known):
            # "Zelenskyy said ...": a lone word opening a sentence that the tagger took for a
            # common noun; it may still be the surname of someone named in full elsewhere.
            candidates.append(NameCandidate(start, end, doc[start].text, {"common", "clause_start"}))
            continue
        for s, e in parts:
            if _not_a_name_here(doc, s, e):
                continue
            text = doc[s:e].text
            candidates.append(NameCandidate(s, e, text, _signals(doc, s, e)))
    return candidates


def _only_by_position(tok: Token, known: set[int]) -> bool:
    """Vetoed only because it opens a clause: a name-like word in a name-like place."""
    return (_clause_start(tok) and tok.is_alpha and len(tok) > 2 and tok.text[1:].islower()
            and not _vetoed_anywhere(tok, known) and tok.dep_ in ("nsubj", "nsubjpass", "compound"))

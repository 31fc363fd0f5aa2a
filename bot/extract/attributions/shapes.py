"""Attributions that are not speech: views, findings, intentions and stances.

Beside what people say (``quotes``), news text gives sources views and aims
without reporting their words: "the poll shows that Clinton leads", "she
plans to run", "he called for a ban", "Clinton cited his remarks". These
are read from the parse here and come out as QuoteSpans of kind
"attribution", which measure what an article attributes to whom but are
never shown as quotes.

The shapes (``candidates`` offers every verb in each of them; the word lists
of ``bot/data/attribution.yaml`` name the verbs known to cue it, and speech
and opinion verbs of ``speech.yaml`` count for clauses too):

* a complement clause: "The report found that ...", "Trump questioned
  whether ..." (the verb's ``ccomp``, which has its own subject);
* a to-infinitive or a gerund: "She vowed to ...", "He urged Congress to
  ..." (the ``xcomp``; an object before it is part of the content), "he
  proposed doing away with ...";
* a direct object: "Clinton cited the remarks" (the ``dobj``, with a
  following "as ..." when the verb takes one: "described him as unfit");
  naming verbs only with what the object is called ("called the charges
  unsubstantiated"); a passive names the object first and the source
  after "by" ("the plan was criticized by the governor");
* a prepositional object: "called for a ban", "accused her of lying";
* a noun with its owner and its clause: "Trump's claim that ...";
* a statement noun with its owner and its prepositional object: "Kerry's
  announcement of the quota", "made attacks on the budget";
* a headline that names its source before a colon (``headlines``);
* a clause set "in" a poll: "In a state poll, Holt led by six points"
  (``findings``);
* the writer's impression, with no source: "the mayor's backers seemed
  unworried" (``impressions``).

Which candidates count is decided by ``classifier``: a logistic
regression over the verb, the shape, the source and the parse, trained on
PolNeAR, which also keeps cues the lists lack ("accepted the findings",
"shrugged off the criticism"). Verbs of ``not_cues`` are never offered
unless listed, nor a naming verb with a plain object ("called the hotel").
Without the weights file the lists alone decide.

The source is found as for speech (``speech.cues.attribute``): the subject,
climbing from a subjectless verb; a relative clause's source is the noun it
describes ("Smith, who cited ..."). A passive infinitive ("is expected to
win") has no source and is kept without one. Negated cues count ("did not
say whether ..." still tells what the question was). Nothing inside
quotation marks is read (a speaker's own "I think" is part of their quote),
nor anything a speech quote already covers: a statement is listed once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from bot import wordlists
from bot.extract.attributions import classifier as attribution_model
from bot.extract.attributions.classifier import Candidate
from bot.extract.attributions.findings import findings
from bot.extract.attributions.impressions import impressions
from bot.extract.people.coref import quote_regions, region_of
from bot.extract.speech.cues import (
    SUBJECT_DEPS,
    attribute,
    has_clause_subject,
    same_paragraph,
    speaker_span,
    spoken_to,
    verb_lemma,
)
from bot.extract.speech.cues import (
    lexicon as speech_lexicon,
)
from bot.extract.speech.headlines import headline_attribution
from bot.extract.types import QuoteSpan
from bot.extract.nlp import text_of

__all__ = ["candidates", "find_attributions", "open_lexicon"]

_WORD = re.compile(r"\w+")
_EDGE_PUNCT = " ,;:.—–-\n"
_RELATIVE = {"WP", "WDT"}
# Outside quotation marks these are the writer (never a quoted speaker, see
# attribution.NON_SPEAKER_PRONOUNS); a view the writer gives as their own is still attributed.
_WRITER = {"i", "we"}
# Fewest words of a content, by shape: a clause or an infinitive says
# something; an object may be one name ("attacked Machado").
_MIN_WORDS = {"clause": 3, "infinitive": 2, "gerund": 2, "object": 1, "passive": 1, "naming": 1, "prep": 1}


@dataclass(frozen=True, slots=True)
class _Lexicon:
    clause_verbs: frozenset[str]
    infinitive_verbs: frozenset[str]
    object_verbs: frozenset[str]
    naming_verbs: frozenset[str]
    gerund_verbs: frozenset[str]
    clause_nouns: frozenset[str]
    prepositional_verbs: dict[str, frozenset[str]]
    prepositional_nouns: dict[str, frozenset[str]]
    irregular: dict[str, str]
    not_cues: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    data = wordlists.load("attribution")
    low = lambda items: frozenset(str(x).lower() for x in items)  # noqa: E731
    speech = speech_lexicon()
    return _Lexicon(
        clause_verbs=low(data["clause_verbs"]) | speech.speech_verbs | speech.opinion_verbs,
        infinitive_verbs=low(data["infinitive_verbs"]),
        object_verbs=low(data["object_verbs"]),
        naming_verbs=low(data["naming_verbs"]),
        gerund_verbs=low(data["gerund_verbs"]),
        clause_nouns=low(data["clause_nouns"]),
        prepositional_verbs={str(k).lower(): low(v) for k, v in data["prepositional_verbs"].items()},
        prepositional_nouns={str(k).lower(): low(v) for k, v in data["prepositional_nouns"].items()},
        irregular={str(k).lower(): str(v).lower() for k, v in data["irregular_forms"].items()},
        not_cues=low(data["not_cues"]),
    )


_cue_verbs_of: list[tuple[_Lexicon, frozenset[str]]] = []  # (the lexicon, its cue verbs): made once per lexicon


def _cue_verbs() -> frozenset[str]:
    """Every verb that can cue an attribution, in any shape (for headlines, read without a parse)."""
    lex = lexicon()
    if not _cue_verbs_of or _cue_verbs_of[0][0] is not lex:  # (the tuning tool in bench/ swaps lexicons)
        verbs = (lex.clause_verbs | lex.object_verbs | lex.infinitive_verbs | lex.naming_verbs | lex.gerund_verbs
                 | frozenset(lex.prepositional_verbs))
        _cue_verbs_of[:] = [(lex, verbs)]
    return _cue_verbs_of[0][1]


def _lemma(verb: Token, known: frozenset[str]) -> str | None:
    if not verb.tag_.startswith("VB"):
        return None
    irregular = lexicon().irregular.get(verb.lower_)
    if irregular is not None:
        return irregular if irregular in known else None
    return verb_lemma(verb.text, known)


def _content(doc: Doc, tokens: list[Token], verb: Token, shape: str) -> tuple[int, int] | None:
    """Characters of ``tokens`` kept in the verb's paragraph, without edge punctuation."""
    tokens = sorted((t for t in tokens if same_paragraph(t, verb)), key=lambda t: t.i)
    while tokens and (tokens[0].is_punct or tokens[0].dep_ == "mark" and tokens[0].lower_ in {"that", "whether", "if"}):
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct and tokens[-1].text not in {")", "]"} or tokens[-1].dep_ == "cc"):
        tokens.pop()
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    text = text_of(doc)
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    if len(_WORD.findall(text[start:end])) < _MIN_WORDS[shape]:
        return None
    return start, end


def _has_to(clause: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def _cue(verb: Token, *extra: Token) -> str:
    """The cue as it reads: the verb with its particle ("pointed out"), and a preposition."""
    words = [verb, *extra, *(c for c in verb.children if c.dep_ == "prt")]
    words.sort(key=lambda t: t.i)
    return text_of(verb.doc)[words[0].idx : words[-1].idx + len(words[-1])]


def _named(verb: Token, children: list[Token]) -> list[Token]:
    """'called the charges unsubstantiated', 'calls Obamacare a crazy system': the object
    and what it is called, when both are there (or the object is quoted)."""
    parts = [c for c in children if c.i > verb.i and c.dep_ in {"dobj", "oprd", "xcomp", "ccomp"} and not _has_to(c)]
    tokens = [t for c in parts for t in c.subtree]
    quoted = any(t.is_quote for t in tokens)
    if len(parts) >= 2 or parts and quoted:
        return tokens
    return []


def _candidates(verb: Token, lex: _Lexicon) -> list[tuple[str, list[Token], str]]:
    """(shape, content tokens, cue) for every content ``verb`` attributes, by the words of ``lex``."""
    out: list[tuple[str, list[Token], str]] = []
    children = list(verb.children)
    obj = next((c for c in children if c.dep_ == "dobj" and c.i > verb.i), None)
    preps = lex.prepositional_verbs.get(_lemma(verb, frozenset(lex.prepositional_verbs)) or "", frozenset())
    if _lemma(verb, lex.clause_verbs):
        for c in children:
            if c.dep_ == "ccomp" and c.i > verb.i and has_clause_subject(c):
                first = c.left_edge
                if first.tag_ in {"WRB", "WDT", "WP"} and first.i > 0 and first.doc[first.i - 1].text == ",":
                    continue  # "..., he said, where ...": the sentence goes on around the verb
                out.append(("clause", list(c.subtree), _cue(verb)))
    if _lemma(verb, lex.infinitive_verbs):
        for c in children:
            if c.dep_ == "xcomp" and c.i > verb.i and _has_to(c):
                tokens = list(c.subtree)
                if obj is not None and obj.i < c.i:
                    tokens += list(obj.subtree)
                out.append(("infinitive", tokens, _cue(verb)))
    if _lemma(verb, lex.gerund_verbs):
        for c in children:
            if c.dep_ == "xcomp" and c.i > verb.i and c.tag_ == "VBG":
                out.append(("gerund", list(c.subtree), _cue(verb)))
    if out:
        return out
    agent = next((c for c in children if c.dep_ == "agent"), None)
    subject = next((c for c in children if c.dep_ == "nsubjpass" and c.i < verb.i), None)
    if agent is not None and subject is not None and _lemma(verb, lex.object_verbs | lex.naming_verbs):
        return [("passive", list(subject.subtree), _cue(verb, agent))]  # "was endorsed by ...": the source is the agent
    if _lemma(verb, lex.naming_verbs):
        tokens = _named(verb, children)
        if tokens:
            return [("naming", tokens, _cue(verb))]
    if obj is not None and _lemma(verb, lex.object_verbs):
        tokens = list(obj.subtree)
        about = []  # what the act is about, beside the object; not when it happened
        for c in children:  # "described him as unfit", "likened the rules to ...", "criticized X for ..."
            if c.i > obj.i and (c.dep_ == "oprd" or c.dep_ == "prep" and (c.lower_ == "as" or c.lower_ in preps)):
                tokens += list(c.subtree)
                about += [] if _when(c) else [c]
        if not about and spoken_to(obj):
            return []  # "warned residents (on Sunday)": the one spoken to, not what was said
        return [("object", tokens, _cue(verb))]
    for c in children:
        if c.dep_ != "prep" or c.i < verb.i or c.lower_ not in preps:
            continue
        pobj = next((k for k in c.children if k.dep_ in {"pobj", "pcomp"}), None)
        if pobj is None:
            continue
        tokens = list(pobj.subtree)
        if c.lower_ == "as" and obj is not None and obj.i < c.i:
            tokens += list(obj.subtree)
        return [("prep", tokens, _cue(verb, c))]
    return out


def _source(verb: Token) -> tuple[Token | None, bool]:
    """The head of the source mention, and whether the verb may go without one."""
    if verb.dep_ == "relcl":
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None and subject.tag_ in _RELATIVE and verb.head.pos_ in {"PROPN", "NOUN"}:
            return verb.head, False
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if by is not None and any(c.dep_ == "nsubjpass" for c in verb.children):
        return by, False
    att = attribute(verb)
    if att is not None and att.speaker is not None:
        return att.speaker, False
    writer = next((c for c in verb.children if c.dep_ == "nsubj" and c.lower_ in _WRITER), None)
    if writer is not None:
        return writer, False  # "I recognized that ...", "we now know that ...": the writer's own view
    passive = any(c.dep_ == "nsubjpass" for c in verb.children) and not any(c.dep_ == "agent" for c in verb.children)
    return None, passive


def _noun_singular(noun: Token) -> str:
    w = noun.lower_
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def _from_noun(noun: Token, lex: _Lexicon) -> tuple[list[Token], Token, str] | None:
    """'Trump's claim that ...', 'made the assertion that ...': (content, source, cue)."""
    if noun.pos_ != "NOUN" or _noun_singular(noun) not in lex.clause_nouns:
        return None
    clause = next(
        (c for c in noun.children if c.i > noun.i and c.dep_ in {"acl", "ccomp", "appos"}
         and (_has_to(c) or any(k.dep_ == "mark" and k.lower_ == "that" for k in c.children))),
        None,
    )
    if clause is None:
        return None
    source = _noun_source(noun)
    if source is None:
        return None
    return list(clause.subtree), source, noun.text


def _noun_source(noun: Token) -> Token | None:
    """Whose a statement noun is: its owner ("Trump's criticism of"), or the subject of the
    verb it is the object of ("Trump made allegations against")."""
    source = next((c for c in noun.children if c.dep_ == "poss"), None)
    if source is None and noun.dep_ == "dobj" and noun.head.tag_.startswith("VB"):
        att = attribute(noun.head)
        source = att.speaker if att is not None else None
    if source is None or source.lower_ in {"my", "our", "your"}:
        return None
    return source


def _from_noun_prep(noun: Token, lex: _Lexicon) -> tuple[list[Token], Token, str] | None:
    """'Kerry's announcement of the new quota', 'made allegations against the NRA': (content, source, cue)."""
    if noun.pos_ != "NOUN":
        return None
    preps = lex.prepositional_nouns.get(_noun_singular(noun))
    if not preps:
        return None
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.i > noun.i and c.lower_ in preps), None)
    pobj = next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None) if prep is not None else None
    if pobj is None:
        return None
    source = _noun_source(noun)
    if source is None:
        return None
    return list(pobj.subtree), source, f"{noun.text} {prep.text}"


def _owner_span(source: Token) -> tuple[int, int]:
    """The source's mention without its possessive ending: "Trump" of "Trump's claim"."""
    start, end = speaker_span(source)
    text = text_of(source.doc)
    for ending in ("'s", "’s", "'", "’"):
        if text.endswith(ending, start, end) and end - len(ending) > start:
            return start, end - len(ending)
    return start, end


def _overlaps(span: tuple[int, int], quotes: list[QuoteSpan]) -> bool:
    return any(q.start < span[1] and span[0] < q.end for q in quotes)


def _attribution(doc: Doc, span: tuple[int, int], source: tuple[int | None, int | None], cue: str) -> QuoteSpan:
    return QuoteSpan(
        text=text_of(doc)[span[0] : span[1]],
        start=span[0],
        end=span[1],
        direct=False,
        speaker_start=source[0],
        speaker_end=source[1],
        cue=cue,
        kind="attribution",
    )


class _AnyWord(frozenset):
    """Every word: a lexicon of these lets every verb cue every shape."""

    def __contains__(self, item: object) -> bool:
        return True

    def __bool__(self) -> bool:
        return True


class _AnyPrepositions(dict):
    def get(self, key, default=None):  # noqa: ANN001, ANN201 - dict's own signature
        return _AnyWord()


@lru_cache(maxsize=1)
def open_lexicon() -> _Lexicon:
    """Every verb in every shape: the candidates the model (``classifier``) weighs."""
    lex = lexicon()
    return _Lexicon(
        clause_verbs=_AnyWord(), infinitive_verbs=_AnyWord(), object_verbs=_AnyWord(), naming_verbs=lex.naming_verbs,
        gerund_verbs=_AnyWord(), clause_nouns=lex.clause_nouns, prepositional_verbs=_AnyPrepositions(),
        prepositional_nouns=lex.prepositional_nouns, irregular=lex.irregular,
    )


def _noun_candidate(tok: Token) -> tuple[str, list[Token], Token, str] | None:
    """A statement noun's content, by the word lists ("Trump's claim that ...", "support for ...")."""
    lex = lexicon()
    found, shape = _from_noun(tok, lex), "noun-clause"
    if found is None:
        found, shape = _from_noun_prep(tok, lex), "noun-prep"
    return None if found is None else (shape, *found)


def _when(prep: Token) -> bool:
    """A prepositional phrase that dates the act ("on Sunday", "in March"), not what it is about."""
    return any(c.dep_ == "pobj" and c.ent_type_ in {"DATE", "TIME"} for c in prep.children)


def candidates(doc: Doc, speech: list[QuoteSpan], *, open_verbs: bool) -> list[Candidate]:
    """Every content a verb or a statement noun of ``doc`` may attribute, in text order.

    ``listed`` tells whether the word lists give it; ``open_verbs`` adds what any
    verb would give in any shape. Nothing inside quotation marks, nothing
    ``speech`` covers, and no content that holds its own source.
    """
    regions = quote_regions(text_of(doc))
    out: list[Candidate] = []
    for tok in doc:
        if region_of(regions, tok.idx) is not None:
            continue
        by_noun = _noun_candidate(tok)  # (every noun with a clause or a preposition: tried, no better on dev)
        if by_noun is not None:
            shape, tokens, source, cue = by_noun
            span = _content(doc, tokens, tok, "clause" if shape == "noun-clause" else "prep")
            if span is not None and not _overlaps(span, speech):
                out.append(Candidate(tok, shape, span, cue, source, _owner_span(source), True))
            continue
        if not tok.tag_.startswith("VB") or tok.dep_ in {"amod", "acl"}:
            continue
        listed = _candidates(tok, lexicon())
        found = [(shape, tokens, cue, True) for shape, tokens, cue in listed]
        if open_verbs and not _lemma(tok, lexicon().not_cues):
            naming = _lemma(tok, lexicon().naming_verbs)
            found += [(shape, tokens, cue, False) for shape, tokens, cue in _candidates(tok, open_lexicon())
                      if not (naming and shape == "object")]  # "called the hotel": no naming, no cue
        if not found:
            continue
        source, optional = _source(tok)
        if source is None and not optional:
            continue
        s_span = speaker_span(source) if source is not None else (None, None)
        seen: set[tuple[int, int]] = set()
        for shape, tokens, cue, is_listed in found:
            span = _content(doc, tokens, tok, shape)
            if span is None or span in seen or _overlaps(span, speech):
                continue
            if s_span[0] is not None and s_span[0] < span[1] and span[0] < s_span[1]:
                continue
            seen.add(span)
            out.append(Candidate(tok, shape, span, cue, source, s_span, is_listed))
    return out


def find_attributions(doc: Doc, speech: list[QuoteSpan] | None = None) -> list[QuoteSpan]:
    """Attributions in ``doc`` that are not speech, in text order.

    ``speech``: the quotes already found; nothing they cover is given again.
    Which candidates count is the model's call (``classifier``), or
    the word lists' when no model is installed; the headline's and the polls'
    (``findings``) come first, the writer's impressions last. The first kept of two
    that overlap stands.
    """
    speech = speech or []
    out: list[QuoteSpan] = []
    for found in [headline_attribution(doc, _cue_verbs()), *findings(doc)]:
        if found is not None and not _overlaps((found.start, found.end), speech + out):
            out.append(found)
    model = attribution_model.model()
    for cand in candidates(doc, speech, open_verbs=model is not None):
        if _overlaps(cand.span, out) or not (cand.listed if model is None else model.keeps(cand)):
            continue
        out.append(_attribution(doc, cand.span, cand.source_span, cand.cue))
    for found in impressions(doc):  # the writer's, and the least sure: only where still free
        if not _overlaps((found.start, found.end), speech + out):
            out.append(found)
    return sorted(out, key=lambda q: (q.start, q.end))

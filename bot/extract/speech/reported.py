"""Indirect speech: statements reported without quotation marks, from the parse.

These shapes are read:

* a speech verb with a complement clause, in either order: "Polishchuk said
  Russia's position ... is well known", "Russia has never rejected talks
  ..., Polishchuk told Sputnik" (the clause is the verb's ``ccomp``);
* an attribution set in the sentence as an adjunct: "According to Peskov,
  ...", "As Rudenko added, ...", "..., the spokesman told journalists,
  commenting ..." when the parser hangs the verb off the statement; the
  content is the rest of the sentence;
* a speech verb between commas inside its statement: "The latest test,
  North Korea said, was its biggest yet" (the content is in two parts);
* a passive pointing back: "This was announced on November 8 by Deputy
  Foreign Minister Andrey Rudenko." makes the previous sentence Rudenko's;
* a speech verb in a relative clause: "The rules, which officials said will
  take effect in May" (the noun and the clause, in two parts); "Ms. Holt,
  who told reporters that the levee would hold" (Ms. Holt's).

Where the small parser slips (a subject hung on an auxiliary or read as a
second object, a clause under a misparsed modifier, an attribution closing
the sentence read as an adverbial clause), the helpers below read the shape
the sentence has. A verb inside quotation marks is never an attribution of
the words around it. Negated verbs ("did not say that") report nothing and
are skipped.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from bot.extract.speech.cues import (
    Attribution,
    attribute,
    cited_source,
    cue_text,
    has_clause_subject,
    has_subject,
    is_hypothetical,
    is_negated,
    lexicon,
    reports_speech,
    speaker_again,
    speaker_span,
    speech_lemma,
    spoken_to,
    subject_of,
    verb_lemma,
)
from bot.extract.speech.marks import paragraphs, scan, strip_edges
from bot.extract.types import QuoteSpan
from bot.extract.nlp import text_of

_WORD = re.compile(r"\w+")
# A dateline opening a wire story: "MOSCOW (Sputnik) - ".
_DATELINE = re.compile(r"^(?:[^()\n]{0,40}\([A-Z][\w .]*\)|[A-Z]{3,}[A-Z ,]*)\s*[-—–]\s+")
_MIN_CONTENT_WORDS = 3
_EDGE_PUNCT = " ,;:.—–-\"“”«»\n"

def _opens_inside(text: str, *, closing: bool = False) -> bool:
    """Whether ``text`` leaves a quotation open (more opening than closing marks), or with
    ``closing``, closes one it did not open."""
    if text.count('"') % 2 == 1:
        return True
    pairs = (("“", "”"), ("«", "»"))
    return any(text.count(b if closing else a) > text.count(a if closing else b) for a, b in pairs)


def _sentences(doc: Doc) -> list[Span]:
    """Sentences cut at line breaks too: a paragraph never shares a sentence."""
    out: list[Span] = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if "\n" in tok.text or "\n" in tok.whitespace_:
                end = tok.i if "\n" in tok.text else tok.i + 1
                if end > start:
                    out.append(doc[start:end])
                start = tok.i + 1
        if sent.end > start:
            out.append(doc[start : sent.end])
    return out


def _closed(text: str, start: int, end: int) -> int:
    """``end``, past the closing quotation mark when ``text[start:end]`` holds its opening
    one (a mixed quote: 'Moscow is set to "continue the dialogue ..."')."""
    if _opens_inside(text[start:end]):
        tail = re.match(r"[.,!?]?[\"”»]", text[end:])
        if tail:
            end += tail.end()
    return end


def _span(doc: Doc, start: int, end: int, sent: Span) -> tuple[int, int] | None:
    """Clip a character span to its sentence, trim edge punctuation and a dateline.

    A closing quotation mark stays when the content holds its opening one
    (``_closed``). None when too little is left to be a statement.
    """
    text = text_of(doc)
    start, end = strip_edges(text, max(start, sent.start_char), min(end, sent.end_char), _EDGE_PUNCT)
    end = _closed(text, start, end)
    if start > 0 and text[start - 1] in "\"“«" and _opens_inside(text[start:end], closing=True):
        start -= 1  # 'said “bad actors” are coming': the mark that opens
    if text.startswith("(", start) and ")" not in text[start:end]:
        start += 1  # a sentence set in brackets: "(The Danes are fans, Ms. Olsen said.)"
    m = _DATELINE.match(text[start:end])
    if m:
        start += m.end()
    if len(_WORD.findall(text[start:end])) < _MIN_CONTENT_WORDS:
        return None
    return start, end


def _quote(doc: Doc, span: tuple[int, int], att: Attribution) -> QuoteSpan | None:
    """The QuoteSpan, unless the speaker sits inside its own content
    ("what he said were fake claims": a free relative, not a report)."""
    s_start, s_end = speaker_span(att.speaker) if att.speaker is not None else (None, None)
    if s_start is not None and s_end is not None and s_start < span[1] and span[0] < s_end:
        return None
    return QuoteSpan(
        text=text_of(doc)[span[0] : span[1]],
        start=span[0],
        end=span[1],
        direct=False,
        speaker_start=s_start,
        speaker_end=s_end,
        cue=att.cue,
    )


def _next_statement(clause: Token, tokens: list[Token], speaker: Token | None) -> Token | None:
    """A speech verb joined on inside the clause's subtree that makes a statement of the
    speaker's own, where the clause ends: a participle after a comma ("said the tariffs
    could come at any moment, adding that ..."), or a verb coordinated with the clause's
    own when the clause's subject is the speaker again ("China said it was opposed to the
    test and warned Pyongyang to refrain"). Not a verb of the reported words' subject
    ("Reuters reported that Putin is open to talks but insists ...")."""
    doc = clause.doc
    again = speaker_again(clause, speaker)
    for tok in tokens:  # the clause's subtree, in text order
        if tok.i <= clause.i or has_subject(tok) or not speech_lemma(tok, opinion=True):
            continue
        if tok.dep_ == "advcl" and tok.tag_ == "VBG" and doc[tok.i - 1].text == ",":
            return tok
        if tok.dep_ == "conj" and tok.head == clause and again:
            return tok
    return None


def _opener(tok: Token, clause: Token) -> bool:
    """The word that opens ``clause`` as reported: its "that", "whether", "if" (a
    "that" the parser took for a relative pronoun too, see ``_misparsed_complement``).
    Only the first word is one: in "that if the vote came she would ...", "if" stays."""
    if tok.lower_ == "that":
        return tok.dep_ == "mark" or tok.tag_ == "WDT"
    return tok.dep_ == "mark" and tok.lower_ in {"whether", "if"} and tok.head == clause


def _clause_span(doc: Doc, clause: Token, speaker: Token | None = None) -> tuple[int, int]:
    """Characters of a complement clause, without its "that", up to a statement of
    ``speaker``'s joined on."""
    tokens = sorted(clause.subtree, key=lambda t: t.i)
    nxt = _next_statement(clause, tokens, speaker)
    if nxt is not None:
        tokens = [t for t in tokens if t.i < nxt.left_edge.i]
    subject = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if clause.dep_ == "advcl" and subject is not None:  # "said after the vote he would ...": from "he"
        tokens = [t for t in tokens if t.i >= subject.left_edge.i]
    opened = False
    while tokens and (tokens[0].is_punct or not opened and _opener(tokens[0], clause)):
        opened = opened or not tokens[0].is_punct
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct and tokens[-1].text not in {")", "]"} or tokens[-1].dep_ == "cc"):
        tokens.pop()
    if not tokens:
        return clause.idx, clause.idx
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _rest_of_sentence(doc: Doc, sent: Span, lo: int, hi: int, *, before_first: bool = False) -> tuple[int, int] | None:
    """The statement beside an attribution adjunct at tokens [lo, hi) of ``sent``.

    After it when enough follows ("According to Peskov, the statement ...
    is in line ..."), otherwise before it ("..., according to Axios").
    ``before_first``: the attribution hangs off what precedes it ("The
    region is contested, Putin said, where ..."), so that is the statement
    and what follows is the writer's.
    """
    before = _span(doc, sent.start_char, doc[lo].idx, sent) if lo > sent.start else None
    if before_first and before is not None:
        return before
    after = _span(doc, doc[hi].idx if hi < sent.end else sent.end_char, sent.end_char, sent)
    if after is not None and hi < sent.end:
        return after
    return before


def _about_a_topic(verb: Token, clause: Token) -> bool:
    """'commented on the publication that X': the clause tells what the
    publication said, not the speaker; likewise 'responded to claims that'."""
    preps = lexicon().topic_prepositions
    first = min(t.i for t in clause.subtree)
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in preps:
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj" and obj.right_edge.i + 1 == first and obj.ent_type_ not in {"DATE", "TIME"}:
                return True
    return False


def _complement(verb: Token) -> Token | None:
    """The clause ``verb`` reports, if the parse gives it one that can be.

    Not a clause opening with a wh-word after a comma ("..., Putin said,
    where Ukraine launched ..."): that continues the sentence around the
    attribution. Not a clause before the verb when the verb has an object
    of its own ("X accused Y of ..., allegations China denies"): the clause
    is what the object names, not the subject's words.
    """
    for child in verb.children:
        if child.dep_ != "ccomp":
            continue
        first = child.left_edge
        if first.tag_ in {"WRB", "WDT", "WP"} and first.i > 0 and first.doc[first.i - 1].text == ",":
            return None
        if child.i < verb.i and not reports_speech(verb):
            return None
        if child.i < verb.i and _set_off_before(child, verb):
            continue
        return child
    return _cited_complement(verb) or _misparsed_complement(verb)


# Marks after which a clause before a speech verb is no statement of it: "Rubio has the
# clearest agenda: He thinks ..." (the writer's words, then what they tell of him).
_CLAUSE_BREAKS = {":", ";", "—", "–"}


def _set_off_before(clause: Token, verb: Token) -> bool:
    """Whether a clause before ``verb`` ends before a colon, semicolon or dash that opens
    the verb's own sentence part: what comes before is not what the verb reports."""
    doc = verb.doc
    return any(t.text in _CLAUSE_BREAKS for t in doc[clause.right_edge.i + 1 : verb.i])


def _cited_complement(verb: Token) -> Token | None:
    """'TASS reported, citing Peskov, that ...': the clause the parser hung on the quoting
    participle rather than on the speech verb."""
    lex = lexicon()
    for child in verb.children:
        if child.i > verb.i and child.tag_ == "VBG" and verb_lemma(child.text, lex.quoting_verbs):
            inner = next((c for c in child.children if c.dep_ == "ccomp" and c.i > child.i), None)
            if inner is not None:
                return inner
    return None


_FINITE = {"VBD", "VBZ", "VBP", "MD"}


def _finite(verb: Token) -> bool:
    """Whether ``verb`` heads a finite clause: "he would ...", "he was refining ...", not "adding ..."."""
    return verb.tag_ in _FINITE or any(c.dep_ in {"aux", "auxpass"} and c.tag_ in _FINITE for c in verb.children)
_BE = {"is", "was", "are", "were", "be", "been", "'s", "’s"}


def _misparsed_complement(verb: Token) -> Token | None:
    """The clause ``verb`` reports where the parser hung it as something else:

    - an adverbial clause with a subject of its own, joined by no word but
      "that" ("said after the convention he would not accept ...");
    - a relative clause on the verb's object or an adjunct's noun, opened by a
      "that" that cannot be its relative pronoun: a conjunction, an adverb, or
      the object of "be" ("told a meeting of leaders that few people understood ...",
      "tweeted in the early hours that Varga was ...").
    """
    for child in verb.rights:
        if child.dep_ == "advcl" and child.tag_.startswith("VB"):
            parts = list(child.children)
            finite = _finite(child)
            joined = [c for c in parts if c.i < child.i and (c.dep_ == "mark" or c.tag_ in {"WRB", "WDT", "WP"})]
            if finite and any(c.dep_ in {"nsubj", "nsubjpass"} for c in parts) and all(c.lower_ == "that" for c in joined):
                return child
        nouns = [child] if child.dep_ in {"dobj", "npadvmod"} else [c for c in child.children if c.dep_ == "pobj"] if child.dep_ == "prep" else []
        for noun in nouns:
            for rel in noun.children:
                if rel.dep_ != "relcl" or rel.left_edge.lower_ != "that":
                    continue
                opener = rel.left_edge
                if opener.dep_ in {"mark", "advmod"} or opener.dep_ == "dobj" and rel.lower_ in _BE:
                    return rel
    return None


def _sentence_before(doc: Doc, sent: Span, verb: Token, clause: Token) -> QuoteSpan | None:
    """'The Danes, it seems, are big fans of the show, Ms. Olsen said.': a statement
    before its attribution whose parse lost the subject. The whole sentence up to the comma
    before the speaker is the statement, as in any '..., X said.'."""
    subject = subject_of(verb)
    if subject is None or not clause.i < subject.i < verb.i or verb.dep_ != "ROOT":
        return None
    comma = subject.left_edge.i - 1
    if comma > sent.start and doc[comma].is_quote:
        comma -= 1  # '... of “Harbour Watch,” Mr. Alden said'
    if comma <= sent.start or doc[comma].text != "," or clause.right_edge.i >= comma:
        return None
    att = attribute(verb)
    span = _span(doc, sent.start_char, doc[comma].idx, sent)
    return _quote(doc, span, att) if span is not None and att is not None and att.speaker is not None else None


def _verb_tagged_as_noun(doc: Doc, sent: Span, tok: Token) -> QuoteSpan | None:
    """'Holt predicts that rivals will quit soon', with "predicts" tagged as a plural noun
    and "Holt" as its compound (a name that is also a common word): a speech verb's "-s"
    form that still heads a reported clause after "that", its speaker the name before it."""
    lex = lexicon()
    if not tok.lower_.endswith("s") or verb_lemma(tok.text, lex.speech_verbs | lex.opinion_verbs) is None:
        return None
    clause = next((c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i), None)
    if clause is None or not any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
        return None
    name = next((c for c in tok.children if c.dep_ == "compound" and c.i == tok.i - 1
                 and c.pos_ in {"PROPN", "NOUN"} and c.text[:1].isupper()), None)
    if name is None or not _a_clause(clause):
        return None
    span = _span(doc, *_clause_span(doc, clause, name), sent)
    return _quote(doc, span, Attribution(name, tok.text)) if span is not None else None


def _a_clause(clause: Token) -> bool:
    """Whether ``clause`` reads as a reported clause: it has a subject, or it opens with
    "that" and has a finite verb, whatever the parse made of its subject ("estimated that
    most followed the union's lead", with "most" read as an adverb)."""
    if has_clause_subject(clause):
        return True
    that = any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
    return that and _finite(clause)


def _clause_under_a_modifier(clause: Token) -> Token:
    """The reported clause where the parser made a word of its subject's phrase its head
    ("said presumptive nominee Tom Ames was late" with "presumptive" as the complement
    and "was" under it): the clause under the modifier is the statement (without that one
    word). Otherwise ``clause`` itself."""
    inner = next((c for c in clause.children if c.dep_ == "ccomp" and has_clause_subject(c)), None)
    if inner is None or clause.pos_ in {"VERB", "AUX"} and clause.tag_ != "VB" or clause.i > inner.left_edge.i:
        return clause
    return clause if any(c.dep_ not in {"ccomp", "punct"} for c in clause.children) else inner


def _object_taken_for_subject(verb: Token, clause: Token) -> Token | None:
    """The subject of a reported ``clause`` that the parser hung on the speech verb as its
    object ("told the Gazette the county's levees are not finished", "levees" read as a
    second object): the verb's last object, right before the clause. Not the one spoken to
    when it is the only object ("told reporters")."""
    objects = [c for c in verb.children if c.dep_ in {"dobj", "dative"} and c.i < clause.i]
    if not objects or objects[-1].dep_ != "dobj" or objects[-1].right_edge.i + 1 != clause.left_edge.i:
        return None
    if len(objects) == 1 and spoken_to(objects[0]):
        return None
    return objects[-1]


def _from_verbs(doc: Doc, sent: Span) -> list[QuoteSpan]:
    """Speech verbs with a complement clause, or hung off the statement they report."""
    out: list[QuoteSpan | None] = []
    for tok in sent:
        if tok.tag_ in {"NN", "NNS"}:
            out.append(_verb_tagged_as_noun(doc, sent, tok))
            continue
        if not speech_lemma(tok, opinion=True) or is_negated(tok) or tok.dep_ == "amod":
            continue
        if is_hypothetical(tok):
            continue  # "he might conclude that ...": a supposition, never said
        if tok.dep_ in {"relcl", "acl"}:
            out.append(_relative_report(doc, sent, tok) or _said_by_the_noun(doc, sent, tok))
            continue
        clause = _complement(tok)
        if clause is not None and not has_clause_subject(clause):
            clause = _clause_under_a_modifier(clause)
        subject = None if clause is None or _a_clause(clause) else _object_taken_for_subject(tok, clause)
        if clause is not None and subject is None and not _a_clause(clause):
            before = _sentence_before(doc, sent, tok, clause)
            if before is not None:
                out.append(before)
            continue  # "what he says was needed": the parser took a fragment for the clause
        if clause is not None:
            att = attribute(tok)
            if att is None or att.speaker is None:
                continue
            if _about_a_topic(tok, clause):
                continue
            start, end = _clause_span(doc, clause, att.speaker)
            if subject is not None:
                start = subject.left_edge.idx
            span = _span(doc, start, end, sent)
            if span is not None:
                out.append(_quote(doc, span, att))
            continue
        if any(seg.start <= tok.idx < seg.end for seg in scan(text_of(doc))):
            continue  # a verb inside quotation marks is the quoted words', not an attribution around them
        around = _around(doc, sent, tok)
        if around is not None:
            out.append(around)
            continue
        as_clause = any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children)
        hung_after = tok.head.i < tok.i and (
            tok.dep_ in {"parataxis", "ccomp", "conj"} or _closing_adverbial(tok, sent)
        )
        if not (as_clause or hung_after) or not _reports_beside(tok):
            continue
        if as_clause and tok.left_edge.i > sent.start and not _set_off(doc[tok.left_edge.i - 1]):
            continue  # "the mayor rode the crowd's mood as he replied": when, not according to whom
        subject = subject_of(tok)
        if subject is None:
            continue
        if subject.i > tok.i:
            # "..., but it is under pressure from imports, said the chief executive": the
            # verb and its speaker close the sentence; the statement is all before them
            if hung_after and not as_clause and doc[tok.i - 1].text == "," and tok.i - 1 > sent.start:
                span = _span(doc, sent.start_char, doc[tok.i - 1].idx, sent)
                if span is not None:
                    out.append(_quote(doc, span, Attribution(cited_source(tok) or subject, cue_text(tok))))
            continue
        if hung_after and (subject.left_edge.i == sent.start or doc[subject.left_edge.i - 1].text != ","):
            continue
        lo = tok.left_edge.i if as_clause else subject.left_edge.i
        hi = tok.right_edge.i + 1
        span = _rest_of_sentence(doc, sent, lo, hi, before_first=hung_after and not as_clause)
        if span is not None:
            out.append(_quote(doc, span, Attribution(cited_source(tok) or subject, cue_text(tok))))
    return [q for q in out if q is not None]


def _said_by_the_noun(doc: Doc, sent: Span, verb: Token) -> QuoteSpan | None:
    """'Ms. Holt, who told reporters that the levee would hold, left early': a speech verb in
    a relative clause whose subject is the relative pronoun reports the words of the noun
    the clause describes."""
    noun = verb.head
    who = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if who is None or who.lower_ not in {"who", "that"} or noun.pos_ not in {"NOUN", "PROPN"} or noun.i > verb.i:
        return None
    clause = _complement(verb)
    if clause is None or clause.i < verb.i or not has_clause_subject(clause) or _about_a_topic(verb, clause):
        return None
    span = _span(doc, *_clause_span(doc, clause, noun), sent)
    return _quote(doc, span, Attribution(noun, cue_text(verb))) if span is not None else None


def _relative_report(doc: Doc, sent: Span, verb: Token) -> QuoteSpan | None:
    """'The rules, which officials said will take effect in May, ...', 'a lapse the staff
    said went unnoticed for months': a speech verb in a relative clause whose reported
    clause has the relative pronoun for its subject, or none. The statement is the noun the
    relative clause describes and the reported clause, in two parts: "The rules" + "will
    take effect in May". Not 'a plan that officials said they would reject': that clause
    has a subject of its own, and the noun is not what it is about."""
    noun = verb.head
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    speaker = subject_of(verb)
    if clause is None or speaker is None or noun.pos_ not in {"NOUN", "PROPN", "PRON"} or noun.i > verb.i:
        return None
    subjects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if any(c.i > verb.i or c.tag_ not in {"WDT", "WP"} for c in subjects):
        return None
    opener = min(speaker.left_edge.i, *(c.i for c in subjects)) if subjects else speaker.left_edge.i
    tokens = [t for t in clause.subtree if t.i > verb.i]
    if opener > 0 and doc[opener - 1].text == ",":  # set off by commas: it ends at the next one
        tokens = tokens[: next((k for k, t in enumerate(tokens) if t.text == ","), len(tokens))]
    said = _trimmed(text_of(doc), tokens[0].idx, tokens[-1].idx + len(tokens[-1])) if tokens else None
    if said is not None:  # 'which the inquiry said was “extremely careless”': the mark that closes
        said = (said[0], _closed(text_of(doc), said[0], said[1]))
    named = _trimmed(text_of(doc), noun.left_edge.idx, noun.idx + len(noun))
    if said is None or named is None or len(_WORD.findall(text_of(doc)[said[0] : said[1]])) < _MIN_CONTENT_WORDS - 1:
        return None
    s_start, s_end = speaker_span(speaker)
    return QuoteSpan(
        text=f"{text_of(doc)[named[0] : named[1]]} {text_of(doc)[said[0] : said[1]]}", start=named[0], end=said[1],
        direct=False, speaker_start=s_start, speaker_end=s_end, cue=cue_text(verb), parts=(named, said),
    )


def _closing_adverbial(verb: Token, sent: Span) -> bool:
    """'Falling fares will end next spring, sooner than expected, the port's budget office
    reported on Monday.': the attribution closing a sentence, which the parser hung on the statement as
    an adverbial clause. Not one a conjunction opens ("..., when the mayor said ...")."""
    last = sent.end - 1
    while last > verb.i and (sent.doc[last].is_punct or sent.doc[last].is_space):
        last -= 1
    return (verb.dep_ == "advcl" and verb.right_edge.i >= last
            and not any(c.dep_ == "mark" or c.tag_ in {"WRB", "WDT", "WP"} for c in verb.children))


def _set_off(before: Token) -> bool:
    """Whether the word before an "as X said" clause sets it off from the words before it:
    a comma or a dash, or a conjunction opening the sentence ("But as Clyde noted, ...")."""
    return before.is_punct or before.dep_ == "cc" and before.i == before.sent.start


def _reports_beside(verb: Token) -> bool:
    """Whether a speech verb set beside a statement reports it: not one that goes on to a
    verb of its own ("as the envoy continues to pursue talks, ...", "as the firm continues
    gaining momentum")."""
    return reports_speech(verb) and not any(c.dep_ == "xcomp" for c in verb.children)


def _around(doc: Doc, sent: Span, verb: Token) -> QuoteSpan | None:
    """A speech verb set between commas inside the statement it reports: "The latest
    test, North Korea said, was its biggest yet"; "But to prevent problems, he said,
    local officials should be vigilant." The statement is the sentence around the
    attribution: one QuoteSpan whose ``parts`` are the words before and after it."""
    if verb.dep_ != "parataxis" or verb.head.i < verb.i or not _reports_beside(verb):
        return None
    subject = subject_of(verb)
    if subject is None or subject.i > verb.i:
        return None
    lo, hi = min(subject.left_edge.i, verb.left_edge.i), verb.right_edge.i + 1
    if lo < subject.left_edge.i and doc[subject.left_edge.i - 1].text == ",":
        lo = subject.left_edge.i  # "At times last year, people close to him said, ...": the opening is the statement's
    while lo < verb.i and doc[lo].is_punct:
        lo += 1
    while hi > verb.i + 1 and doc[hi - 1].is_punct:
        hi -= 1
    return _set_between_commas(doc, sent, lo, hi, verb.head, subject, cue_text(verb))


def _closing_attribution(doc: Doc, sent: Span, hi: int) -> int:
    """Where the words after token ``hi`` end: at the comma before a second attribution that
    closes the sentence ('The plan, he said, has failed, the Gazette reported': the medium
    that carried them), else at the sentence's end."""
    for tok in doc[hi + 1 : sent.end]:
        if not speech_lemma(tok) or tok.dep_ not in {"parataxis", "ccomp", "conj", "advcl", "ROOT"}:
            continue
        subject = subject_of(tok)
        if subject is None or not hi + 1 < subject.left_edge.i < tok.i or doc[subject.left_edge.i - 1].text != ",":
            continue
        rest = [t for t in doc[tok.i + 1 : sent.end] if not (t.is_punct or t.is_space)]
        if all(t.i in {c.i for c in tok.subtree} for t in rest):
            return doc[subject.left_edge.i - 1].idx
    return sent.end_char


def _set_between_commas(doc: Doc, sent: Span, lo: int, hi: int, verb: Token, speaker: Token, cue: str) -> QuoteSpan | None:
    """The statement around an attribution at tokens [lo, hi) set off by commas inside it;
    ``verb`` is the statement's own verb."""
    if lo <= sent.start or hi >= sent.end - 1 or doc[lo - 1].text != "," or doc[hi].text != ",":
        return None
    before = _trimmed(text_of(doc), sent.start_char, doc[lo - 1].idx)
    after = _trimmed(text_of(doc), doc[hi].idx + 1, _closing_attribution(doc, sent, hi))
    if before is None or after is None:
        return None
    # a mixed quote closing at the end: 'The mayor, he said, has made a "strange zone."'
    after = (after[0], _closed(text_of(doc), before[0], after[1]))
    # "The latest test was ...", but "But to prevent problems, local officials should ..."
    joint = " " if any(t.dep_ in {"nsubj", "nsubjpass", "expl"} and t.head == verb for t in doc[sent.start : lo]) else ", "
    text = f"{text_of(doc)[before[0] : before[1]]}{joint}{text_of(doc)[after[0] : after[1]]}"
    if len(_WORD.findall(text)) < _MIN_CONTENT_WORDS or _opens_inside(text):
        return None
    s_start, s_end = speaker_span(speaker)
    return QuoteSpan(
        text=text, start=before[0], end=after[1], direct=False,
        speaker_start=s_start, speaker_end=s_end, cue=cue, parts=(before, after),
    )


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``start``..``end`` without edge punctuation; None when no word is left."""
    start, end = strip_edges(text, start, end, _EDGE_PUNCT)
    return (start, end) if _WORD.search(text[start:end]) else None


def _from_source_phrases(doc: Doc, sent: Span) -> list[QuoteSpan]:
    """'According to X, ...', '..., in the words of X.'"""
    lex = lexicon()
    out: list[QuoteSpan | None] = []
    words = [t.lower_ for t in sent]
    for phrase in lex.source_phrases:
        n = len(phrase)
        for k in range(len(words) - n + 1):
            if tuple(words[k : k + n]) != phrase:
                continue
            prep = sent[k + n - 1]
            source = next((c for c in prep.children if c.dep_ == "pobj"), None) or _last_noun(prep, sent)
            if source is None or source.lower_ in lex.non_source_nouns:
                continue
            lo = sent[k].i
            hi = source.right_edge.i + 1
            cue = text_of(doc)[sent[k].idx : prep.idx + len(prep)]
            head = sent[k].head
            if head.dep_ in {"nsubj", "nsubjpass"} and head.i < lo and head.head.i >= hi:
                # "The bridge, according to the mayor, will open in May": the words around it
                around = _set_between_commas(doc, sent, lo, hi, head.head, source, cue)
                if around is not None:
                    out.append(around)
                    continue
            # the phrase hangs on the statement's verb: "X would rise, according to Y, more than Z"
            # is the words before it, "In Ohio, according to Y, Clinton leads" those after
            span = _rest_of_sentence(doc, sent, lo, hi, before_first=head.i < lo)
            comma = next((t.i for t in doc[source.i + 1 : hi] if t.text == ","), None)
            if span is None and comma is not None:
                # The parse hung the statement on the source ("According to Tim Bell, the
                # move reeks of ..." with "reeks" read as a noun): it starts after the comma.
                span = _rest_of_sentence(doc, sent, lo, comma + 1)
            if span is not None:
                out.append(_quote(doc, span, Attribution(source, cue)))
    return [q for q in out if q is not None]


def _last_noun(prep: Token, sent: Span) -> Token | None:
    """The source of "according to" when the parse gave it no object ("according to
    show insiders" with "show" read as a verb): the last noun before the next stop."""
    last = None
    for tok in sent[prep.i + 1 - sent.start :]:
        if tok.is_punct:
            break
        if tok.pos_ in {"NOUN", "PROPN"}:
            last = tok
    return last


def _from_passive_anaphora(doc: Doc, sent: Span, previous: Span | None) -> list[QuoteSpan]:
    """'This was announced ... by X.': the previous sentence, said by X."""
    if previous is None:
        return []
    lex = lexicon()
    for tok in sent:
        if not speech_lemma(tok) or is_negated(tok):
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        if subj is None or agent is None or subj.lower_ not in lex.anaphoric_subjects:
            continue
        by = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if by is None or subj.i != sent.start:
            continue
        span = _span(doc, previous.start_char, previous.end_char, previous)
        if span is not None:
            quote = _quote(doc, span, Attribution(by, cue_text(tok) + " by"))
            return [quote] if quote is not None else []
    return []


def find_reported_speech(doc: Doc) -> list[QuoteSpan]:
    """Indirect statements in ``doc`` with their speaker mentions, in text order."""
    paras = paragraphs(text_of(doc))
    out: list[QuoteSpan] = []
    sents = _sentences(doc)
    for k, sent in enumerate(sents):
        previous = sents[k - 1] if k else None
        if previous is not None and not _same_paragraph(paras, previous, sent):
            previous = None
        out += _from_verbs(doc, sent)
        out += _from_source_phrases(doc, sent)
        out += _from_passive_anaphora(doc, sent, previous)
    return out


def _same_paragraph(paras: list[tuple[int, int]], a: Span, b: Span) -> bool:
    return any(p0 <= a.start_char and b.end_char <= p1 for p0, p1 in paras)


"""Direct quotes: quoted segments with the speaker the text gives them.

``marks`` finds what is set off as speech; this module reads the
parse around each segment to find its attribution: after it ('"...," he
said'), before it ('Putin said: "..."', 'Dmitriev noted that "..."'), or,
for a dash paragraph with no closing mark, inside it ('— ..., the German
Embassy told Izvestia, answering ...'). A segment that has no attribution
of its own borrows one only where the text leaves no doubt: the other part
of a quote split around its attribution, a paragraph introduced by "X
said:", a quote running over paragraphs, or a quote paragraph right after
another quote paragraph by a single speaker. Otherwise the speaker is left
empty: a wrong speaker is worse than none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from bot.extract.speech.cues import (
    CLIMB_DEPS,
    Attribution,
    attribute,
    cited_source,
    cue_text,
    has_subject,
    is_medium_report,
    lexicon,
    reports_speech,
    speaker_span,
    speech_lemma,
    subject_of,
    verb_lemma,
)
from bot.extract.speech.headlines import is_kicker
from bot.extract.speech.marks import Segment, paragraphs, scan
from bot.extract.types import QuoteSpan
from bot.extract.nlp import text_of, tokens_within

_WORD = re.compile(r"\w+(?:['’]\w+)*")
# How far an attribution may sit from its quote, in tokens.
_AFTER_WINDOW = 30
_BEFORE_GAP = 6
_FAR_GAP = 16  # ... when the words between are the verb's own phrase
# A full stop, question or exclamation mark before a blank, with the word it ends;
# a short capitalised word or one with inner dots is an abbreviation ("Mr.", "U.S.").
_SENTENCE_END = re.compile(r"(\S*?)[.!?…](?=[\s\"”’»]|$)")
_ABBREVIATION = re.compile(r"[A-Z][A-Za-z]{0,2}|\S*\.\S*")


@dataclass(slots=True)
class _Found:
    segment: Segment
    attribution: Attribution | None
    standalone: bool  # the quote is its own sentence or clause, not a phrase inside one
    end: int  # content end (shortened when the attribution sits inside the segment)


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    return tokens_within(doc, start, end)


def _region_after(doc: Doc, seg: Segment, nxt: Segment | None) -> list[Token]:
    """Tokens from the closing mark to the end of that sentence."""
    assert seg.close_at is not None
    limit = nxt.open_at if nxt is not None and nxt.para_start == seg.para_start else seg.para_end
    out = []
    for tok in _tokens(doc, seg.close_at + 1, limit):
        if tok.text in {".", "!", "?", ";"} and tok.pos_ == "PUNCT":
            break  # (the dot of "Lt. Col. Ivan Petrenko" is parsed as part of the name)
        out.append(tok)
    return out[:_AFTER_WINDOW]


def _fallback_speaker(region: list[Token], verb: Token) -> Attribution | None:
    """A speaker when the parse gives the verb none: the words between mark and verb.

    Only a short noun phrase qualifies ("the source", "Grigory Karasin,
    chairman of ..."), cut at its first comma, so a clause is never taken
    for a name.
    """
    before = [t for t in region if t.i < verb.i]
    while before and before[0].is_punct:
        before.pop(0)
    name: list[Token] = []
    for tok in before:
        if tok.text == ",":
            break
        name.append(tok)
    if not name or len(name) > 6 or any(t.pos_ in {"VERB", "AUX"} for t in name):
        return None
    if not any(t.pos_ in {"PROPN", "NOUN", "PRON"} for t in name):
        return None
    head = max(name, key=lambda t: (t.pos_ in {"PROPN", "NOUN", "PRON"}, t.i))
    return Attribution(head, cue_text(verb))


def _ends_sentence(text: str, seg: Segment) -> bool:
    """Whether the quote closes its own sentence ('... position."'), not a clause ('...,"')."""
    assert seg.close_at is not None
    return text[seg.start : seg.end].endswith(".") and "," not in text[seg.end : seg.close_at + 2]


def _after_attribution(doc: Doc, seg: Segment, nxt: Segment | None, *, short: bool = False) -> Attribution | None:
    """'"...," X said' and '"...," said X': a speech verb right after the quote.

    ``short``: the quote ended its sentence, so only a sentence that is
    nothing but the attribution ('"... position." Polishchuk said.') counts;
    'Witkoff also said that ...' reports something else.
    """
    region = _region_after(doc, seg, nxt)
    if not region:
        return None
    inverted = _inverted_attribution(region)
    if inverted is not None:
        return inverted
    for k, tok in enumerate(region):
        if not speech_lemma(tok, quoted=True):
            continue
        if short and (k > 4 or len(region) > k + 4 or any(c.dep_ == "ccomp" for c in tok.children)):
            return None
        subject = subject_of(tok)
        if not _only_attribution_before(region[:k], tok, subject):
            return None
        if not reports_speech(tok):
            return None
        lo, hi = region[0].i, region[-1].i
        if subject is not None and lo <= subject.i <= hi:
            return Attribution(cited_source(tok) or subject, cue_text(tok))
        if subject is not None and subject.i < lo:
            # the parser took a word of the quote for the subject ('"... these reactions differed ...,"
            # Irina Kaspar, an analyst, told the radio'): the name between the mark and the verb is the speaker
            return _fallback_speaker(region, tok)
        if subject is None and has_subject(tok):
            return Attribution(None, cue_text(tok))  # '"...," we said': nobody to name, nobody to borrow
        if subject is None:
            quoted = attribute(tok)  # '"...," a spokesperson was quoted as saying'
            if quoted is not None and quoted.speaker is not None and lo <= quoted.speaker.i <= hi:
                return quoted
            # '"...," said Robert Reinhold, who ...' with "Reinhold" hung on a verb of the clause after him
            return _fallback_speaker(region, tok) or _inverted_attribution(region, any_speech_verb=True)
        return None
    return _verb_read_as_noun(region)


def _after_mark(region: list[Token]) -> list[Token]:
    """The words after a closing mark, without blanks and without the comma and mark themselves."""
    words = [t for t in region if not t.is_space]
    while words and words[0].is_punct:
        words.pop(0)
    return words


# Words that may make up the speaker's phrase before a verb the parser read as a noun.
_NAME_POS = {"DET", "ADJ", "NUM", "PROPN", "NOUN"}


def _verb_read_as_noun(region: list[Token]) -> Attribution | None:
    """'"...," the Danes state in the report', '"...," the two write': a speech verb
    after a short noun phrase, which the parser read as the phrase's last noun."""
    words = _after_mark(region)
    lex = lexicon()
    for k, tok in enumerate(words[:5]):
        if tok.pos_ not in _NAME_POS:
            return None
        if k == 0 or tok.tag_.startswith("VB") or verb_lemma(tok.text, lex.speech_verbs | lex.quote_cues) is None:
            continue
        speaker = words[k - 1]
        after = words[k + 1] if k + 1 < len(words) else None
        if speaker.pos_ in {"DET", "ADJ"} or tok.text[:1].isupper():
            return None
        if after is not None and after.pos_ not in {"ADP", "PUNCT"}:
            return None
        return Attribution(speaker, tok.text)
    return None


def _inverted_attribution(region: list[Token], *, any_speech_verb: bool = False) -> Attribution | None:
    """'"...," criticized Ivanova, calling ...': a verb of ``inverted_cues`` or ``quote_cues`` (or
    ``any_speech_verb``) right after the closing mark, then the speaker, closed by a comma or the
    sentence's end: a capitalised name, or "the" and a noun ('"...," read the letter')."""
    words = _after_mark(region)
    if len(words) < 2 or not words[0].tag_.startswith("VB"):
        return None
    lex = lexicon()
    cues = lex.inverted_cues | lex.quote_cues | (lex.speech_verbs if any_speech_verb else frozenset())
    if verb_lemma(words[0].text, cues) is None:
        return None
    name = []
    described = words[1].lower_ in {"the", "a", "an", "one", "another"}  # '"...," read the letter.'
    for tok in words[1 + described:]:
        allowed = {"PROPN", "NOUN", "ADJ"} if described else {"PROPN"}
        if tok.pos_ not in allowed or not (described or tok.text[:1].isupper()):
            break
        name.append(tok)
    rest = words[1 + described + len(name):]
    if not name or name[-1].pos_ == "ADJ" or (rest and rest[0].text != ","):
        return None
    return Attribution(name[-1], words[0].text)


def _only_attribution_before(before: list[Token], verb: Token, subject: Token | None) -> bool:
    """Whether the words between the closing mark and the speech verb leave it the quote's attribution.

    Verbs there usually mean another clause ('"...," which Moscow rejected,
    Peskov said' is not Moscow's), unless the speech verb hangs on them ('was
    quoted as saying'). Two shapes are still the attribution: a
    verb inside the speaker's own phrase ('Maria Kovalenko, an analyst based
    in Vilnius, told ...'), and the rest of a sentence the quote began,
    closed by ', X said.' ('"..." to get the plant working, Trump said.').
    """
    own = set() if subject is None else {t.i for t in subject.subtree}
    own |= {t.i for t in verb.ancestors}  # '"...," a spokesperson was quoted as saying'
    # a capitalised "verb" right before the speaker's phrase is a misread name ('Tulsa police Chief ...')
    blockers = [t for t in before if t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"aux", "auxpass"}
                and t.i not in own and not (t.text[:1].isupper() and t.i + 1 in own)]
    if not blockers:
        return True
    if subject is None or verb.dep_ != "ROOT" or any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children):
        return False
    left = subject.left_edge
    return left.i > 0 and verb.doc[left.i - 1].text == "," and all(t.i < left.i for t in blockers)


def _in_reach(speaker: Token, verb: Token, before: list[Token]) -> bool:
    """Whether ``speaker`` may be the one who says the quote after ``before``: a word of
    ``before``, or the subject of a participle's sentence across an earlier quote ('Ash
    called the move a “breach of trust,” adding: “...”'), with no sentence ending between."""
    if speaker.i >= before[0].i:
        return True
    return verb.tag_ == "VBG" and sentence_ends(text_of(verb.doc)[speaker.idx : verb.idx]) == 0


def _before_attribution(doc: Doc, seg: Segment, prev: Segment | None) -> tuple[Attribution | None, bool]:
    """'X said: "..."', 'X noted that "..."': a speech verb just before the quote.

    Returns the attribution and whether the quote is set off (after a
    colon or comma) rather than embedded in the clause (after "that").
    """
    text = text_of(doc)
    lo = prev.close_at + 1 if prev is not None and prev.close_at is not None and prev.para_start == seg.para_start else seg.para_start
    toks = _tokens(doc, lo, seg.open_at)
    sent_start = 0
    for k, tok in enumerate(toks):
        if tok.text in {".", "!", "?"} and k < len(toks) - 1:
            sent_start = k + 1
    toks = toks[sent_start:]
    if not toks:
        return None, True
    last = toks[-1]
    # set off by punctuation, or a whole utterance right after its verb ('a man yelled “Stay there!”')
    set_off = last.text in {":", ","} or (
        speech_lemma(last, quoted=True) is not None
        and re.search(r"[.!?…]$", text[seg.start : seg.end].rstrip()) is not None
    )
    if not (set_off or last.lower_ == "that" or speech_lemma(last, quoted=True)):
        return None, _sentence_start(text, seg)
    for k in range(len(toks) - 1, max(-1, len(toks) - 1 - _BEFORE_GAP - 1), -1):
        tok = toks[k]
        if speech_lemma(tok, quoted=True):
            found = attribute(tok) or _hung_on_the_quote(tok, toks)
            if found is not None and found.speaker is not None and _in_reach(found.speaker, tok, toks):
                return found, set_off
            return None, set_off
    if set_off:
        # 'Bolt joked, again in a mock accent, “...”', 'Bolt told Morning Harbour Radio
        # host Matt Doyle, “...”': further back, when all between is the verb's own phrase
        for k in range(len(toks) - 2 - _BEFORE_GAP, max(-1, len(toks) - 1 - _FAR_GAP), -1):
            tok = toks[k]
            if not speech_lemma(tok, quoted=True):
                continue
            own = {t.i for t in tok.subtree}
            if all(t.i in own or t.is_punct for t in toks[k + 1 :]):
                found = attribute(tok)
                if found is not None and found.speaker is not None and _in_reach(found.speaker, tok, toks):
                    return found, set_off
            break
    if last.text == ":":
        return _reporting_noun_attribution(toks) or _name_label(toks) or _colon_after_clause(toks), True
    return None, set_off


def _hung_on_the_quote(verb: Token, before: list[Token]) -> Attribution | None:
    """'Okafor was unimpressed, telling reporters, “...”' where the parser made the quoted
    sentence the root and the words ``before`` it a clause of it, or hung the participle on
    the quoted words: the participle takes the subject of the clause before it, as it would
    from a main verb."""
    if verb.tag_ != "VBG" or verb.dep_ not in CLIMB_DEPS:
        return None
    top = verb
    while top.dep_ in CLIMB_DEPS and before[0].i <= top.head.i <= before[-1].i:
        top = top.head
    if top is verb:  # the participle itself hangs on the quoted words: the clause before its comma
        doc = verb.doc
        if verb.i - 1 <= before[0].i or doc[verb.i - 1].text != ",":
            return None
        tops = [t for t in before if t.i < verb.i - 1 and (t.head.i == t.i or not before[0].i <= t.head.i < verb.i)]
        if len(tops) != 1 or tops[0].pos_ not in {"VERB", "AUX"}:
            return None
        top = tops[0]
    elif top.head.i <= before[-1].i:
        return None  # the words before the quote have a root of their own
    subject = subject_of(top)
    return Attribution(subject, cue_text(verb)) if subject is not None else None


def _colon_after_clause(toks: list[Token]) -> Attribution | None:
    """'Lind has since apologized for the delay: "..."': a quote a clause
    introduces with a colon is its subject's, when that subject names
    someone (a name, a person, an organisation, or "he", "she", "they"), not a thing
    ('The message was clear: "..."')."""
    words = [t for t in toks[:-1] if not t.is_space]
    roots = [t for t in words if t.head.i == t.i or not words[0].i <= t.head.i <= words[-1].i]
    if len(roots) != 1 or roots[0].pos_ not in {"VERB", "AUX"}:
        return None
    subject = subject_of(roots[0])
    if subject is None or subject.i < words[0].i:
        return None
    named = (subject.pos_ == "PROPN" or subject.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}
             or subject.lower_ in {"he", "she", "they"})
    return Attribution(subject, roots[0].text) if named else None


def _name_label(toks: list[Token]) -> Attribution | None:
    """'Ortiz: "Our goal is ..." Garcia: "The plan is ..."': a name alone before the colon."""
    name = [t for t in toks[:-1] if not t.is_space]
    if not 1 <= len(name) <= 4 or not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in name):
        return None
    if is_kicker(" ".join(t.text for t in name)):
        return None  # "Update: ..." labels the story
    return Attribution(name[-1], ":")


def _reporting_noun_attribution(toks: list[Token]) -> Attribution | None:
    """'Trump made statements: "..."': a reporting noun object of a verb with a subject."""
    nouns = lexicon().reporting_nouns
    for tok in reversed(toks):
        if tok.lower_ in nouns and tok.dep_ in {"dobj", "pobj"}:
            verb = tok.head if tok.dep_ == "dobj" else tok.head.head
            subject = subject_of(verb)
            if subject is not None and subject.i >= toks[0].i:
                return Attribution(subject, verb.text + " " + tok.text)
    return None


def _sentence_start(text: str, seg: Segment) -> bool:
    """Whether the quote opens its sentence (paragraph start or after a full stop)."""
    j = seg.open_at - 1
    while j >= seg.para_start and text[j].isspace():
        j -= 1
    return j < seg.para_start or text[j] in ".!?:"


def _inside_attribution(doc: Doc, seg: Segment) -> tuple[Attribution, int] | None:
    """'— ..., the German Embassy in Russia told Izvestia, answering ...'.

    A dash segment with no closing mark: the speech runs from the dash to
    the comma before the subject of a speech verb that ends the statement.
    """
    for tok in _tokens(doc, seg.start, seg.end):
        if not speech_lemma(tok, quoted=True):
            continue
        subject = subject_of(tok)
        if subject is None or subject.i > tok.i:
            continue
        left = subject.left_edge
        if left.i == 0 or doc[left.i - 1].text != "," or left.idx <= seg.start:
            continue
        if any(c.dep_ == "ccomp" and c.i > tok.i for c in tok.children) or not reports_speech(tok):
            continue  # "X said that ...", "Russia continues its attacks": not the attribution
        sentence_rest = text_of(doc)[tok.idx : seg.end].rstrip(".!? ")
        if any(ch in ".!?" for ch in sentence_rest):
            continue  # more speech follows: the attribution closes the statement
        return Attribution(subject, cue_text(tok)), doc[left.i - 1].idx
    return None


def _colon_intro(doc: Doc, seg: Segment, para_bounds: list[tuple[int, int]]) -> Attribution | None:
    """A quote paragraph introduced by the previous paragraph ending "X said:"."""
    idx = next((k for k, b in enumerate(para_bounds) if b[0] == seg.para_start), None)
    if not idx:
        return None
    a, b = para_bounds[idx - 1]
    if not text_of(doc)[a:b].rstrip().endswith(":"):
        return None
    toks = _tokens(doc, a, b)
    for tok in reversed(toks[-_BEFORE_GAP - 2 :]):
        if speech_lemma(tok, quoted=True):
            found = attribute(tok)
            return found if found is not None and found.speaker is not None else None
    return None


def _resumed(doc: Doc, found: list[_Found], seg: Segment) -> Attribution | None:
    """The attribution of the quote this segment resumes, in the same sentence:
    '"I think he will be fair," Trump said during a rally in Kenansville, N.C., "but a lot
    of people will be watching."' The attribution stands between the two parts, which
    nothing but a comma separates from the second."""
    if not found or found[-1].attribution is None or found[-1].attribution.speaker is None:
        return None
    last = found[-1]
    if last.segment.para_start != seg.para_start or last.segment.close_at is None:
        return None
    if not last.segment.close_at < last.attribution.speaker.idx < seg.open_at:
        return None
    between = text_of(doc)[last.segment.close_at + 1 : seg.open_at].rstrip()
    if not between.endswith(",") or sentence_ends(between) > 0:
        return None
    return last.attribution


def _carried_by_medium(att: Attribution | None) -> bool:
    """Whether an attribution after a quote only names the medium that carried it ('"...,"
    RT reported'), with no one cited: the speaker may still stand before the quote."""
    if att is None or att.speaker is None:
        return False
    verb = att.speaker.head
    return verb.tag_.startswith("VB") and is_medium_report(verb) and att.speaker.dep_ in {"nsubj", "nsubjpass"}


def _min_words(standalone: bool) -> int:
    lex = lexicon()
    return lex.min_words_standalone if standalone else lex.min_words_embedded


def _speaker_key(att: Attribution | None) -> str | None:
    return None if att is None or att.speaker is None else att.speaker.text.lower()


def _borrow(found: list[_Found], doc: Doc, para_bounds: list[tuple[int, int]]) -> None:
    """Give unattributed segments the speaker the text leaves no doubt about."""
    for f in found:
        if f.attribution is not None:
            continue
        seg = f.segment
        same_para = [g for g in found if g.segment.para_start == seg.para_start and g is not f]
        prev_in = [g for g in same_para if g.segment.open_at < seg.open_at and g.attribution]
        next_in = [g for g in same_para if g.segment.open_at > seg.open_at and g.attribution]
        if prev_in and _sentences_between(text_of(doc), prev_in[-1].segment, seg) <= 1:
            f.attribution = prev_in[-1].attribution  # '"...," he said. "..."'
        elif next_in and f.standalone and _sentences_between(text_of(doc), seg, next_in[0].segment) == 0:
            f.attribution = next_in[0].attribution  # '"..." "...," he said.'
        elif not prev_in and not (next_in and f.standalone):
            f.attribution = _colon_intro(doc, seg, para_bounds)
    # Quotes running over paragraphs, and a quote paragraph after quote paragraphs by one speaker.
    for f in found:
        if f.attribution is not None or not _opens_paragraph(text_of(doc), f.segment):
            continue
        prev_para = [g for g in found if g.segment.para_end < f.segment.para_start]
        if not prev_para:
            continue
        last_para = prev_para[-1].segment.para_start
        if not _directly_before(para_bounds, last_para, f.segment.para_start):
            continue
        group = [g for g in prev_para if g.segment.para_start == last_para]
        if not _opens_paragraph(text_of(doc), group[0].segment):
            continue
        keys = {_speaker_key(g.attribution) for g in group}
        if len(keys) == 1 and None not in keys:
            f.attribution = group[-1].attribution
    # A quote left open takes the speaker of its continuation: the next paragraph's
    # first quote, or a quote opening right where it was cut.
    for k in range(len(found) - 2, -1, -1):
        f, g = found[k], found[k + 1]
        if f.attribution is None and f.segment.runs_on and g.attribution is not None:
            cut_here = not text_of(doc)[f.segment.end : g.segment.open_at].strip()
            if cut_here or _directly_before(para_bounds, f.segment.para_start, g.segment.para_start):
                f.attribution = g.attribution


def _sentences_between(text: str, a: Segment, b: Segment) -> int:
    """Sentence ends in the text from the close of quote ``a`` to the opening of ``b``.

    '"...," he said. "..."' has one, the attribution; more means the text went
    on to something else, and the quote after it is not obviously the same
    speaker's (in a long paragraph, or an article whose paragraphs were merged).
    """
    return sentence_ends(text[(a.close_at if a.close_at is not None else a.end) + 1 : b.open_at])


def sentence_ends(text: str) -> int:
    """Full stops, question and exclamation marks in ``text`` that end a sentence, not an
    abbreviation ("Mr.", "Sen.", "U.S.")."""
    return sum(1 for m in _SENTENCE_END.finditer(text) if not _ABBREVIATION.fullmatch(m.group(1)))


def _opens_paragraph(text: str, seg: Segment) -> bool:
    return not text[seg.para_start : seg.open_at].strip()


def _directly_before(para_bounds: list[tuple[int, int]], a: int, b: int) -> bool:
    starts = [p[0] for p in para_bounds]
    return a in starts and b in starts and starts.index(b) == starts.index(a) + 1


def find_direct_quotes(doc: Doc) -> list[QuoteSpan]:
    """Direct quotes in ``doc``, one per quoted segment, with their speaker mentions.

    A quote split around its attribution gives one QuoteSpan per part, each
    with the real offsets of its content.
    """
    text = text_of(doc)
    segments = scan(text)
    para_bounds = paragraphs(text)
    found: list[_Found] = []
    for k, seg in enumerate(segments):
        prev = segments[k - 1] if k else None
        nxt = segments[k + 1] if k + 1 < len(segments) else None
        end = seg.end
        attribution: Attribution | None = None
        standalone = _sentence_start(text, seg) or seg.kind == "dash"
        if seg.close_at is not None and not _ends_sentence(text, seg):
            attribution = _after_attribution(doc, seg, nxt)
            if _carried_by_medium(attribution):
                # 'The leader, he said, "...," RT reported': RT carried the words; he said them
                before, _ = _before_attribution(doc, seg, prev)
                if before is not None and before.speaker is not None:
                    attribution = before
        elif seg.kind == "dash" and seg.close_at is None:
            inside = _inside_attribution(doc, seg)
            if inside is not None:
                attribution, cut = inside
                end = cut
        if attribution is None:
            before, set_off = _before_attribution(doc, seg, prev)
            if before is not None:
                attribution, standalone = before, set_off or standalone
        if attribution is None and seg.close_at is not None and _ends_sentence(text, seg):
            attribution = _after_attribution(doc, seg, nxt, short=True)
        if attribution is None and not standalone:
            attribution = _resumed(doc, found, seg)
        if attribution is None and not standalone:
            continue  # a phrase inside a sentence: a title or a scare quote
        if _words(text[seg.start : end]) < _min_words(standalone and attribution is not None):
            continue
        found.append(_Found(seg, attribution, standalone, end))
    _borrow(found, doc, para_bounds)
    out = []
    for f in found:
        spk = f.attribution.speaker if f.attribution else None
        s_start, s_end = speaker_span(spk) if spk is not None else (None, None)
        out.append(
            QuoteSpan(
                text=text[f.segment.start : f.end],
                start=f.segment.start,
                end=f.end,
                direct=True,
                speaker_start=s_start,
                speaker_end=s_end,
                cue=f.attribution.cue if f.attribution else None,
            )
        )
    return out

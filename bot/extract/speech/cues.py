"""Speech cues and speaker mentions, read from the dependency parse.

Direct quotes (``marks``/``direct``) and indirect speech
(``reported``) both need the same two answers: is this token a verb
of saying, and which words name the one who says it. Both live here so the
two extractors cannot drift apart. The word lists are in
``bot/data/speech.yaml``; nothing here resolves a mention to a person (that
is ``bot.extract.people.analysis``'s job): a speaker is the span of the words in the
text.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from bot import wordlists
from bot.extract.nlp import text_of

# Dependency labels of a verb's subject, and of the subject of a passive verb.
SUBJECT_DEPS = {"nsubj"}
# Labels by which a subjectless speech verb ("..., adding that ...") hangs off
# the verb whose subject is its speaker.
CLIMB_DEPS = {"advcl", "conj", "xcomp", "pcomp", "prep"}
# Dependents that are not part of a speaker's name: "Grigory Karasin,
# chairman of ..." is reported as "Grigory Karasin".
SPEAKER_CUT_DEPS = {"appos", "relcl", "acl", "punct", "advmod", "cc", "conj", "parataxis"}
# First- and second-person pronouns name the reporter or the audience, or
# are inside a quote; they never name the quoted speaker from outside.
NON_SPEAKER_PRONOUNS = {"i", "me", "we", "us", "you"}


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The parsed ``speech.yaml``, in the shapes the extractors look things up in."""

    speech_verbs: frozenset[str]
    inverted_cues: frozenset[str]
    quote_cues: frozenset[str]
    opinion_verbs: frozenset[str]
    needs_particle: dict[str, frozenset[str]]
    irregular: dict[str, str]
    quoting_verbs: frozenset[str]
    source_phrases: tuple[tuple[str, ...], ...]
    non_source_nouns: frozenset[str]
    non_speaker_nouns: frozenset[str]
    medium_verbs: frozenset[str]
    hypothetical_modals: frozenset[str]
    conditional_marks: frozenset[str]
    narrative_adverbs: frozenset[str]
    anaphoric_subjects: frozenset[str]
    audiences: frozenset[str]
    addressee_verbs: frozenset[str]
    reporting_nouns: frozenset[str]
    topic_prepositions: frozenset[str]
    quote_marks: tuple[tuple[str, str], ...]
    typed_marks: dict[str, str]
    dialogue_dashes: frozenset[str]
    min_words_standalone: int
    min_words_embedded: int


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = wordlists.load("speech")
    low = lambda items: frozenset(str(x).lower() for x in items)  # noqa: E731
    return Lexicon(
        speech_verbs=low(data["speech_verbs"]),
        inverted_cues=low(data["inverted_cues"]),
        quote_cues=low(data["quote_cues"]),
        opinion_verbs=low(data["opinion_verbs"]),
        needs_particle={k.lower(): low(v) for k, v in data["needs_particle"].items()},
        irregular={k.lower(): v.lower() for k, v in data["irregular_forms"].items()},
        quoting_verbs=low(data["quoting_verbs"]),
        source_phrases=tuple(tuple(p.lower().split()) for p in data["source_phrases"]),
        non_source_nouns=low(data["non_source_nouns"]),
        non_speaker_nouns=low(data["non_speaker_nouns"]),
        medium_verbs=low(data["medium_verbs"]),
        hypothetical_modals=low(data["hypothetical_modals"]),
        conditional_marks=low(data["conditional_marks"]),
        narrative_adverbs=low(data["narrative_adverbs"]),
        anaphoric_subjects=low(data["anaphoric_subjects"]),
        audiences=low(data["audiences"]),
        addressee_verbs=low(data["addressee_verbs"]),
        reporting_nouns=low(data["reporting_nouns"]),
        topic_prepositions=low(data["topic_prepositions"]),
        quote_marks=tuple((a, b) for a, b in data["quote_marks"]),
        typed_marks={str(k): str(v) for k, v in data["typed_marks"].items()},
        dialogue_dashes=frozenset(data["dialogue_dashes"]),
        min_words_standalone=int(data["min_quote_words"]["standalone"]),
        min_words_embedded=int(data["min_quote_words"]["embedded"]),
    )


def verb_lemma(word: str, known: frozenset[str]) -> str | None:
    """The lemma in ``known`` that ``word`` inflects, if any.

    The shared pipeline runs without spaCy's lemmatizer, and the regular
    English endings are few enough to undo here: says, noted, noting,
    admitted, replied, replies.
    """
    w = word.lower()
    irregular = lexicon().irregular.get(w)
    if irregular is not None:
        return irregular if irregular in known else None
    candidates = [w]
    for suffix in ("s", "d", "ed", "es", "ing"):
        if w.endswith(suffix):
            stem = w[: -len(suffix)]
            candidates += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:  # admitted -> admit
                candidates.append(stem[:-1])
    if w.endswith(("ied", "ies")):
        candidates.append(w[:-3] + "y")
    return next((c for c in candidates if c in known), None)


@lru_cache(maxsize=4)
def _verbs(opinion: bool, quoted: bool) -> frozenset[str]:
    """The speech verbs, with the opinion verbs and the quote cues when asked for: built
    once, as ``speech_lemma`` runs on every token of a text."""
    lex = lexicon()
    return (lex.speech_verbs | (lex.opinion_verbs if opinion else frozenset())
            | (lex.quote_cues if quoted else frozenset()))


def speech_lemma(token: Token, *, opinion: bool = False, quoted: bool = False) -> str | None:
    """The speech-verb lemma of ``token`` when it is used as a verb of saying.

    ``opinion`` also admits verbs of belief ("believes that"), which report
    a source's view but are never the cue of a direct quote; ``quoted`` admits
    the verbs that only name a direct quote's speaker ("she asked", "the crowd
    chanted").
    """
    if not token.tag_.startswith("VB"):
        return None
    lemma = verb_lemma(token.text, _verbs(opinion, quoted))
    if lemma is None:
        return None
    particles = lexicon().needs_particle.get(lemma)
    if particles and not any(c.dep_ in {"prt", "advmod"} and c.lower_ in particles for c in token.children):
        return None
    return lemma


def is_negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def is_hypothetical(verb: Token) -> bool:
    """Whether a speech verb only supposes words ("he might conclude that ...", "Putin
    could argue that ..."): a modal of ``hypothetical_modals`` on the verb itself, not
    "would" telling what came later ("he would later say"); or a speech verb a conditional
    conjunction opens ("If Putin concludes that ..."). A modal inside the reported
    clause ("X said he might resign") is the speaker's and does not count here."""
    lex = lexicon()
    if verb_lemma(verb.text, lex.speech_verbs) and any(
        c.dep_ == "mark" and c.lower_ in lex.conditional_marks for c in verb.children
    ):
        return True  # "If Putin concludes that he can win, ...": a condition
    modal = any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ in lex.hypothetical_modals for c in verb.children)
    if not modal:
        return False
    return not any(c.dep_ == "advmod" and c.lower_ in lex.narrative_adverbs for c in verb.children)


def cited_source(verb: Token) -> Token | None:
    """The one a medium cites for its report ('..., TASS reported, citing Peskov'): the
    object of a quoting participle ("citing", "quoting") on ``verb``. The medium only
    carried the words; the one cited said them."""
    lex = lexicon()
    for child in verb.children:
        if child.tag_ != "VBG" or child.dep_ not in {"advcl", "xcomp", "conj"}:
            continue
        if verb_lemma(child.text, lex.quoting_verbs) is None:
            continue
        obj = next((c for c in child.children if c.dep_ == "dobj"), None)
        if obj is not None and _is_speaker(obj) and _names_a_source(obj):
            return obj
    return None


def _names_a_source(token: Token) -> bool:
    """Whether a cited object names who speaks ("citing Peskov", "citing the Kremlin"), not
    a thing ("citing the vagueness of ...") nor someone unnamed ("citing an unnamed EU
    official", where the medium stays the source given)."""
    return token.pos_ == "PROPN" or token.ent_type_ in {"PERSON", "ORG", "NORP"}


def is_medium_report(verb: Token) -> bool:
    """Whether ``verb`` tells that a medium carried words ('"...," RT reported')."""
    return verb_lemma(verb.text, lexicon().medium_verbs) is not None


def speaker_span(head: Token) -> tuple[int, int]:
    """Character span of the mention headed by ``head``, without appositions.

    "Grigory Karasin, chairman of the Federation Council Committee" gives
    "Grigory Karasin"; "the German Embassy in Russia" is kept whole. When
    the head is a common noun with a proper-name apposition ("the official
    representative of the ministry, Maria Zakharova") the name is the
    better mention, so it is returned instead.
    """
    if head.pos_ == "NOUN":
        for child in head.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN" and child.ent_type_ == "PERSON":
                head = child
                break
    keep: set[int] = set()

    def walk(tok: Token, under_prep: bool) -> None:
        keep.add(tok.i)
        for child in tok.children:
            # "Center for Strategic and International Studies": a conjunction inside the
            # name's prepositional part is part of the name, unlike "Russia and Ukraine".
            in_name = under_prep and child.dep_ in {"cc", "conj"} and tok.text[:1].isupper()
            if child.dep_ not in SPEAKER_CUT_DEPS or in_name:
                walk(child, under_prep or child.dep_ == "prep")

    walk(head, False)
    start = end = head.i
    while start - 1 in keep:
        start -= 1
    while end + 1 in keep:
        end += 1
    doc = head.doc
    return doc[start].idx, doc[end].idx + len(doc[end])


def several_speakers(doc: Doc, start: int, end: int) -> bool:
    """Whether the speaker mention at ``start:end`` is one of several joined by "and"
    ("Russia and Ukraine said", "Ukraine's president and Russia's Defense Ministry said"):
    the words are theirs together, and naming one of them would be wrong."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    root = span.root
    if span.end >= len(doc) or doc[span.end].lower_ != "and":
        return False  # the other speakers follow at once: not "Trump hosted X and Y and said"
    if not any(t.lower_ == "and" and t.dep_ == "cc" for t in root.children):
        return False
    return any(c.dep_ == "conj" and not start <= c.idx < end and c.pos_ in {"PROPN", "NOUN"} for c in root.children)


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who is said to speak, and by which words."""

    speaker: Token | None  # head of the speaker mention
    cue: str


def _in_dateline(token: Token) -> bool:
    """An all-capitals place opening a paragraph ("MOSCOW, Feb 10 (Reuters) -"), not an
    acronym that is the sentence's subject ("CNS reported Monday that ...")."""
    if not (token.is_upper and len(token) > 2):
        return False
    doc = token.doc
    first = token.i
    while first > 0 and doc[first - 1].is_upper and "\n" not in doc[first - 1].text_with_ws:
        first -= 1  # "NEW YORK"
    if not (first == 0 or "\n" in doc[first - 1].text_with_ws):
        return False
    after = token.i + 1
    while after < len(doc) and doc[after].is_upper and doc[after].is_alpha:
        after += 1
    return after >= len(doc) or doc[after].text in {",", "(", "-", "—", "–", ":"}


def _is_speaker(token: Token) -> bool:
    return (
        token.lower_ not in NON_SPEAKER_PRONOUNS
        # "News of the plan broke, as ... reported", but "NBC News reported"
        and not (token.lower_ in lexicon().non_speaker_nouns and token.pos_ != "PROPN")
        and token.tag_ != "VBG"  # "..., writing “Feels great ...”" with "writing" taken for a subject
        and token.tag_ not in {"EX", "WDT", "WP"}
        and not _in_dateline(token)
    )


def same_paragraph(a: Token, b: Token) -> bool:
    """No line break between two tokens: the parser sometimes hangs a sentence
    on the previous paragraph, and a speaker is never found across one.

    A run of blanks counts as a break too: texts whose line breaks were lost
    keep them as runs of spaces, and a caption without a full stop ("Putin
    and Trump shaking hands   Trump and his aides have said ...") would
    otherwise lend its words to the next sentence's subject. Two blanks
    inside a sentence are a slip of the keyboard ("said  Republican
    consultant Chris Russell"), not a break.
    """
    lo, hi = sorted((a.i, b.i))
    return not any("\n" in t.text_with_ws or _blank_run(t) for t in a.doc[lo:hi])


_SENTENCE_FINAL = set(".!?\"”’»")


def _blank_run(tok: Token) -> bool:
    """Spaces standing for a lost line break: three or more, or two after a sentence's end."""
    if not tok.is_space or " " not in tok.text:
        return False
    return len(tok.text) >= 2 or tok.i > 0 and tok.doc[tok.i - 1].text[-1:] in _SENTENCE_FINAL


def cue_text(verb: Token) -> str:
    """The cue as it reads: "said", "told Izvestia", "pointed out"."""
    words = [verb]
    for child in verb.children:
        if child.dep_ == "prt":
            words.append(child)
        elif child.dep_ in {"dobj", "dative"} and is_audience(child):
            words.extend(child.subtree)
    words.sort(key=lambda t: t.i)
    doc = verb.doc
    return text_of(doc)[words[0].idx : words[-1].idx + len(words[-1])]


def spoken_to(token: Token) -> bool:
    """Whether ``token`` is the object of a verb whose object is always the one spoken to
    ("told the public broadcaster", "asked the councillors", ``addressee_verbs``)."""
    return token.dep_ in {"dobj", "dative"} and verb_lemma(token.head.text, lexicon().addressee_verbs) is not None


def is_audience(token: Token) -> bool:
    """Whether ``token`` heads an addressee ("told reporters", "told Izvestia")."""
    lex = lexicon()
    if spoken_to(token):
        return True  # whoever is told is the audience
    phrase = " ".join(t.lower_ for t in token.subtree if t.dep_ != "punct")
    return phrase in lex.audiences or token.lower_ in lex.audiences or token.pos_ == "PROPN"


def reports_speech(verb: Token) -> bool:
    """Whether a speech verb is used to report words, by its object.

    "told Izvestia", "said" and "added" do; "continues its attacks" and
    "stated its position" name something else as what is said. A phrase set off
    by a comma after the verb is no object ('Ms. Lind said, a note of impatience in her
    voice'); one before it is ('X accused Y of ..., allegations the firm denies').
    """
    doc = verb.doc
    return not any(
        c.dep_ == "dobj" and not is_audience(c) and not (c.i > verb.i and doc[c.left_edge.i - 1].text == ",")
        for c in verb.children
    )


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject of ``verb``, when it can be a speaker.

    When the parse gives the verb two subjects ('"... these reactions
    differed ...," Filippenko told DW', with "reactions" hung on "told"),
    the one nearest the verb is its own.
    """
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if not subjects:
        return None
    child = min(subjects, key=lambda c: abs(c.i - verb.i))
    # "... struck nearby Kryvyi Rih, Zelenskyy's hometown, Gov. Lysak reported": the parser
    # made the place the subject and the name right before the verb its apposition
    named = [c for c in child.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i > child.i
             and c.right_edge.i == verb.i - 1 and child.doc[c.left_edge.i - 1].text == ","]
    if named and verb.i > child.i:
        child = named[-1]
    return child if _is_speaker(child) and same_paragraph(child, verb) else None


# Labels of a clause's own subject: a clause with one can be a reported statement.
CLAUSE_SUBJECT_DEPS = {"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"}


def has_clause_subject(clause: Token) -> bool:
    """Whether ``clause`` has a subject of its own, also where the parser hung it on the
    clause's auxiliary ('the government was now “facing up” to it', with a quotation mark
    between "was" and its verb, gives "government" to "was")."""
    return any(
        c.dep_ in CLAUSE_SUBJECT_DEPS
        or c.dep_ in {"aux", "auxpass"} and any(k.dep_ in CLAUSE_SUBJECT_DEPS for k in c.children)
        for c in clause.children
    )


def has_subject(verb: Token) -> bool:
    """Whether the parse gives ``verb`` a subject, usable as a speaker or not."""
    return any(c.dep_ in {"nsubj", "expl", "nsubjpass"} for c in verb.children)


# A nominal with one of these labels right before ", <participle>" is the verb's
# object or a complement, which the participle does not describe ("told Sputnik, adding").
_OBJECT_DEPS = {"dobj", "pobj", "dative", "attr", "oprd", "npadvmod"}


def _follows_other_subject(participle: Token, head: Token) -> bool:
    """'X urged ..., while Y, claiming that ..., called ...': the participle follows a
    noun that is neither the head verb's subject nor its object; the parser hung it on the
    wrong verb, and climbing would give it X's voice."""
    doc = participle.doc
    comma = participle.left_edge.i - 1
    if comma < 1 or doc[comma].text != ",":
        return False
    noun = doc[comma - 1]
    if noun.pos_ not in {"PROPN", "NOUN"} or noun.dep_ in _OBJECT_DEPS or noun.head.dep_ in _OBJECT_DEPS:
        return False
    subject = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
    return subject is None or noun.i not in {t.i for t in subject.subtree}


def _reported_then_added(participle: Token, head: Token) -> bool:
    """'X said the tariffs could come at any moment, adding that ...': a speech participle
    after a comma that the parser hung on the reported clause belongs to its reporter."""
    doc = participle.doc
    return (
        participle.dep_ == "advcl" and participle.tag_ == "VBG" and participle.i > 0 and doc[participle.i - 1].text == ","
        and head.dep_ == "ccomp" and head.head.i < head.i and speech_lemma(head.head) is not None
        and speech_lemma(participle) is not None
    )


# A clause subject that may be the reporting speaker again ("China said it was ... and warned").
_SAME_SPEAKER_PRONOUNS = {"he", "she", "it", "they", "we", "i"}


def speaker_again(clause: Token, speaker: Token | None) -> bool:
    """Whether the subject of reported ``clause`` may be its reporter, ``speaker``, again:
    a pronoun or the same word ("China said it was opposed ...")."""
    subject = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return subject is not None and (
        subject.lower_ in _SAME_SPEAKER_PRONOUNS or (speaker is not None and subject.lower_ == speaker.lower_)
    )


def _said_again(verb: Token, head: Token) -> bool:
    """'Brandt said she welcomed the transfer and added, "..."': a speech verb the parser joined
    to the reported clause, whose subject is the reporter again, is the reporter's."""
    if verb.dep_ != "conj" or head.dep_ != "ccomp" or speech_lemma(head.head, opinion=True) is None:
        return False
    return speaker_again(head, subject_of(head.head))


def _coordinated(verb: Token, head: Token) -> bool:
    """'Holt thanked the city and said ...', 'Ames was forced to apologise and said ...',
    'offered him a job, then says ...', 'pointing to his record and saying ...': a verb
    joined to another by "and" (or "then") shares its subject, unless that verb is itself a
    reported clause ('the army said Russia attacked Kharkiv and said ...' is misparsed;
    Russia did not say it)."""
    if verb.dep_ != "conj" or not head.tag_.startswith("VB") or head.dep_ not in {"ROOT", "advcl", "conj"}:
        return False
    if not (verb.tag_ in {"VBD", "VBZ", "VBP"} or verb.tag_ == head.tag_ == "VBG"):
        return False
    return (any(c.dep_ == "cc" for c in head.children if head.i < c.i < verb.i)
            or any(c.dep_ == "advmod" and c.lower_ == "then" and c.i < verb.i for c in verb.children))


def _main_verb(verb: Token) -> bool:
    """The sentence's main verb, or one joined to it ("sought to calm them, and took a
    heckler in stride, saying ...": "took" is as much the main verb as "sought")."""
    if not verb.tag_.startswith("VB"):
        return False
    return verb.dep_ == "ROOT" or _coordinated(verb, verb.head) and verb.head.dep_ == "ROOT"


_FINITE_TAGS = {"VBD", "VBZ", "VBP"}


def attribute(verb: Token) -> Attribution | None:
    """The speaker of speech verb ``verb``, climbing from a subjectless verb.

    "Polishchuk told Sputnik, adding that ..." gives "adding" the speaker of
    "told"; only a speech verb, the main verb (or one joined to it) and a verb
    it is the complement of ("seemed ready to act, telling ...") pass their
    speaker down, so "..., before the war can end, suggesting that ..." (the
    writer's inference) gets none; "TASS quoted Peskov as saying ..." gives "saying" Peskov, the
    one quoted, not TASS.
    """
    lex = lexicon()
    tok = verb
    for _ in range(5):  # "seemed to be ready to joke about it, telling ...": up the verbs it complements
        subject = subject_of(tok)
        if subject is not None:
            return Attribution(cited_source(verb) or subject, cue_text(verb))
        if has_subject(tok):
            return None  # an unusable subject ("we", "there"): do not look further up
        if tok.tag_ in _FINITE_TAGS and any(c.dep_ == "mark" for c in tok.children):
            # "News of the plan broke, as *Axios* reported that ...": a finite clause opened by
            # its own conjunction has its own subject, even where the parse lost it
            return None
        head = tok.head
        if head.i == tok.i or tok.dep_ not in CLIMB_DEPS or not same_paragraph(head, tok):
            return None
        if _follows_other_subject(tok, head):
            return None
        if head.dep_ == "prep":  # "as saying": the preposition hangs off "quoted"
            head = head.head
        if verb_lemma(head.text, lex.quoting_verbs):
            for child in head.children:
                if child.dep_ in {"dobj", "nsubjpass"} and _is_speaker(child):
                    return Attribution(child, cue_text(verb))
            return None
        if _said_again(tok, head):
            tok = head.head
            continue
        if _coordinated(tok, head):  # "Holt thanked the city and said ...": one subject for both
            shared = next((c for c in head.children if c.dep_ in SUBJECT_DEPS | {"nsubjpass"}), None)
            if shared is not None:
                speaker = subject_of(head) if shared.dep_ in SUBJECT_DEPS else shared
                ok = speaker is not None and _is_speaker(speaker) and same_paragraph(speaker, verb)
                return Attribution(speaker, cue_text(verb)) if ok else None
            tok = head
            continue
        if _reported_then_added(tok, head):
            tok = head.head  # "X said the tariffs could come, adding that ...": X adds
            continue
        if speech_lemma(head, opinion=True) is None and not _main_verb(head) and head.dep_ != "xcomp":
            return None  # "..., before the war can end, suggesting ...": the writer's inference
        tok = head
    return None

"""What a question asks: the kind of answer it wants, and the people, dates, places and words it names.

"How long did the Kremlin talks last?" wants a duration; "What did Peskov say
about Kuleba?" wants Peskov's statements about Kuleba; "Does Germany support
talks?" wants the sentences that state a position. Names are matched to the
indexed people (misspellings included); everything else the question says is
a content word whose every indexed form counts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot import wordlists
from bot.extract.dates.find import find_dates
from bot.extract.places import canonical_place, country_of
from bot.query.context import Context, PersonRow
from bot.query.person_match import fold, index_for
from bot.query.terms import WORD, content_words, related_words, stem, stop_words, word_forms, words

__all__ = ["Intent", "Term", "read_question", "KINDS"]

CLOSE = 70  # a fuzzy ratio from which an unknown word is taken for the one person it is closest to

KINDS = ("who", "when", "where", "how_many", "how_long", "said", "yes_no", "happened", "why", "what")

# The first words that say what kind of answer is wanted, tried in order.
_ROLE_NOUNS = (
    "official|officials|minister|person|people|leader|leaders|country|countries|politician|diplomat|diplomats|envoy|"
    "envoys|negotiator|negotiators|delegation|side|president|chancellor|spokesman|spokeswoman|spokesperson|head|"
    "chief|aide|adviser|advisor|general|commander|secretary|ambassador|mediator|mediators|senator|member|members"
)
_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("how_long", r"^(how long|for how long|what (was|is) the (duration|length)|(duration|length) of)\b"),
        ("how_many", r"^(how (many|much|old)|what (number|amount|share|percentage|sum|size|age)|(number|amount|size|age) of)\b|"
                     r"^(what|how much) (is|are|was|were) .+ (worth|cost)$"),
        ("when", r"^(when|since when|until when|by when|(on|in|by) (what|which) (date|day|year|month)|"
                 r"what (date|day|year|month)|which (date|day|year|month)|(date|day|time) of)\b"),
        ("where", r"^(where|(in|at) (which|what)|"
                  r"(which|what) (city|country|place|town|capital|venue|location|hotel)|(venue|location|place) of)\b"),
        ("said", r"^(what (did|does|do|has|have|had|will|would) .+? "
                 r"(say|said|tell|told|announce|demand|warn|claim|propose|call|describe|think|mean|want|suggest|"
                 r"offer|reply|respond|accuse|threaten|promise|insist|argue|add|note|stress|write|post)|"
                 r"how (did|does|has|have) .+? (react|respond|reply|describe|assess|characteri[sz]e|see|view))\b"),
        ("who", rf"^(who|whom|whose|(which|what) ((?!(did|does|do|is|are|was|were|has|have|had|will|would)\b)\w+ )"
                rf"{{0,3}}({_ROLE_NOUNS}))\b"),
        ("happened", r"^what (happened|took place|occurred|was (agreed|decided))\b|"
                     r"^what (did|does|do|has|have|had|will|would) .+ (do|done|doing)\b"),
        ("why", r"^(why|for what reason|what (was|is) the reason)\b"),
        ("yes_no", r"^(does|did|do|is|are|was|were|will|would|has|have|had|can|could|should)\b"),
    )
)
_QUESTION_WORDS = frozenset(
    "what when where who whom whose which why how many much long does did do is are was were will would has "
    "have had can could should according".split()
)


@dataclass(frozen=True)
class Term:
    """A content word of the question and the indexed stems that count as it."""

    word: str
    stems: frozenset[str]


@dataclass(frozen=True)
class Intent:
    kind: str  # one of KINDS
    text: str  # the question as asked
    terms: tuple[Term, ...]
    people: tuple[PersonRow, ...]  # the people the question names (not organisations)
    dates: tuple[str, ...]  # TIMEX values the question names ("XXXX-01-22", "2025-05")
    places: tuple[str, ...]  # canonical place names the question names
    name_stems: frozenset[str] = field(default_factory=frozenset)  # stems of the named people's name words
    unknown: tuple[str, ...] = ()  # names the articles never use ("Kellogg"): nothing can be said of them
    pairs: tuple[tuple[Term, Term], ...] = ()  # words next to each other in the question ("energy ceasefire")
    must: tuple[Term, ...] = ()  # words the answer's sentence must hold: "the Pope" of "what did the Pope say",
    #                              the "hotel" of "which hotel"
    main: frozenset[str] = frozenset()  # the words of the question's main clause, without its qualifiers:
    #                                     "where did qatar host talks" of "..., after the Doha meeting?"
    about_speech: bool = False  # "Who said ...", "Who confirmed ...": the speaker of the words is wanted
    country: str | None = None  # the country of the person asked for: "Ukraine's defence minister", "which German
    #                             minister", "Moscow's chief negotiator"
    verb: Term | None = None  # "Who hired ...", "Who mediated ...": the doing the person asked for is the subject of

    @property
    def wants_speaker(self) -> bool:
        return self.kind == "who" and self.about_speech

    @property
    def speaker(self) -> PersonRow | None:
        """ "What did Peskov say about Kuleba?": the first person named is the speaker."""
        return self.people[0] if self.kind == "said" and self.people else None


def question_kind(text: str) -> str:
    """The kind of answer wanted, from the question's first words, or from those after a leading clause
    ("According to Sputnik, how long ...", "After the Geneva meeting, who ...")."""
    parts = [text, *(m.group(1) for m in re.finditer(r"[,;:]\s*([^,;:]+)", text))]
    for part in parts:
        lowered = " ".join(words(part))
        lowered = re.sub(r"^(so|and|but|ok|please|tell me|do you know|can you tell me)\s+", "", lowered)
        for kind, pattern in _KIND_PATTERNS:
            if pattern.search(lowered):
                return kind
        if lowered.split(" ", 1)[0] in _QUESTION_WORDS - {"according"}:
            break  # "What ..., does ...": the question starts here
    return "what"


def read_question(ctx: Context, text: str) -> Intent:
    text = _capitalised(ctx, " ".join(text.split()).rstrip("?!. "))
    found_dates = find_dates(text, None)
    dated = [
        d for d in found_dates
        if d.type == "DATE" and re.match(r"^(\d{4}|XXXX)(-\d\d(-\d\d)?)?$", d.value) and d.value != "XXXX"
        and not re.search(r"\b(since|before|after)\s+(the\s+)?$", text[max(0, d.start - 12):d.start], re.IGNORECASE)
    ]  # "the first talks since 2022" asks about the talks, not about 2022
    date_values = tuple(d.value for d in dated)
    date_words = {w for d in dated for w in words(d.text)}  # "on Wednesday" (no date of its own) stays a word
    people, places, name_words, unknown = _names(ctx, text)
    name_stems = frozenset(stem(part) for p in people for alias in (p.name, *p.aliases) for part in words(alias))
    terms: list[Term] = []
    for w in content_words(text, kind="question"):
        if w in _QUESTION_WORDS or w in date_words or w in name_words:
            continue
        forms = {*word_forms(w), *word_forms(stem(w))}  # "leads" -> lead -> led
        forms |= {r for f in list(forms) for r in related_words(f)}  # "die" -> death
        stems = {stem(f) for f in forms} | {t for f in forms for t in ctx.vocabulary.expand(f)}
        terms.append(Term(w, frozenset(s for s in stems if s)))
    unknown = [u for u in unknown if u.lower() not in date_words]
    by_word = {t.word: t for t in terms}
    sequence = words(text)
    pairs = tuple(
        (by_word[a], by_word[b]) for a, b in zip(sequence, sequence[1:]) if a in by_word and b in by_word and a != b
    )
    kind = question_kind(text)
    return Intent(kind, text, tuple(terms), tuple(people), date_values, tuple(places), name_stems,
                  tuple(unknown), pairs, _must(kind, text, terms, people), frozenset(words(main_clause(text))),
                  _about_speech(text), _asked_country(kind, text), _who_verb(kind, text, terms))


def _who_verb(kind: str, text: str, terms: list[Term]) -> Term | None:
    """The verb right after "who" ("Who hired ...", "Who brokered ..."), when it is a word to find."""
    asked = words(text)
    if kind != "who" or len(asked) < 2 or asked[0] != "who" or _about_speech(text):
        return None
    return next((t for t in terms if t.word == asked[1]), None)


# "Who is Ukraine's defence minister", "Which German official ...", "who was Moscow's chief negotiator"
_COUNTRY_OF_ASKED = re.compile(r"^(?:who(?:m)? (?:is|was|are|were|will be) (?:the )?|(?:which|what) )"
                               r"(?P<mod>[A-Z][\w.-]*?)(?:['’]s)?\s")


def _asked_country(kind: str, text: str) -> str | None:
    """The country the person asked for belongs to, when the question says it before the role."""
    m = _COUNTRY_OF_ASKED.match(text[:1].lower() + text[1:])
    return country_of(m.group("mod")) if kind == "who" and m else None


def _capitalised(ctx: Context, text: str) -> str:
    """A question typed all in lower case with its names capitalised ("who was moscow's negotiator in geneva"):
    the words that are a place or part of a person's name, and not a common word of the articles."""
    if any(c.isupper() for c in text[1:]):
        return text
    index = index_for(ctx)
    # two-word places first: "abu dhabi", "new york"
    text = re.sub(r"\b([a-z]+) ([a-z]+)\b", lambda m: m.group(0).title() if canonical_place(m.group(0).title())
                  else m.group(0), text)

    def name(m: re.Match) -> str:
        word = m.group(0)
        bare = re.sub(r"['’]s$", "", word)
        if bare in _QUESTION_WORDS or bare in stop_words("question") or len(bare) < 3 or not bare.islower():
            return word
        if canonical_place(bare.title()) or (fold(bare) and all(w in index.by_word for w in fold(bare))):
            return word[:1].upper() + word[1:]
        return word

    return WORD.sub(name, text)


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """Words that may stand before a name without being part of it: titles, their modifiers, honorifics."""
    data = wordlists.load("titles")
    found = {str(w).lower() for key in ("heads", "modifiers") for h in data[key] for w in str(h).split()}
    return frozenset(found | {str(h).lower().rstrip(".") for h in data["honorifics"]} | {"cardinal", "archbishop"})


@lru_cache(maxsize=1)
def _title_heads() -> frozenset[str]:
    return frozenset(str(h).lower() for h in wordlists.load("titles")["heads"] if " " not in str(h))


def _about_speech(text: str) -> bool:
    """ "Who said ...", "Who first confirmed ...", "Which official warned ...": the verb after the question's
    subject reports speech (bot/data/speech.yaml)."""
    asked = words(text)[1:5]
    return any(stem(w) in speech_stems() for w in asked)


@lru_cache(maxsize=1)
def speech_stems() -> frozenset[str]:
    """Stems of the verbs and nouns that report speech: said, told, described, statement ..."""
    data = wordlists.load("speech")
    found = {*data["speech_verbs"], *data["irregular_forms"], *data["opinion_verbs"],
             "describe", "statement", "remark", "comment", "call", "post", "write", "share"}
    return frozenset(stem(v) for v in found)


# Where a qualifier starts: "..., according to Reuters", "after the Geneva meeting", "at the talks in the UAE"
_QUALIFIER = re.compile(r",|;|\b(after|before|according to|following|during|when|while|since|at the|in the|on the|"
                        r"at a|in a|on a|ahead of|amid)\b", re.IGNORECASE)


def main_clause(text: str) -> str:
    """The clause that asks, without the qualifiers around it: the part holding the question word (past a
    leading "According to Sputnik,"), up to the first qualifier after its first three words."""
    parts = [p.strip() for p in re.split(r"[,;]", text) if p.strip()]
    asking = next((p for p in parts if words(p)[:1] and words(p)[0] in _QUESTION_WORDS - {"according"}), text)
    cut = next((m.start() for m in _QUALIFIER.finditer(asking) if len(words(asking[:m.start()])) >= 3), len(asking))
    return asking[:cut]


_SPEAKER_PHRASE = re.compile(r"^(?:what|how) (?:did|does|do|has|have|had|will|would) (?P<who>.+?) (?:say|said|tell|told|"
                             r"announce|demand|warn|claim|propose|call|describe|think|mean|want|suggest|offer|reply|"
                             r"respond|accuse|threaten|promise|insist|argue|add|note|stress|write|post|react|assess)\b")
# "which EU leader did ...", "in which Istanbul palace were ...": the words from which/what to the verb
_WHICH = re.compile(r"^(?:(?:in|at|on|from|to|for|by|with) )?(?:which|what) (?P<phrase>(?:[a-z0-9']+ ){0,3}?[a-z0-9']+)"
                    r"(?= (?:did|does|do|was|were|is|are|has|have|had|will|would|can|could|should|\w+ed)\b|$)")
_WHAT_IS = re.compile(r"^what (?:is|are|was|were) (?:the |a |an )?(?P<noun>[a-z0-9']+)")
_WHO_IS_ROLE = re.compile(rf"^who (?:is|was|are|were) (?:the )?(?:[a-z]+['’]s )?(?:[a-z]+ ){{0,2}}?(?P<role>{_ROLE_NOUNS})$")
_GENERIC = frozenset(
    "city country place town capital venue location person people official officials leader leaders country "
    "countries side date day year month number amount share percentage sum size".split()
)


def _must(kind: str, text: str, terms: list[Term], people: list[PersonRow]) -> tuple[Term, ...]:
    """Words the answering sentence must hold: the speaker of "what did the Pope say" when no person is named,
    and the thing asked for in "which hotel ..." (not a generic word such as city or official)."""
    lowered = " ".join(words(text))
    by_word = {t.word: t for t in terms}
    m = _SPEAKER_PHRASE.match(lowered)
    if kind == "said" and m and not people:
        return tuple(by_word[w] for w in m.group("who").split() if w in by_word)
    m = re.match(r"^how many (?P<noun>[a-z]+)", lowered)
    if kind == "how_many" and m and m.group("noun") in by_word:
        return (by_word[m.group("noun")],)  # "How many journalists ...": a count of journalists, not of prisoners
    m = _WHAT_IS.match(lowered)
    if kind == "what" and m and m.group("noun") in by_word:
        return (by_word[m.group("noun")],)  # "What is the capital of Australia": a sentence about a capital
    m = _WHO_IS_ROLE.match(lowered)
    if kind == "who" and m and m.group("role") in by_word and m.group("role") not in _GENERIC:
        return (by_word[m.group("role")],)  # "Who is Ukraine's defence minister": someone described as minister
    m = _WHICH.match(lowered)
    if kind in ("where", "who") and m:
        head = m.group("phrase").split()[-1]  # the noun the phrase is about: "leader" of "EU leader"
        if head in by_word and head not in _GENERIC:
            return (by_word[head],)
    return ()


def _names(ctx: Context, text: str) -> tuple[list[PersonRow], list[str], set[str], list[str]]:
    """People and places named in ``text`` (runs of capitalised words, matched whole, then word by word), the
    words used for them, and the capitalised words the articles never use."""
    index = index_for(ctx)
    people: list[PersonRow] = []
    places: list[str] = []
    used: set[str] = set()
    tokens = [(m.group(0), m.start()) for m in WORD.finditer(text)]
    runs: list[list[str]] = []
    for i, (word, start) in enumerate(tokens):
        word = re.sub(r"['’]s$", "", word)
        capital = word[:1].isupper() and (start > 0 or word.lower() not in _QUESTION_WORDS)
        if capital and word.lower() not in _QUESTION_WORDS:
            if runs and tokens[i - 1][1] + len(tokens[i - 1][0]) + 1 >= start and runs[-1][-1] is not None:
                runs[-1].append(word)
            else:
                runs.append([word])
        elif runs and runs[-1][-1] is not None:
            runs.append([None])  # a break
    for run in (r for r in runs if r[-1] is not None):
        phrase = " ".join(run)
        place = canonical_place(phrase)
        if place:
            places.append(place)
            continue
        found, naming = _people_in(ctx, index, run)
        for person in found:
            if person.id not in {p.id for p in people}:
                people.append(person)
            used.update(w.lower() for w in run if fold(w) and set(fold(w)) & _folded_words(person))
        used.update(w.lower() for w in naming)
        if found:  # "Pope Francis", "President Macron": the title is part of naming the person, not a word to find
            used.update(w.lower() for w in run if w.lower() in _title_heads())
        for word in run:
            single = canonical_place(word)
            if single and single not in places:
                places.append(single)
    unknown = [
        w for run in runs if run[-1] is not None for w in run
        if w.lower() not in used and not canonical_place(w) and len(w) > 2
        and not ctx.vocabulary.knows(w)
    ]
    return people, places, used, unknown


def _people_in(ctx: Context, index, run: list[str]) -> tuple[list[PersonRow], list[str]]:
    """The people a run of capitalised words names (the whole run, else each word alone: a surname), and
    the words that named them."""
    run = [w for w in run if not (len(w) <= 5 and w.isupper())]  # "UN", "EU", "NATO": an acronym, not the "Un" of
    if not run:  #                                                  Kim Jong Un
        return [], []
    whole = index.match(" ".join(run)).found
    if whole and len(whole) <= 3:
        people = [p for p in whole if not p.is_org and _named(ctx, run, p)]
        return people, (run if people else [])
    out: list[PersonRow] = []
    naming: list[str] = []
    for word in run:
        found = index.match(word).found or _closest(ctx, index, word)
        if found and len(found) <= 2:
            named = [p for p in found if not p.is_org and _named(ctx, [word], p)]
            out.extend(named)
            naming.extend([word] if named else [])
    if len(run) > 1 and out:
        # "Matan Zangauker" is not Einav Zangauker: a given name of the run that the person's names lack
        out = [p for p in out if all(
            set(fold(w)) <= _folded_words(p) or w.lower() in _title_words() or not ctx.vocabulary.knows(w)
            or not fold(w) or country_of(w) for w in run[:-1])] if any(w[:1].isupper() for w in run[:-1]) else out
        if not out:
            return [], []
        # "Archbishop Paul Gallagher": Gallagher, not also every other Paul; one run names one person
        by_surname = [p for p in out if _folded_words(p) and fold(run[-1]) and set(fold(run[-1])) <= _folded_words(p)]
        if by_surname and len(out) > 1:
            out = list(dict.fromkeys(by_surname))
        elif not by_surname and fold(run[-1]) and not all(w in index.by_word for w in fold(run[-1])):
            out, naming = [], []  # "Shane Annun" is not Shane Meadows: a surname no indexed person has names
            #                       someone else, whose name words are words to find
    return out, naming


def _closest(ctx: Context, index, word: str) -> list[PersonRow]:
    """A name the articles never use, spelt close to exactly one person's ("Peskoff" is Peskov)."""
    if len(word) < 4 or ctx.vocabulary.knows(word):
        return []
    scores = sorted(((s, pid) for pid, s in index.similarity(word).items() if s >= CLOSE), reverse=True)
    if not scores or (len(scores) > 1 and scores[1][0] >= scores[0][0] - 3):
        return []
    return [index.persons[scores[0][1]]]


def _named(ctx: Context, run: list[str], person: PersonRow) -> bool:
    """A fuzzy match counts only for a word the articles never use: "Peskoff" is Peskov, "Energy" is not a name."""
    person_words = _folded_words(person)
    for word in run:
        folded = set(fold(word))
        if folded and folded <= person_words:
            return True
        if not ctx.vocabulary.knows(word):
            return True
    return False


def _folded_words(person: PersonRow) -> set[str]:
    return {w for alias in (person.name, *person.aliases) for w in fold(alias)}

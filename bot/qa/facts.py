"""The fact a sentence gives for the kind of answer wanted: a person, a date, a place, a number, a duration.

Each finder returns the fact as a short phrase (or None when the sentence
holds none), so the answer can say it in one line before the sentence that
supports it.
"""
from __future__ import annotations

import re
from datetime import date

from bot.extract.places import country_of, find_places
from bot.qa.candidates import Candidate
from bot.qa.intent import Intent
from bot.query.terms import WORD, related_words, stem, stop_words, word_forms, words

__all__ = ["DURATION", "people_in", "speaker_in", "described", "date_in", "place_in", "number_in", "duration_in", "reason_in", "reason_strength", "counted", "FINDERS"]

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    "a hundred|hundreds|a thousand|thousands|dozens|a dozen|several|a few|half"
)
_UNITS = r"(seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)"
DURATION = re.compile(
    rf"\b((?:about|around|nearly|almost|more than|less than|over|under|some|roughly|just over|just under|"
    rf"at least|up to|for)\s+)?(\d+(?:[.,]\d+)?|{_NUMBER_WORDS}|an?)(?:\s+and a half)?[\s-]+{_UNITS}\b"
    r"(?:\s+(?:long|of talks|of negotiations))?",
    re.IGNORECASE,
)
_AMOUNT = re.compile(
    rf"(?<![\w,.-])((?:about|around|nearly|almost|more than|less than|over|some|roughly|at least|up to)\s+)?"
    rf"((?:[$€£]\s?)?\d{{1,3}}(?:,\d{{3}})+|(?:[$€£]\s?)?\d+(?:\.\d+)?|{_NUMBER_WORDS})"
    r"(\s*(?:%|percent|per cent))?(\s+(?:million|billion|trillion|thousand))?"
    r"((?:[\s-]+(?:[A-Za-z][\w-]*))(?:\s+(?:of\s+)?[A-Za-z][\w-]*)?)?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(19|20)\d\d$")


def people_in(intent: Intent, c: Candidate) -> str | None:
    """The people the sentence names other than those the question names: "Rustem Umerov (Defence Minister)"."""
    asked = {p.id for p in intent.people}
    seen: list[tuple[str, str | None, int]] = []
    named = [m for m in c.mentions if m.kind != "pronoun"]
    # "he told Trump": the person "he" stands for, after the people the sentence names
    pronouns = [m for m in c.mentions if m.kind == "pronoun" and m.person_id is not None]
    for m in [*named, *pronouns]:
        if m.is_org or m.person_id in asked or not _of_country(intent, c, m):
            continue
        if m.kind != "pronoun" and re.match(r"['’]s\b", c.text[m.end - c.start:m.end - c.start + 3]):
            continue  # "Donald Trump's son-in-law": the son-in-law is meant, not Trump
        if all(m.name != name for name, _, _ in seen):
            seen.append((m.name, _short_role(m.role), _fits(intent.terms, c, m)))
    if not seen:
        return None
    subject = _subject_of(intent, c)
    if subject is not None:
        return subject  # "Who hired X": "Draper has hired X"
    best = max(fit for _, _, fit in seen)
    # "Which German foreign minister ...": when the question describes someone closely, only those so described
    chosen = [(name, role) for name, role, fit in seen if fit == best or best < 2]
    return ", ".join(f"{name} ({role})" if role else name for name, role in chosen[:6])


def _subject_of(intent: Intent, c: Candidate) -> str | None:
    """For "Who <verb> ...": the person named just before the verb in the sentence ("Draper has hired ..."), or just
    after "by" when the verb is passive ("was brokered by Turkey's Erdogan"); None when the verb is not there."""
    if intent.verb is None:
        return None
    at = next((m.start() for m in WORD.finditer(c.text) if stem(m.group()) in intent.verb.stems), None)
    if at is None:
        return None
    asked = {p.id for p in intent.people}
    people = [m for m in c.mentions if not m.is_org and m.person_id not in asked]
    before = [m for m in people if m.end - c.start <= at and len(words(c.text[m.end - c.start:at])) <= 4]
    by = re.match(r"[^\W_]+\s+by\s+", c.text[at:])
    after = [m for m in people if by and m.start - c.start >= at and len(words(c.text[at:m.start - c.start])) <= 5]
    chosen = max(before, key=lambda m: m.end) if before else min(after, key=lambda m: m.start) if after else None
    if chosen is None:
        return None
    role = _short_role(chosen.role)
    return f"{chosen.name} ({role})" if role else chosen.name


def _of_country(intent: Intent, c: Candidate, m) -> bool:
    """The person may be of the country the question asks about: their affiliation, else a country named in their
    role or just before their name ("German Defense Minister Boris Pistorius"), is that country, or nothing says."""
    if intent.country is None:
        return True
    said = m.affiliation or next(
        (country for w in re.findall(r"[A-Z][\w.’'-]*", f"{m.role or ''} {c.text[max(0, m.start - c.start - 40):m.start - c.start]}")
         if (country := country_of(re.sub(r"['’]s$", "", w)))), None)
    return said is None or said == intent.country


def speaker_in(intent: Intent, c: Candidate) -> str | None:
    """Who said the words of the sentence the question asks about ("Who said that Russia is not negotiating?"):
    the speaker of the quote in it that holds most of the question's words."""
    asked = {p.id for p in intent.people}
    quotes = [q for q in c.quotes if q.speaker and q.person_id not in asked]
    if not quotes:
        return None

    def held(q) -> int:
        stems = {stem(w) for w in words(q.text)}
        return sum(1 for t in intent.terms if t.stems & stems)

    q = max(quotes, key=held)
    role = _short_role(q.role)
    return f"{q.speaker} ({role})" if role else q.speaker


def described(intent: Intent, c: Candidate, terms) -> float:
    """How well the people of the sentence fit the question's description of who is asked (0 to 1), in ``terms``:
    "headed the Russian delegation" fits "Head of the Russian delegation, Vladimir Medinsky" best."""
    asked = {p.id for p in intent.people}
    fits = [_fits(terms, c, m) for m in c.mentions if not m.is_org and m.person_id not in asked and m.kind != "pronoun"]
    if not fits or not terms:
        return 1.0 if fits else 0.0
    return min(1.0, max(fits) / 2)


def _fits(terms, c: Candidate, m) -> int:
    """How many of ``terms`` (the question's words) describe this person: in their role or the words just before
    the name."""
    before = c.text[max(0, m.start - c.start - 40):m.start - c.start]
    # "... Medinsky as its chief negotiator": a description right after the name, up to the clause's end
    after = re.split(r"[,;.:()“”\"]", c.text[m.end - c.start:m.end - c.start + 40] + ".", maxsplit=1)[0]
    after = after if re.match(r"\s+as\b", after) else ""
    described = {stem(w) for w in words(f"{m.role or ''} {before} {after}")}
    return sum(1 for t in terms if _own_stems(t) & described)


def _own_stems(term) -> set[str]:
    """The stems of a question word's own forms, not of the longer words holding it ("minister", not "ministry")."""
    forms = {term.word, *word_forms(term.word), *(r for f in word_forms(term.word) for r in related_words(f))}
    return {stem(f) for f in forms}


def _short_role(role: str | None) -> str | None:
    """A title of a few words: "special presidential envoy for investment and ..." -> "special presidential envoy"."""
    if not role:
        return None
    words_ = role.split()
    if len(words_) <= 8:
        return role
    cut = next((i for i, w in enumerate(words_) if i >= 2 and w.lower() in ("for", "at", "on", "to", "in")), 8)
    kept = words_[:min(cut, 8)]
    while kept and kept[-1].lower() in ("of", "the", "and", "a", "an"):
        kept.pop()
    return " ".join(kept)


def date_in(intent: Intent, c: Candidate) -> str | None:
    """The most precise date the sentence states that the question did not: "2025-03-18"."""
    asked = set(intent.dates)
    dates = [d for d in c.dates if re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", d) and d not in asked]
    if not dates:
        return None
    if len(set(dates)) > 1:
        # "Monday's phone call ... and Friday's direct talks": the date told next to what the question asks about
        near = [m.start() for m in WORD.finditer(c.text) if any(stem(m.group()) in t.stems for t in intent.terms)]
        if near:
            def distance(value: str) -> int:
                cues = _cues(c.text, value)
                return min((abs(a - b) for a in cues for b in near), default=len(c.text))

            return min(dates, key=lambda d: (distance(d), -len(d)))
    return max(dates, key=len)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _cues(text: str, value: str) -> list[int]:
    """Where a sentence writes a date: its month ("May 16", "16 May", "May"), its weekday ("Friday's"), its year."""
    parts = value.split("-")
    found = [m.start() for m in re.finditer(rf"\b{parts[0]}\b", text)]
    if len(parts) >= 2:
        month = _MONTHS[int(parts[1]) - 1]
        found += [m.start() for m in re.finditer(rf"\b{month[:3]}[a-z]*\.?", text)]
    if len(parts) == 3:
        weekday = _WEEKDAYS[date(*map(int, parts)).weekday()]
        found += [m.start() for m in re.finditer(rf"\b{weekday}", text)]
    return found


# What sets a place as where something is: "in Geneva", "at the Kremlin", "Saudi Arabia's Jeddah"
_LOCATED = re.compile(r"(\b(in|at|to|near|outside)\s+(the\s+)?|['’]s\s+)$")
# ... or names the place of a meeting: "the Istanbul talks", "the Alaska summit"
_MEETING = re.compile(r"\s+(peace\s+|direct\s+|ceasefire\s+)?(talks|meeting|meetings|summit|round|negotiations|"
                      r"conference|agreement|accords?|format|process)\b", re.IGNORECASE)


# A named venue set "at" or "in" it: "at the Russian-Armenian University", "at Switzerland’s Burgenstock resort"
_VENUE = re.compile(
    r"\b(?:at|in)\s+(?:the\s+)?(?P<venue>(?:[A-Z][\w’'-]*(?:’s|'s)?\s+(?:(?:of|de)\s+)?){0,4}[A-Z][\w’'-]*"
    r"(?:\s+(?:resort|hotel|palace|residence|estate|club|centre|center|base|airport|university|building|mansion|"
    r"compound|house|hall))?)"
)
# A named part of a place: "Jerusalem's Yaffe Nof neighborhood", "Kyiv's Obolon district"
_AREA = re.compile(r"\b[A-Z][\w-]+['’]s\s+(?:[A-Z][\w-]+\s+){1,3}(?:neighbou?rhood|district|area|suburb|quarter|"
                   r"province|region|county|village|square|street)\b")
_NOT_VENUES = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday|The|This|That|His|Her|Their|Its)\b"
)


def place_in(intent: Intent, c: Candidate) -> str | None:
    """A place the sentence names that the question did not, set "in" or "at" it (not "from Russia"), or the
    named venue it is part of ("Switzerland’s Burgenstock resort")."""
    places = [
        (s, e, name) for s, e, name in find_places(c.text)
        if name not in intent.places and not re.match(r"['’]s\b", c.text[e:e + 3])  # "Moscow's invasion"
    ]
    # "Where was the fire in Jerusalem": Israel, the country Jerusalem is in, says less than the question did
    around = {country_of(p) for p in intent.places} - {None}
    located = [
        (s, name) for s, e, name in places
        if (_LOCATED.search(c.text[max(0, s - 12):s]) or _MEETING.match(c.text[e:e + 30])) and name not in around
    ]
    for m in _AREA.finditer(c.text):  # "Jerusalem's Yaffe Nof neighborhood"
        located.append((m.start(), " ".join(m.group(0).split())))
    people = [(m.start - c.start, m.end - c.start) for m in c.mentions]
    asked = {stem(w) for p in intent.places for w in words(p)}
    for m in _VENUE.finditer(c.text):
        venue = m.group("venue").strip()
        venue_words = {stem(w) for w in words(venue)}
        if (_NOT_VENUES.match(venue) or len(venue) < 3 or venue_words <= asked
                or any(s < m.end("venue") and e > m.start("venue") for s, e in people)):
            continue  # a date, a person, or only the place the question names
        if not find_places(venue) and not re.search(r"\s(resort|hotel|palace|residence|estate|club|centre|center|"
                                                    r"base|airport|university|building|mansion|compound|house|hall)$",
                                                    venue, re.IGNORECASE) and not re.search(r"\b[A-Z]\w+\s+[A-Z]", venue):
            continue  # one unknown capitalised word ("in Kyiv's view" aside) is not surely a place
        located.append((m.start("venue"), venue))
    located.sort()
    return located[0][1] if located else None  # "Turkey was handling the role of a mediator" says where nothing is


def number_in(intent: Intent, c: Candidate) -> str | None:
    """An amount the sentence gives, the one next to a word of the question first: "1,000 prisoners"; for
    "how old", an age as the press writes it ("Robinson, 42,", "the 42-year-old")."""
    if re.search(r"\bhow old\b|\bage\b", intent.text, re.IGNORECASE):
        m = _AGE.search(c.text)
        return f"{m.group(1) or m.group(2)} years old" if m else None
    asked = {w for t in intent.terms for w in (t.word,)}
    found = []
    for m in _AMOUNT.finditer(c.text):
        value = m.group(2)
        if _YEAR.match(value) or _in_date(c.text, m.start(2)):
            continue
        if value.lower() in ("a", "an", "half") and not m.group(4):
            continue
        if re.match(r"\s*(a\.?m\.?|p\.?m\.?|GMT|UTC|CET|o'clock)\b", c.text[m.end(3) if m.group(3) else m.end(2):], re.I):
            continue  # a time of day
        phrase = _without_trailing_small_words(" ".join(m.group(0).split()).strip(" ,.-"), m)
        near = (m.group(5) or "").lower()
        digits = value[:1].isdigit() or value[:1] in "$€£"
        if not digits and not m.group(4) and not any(w in near for w in asked):
            continue  # "four sources familiar": a count in passing, not the amount asked
        found.append((not any(w in near for w in asked), not digits, phrase))
    if not found:
        return None
    return sorted(found)[0][2]


_AGE = re.compile(r"\b(\d{1,3})-year-old\b|[A-Z][\w’'-]+,\s+(\d{1,3}),")
_NOT_COUNTED = frozenset("last next this that each per ago year years week weeks month months day days".split())


def _without_trailing_small_words(phrase: str, m: re.Match) -> str:
    """ "$5 million to the" -> "$5 million", "1,000 prisoners of war" stays: the words after the amount up to the
    first small word that is not "of" before a noun."""
    head_end = m.end(4) if m.group(4) else m.end(3) if m.group(3) else m.end(2)
    head = " ".join(m.string[m.start():head_end].split()).strip(" ,.-")
    tail = phrase[len(head):].split() if phrase.startswith(head) else []
    kept: list[str] = []
    for i, w in enumerate(tail):
        small = w.lower() in stop_words() or w.lower() in _NOT_COUNTED
        if small and not (w.lower() == "of" and i + 1 < len(tail) and tail[i + 1].lower() not in stop_words()):
            break
        kept.append(w)
    return " ".join([head, *kept]).replace(" -", "-").strip(" ,.-")


def counted(intent: Intent, fact: str) -> float:
    """1 when the amount counts what the question asks about ("how many prisoners": "307 prisoners"), else 0.4."""
    stems = {stem(w) for w in words(fact)}
    return 1.0 if any(t.stems & stems for t in intent.terms) else 0.4


def duration_in(intent: Intent, c: Candidate) -> str | None:
    """A length of time the sentence gives: "about four hours"."""
    found = []
    for m in DURATION.finditer(c.text):
        after = c.text[m.end():m.end() + 12]
        if re.match(r"\s+(ago|earlier|later|before|after|since|ahead|from now)\b|-?old\b|\s+old\b", after) or re.search(
                r"\b(next|past|last|coming|first|final)\s+$", c.text[max(0, m.start() - 8):m.start()]):
            continue  # "more than three years ago", "the 3-year-old war": when or how old, not how long
        if re.search(r"\b(in|within)\s+$", c.text[max(0, m.start() - 8):m.start()]):
            continue  # "end the war in 24 hours": a deadline, not how long something lasted
        # "three years of fighting", "a decade-long gridlock", "a two-hour call": the length of what it names
        of = re.match(r"(?:\s+of|-long|-old)?\s*([A-Za-z][\w-]*)(?:\s+([A-Za-z][\w-]*))?", after)
        named = {stem(w) for w in (of.group(1), of.group(2)) if w} if of and (
            after.startswith((" of", "-")) or "-" in m.group(0)) else None
        if named is not None and not any(t.stems & named for t in intent.terms):
            continue  # the length of something the question does not ask about
        # the length of what the question asks about first: "a two-hour phone call" for "how long did the call last"
        near = {stem(w) for w in words(c.text[max(0, m.start() - 30):m.end() + 30])}
        found.append((named is None and not any(t.stems & near for t in intent.terms), m.start(), m))
    if not found:
        return None
    m = min(found)[2]
    return " ".join(m.group(0).split()).removeprefix("for ").strip()


_REASON = re.compile(
    r"\b(because(?: of)?|due to|owing to|as a result of|in response to|in protest (?:at|against)|over|after|"
    r"when|since|so that|in order to|citing|saying)\b",
    re.IGNORECASE,
)


_WEAK_REASONS = frozenset({"after", "when", "since", "saying", "citing"})  # often only when, not why


def reason_in(intent: Intent, c: Candidate) -> str | None:
    """The reason a sentence gives: the clause from "because", "over", "after", "when" ... to its end,
    a stated cause before one that may only say when."""
    clauses = []
    for m in _REASON.finditer(c.text):
        clause = re.split(r"[.;]\s", c.text[m.start():], maxsplit=1)[0].strip().rstrip(".")
        if len(clause.split()) >= 3:
            clauses.append(clause)
    return min(clauses, key=lambda cl: reason_strength(cl) < 1.0) if clauses else None


def reason_strength(clause: str) -> float:
    """1 for a stated cause ("because", "over", "due to"), 0.5 for a clause that may only say when."""
    return 0.5 if clause.split()[0].lower() in _WEAK_REASONS else 1.0


def _in_date(text: str, at: int) -> bool:
    """The number is a day of a date ("March 18", "18 March")."""
    before, after = text[max(0, at - 10):at], text[at:at + 14]
    months = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
    return bool(re.search(months + r"\.?\s+$", before) or re.match(r"\d{1,2}(st|nd|rd|th)?\s+" + months, after))


FINDERS = {
    "who": people_in,
    "when": date_in,
    "where": place_in,
    "how_many": number_in,
    "how_long": duration_in,
    "why": reason_in,
}

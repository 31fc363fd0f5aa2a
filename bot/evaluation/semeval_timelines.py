"""SemEval-2015 Task 4 (TimeLine), main track A: entity timelines from raw text.

Data (read in place): ``timelines/semeval2015-task4-corpus_1`` — 30 Wikinews
articles (``corpus_trackA_TimeML/*.tml``: a DOCID, a DCT and ``<s id=..>``
sentences of space-separated tokens), 13 target entities and one gold
timeline per entity (``TimeLines_Gold_Standard/<entity>.txt``, rows
``ordinal, date, docid-sentenceid-token[, coreferent mentions]``). The gold
names an event by its sentence number and the token's word as written
(case kept, a multi-word event joined by ``_``: ``rolled_out``).

Each article's text is its tokens joined by spaces, one sentence per line,
extracted with its DCT as the publication date. The system timeline of an
entity is made from that extract output only:

* An event is one of the extract's ``events`` (a dated sentence or clause).
  Its word is the verb its date belongs to: the first VERB among the parse
  heads above the event's date mention (spaCy, ``bot.extract.nlp``); failing
  that, the root verb of the event's span, else its first verb; an event with
  no verb outside its date expression is left out. A verb with an adjacent
  particle (``rolled out``) is written ``rolled_out``. The word is named like
  the gold: ``docid-sentenceid-word`` of the corpus token the verb falls in.
* The event belongs to an entity's timeline when the entity is mentioned in
  the event's span or in the corpus sentence of its word. Mentions are found
  by general rules, none per entity: the full name; a model designation and
  what follows it ("Boeing 787 Dreamliner": "787 Dreamliner", "787",
  "Dreamliner"; "Airbus A380": "A380"); the last word of a name when it is
  not a common word or an organisation word ("Gallois", "Grumman"); the
  initials of a name of three or more words ("USAF") and of its leading
  words ("US Air Force", "U.S. Air Force"); and, inside an article that names
  the entity by one of these, a trailing part of two or more words ("Air
  Force") and the name without a final organisation word ("China Eastern").
  A plural "s" is allowed. The extract's ``people`` mentions resolved to the
  entity's name (pronouns and surnames included) count too. Definite
  descriptions ("the company", "the plane") are not resolved.
* Its date is the extract's: ``2005-06-13``, ``2005-06-XX`` (month
  precision, and week), ``2005-XX-XX`` (year). Rows are ordered by date, a
  date with less precision before the dates inside it (as the gold does),
  events on one date sharing an ordinal. newsdesk gives no undated events,
  so there are no ordinal-0 rows; the official scorer ignores those anyway.

Scores: temporal awareness micro-averaged over the 13 timelines and per
entity (see ``bot.evaluation.temporal_awareness``), and diagnostics: event
mentions (a system event matches a gold row when its name is one of the row's
mentions, one-to-one; against all gold rows and against the dated ones) and
the date accuracy of the matched events (exact string; and "compatible":
equal where both are specified).

With ``--limit`` the gold timelines keep only the mentions in the documents
read, so that a few documents are scored against their own gold events.
"""
from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from bot.evaluation.matching import Score, accuracy
from bot.evaluation.temporal_awareness import Row, Timeline, micro, parse_timeline, temporal_awareness

SPLITS = ("corpus_1",)
FOLDER = Path("timelines")


def folder(data: Path, split: str) -> Path:
    return data / FOLDER / f"semeval2015-task4-{split}"


@dataclass(frozen=True)
class Token:
    sentence: str  # the <s id=..> of its sentence
    word: str
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    name: str  # the DOCID, as in the gold's event names
    text: str
    dct: date | None
    tokens: tuple[Token, ...]

    def token_at(self, offset: int) -> Token | None:
        """The corpus token covering a character offset (or the one just before a space)."""
        i = bisect.bisect_right([t.start for t in self.tokens], offset) - 1
        if i >= 0 and self.tokens[i].start <= offset < self.tokens[i].end:
            return self.tokens[i]
        return None

    def sentence_span(self, sentence: str) -> tuple[int, int]:
        inside = [t for t in self.tokens if t.sentence == sentence]
        return (inside[0].start, inside[-1].end) if inside else (0, 0)


def read_tml(path: Path) -> Document:
    """Track A TimeML: tokens joined by spaces, a sentence a line, each token keeping its sentence id and offsets."""
    raw = path.read_text(encoding="utf-8")
    docid = re.search(r"<DOCID>\s*([^<\s]+)\s*</DOCID>", raw)
    dct = re.search(r"<DCT>.*?value=\"(\d{4}-\d{2}-\d{2})", raw, re.S)
    tokens: list[Token] = []
    pieces: list[str] = []
    length = 0
    for s in re.finditer(r'<s id="([^"]+)"\s*>(.*?)</s>', raw, re.S):
        words = [html.unescape(w) for w in s[2].split()]
        if not words:
            continue
        if pieces:
            pieces.append("\n")
            length += 1
        for k, word in enumerate(words):
            if k:
                pieces.append(" ")
                length += 1
            tokens.append(Token(s[1], word, length, length + len(word)))
            pieces.append(word)
            length += len(word)
    name = docid[1] if docid else path.stem.split("_", 1)[0]
    return Document(name, "".join(pieces), date.fromisoformat(dct[1]) if dct else None, tuple(tokens))


def documents(data: Path, split: str) -> Iterator[Document]:
    for path in sorted((folder(data, split) / "corpus_trackA_TimeML").glob("*.tml")):
        yield read_tml(path)


def file_stem(entity: str) -> str:
    """An entity's gold file name, made as the task's tools make it: "Boeing 787 Dreamliner" -> boeing_787_dreamliner."""
    return re.sub(r"[^0-9a-z]+", "_", entity.lower().replace("&", "_and_"))


@dataclass(frozen=True)
class Target:
    name: str  # as in the list of target entities
    stem: str
    gold: Timeline


def targets(data: Path, split: str, docs: list[Document] | None = None) -> list[Target]:
    """The target entities with their gold timelines; with ``docs``, only those documents' gold mentions."""
    base = folder(data, split)
    listed = (base / f"list_target_entities_{split}.txt").read_text(encoding="utf-8")
    names = [line.strip() for line in listed.splitlines() if line.strip()]
    found = []
    for name in names:
        path = base / "TimeLines_Gold_Standard" / f"{file_stem(name)}.txt"
        gold = parse_timeline(path.read_text(encoding="utf-8")) if path.is_file() else Timeline(name, ())
        if docs is not None:
            gold = restrict(gold, {d.name for d in docs})
        found.append(Target(name, file_stem(name), gold))
    return found


def restrict(timeline: Timeline, doc_ids: set[str]) -> Timeline:
    rows = []
    for row in timeline.rows:
        kept = tuple(m for m in row.events if m.split("-", 1)[0] in doc_ids)
        if kept:
            rows.append(Row(row.ordinal, row.date, kept))
    return Timeline(timeline.entity, tuple(rows))


# ---------------------------------------------------------------- entity mentions

@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Organisation words ("Airlines", "Force") and function words, lowercase."""
    from bot import wordlists

    orgs = wordlists.load("organisations")
    stop = wordlists.load("stopwords")
    words = list(orgs["org_words"]) + list(orgs.get("org_nouns") or []) + list(stop["english"])
    return frozenset(str(w).lower() for w in words)


def _distinctive(word: str, text_words: frozenset[str]) -> bool:
    """A word that names something by itself: a model number, or a capitalised word never written in lowercase."""
    if any(c.isdigit() for c in word):
        return True
    return word[:1].isupper() and word.lower() not in _common_words() and word.lower() not in text_words


def name_variants(name: str, text_words: frozenset[str] = frozenset()) -> tuple[set[str], set[str]]:
    """(forms found anywhere, forms found only in an article that has one of the first kind).

    ``text_words``: the words the articles write in lowercase, to tell a
    common word ("eastern", "force") from a name ("Dreamliner").
    """
    words = name.split()
    anywhere, in_article = {name}, set()
    for i, word in enumerate(words):
        if i and any(c.isdigit() for c in word):
            anywhere.add(" ".join(words[i:]))  # "787 Dreamliner", "A380"
            anywhere.add(word)  # "787"
            if i + 1 < len(words):
                anywhere.add(" ".join(words[i + 1:]))  # "Dreamliner"
    if len(words) > 1 and _distinctive(words[-1], text_words):
        anywhere.add(words[-1])  # "Gallois", "Grumman"
    capitals = [w for w in words if w[:1].isupper() and w.isalpha()]
    if len(words) >= 3 and len(capitals) == len(words):
        anywhere.add("".join(w[0] for w in words))  # "USAF"
        for k in range(2, len(words) - 1):
            initials = "".join(w[0] for w in words[:k])
            rest = " ".join(words[k:])
            anywhere.update({f"{initials} {rest}", f"{'.'.join(initials)}. {rest}"})  # "US Air Force"
    for i in range(1, len(words) - 1):
        in_article.add(" ".join(words[i:]))  # "Air Force"
    if len(words) >= 3 and words[-1].lower() in _common_words():
        in_article.add(" ".join(words[:-1]))  # "China Eastern"
    return anywhere, in_article - anywhere


def _find(forms: set[str], text: str) -> list[tuple[int, int]]:
    spans = []
    for form in forms:
        for m in re.finditer(rf"(?<![\w.]){re.escape(form)}s?(?!\w)", text):
            spans.append((m.start(), m.end()))
    return spans


def mentions(name: str, doc: Document, people: list[dict], text_words: frozenset[str]) -> list[tuple[int, int]]:
    """Where an article mentions a target entity: its name forms, and the extract's people resolved to it."""
    anywhere, in_article = name_variants(name, text_words)
    spans = _find(anywhere, doc.text)
    if spans:
        spans += _find(in_article, doc.text)
    keys = {f.lower() for f in anywhere}
    spans += [(p["start"], p["end"]) for p in people if str(p.get("name", "")).lower() in keys]
    return sorted(set(spans))


# ---------------------------------------------------------------- system events


@dataclass(frozen=True)
class SystemEvent:
    mention: str  # docid-sentenceid-word
    date: str  # gold style: 2005-06-13, 2005-06-XX, 2005-XX-XX
    region: tuple[tuple[int, int], ...]  # where an entity mention makes it the entity's event
    doc: str


def gold_date(value: str, precision: str) -> str | None:
    """An extract event date in the gold's format."""
    if precision == "week" and re.match(r"^\d{4}-\d{2}", value):
        return value[:7] + "-XX"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return value + "-XX"
    if re.fullmatch(r"\d{4}", value):
        return value + "-XX-XX"
    return None


def date_key(value: str) -> tuple[int, int, int]:
    """Order of gold-style dates; an unspecified part sorts first ("2007-XX-XX" before "2007-02-28")."""
    parts = value.split("-")
    return tuple(int(p) if p.isdigit() else 0 for p in (parts + ["X", "X", "X"])[:3])  # type: ignore[return-value]


def _event_verb(parsed, event: dict, dates: list[dict]):
    """The spaCy token naming the event: the verb its date belongs to, else its span's root verb."""
    start, end = event["start"], event["end"]
    inside = [d for d in dates if start <= d["start"] and d["end"] <= end]
    date_spans = [(d["start"], d["end"]) for d in inside]

    def usable(tok) -> bool:
        return (tok.pos_ == "VERB" and start <= tok.idx < end
                and not any(s <= tok.idx < e for s, e in date_spans))

    anchors = [d for d in inside if str(d.get("value", "")).startswith(event["date"])] or inside
    for d in anchors[:1]:
        span = parsed.char_span(d["start"], d["end"], alignment_mode="expand")
        if span is None:
            continue
        node = span.root
        while node.head.i != node.i and node.pos_ != "VERB":
            node = node.head
        if usable(node):
            return node
    span = parsed.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    for sent in span.sents:
        if usable(sent.root):
            return sent.root
    return next((tok for tok in span if usable(tok)), None)


def system_events(doc: Document, output: dict, parsed) -> list[SystemEvent]:
    found: list[SystemEvent] = []
    for event in output.get("events", []):
        when = gold_date(str(event.get("date", "")), str(event.get("precision", "")))
        if when is None:
            continue
        verb = _event_verb(parsed, event, output.get("dates", []))
        token = doc.token_at(verb.idx) if verb is not None else None
        if token is None:
            continue
        word = token.word
        particle = next((c for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1), None)
        if particle is not None:
            after = doc.token_at(particle.idx)
            if after is not None and after.sentence == token.sentence and after is not token:
                word = f"{word}_{after.word}"
        region = ((event["start"], event["end"]), doc.sentence_span(token.sentence))
        found.append(SystemEvent(f"{doc.name}-{token.sentence}-{word}", when, region, doc.name))
    return found


def build_timeline(name: str, events: list[SystemEvent]) -> Timeline:
    """Rows ordered by date, one ordinal per date; an event name appears once (its first date in reading order)."""
    seen: set[str] = set()
    kept = []
    for event in events:
        if event.mention not in seen:
            seen.add(event.mention)
            kept.append(event)
    dates = sorted({e.date for e in kept}, key=date_key)
    ordinal = {d: i + 1 for i, d in enumerate(dates)}
    rows = sorted((Row(ordinal[e.date], e.date, (e.mention,)) for e in kept), key=lambda r: r.ordinal)
    return Timeline(name, tuple(rows))


def _overlaps(spans: list[tuple[int, int]], region: tuple[tuple[int, int], ...]) -> bool:
    return any(s < re_ and rs < e for s, e in spans for rs, re_ in region)


def system_timelines(docs: list[Document], outputs: dict[str, dict], names: list[str]) -> dict[str, Timeline]:
    from bot.extract import nlp

    text_words = frozenset(w for d in docs for w in re.findall(r"\b[a-z][a-z-]*\b", d.text))
    per_name: dict[str, list[SystemEvent]] = {n: [] for n in names}
    for doc in docs:
        output = outputs[doc.name]
        events = system_events(doc, output, nlp.parse(doc.text)) if output.get("events") else []
        for name in names:
            spans = mentions(name, doc, output.get("people", []), text_words)
            per_name[name] += [e for e in events if _overlaps(spans, e.region)]
    return {n: build_timeline(n, per_name[n]) for n in names}


# ---------------------------------------------------------------- diagnostics


def _compatible(a: str, b: str) -> bool:
    return all(x == y for x, y in zip(a.split("-"), b.split("-")) if "X" not in x and "X" not in y)


def event_matches(gold: Timeline, system: Timeline, dated_only: bool = False) -> list[tuple[Row, Row]]:
    """(gold row, system row) pairs: the system event is one of the gold row's mentions; one-to-one."""
    rows = [r for r in gold.rows if r.ordinal != 0 or not dated_only]
    used: set[int] = set()
    pairs = []
    for srow in system.rows:
        for mention in srow.events:
            hit = next((i for i, g in enumerate(rows) if i not in used and mention in g.events), None)
            if hit is not None:
                used.add(hit)
                pairs.append((rows[hit], srow))
                break
    return pairs


def score(docs: list[Document], extract: Callable[[Document], dict], targets_: list[Target]) -> dict:
    """``extract`` gives a document's ``newsdesk extract --json`` output."""
    outputs = {doc.name: extract(doc) for doc in docs}
    system = system_timelines(docs, outputs, [t.name for t in targets_])
    per_entity, awareness = {}, []
    mention_hits = dated_hits = n_sys = n_gold = n_dated = right = compatible = 0
    for target in targets_:
        mine = system[target.name]
        ta = temporal_awareness(target.gold, mine)
        awareness.append(ta)
        per_entity[target.stem] = ta.as_dict()
        n_sys += sum(len(r.events) for r in mine.rows)
        n_gold += len(target.gold.rows)
        n_dated += sum(r.ordinal != 0 for r in target.gold.rows)
        pairs = event_matches(target.gold, mine)
        mention_hits += len(pairs)
        dated_hits += len(event_matches(target.gold, mine, dated_only=True))
        right += sum(g.date == s.date for g, s in pairs)
        compatible += sum(_compatible(g.date, s.date) for g, s in pairs)
    total = micro(awareness)
    matched = mention_hits
    return {
        "documents": len(docs),
        "entities": len(targets_),
        "temporal awareness": total.as_dict(),
        "TA precision relations": accuracy(total.system_true, total.system_relations),
        "TA recall relations": accuracy(total.gold_true, total.gold_relations),
        "event mentions": Score(mention_hits, n_sys, n_gold).as_dict(),
        "dated event mentions": Score(dated_hits, n_sys, n_dated).as_dict(),
        "date exact": accuracy(right, matched),
        "date compatible": accuracy(compatible, matched),
        **per_entity,
        "system timelines": {t.stem: [[r.ordinal, r.date, *r.events] for r in system[t.name].rows]
                             for t in targets_},
    }

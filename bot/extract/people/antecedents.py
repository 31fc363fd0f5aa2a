"""Choosing the person a pronoun or title reference points to.

Holds the mentions found so far (with their sentence, salience and quote
region) and adds a mention for each reference it can resolve. The rules are
in ``bot.extract.people.coref``'s docstring; this module applies them in order over
the text, so a reference sees the references resolved before it.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from bot.extract.lexicon import lexicon
from bot.extract.people.coref import (
    ATTRIBUTION,
    LOOKAHEAD_SENTENCES,
    LOOKBACK_SENTENCES,
    OTHER,
    TitleRef,
    is_generic,
    region_of,
    role_conflicts,
    role_match,
    salience,
)
from bot.extract.people.organisations import org_name
from bot.extract.people.roles import entity_country
from bot.extract.places import canonical_place, country_of
from bot.extract.sentences import sentence_bounds
from bot.extract.speech.cues import lexicon as speech_lexicon
from bot.extract.speech.cues import speech_lemma
from bot.extract.types import PersonEntity, PersonMention


@dataclass(slots=True)
class Record:
    """Where a mention stands: its head token, sentence, salience and quote region."""

    mention: PersonMention
    head: int
    sent: int
    salience: int
    quote: int | None
    in_role: bool = False  # named only inside someone else's role: "Trump's son-in-law X"


def _reporting(tok: Token) -> bool:
    """The subject of a reporting clause after the speech: '..., he said', '..." the source told'.

    Its antecedent is the previous speaker, not a person named inside the speech.
    """
    if salience(tok) != ATTRIBUTION:
        return False
    doc = tok.doc
    first = tok.i
    while first > 0 and doc[first - 1].lower_ in ("the",) or (first > 0 and doc[first - 1].pos_ in ("ADJ",)
                                                              and doc[first - 1].text[:1].islower()):
        first -= 1
    if first > 0 and doc[first - 1].lower_ == "the":
        first -= 1
    return first > 0 and doc[first - 1].text in (",", '"', "”", "’", "»", "—")


class Antecedents:
    """Mentions of one text, growing as references are resolved in text order."""

    def __init__(self, doc: Doc, entities: list[PersonEntity], mentions: list[PersonMention],
                 records: list[Record], regions: list[tuple[int, int]], sent_of: list[int]) -> None:
        self.doc = doc
        self.entities = entities
        self.mentions = mentions
        self.records = records
        self.regions = regions
        self.sent_of = sent_of
        # Sentences that start inside quoted speech do not count as distance
        # for references outside it.
        self.quoted_sents = {
            n for n, (start, _) in enumerate(sentence_bounds(doc))
            if region_of(regions, doc[start].idx) is not None
        }

    # -- adding mentions -------------------------------------------------

    def add_mention(self, start_tok: int, end_tok: int, entity: int, kind: str, head: int | None = None) -> int:
        """``head``: the token that stands for the mention in the sentence, when not its
        last word ("soldier" for the name in "a soldier with the call sign 'Falcon'")."""
        doc = self.doc
        span = doc[start_tok:end_tok]
        mention = PersonMention(span.text, span.start_char, span.end_char, entity, kind)
        tok = doc[end_tok - 1] if head is None else doc[head]
        keys = [m.start for m in self.mentions]
        at = bisect.bisect_left(keys, mention.start)
        self.mentions.insert(at, mention)
        self.records.append(Record(mention, tok.i, self.sent_of[tok.i], salience(tok),
                                   region_of(self.regions, mention.start if head is None else tok.idx)))
        return entity

    def add_pronoun(self, tok: Token) -> int | None:
        gender = lexicon().pronouns[tok.lower_]
        if region_of(self.regions, tok.idx) is not None:
            return None  # inside quoted speech: not needed for attribution, too risky
        cands = self._eligible(tok.i, gender)
        topic = self._interrupted_subject(tok)
        if topic is not None:
            cands = [r for r in cands if r.mention.entity != topic]
        entity = self._pick(tok.i, _reporting(tok), gender=gender, cands=cands)
        if entity is None or self._unnamed_speaker_between(entity, tok):
            return None
        if self.entities[entity].gender is None:
            self.entities[entity].gender = gender
        return self.add_mention(tok.i, tok.i + 1, entity, "pronoun")

    def _interrupted_subject(self, tok: Token) -> int | None:
        """'The Ukrainian leader, he said, "is doing his country no favors"': the one a
        pronoun's attribution interrupts the words about (the subject of the clause it is set
        in) is not the one who says them."""
        verb = tok.head
        if tok.dep_ != "nsubj" or verb.dep_ != "parataxis" or speech_lemma(verb) is None:
            return None
        subject = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i), None)
        if subject is None:
            return None
        # a pronoun may be the speaker again ("So she toughened up, she said"); a name or a title is talked about
        return next((m.entity for m in self.mentions if m.start <= subject.idx < m.end and m.kind != "pronoun"
                     and not self.entities[m.entity].is_org), None)

    def _unnamed_speaker_between(self, entity: int, tok: Token) -> bool:
        """'A soldier with the call sign ... said ...; ..., he said': someone unnamed spoke after
        the antecedent, and "he" may well be them; leaving the quote unattributed is safer."""
        last = max((r.head for r in self.records if r.mention.entity == entity and r.head < tok.i), default=None)
        if last is None:
            return False
        statements = speech_lexicon().reporting_nouns
        return any(
            t.dep_ == "nsubj" and t.pos_ == "NOUN" and t.lower_ not in statements
            and any(c.lower_ in ("a", "an") for c in t.children) and speech_lemma(t.head) is not None
            for t in self.doc[last + 1 : tok.i]
        )

    def add_title(self, ref: TitleRef) -> int | None:
        doc = self.doc
        head = doc[ref.end - 1]
        if region_of(self.regions, head.idx) is not None:
            return None
        entity = self._pick_title(ref, head)
        if entity is None:
            return None
        target = self.entities[entity]
        # "the head of ...": the role is the whole phrase, which a title reference does not carry
        cut_short = ref.end < len(doc) and doc[ref.end].lower_ == "of"
        if not target.roles and not is_generic(ref) and not cut_short:
            target.roles.append(ref.role)
            if ref.country and target.affiliation is None:
                target.affiliation = ref.country
        return self.add_mention(ref.start, ref.end, entity, "title")

    def add_org(self, text: str, start: int, end: int, head: int | None = None) -> int:
        name = org_name(text)
        place = canonical_place(name)
        key = (place or name).lower()
        for k, entity in enumerate(self.entities):
            if entity.is_org and entity.name.lower() == key:
                break
        else:
            self.entities.append(PersonEntity(name=place or name, is_org=True,
                                              affiliation=country_of(name) if place else None))
            k = len(self.entities) - 1
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return self.add_mention(span.start, span.end, k, "name", head)

    def add_person(self, name: str, start: int, end: int, head: int | None = None) -> int:
        """A capitalised name given as a speaker that was not found as a person before."""
        self.entities.append(PersonEntity(name=name))
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return self.add_mention(span.start, span.end, len(self.entities) - 1, "name", head)

    # -- choosing ----------------------------------------------------------

    def _eligible(self, pos: int, gender: str | None = None) -> list[Record]:
        """Earlier person mentions that may be antecedents of a word at token ``pos``."""
        quote = region_of(self.regions, self.doc[pos].idx)
        out = []
        for r in self.records:
            entity = self.entities[r.mention.entity]
            if r.head >= pos or entity.is_org:
                continue
            if r.quote is not None and r.quote != quote:
                continue
            if gender is not None and entity.gender not in (None, gender):
                continue
            out.append(r)
        return out

    def _sentences_back(self, sent: int) -> list[int]:
        """The sentences before ``sent`` to look into, nearest first.

        A sentence that starts inside quoted speech is looked into (its
        attribution, '"...," Zelenskyy said.', is outside the quote) but does
        not count towards the distance.
        """
        out: list[int] = []
        counted = 0
        n = sent - 1
        while n >= 0 and counted < LOOKBACK_SENTENCES:
            out.append(n)
            counted += n not in self.quoted_sents
            n -= 1
        return out

    def _pick(self, pos: int, attribution: bool, gender: str | None = None,
              cands: list[Record] | None = None) -> int | None:
        """Nearest earlier person in the sentence, else the most salient in a recent sentence."""
        cands = self._eligible(pos, gender) if cands is None else cands
        sent = self.sent_of[pos]
        same = [r for r in cands if r.sent == sent and (not attribution or r.salience == ATTRIBUTION)]
        if same:
            # "Smith said he would call the prime minister and that he hoped ...": the second
            # "he" is Smith; a subject or speaker earlier in the sentence beats a nearer object.
            return max(same, key=lambda r: (r.salience > 0, r.head)).mention.entity
        for n in self._sentences_back(sent):
            there = [r for r in cands if r.sent == n]
            if there:
                best = max(there, key=lambda r: (r.salience, -self._clause_depth(r), -r.head))
                return best.mention.entity
        return None

    def _clause_depth(self, r: Record) -> int:
        """How deep a subject's verb sits (0 for anything but a subject or speaker).

        'Putin "doesn't say no", Zelensky said, ...' has two subjects of speech
        verbs; the one of the main clause is the speaker a following "He
        added" continues, not the one inside the reported words. Likewise
        "Years since Gagarin flew into space, Putin drew an analogy": the
        main clause's subject is whom a following "he said" means.
        """
        if r.salience == OTHER:
            return 0
        tok = self.doc[r.head]
        depth = 0
        while tok.head.i != tok.i:
            tok = tok.head
            depth += 1
        return depth

    def _pick_title(self, ref: TitleRef, head: Token) -> int | None:
        pos = head.i
        cands = self._eligible(pos)
        matched = [r for r in cands if role_match(ref, self.entities[r.mention.entity])]
        if matched:
            return max(matched, key=lambda r: r.head).mention.entity
        attribution = _reporting(head)
        if is_generic(ref):
            return self._pick(pos, attribution, cands=cands)
        sent = self.sent_of[pos]
        window = {sent, *self._sentences_back(sent)[:1]}
        unknown = {
            r.mention.entity for r in cands
            if r.sent in window and not r.in_role and not self.entities[r.mention.entity].roles
            and entity_country([], self.entities[r.mention.entity].affiliation) is None
        }
        if len(unknown) == 1:
            return next(iter(unknown))
        if unknown or any(not role_conflicts(ref, self.entities[r.mention.entity]) for r in cands):
            return None
        return self._cataphora(ref, sent)

    def _cataphora(self, ref: TitleRef, sent: int) -> int | None:
        """A title with no antecedent: the next person named as a speaker or subject."""
        later = sorted(
            (r for r in self.records
             if sent < r.sent <= sent + LOOKAHEAD_SENTENCES and r.mention.kind in ("name", "surname")
             and r.salience > OTHER and r.quote is None),
            key=lambda r: r.head,
        )
        for r in later:
            entity = self.entities[r.mention.entity]
            if ref.owned:
                # "Russia's deputy foreign minister said ... Deputy Foreign Minister X told ...": a
                # country's title points forward only to a role that fits, the country not
                # contradicted (a role stated without it: "Deputy Foreign Minister X")
                if not role_conflicts(replace(ref, country=None), entity) and entity.roles and not (
                        ref.country and entity_country(entity.roles, entity.affiliation) not in (None, ref.country)):
                    return r.mention.entity
                continue
            if not role_conflicts(ref, entity):
                return r.mention.entity
        return None

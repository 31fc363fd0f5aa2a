"""People in one article: who is named, with which role, and who "he" is.

``analyze_people(doc)`` finds person names (``names``), the roles written
next to them (``roles``), joins surnames and spelling variants to the full
name they belong to, and resolves title references and pronouns
(``antecedents``). The resulting :class:`PeopleAnalysis` answers
``resolve(start, end)`` for any span the quote extractor calls a speaker.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc

from bot.extract.lexicon import lexicon
from bot.extract.nlp import text_of
from bot.extract.people.antecedents import Antecedents, Record
from bot.extract.people.coref import quote_regions, region_of, salience, title_ref_at
from bot.extract.people.names import NameCandidate, _split, find_name_candidates, known_phrase_tokens
from bot.extract.people.organisations import after_description, is_org_phrase
from bot.extract.people.roles import RoleInfo, apposition_role, leading_role, pre_role
from bot.extract.people.spellings import fold_word, is_known_first_name, same_person_names, split_name
from bot.extract.places import canonical_place
from bot.extract.sentences import sentence_bounds, sentence_index
from bot.extract.speech.cues import speaker_span, speech_lemma
from bot.extract.types import PersonEntity, PersonMention
from bot.extract.nlp import text_of

KIND_ORDER = {"name": 0, "surname": 1, "title": 2, "pronoun": 3}


@dataclass
class PeopleAnalysis:
    """People and speaking organisations of one text, and every mention of them."""

    entities: list[PersonEntity]
    mentions: list[PersonMention]
    _doc: Doc = field(repr=False, default=None)  # type: ignore[assignment]
    _antecedents: Antecedents = field(repr=False, default=None)  # type: ignore[assignment]

    def entity_at(self, start: int, end: int) -> int | None:
        """The entity of a known mention overlapping the character span, if any."""
        hits = [m for m in self.mentions if m.start < end and m.end > start]
        if not hits:
            return None
        inside = [m for m in hits if m.start >= start and m.end <= end] or hits
        # "Donald Trump's special envoy Steve Witkoff": a possessor is not the one meant.
        text = text_of(self._doc) if self._doc is not None else ""
        owned = [m for m in inside if not text.startswith(("'s", "’s"), m.end)] or inside
        return min(owned, key=lambda m: (KIND_ORDER.get(m.kind, 9), m.start)).entity

    def resolve(self, start: int, end: int) -> int | None:
        """Who the span (a name, "the spokesman", "he", "the Kremlin") refers to.

        A known mention answers directly. Otherwise a definite title is
        resolved from the text before it (or, with nothing before, the next
        speaker named); an organisation or place phrase becomes an
        organisation entity; a capitalised name not seen before becomes a new
        person. Anything else is None.
        """
        doc = self._doc
        span = doc.char_span(start, end, alignment_mode="expand") if doc is not None else None
        owned = span is not None and len(span) > 0 and self._owned(span)
        known = None if owned else self.entity_at(start, end)
        if known is not None:
            return known
        if span is None or len(span) == 0:
            return None
        lex = lexicon()
        named = self._named_after(span)
        if named is not None:
            return named
        called = self._called(span)
        if called is not None:
            return called
        if len(span) == 1 and span[0].lower_ in lex.pronouns:
            return None
        if len(span) == 1 and span[0].lower_ == "it":
            return self._body_before(span[0])
        if len(span) == 1 and span[0].lower_ == "they":
            return self._plural_body_before(span[0])
        if len(span) == 2 and span[0].lower_ == "the" and span[1].lower_ in lex.org_nouns:
            # "the company wrote", "the group said": the body just named, not a country
            return self._body_before(span[1], places=False)
        for i in range(span.end - 1, span.start - 1, -1):
            if i + 1 < span.end and doc[i + 1].tag_ == "POS":
                continue  # a possessor: "the regional prosecutor's office" is the office
            ref = title_ref_at(doc, i)
            if ref is not None and ref.start >= span.start:
                return self._antecedents.add_title(ref)
            if doc[i].lower_ in lex.person_nouns and i == span.root.i:
                return None  # indefinite: "a source", "a senior Kremlin official"
        if owned:
            return None  # "Kushner's father-in-law": someone the text does not name here
        if is_org_phrase(span.text):
            return self._antecedents.add_org(span.text, span.start_char, span.end_char)
        known_tokens = known_phrase_tokens(doc)
        for s, e in _split(doc, span.start, span.end, known_tokens):
            return self._antecedents.add_person(doc[s:e].text, doc[s].idx, doc[e - 1].idx + len(doc[e - 1]))
        return None

    def named_by_tie(self, start: int, end: int) -> bool:
        """Whether the span names someone only by their tie to a person ("Kushner's father-in-law")."""
        span = self._doc.char_span(start, end, alignment_mode="expand") if self._doc is not None else None
        return span is not None and len(span) > 0 and self._owned(span)

    def _owned(self, span) -> bool:
        """Whether ``span`` names someone by their tie to a possessor ("Kushner's
        father-in-law", "Putin's critics"; ``relatives``): its head is such a noun after a known
        mention closed by "'s", and no mention covers the head. The possessor is not the one
        meant. An office or a spokesman ("Zelensky's office said") speaks for the possessor."""
        root = span.root
        if root.lower_ not in lexicon().relatives:
            return False
        inside = [m for m in self.mentions if span.start_char <= m.start and m.end <= span.end_char]
        if not inside or any(m.start <= root.idx < m.end for m in inside):
            return False
        text = text_of(self._doc)
        return all(text.startswith(("'s", "’s"), m.end) and m.end <= root.idx for m in inside)

    def _body_before(self, it, places: bool = True) -> int | None:
        """ "It said": the body last named, in this sentence or the two before
        ("Ukraine's general staff said ... The facility supplied the army, it added").
        ``places``: whether a country or city counts ("it" may be Russia; "the company" is not).
        A body nobody quoted yet counts when its description names it ("the firm Acme"):
        the nearer of the two wins."""
        sent_of = self._antecedents.sent_of
        described = None if places else self._described_body(it)
        for m in reversed(self.mentions[: self._first_at(it.idx)]):
            head = self._doc.char_span(m.start, m.end, alignment_mode="expand")
            if head is None or sent_of[it.i] - sent_of[head.end - 1] > 2:
                break
            if described is not None and m.start < described[0].idx:
                break
            entity = self.entities[m.entity]
            if entity.is_org and m.kind == "name" and (places or canonical_place(entity.name) is None):
                return m.entity
        if described is None:
            return None
        name = described
        return self._antecedents.add_org(name.text, name.start_char, name.end_char)

    def _plural_body_before(self, they) -> int | None:
        """ "They said": a body named by a plural ("Krasnodar officials", "the regional
        authorities"), when it is the mention nearest before, in this sentence or the one before.
        Anyone else named nearer (a person, a body named in the singular) may be meant, or
        several of them: nobody then."""
        sent_of = self._antecedents.sent_of
        for m in reversed(self.mentions[: self._first_at(they.idx)]):
            span = self._doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or sent_of[they.i] - sent_of[span.end - 1] > 1:
                return None
            entity = self.entities[m.entity]
            if entity.is_org and m.kind == "name" and span[-1].tag_ in ("NNS", "NNPS"):
                return m.entity
            return None
        return None

    def _described_body(self, it):
        """The capitalised name last written right after a body's lowercase description, in
        this sentence or the two before ("railway operator Ukrzaliznytsia"; see
        ``organisations.after_description``), when it is not a known person's."""
        doc = self._doc
        sent_of = self._antecedents.sent_of
        i = it.i - 1
        while i > 0 and sent_of[it.i] - sent_of[i] <= 2:
            if doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper() and not doc[i - 1].text[:1].isupper():
                end = i + 1
                while end < it.i and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
                    end += 1
                name = doc[i:end]
                known = self.entity_at(name.start_char, name.end_char)
                if (after_description(doc, i, end) and canonical_place(name.text) is None
                        and (known is None or self.entities[known].is_org)):
                    return name
            i -= 1
        return None

    def _called(self, span) -> int | None:
        """The name a description gives: "the soldier known as Italian", "the blog known as
        Rybar", "a soldier with the call sign 'Italian'" are Italian and Rybar."""
        called = called_name(self._doc, span)
        if called is None:
            return None
        name, person = called
        known = self.entity_at(name.start_char, name.end_char)
        if known is not None:
            return known
        if person:
            return self._antecedents.add_person(name.text, name.start_char, name.end_char)
        return self._antecedents.add_org(name.text, name.start_char, name.end_char)

    def _named_after(self, span) -> int | None:
        """The person named right after a role: "Russia's negotiator Kirill Dmitriev",
        "Ukraine's energy minister, Denys Shmyhal," (the parser split name and role)."""
        lex = lexicon()
        if not lex.is_head(span[-1].lower_) and not lex.is_head(span.root.lower_):
            return None
        at = self._first_at(span.end_char)
        if at == len(self.mentions):
            return None
        m = self.mentions[at]
        if m.kind not in ("name", "surname"):
            return None
        gap = text_of(self._doc)[span.end_char:m.start]
        if gap in (" ", ", "):
            return m.entity
        # "Head of the Russian delegation, Presidential Aide Vladimir Medinsky, said": another title between
        words = gap.strip(" ,").split()
        if gap.startswith(", ") and words and all(lex.is_title_word(w) for w in words):
            return m.entity
        return None

    def _first_at(self, offset: int) -> int:
        """Index of the first mention starting at or after ``offset`` (mentions are kept sorted)."""
        return bisect.bisect_left(self.mentions, offset, key=lambda m: m.start)


def called_name(doc: Doc, span):
    """The name a speaker's description gives ("the soldier known as Italian", "a medic with
    the call sign 'Owl'", "the blog known as Rybar"), and whether it is a person's (by the
    description's noun), or None."""
    # the speaker's phrase may stop before what it is called ("the blog | known as Rybar said")
    reach = doc[span.start : min(len(doc), span.end + 8)]
    words = [t.lower_ for t in reach]
    for phrase in lexicon().naming_phrases:
        n = len(phrase)
        at = next((i for i in range(len(words) - n) if tuple(words[i : i + n]) == phrase), None)
        if at is None or at > len(span):
            continue
        name = []
        for tok in reach[at + n :]:
            if tok.text == "," or tok.pos_ in {"VERB", "AUX", "ADP"} or "\n" in tok.text:
                break
            if not tok.is_quote:
                name.append(tok)
        if name and name[0].text[:1].isupper():
            return doc[name[0].i : name[-1].i + 1], span.root.lower_ in lexicon().person_nouns
    return None


def _called_speakers(doc: Doc, people: "PeopleAnalysis") -> None:
    """Speakers known only by the name they go by ("A soldier with the call sign 'Falcon'
    said ...") are people of the text before pronouns are resolved, so that a later "he said"
    is theirs. The mention stands where the speaker does: outside the quote marks around
    the name, and as salient as the subject of a speech verb."""
    for tok in doc:
        if tok.dep_ != "nsubj" or tok.pos_ != "NOUN" or speech_lemma(tok.head) is None:
            continue
        start, end = speaker_span(tok)
        span = doc.char_span(start, end, alignment_mode="expand")
        called = called_name(doc, span) if span is not None else None
        if called is None:
            continue
        name, person = called
        if people.entity_at(name.start_char, name.end_char) is not None:
            continue
        if person:
            people._antecedents.add_person(name.text, name.start_char, name.end_char, head=tok.i)
        else:
            people._antecedents.add_org(name.text, name.start_char, name.end_char, head=tok.i)


def _surname_match(token: str, entity: PersonEntity) -> bool:
    """A lone word is the surname (or a spelling of it) of this entity's name."""
    lex = lexicon()
    forms = [entity.name] + entity.aliases
    key = fold_word(token)
    for form in forms:
        parts = form.split()
        if len(parts) < 2:
            continue
        surname = split_name(form).surname
        if key == surname:
            return True
        # "Polischuk" for "Polishchuk", "Vikul" for "Vilkul" (a letter dropped); but never
        # "Putina" for "Putin" nor "Ivanov" for "Ivanova".
        long_enough = len(key) >= 7 or (len(key) >= 5 and len(key) == len(surname) - 1)
        if long_enough and Levenshtein.distance(key, surname) <= 1 and key[-1] == surname[-1] \
                and key[0] == surname[0]:
            return True
        if parts[0] == token and parts[0] in lex.family_name_first:
            return True
    return False


def _full_match(name: str, entity: PersonEntity) -> bool:
    forms = [entity.name] + entity.aliases
    return any(len(f.split()) > 1 and same_person_names(name, f) for f in forms)


def _add_role(entity: PersonEntity, info: RoleInfo) -> None:
    """Record a role and its affiliation; a bare relation ("his counterpart") only affiliates."""
    if not info.relational and info.role.lower() not in {r.lower() for r in entity.roles}:
        entity.roles.append(info.role)
    if info.affiliation and (entity.affiliation is None or (
            canonical_place(entity.affiliation) is not None and canonical_place(info.affiliation) is None)):
        entity.affiliation = info.affiliation


def _add_form(entity: PersonEntity, text: str) -> None:
    if text == entity.name or text in entity.aliases:
        return
    if len(text.split()) > len(entity.name.split()):
        entity.aliases.append(entity.name)
        entity.name = text
    else:
        entity.aliases.append(text)


def _find_roles(doc: Doc, candidates: list[NameCandidate], bounds: list[tuple[int, int]],
                sent_of: list[int]) -> dict[int, list[RoleInfo]]:
    """Roles at each name candidate (by start token); a role is evidence of a person.

    A role stops at another name only if that is likely a person ("Putin aide
    Yury Ushakov"), not at a bare capitalised word ("House of Representatives
    Speaker Nancy Pelosi"). An apposition must not run into any full name
    ("..., Deputy Chairman of the Service Oleg Lugovskoi, ..."), and titles
    before names are read first so that it knows which are titled.
    """
    names_by_end = {c.end: c for c in candidates if c.accepted or "ner" in c.signals}
    roles: dict[int, list[RoleInfo]] = {}
    pres: dict[int, RoleInfo | None] = {}
    for c in candidates:
        pre = pre_role(doc, c, names_by_end, bounds, sent_of)
        pres[c.start] = pre
        # "... Committee on International Affairs": a role whose complement
        # runs up to the capitalised words is no evidence they are a name.
        if pre is not None and (not pre.complement or "ner" in c.signals):
            c.signals.add("title")
    names_at = {c.start: c for c in candidates if c.accepted or "ner" in c.signals or c.end - c.start > 1}
    for c in candidates:
        pre = pres[c.start]
        found: list[RoleInfo] = [pre] if pre is not None else []
        lead = leading_role(doc, c, pre.start if pre else c.start, names_at, bounds, sent_of)
        if lead is not None:
            found.insert(0, lead)
            c.signals.add("apposition")
        apps = apposition_role(doc, c, names_at, bounds, sent_of)
        if apps:
            found.extend(apps)
            c.signals.add("apposition")
        roles[c.start] = found
    return roles


def _may_stand_alone(word: str, entities: list[PersonEntity], lowercase: set[str]) -> bool:
    """A lone capitalised word may be a person of its own.

    Not when the text also uses it as a common lowercase word ("Says",
    "Battlefield"), nor when it is a first name (known from the name variant
    data, or of someone named in full): "[his counterpart Sergey] Lavrov"
    leaves a bare "Sergey".
    """
    if word.lower() in lowercase or is_known_first_name(word):
        return False
    return not any(e.name.split()[0] == word for e in entities if " " in e.name and not e.is_org)


def _link_names(candidates: list[NameCandidate],
                lowercase: set[str]) -> tuple[list[PersonEntity], list[tuple[NameCandidate, int, str]]]:
    """Entities from accepted full names, then surnames and variants linked to them.

    Full names go first so that a surname in a headline still finds the full
    name given further down; a lone word with no full name to join becomes a
    person only on its own evidence.
    """
    entities: list[PersonEntity] = []
    linked: list[tuple[NameCandidate, int, str]] = []

    def place(c: NameCandidate, allow_new: bool) -> None:
        multi = c.end - c.start > 1
        for k, entity in enumerate(entities):
            if (multi and _full_match(c.text, entity)) or (not multi and _surname_match(c.text, entity)):
                _add_form(entity, c.text)
                linked.append((c, k, "name" if multi else "surname"))
                return
        for k, entity in enumerate(entities):
            if not multi and entity.name == c.text:
                linked.append((c, k, "name"))
                return
        if allow_new and c.accepted and (multi or _may_stand_alone(c.text, entities, lowercase)):
            entities.append(PersonEntity(name=c.text))
            linked.append((c, len(entities) - 1, "name"))

    multi = [c for c in candidates if c.end - c.start > 1]
    for c in multi:
        if c.accepted:
            place(c, True)
    for c in multi:
        if not c.accepted:
            place(c, False)
    for c in candidates:
        if c.end - c.start == 1:
            # A sentence-initial word with no other evidence only joins a known name.
            place(c, "clause_start" not in c.signals)
    linked.sort(key=lambda x: x[0].start)
    return entities, linked


def analyze_people(doc: Doc) -> PeopleAnalysis:
    """Find the people of one parsed text, their roles and every mention of them."""
    lex = lexicon()
    sent_of = sentence_index(doc)
    bounds = sentence_bounds(doc)
    candidates = find_name_candidates(doc)
    roles = _find_roles(doc, candidates, bounds, sent_of)
    lowercase = {t.text for t in doc if t.text.islower()}
    entities, linked = _link_names(candidates, lowercase)

    mentions: list[PersonMention] = []
    for c, k, kind in linked:
        infos = roles.get(c.start, [])
        for info in infos:
            _add_role(entities[k], info)
        honorific = lex.honorifics.get(doc[c.start - 1].lower_) if c.start else None
        if honorific and entities[k].gender is None:
            entities[k].gender = honorific
        span = doc[c.start:c.end]
        written = ", ".join(i.written for i in infos) or None
        mentions.append(PersonMention(span.text, span.start_char, span.end_char, k, kind, written))

    regions = quote_regions(text_of(doc))
    entity_of = {id(c): k for c, k, _ in linked}
    role_spans = [(i.start, i.end, entity_of.get(id(c)))
                  for c in candidates for i in roles.get(c.start, [])]
    records = [
        Record(m, c.end - 1, sent_of[c.end - 1], salience(doc[c.end - 1]), region_of(regions, m.start),
               any(s <= c.start < e for s, e, _ in role_spans))
        for m, (c, _, _) in zip(mentions, linked)
    ]
    antecedents = Antecedents(doc, entities, mentions, records, regions, sent_of)
    analysis = PeopleAnalysis(entities, antecedents.mentions, doc, antecedents)
    _called_speakers(doc, analysis)
    for tok in doc:
        if tok.lower_ in lex.pronouns:
            antecedents.add_pronoun(tok)
            continue
        ref = title_ref_at(doc, tok.i)
        if ref is None or called_name(doc, doc[ref.start:ref.end]) is not None:
            continue  # "the soldier known as Falcon" is Falcon, never someone named before
        inside = [(s, e, k) for s, e, k in role_spans if s <= ref.start < e]
        possessor = ref.end < len(doc) and doc[ref.end].text in ("'s", "’s")
        if inside and not possessor:
            # "the official representative of ..., Maria Zakharova": the role's owner;
            # "the President" inside "head of the Office of the President": nobody known.
            s, _, k = inside[0]
            if s == ref.start and k is not None:
                antecedents.add_mention(ref.start, ref.end, k, "title")
            continue
        antecedents.add_title(ref)
    return analysis

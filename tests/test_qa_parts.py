"""The parts of question answering that need no index: what a question asks, and the facts a sentence gives.

Sentences are written for these tests (not taken from a corpus); the whole path over real articles is
measured by `newsdesk eval questions` and checked in tests/test_seeds_answers.py and the quality gate.
"""
from __future__ import annotations

import pytest

from bot.qa.answer import _ordinal_clash
from bot.qa.candidates import Candidate, Mention, QuoteRow
from bot.qa.facts import duration_in, people_in, place_in, speaker_in
from bot.qa.intent import Intent, Term, main_clause, question_kind
from bot.query.terms import related_words, stem


def intent(kind: str, *words: str, text: str = "q") -> Intent:
    return Intent(kind, text, tuple(Term(w, frozenset({stem(w)})) for w in words), (), (), ())


def sentence(text: str, mentions=(), quotes=()) -> Candidate:
    c = Candidate(1, "a", 0, len(text), text, [], 0.0, frozenset(stem(w) for w in text.lower().split()))
    c.mentions = list(mentions)
    c.quotes = list(quotes)
    return c


@pytest.mark.parametrize("question, kind", [
    ("According to Sputnik, how long did the talks last?", "how_long"),
    ("After the Geneva meeting, who led the delegation?", "who"),
    ("What did French President Emmanuel Macron do on November 8?", "happened"),
    ("What has Germany done about it?", "happened"),
    ("In which Istanbul palace were the talks held?", "where"),
    ("In which year did the talks start?", "when"),
    ("Which Russian officials took part?", "who"),
    ("What did the president say about peace?", "said"),
    ("What is the capital of Australia?", "what"),
])
def test_the_kind_of_answer_comes_from_the_asking_clause(question, kind):
    assert question_kind(question) == kind


def test_a_question_word_later_in_a_what_question_does_not_change_its_kind():
    assert question_kind("What are the new sanctions, and does Germany back them?") == "what"


@pytest.mark.parametrize("question, main", [
    ("Where will the next round take place, according to Zelensky after the Abu Dhabi talks",
     "Where will the next round take place"),
    ("Who led the American team at the trilateral talks in the UAE", "Who led the American team "),
    ("According to Sputnik, how long did the Kremlin talks last", "how long did the Kremlin talks last"),
    ("Where did Qatar host talks on returning children", "Where did Qatar host talks on returning children"),
])
def test_the_main_clause_leaves_the_qualifiers_out(question, main):
    assert main_clause(question) == main


@pytest.mark.parametrize("text, asked, expected", [
    ("The meeting, which lasted about four hours, ended late.", ("meeting",), "about four hours"),
    ("He held a two-hour phone call with the premier.", ("call", "phone"), "two-hour"),
    ("After more than three years of fighting, both hold prisoners.", ("talks",), None),
    ("Envoys will try to break a decade-long gridlock.", ("talks",), None),
    ("He promised to end the war in 24 hours.", ("war",), None),
    ("For the next two days, all eyes will be on the city.", ("talks",), None),
    ("The 3-year-old war goes on.", ("war",), None),
    ("It ended more than three years ago.", ("war",), None),
])
def test_a_duration_is_the_length_of_what_was_asked(text, asked, expected):
    assert duration_in(intent("how_long", *asked), sentence(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("The summit, held at Norway's Holmen resort, drew 90 nations.", "Norway's Holmen resort"),
    ("The minister spoke at the Baltic State University on Monday.", "Baltic State University"),
    ("They met in Istanbul on May 16.", "Istanbul"),
    ("Officials gathered at the White House on Friday.", "White House"),
    ("Moscow's invasion went on in May.", None),
])
def test_a_place_or_a_named_venue_answers_where(text, expected):
    assert place_in(intent("where", "held"), sentence(text)) == expected


def test_he_answers_who_through_the_person_he_stands_for():
    text = "Ortiz's office said he told the premier that a deadline is needed."
    mentions = [
        Mention(0, 5, 7, "Ana Ortiz", "President", False, "surname"),  # "Ortiz's office": not Ortiz herself
        Mention(21, 23, 7, "Ana Ortiz", "President", False, "pronoun"),
    ]
    assert people_in(intent("who", "deadline"), sentence(text, mentions)) == "Ana Ortiz (President)"


def test_who_said_it_is_the_speaker_of_the_words_asked_about():
    text = "Talks are not under way. This was stated by Deputy Minister Ivan Orlov."
    quotes = [
        QuoteRow(0, 24, "Talks are not under way", False, 3, "Ivan Orlov", "Deputy Minister"),
        QuoteRow(40, 50, "The weather was fine", False, 4, "Other Person", None),
    ]
    assert speaker_in(intent("who", "talks", "way"), sentence(text, quotes=quotes)) == "Ivan Orlov (Deputy Minister)"


def test_the_first_day_is_not_the_second_day():
    asked = intent("how_long", "day", "talks", text="How long did the second day of the talks last")
    assert _ordinal_clash(asked, sentence("The first day of talks lasted six hours."))
    assert not _ordinal_clash(asked, sentence("The second day of talks ended after two hours."))
    assert not _ordinal_clash(asked, sentence("The talks lasted two hours."))


def test_related_words_widen_questions_only_with_what_the_data_file_lists():
    assert "death" in related_words("die")
    assert "head" in related_words("led")
    assert related_words("talks") == ()


def test_both_stores_count_the_sentences_holding_each_term(seeds_desk):
    counts = seeds_desk.repo.fulltext.term_counts()
    assert list(counts) == seeds_desk.repo.fulltext.terms()
    (n,) = [r["n"] for r in seeds_desk.repo.query(
        "SELECT count(*) AS n FROM sentences_fts WHERE sentences_fts MATCH 'witkoff'")]
    assert counts["witkoff"] == n > 0


def test_the_country_of_the_person_asked_for_rules_out_another_countrys_minister():
    from dataclasses import replace

    text = "German Defense Minister Karl Brandt met Defense Minister Ivan Koval of Ukraine."
    mentions = [
        Mention(24, 35, 1, "Karl Brandt", "Defense Minister", False, "name", "Germany"),
        Mention(53, 63, 2, "Ivan Koval", "Defense Minister", False, "name", None),
    ]
    asked = replace(intent("who", "defence", "minister"), country="Ukraine")
    assert people_in(asked, sentence(text, mentions)) == "Ivan Koval (Defense Minister)"
    assert "Karl Brandt" in people_in(intent("who", "defence", "minister"), sentence(text, mentions))


@pytest.mark.parametrize("question, country", [
    ("Who is Ukraine's defence minister?", "Ukraine"),
    ("Which German minister called the attacks an affront?", "Germany"),
    ("who was Moscow's chief negotiator", "Russia"),
    ("Who met the German chancellor?", None),
])
def test_the_country_asked_about_is_the_one_before_the_role(question, country):
    from bot.qa.intent import _asked_country

    assert _asked_country("who", question) == country


def test_a_role_word_finds_its_own_forms_not_longer_words_holding_it():
    text = "Defence Ministry adviser Olek Marr said so."
    mentions = [Mention(25, 34, 3, "Olek Marr", None, False, "name")]
    from bot.qa.facts import described

    term = Term("minister", frozenset({"minist", "ministri"}))  # as the index widens it
    assert described(intent("who"), sentence(text, mentions), (term,)) == 0


def test_a_long_quote_is_shown_by_its_sentence_about_the_question():
    from bot.qa.answer import _topical_part

    quote = ("We agreed with them at the time. They were initialed by both sides. Then the deal was blocked. "
             "Now we are told to wait and see. No, we have been through this, and the harbour tariffs stay as they "
             "are. We will not discuss it again.")
    assert _topical_part(intent("said", "harbour", "tariffs"), quote) == (
        "… No, we have been through this, and the harbour tariffs stay as they are. …")
    assert _topical_part(intent("said", "harbour"), "The harbour stays shut.") == "The harbour stays shut."


def test_when_a_sentence_gives_two_dates_the_one_next_to_what_was_asked_answers():
    from bot.qa.facts import date_in

    c = sentence("Despite Monday's phone call between the leaders and Friday's direct talks in the port, nothing moved.")
    c.dates = ["2025-05-19", "2025-05-16"]  # as the index resolved them (Monday, Friday)
    assert date_in(intent("when", "direct", "talks"), c) == "2025-05-16"
    assert date_in(intent("when", "phone", "call"), c) == "2025-05-19"


@pytest.mark.parametrize("text, asked, expected", [
    ("The ministry agreed to pay $5 million to the family of the victim.", ("pay",), "$5 million"),
    ("Her estate filed a $30 million lawsuit last year.", ("sue",), "$30 million lawsuit"),
    ("The sides agreed to swap 1,000 prisoners of war each.", ("prisoners",), "1,000 prisoners of war"),
])
def test_an_amount_ends_before_the_small_words_after_it(text, asked, expected):
    from bot.qa.facts import number_in

    assert number_in(intent("how_many", *asked), sentence(text)) == expected


def test_who_did_it_is_the_person_just_before_the_verb():
    from dataclasses import replace

    text = "To build fitness, Ana Ortiz has hired physio Tom Reed and trainer Lee Park."
    mentions = [
        Mention(18, 27, 1, "Ana Ortiz", None, False, "name"),
        Mention(45, 53, 2, "Tom Reed", None, False, "name"),
        Mention(66, 74, 3, "Lee Park", None, False, "name"),
    ]
    hired = Term("hired", frozenset({stem("hired"), stem("hire")}))
    asked = replace(intent("who", "hired", "physio"), verb=hired)
    assert people_in(asked, sentence(text, mentions)) == "Ana Ortiz"
    passive = "The deal was brokered by envoy Tom Reed on Friday."
    by = [Mention(31, 39, 2, "Tom Reed", "envoy", False, "name")]
    brokered = replace(intent("who", "brokered"), verb=Term("brokered", frozenset({stem("brokered")})))
    assert people_in(brokered, sentence(passive, by)) == "Tom Reed (envoy)"


def test_a_named_part_of_a_place_answers_where_and_the_country_of_the_asked_place_does_not():
    from dataclasses import replace

    asked = replace(intent("where", "fire"), places=("Jerusalem",))  # a city of the gazetteer, in Israel
    assert place_in(asked, sentence("Residents of Jerusalem's Carmel Ridge neighborhood fled a fire.")) == (
        "Jerusalem's Carmel Ridge neighborhood")
    assert place_in(asked, sentence("The firefighters came to Israel from abroad.")) is None


def test_a_place_inside_a_name_is_not_the_place():
    from dataclasses import replace
    from bot.qa.answer import _place_fit

    asked = replace(intent("where", "fire"), places=("Haifa",))
    assert _place_fit(asked, sentence("He spoke to The Haifa Herald about the fire.")) == 0.0
    assert _place_fit(asked, sentence("A fire broke out in Haifa on Monday.")) == 1.0


def test_an_age_is_read_as_the_press_writes_it():
    from bot.qa.facts import number_in

    how_old = replace_text(intent("how_many", "old"), "How old is Ana Ortiz")
    assert number_in(how_old, sentence("Ortiz, 42, will appear in court on Monday.")) == "42 years old"
    assert number_in(how_old, sentence("The 42-year-old from Luton will appear in court.")) == "42 years old"
    assert number_in(how_old, sentence("She will appear in court on 5 June.")) is None


def replace_text(asked: Intent, text: str) -> Intent:
    from dataclasses import replace

    return replace(asked, text=text)

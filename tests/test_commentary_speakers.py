"""Speakers in commentary and analysis: what a writer infers is nobody's statement.

Every text here is composed for this file. Each kind of construction that made a
writer's words into a source's statement has a case that must give no quote (or
no speaker), and a counter-case of the same shape that must still be a quote.
"""
from __future__ import annotations

from bot.corpus.identity import cluster_people, without_stray_words
from bot.extract.people.spellings import name_key
from bot.extract.pipeline import extract
from bot.extract.types import PersonEntity, QuoteSpan


def _speech(text: str) -> list[QuoteSpan]:
    return [q for q in extract(text).quotes if q.kind == "speech"]


def _with(quotes: list[QuoteSpan], words: str) -> list[QuoteSpan]:
    return [q for q in quotes if words in q.text]


# -- verbs of belief the writer ascribes -------------------------------------------------

def test_a_relative_named_by_a_possessor_is_not_the_possessor() -> None:
    text = ("Senator Ann Holt met the mayor on Monday. Holt's brother thinks the deal was a mistake, "
            "but her brother has never liked the mayor.")
    assert not _with(_speech(text), "the deal was a mistake"), "a relative's belief, told by the writer"
    said = "Senator Ann Holt met the mayor on Monday. Holt's brother said the deal was a mistake."
    assert not any(q.speaker == "Ann Holt" for q in _speech(said))


def test_a_view_the_writer_ascribes_is_not_a_statement() -> None:
    text = ("The council has three factions.\n"
            "Holt has the strongest hand: She believes she can win the governorship in 2028 if the unions "
            "stay loyal.")
    quotes = _speech(text)
    assert not _with(quotes, "the strongest hand"), "the writer's evaluation became a quote"
    assert not any(q.speaker == "Holt" for q in quotes)


def test_a_view_next_to_the_speakers_own_words_stays() -> None:
    text = ('"The vote was a show for the cameras," Mira Castell told the Harbour Gazette. '
            "She thought the future of the port was in the hands of the regional council.")
    view = _with(_speech(text), "the future of the port")
    assert view and view[0].speaker == "Mira Castell"


def test_a_view_inside_the_speakers_own_report_stays() -> None:
    text = "Peskov thinks the talks were useful, he told reporters."
    quotes = _with(_speech(text), "the talks were useful")
    assert quotes and quotes[0].speaker == "Peskov"


# -- hypotheticals -----------------------------------------------------------------------

def test_a_supposed_conclusion_is_not_a_statement() -> None:
    text = ("The governor is cornered.\n"
            "If the governor cannot pass the budget, he might conclude that an early election is his best "
            "option. He could also argue that the unions forced his hand.")
    quotes = _speech(text)
    assert not _with(quotes, "an early election"), quotes
    assert not _with(quotes, "the unions forced his hand"), quotes


def test_a_modal_inside_the_reported_words_is_the_speakers() -> None:
    quotes = _with(_speech("Mayor Tom Ames said he might resign before the summer."), "he might resign")
    assert quotes and quotes[0].speaker == "Tom Ames"


def test_would_later_say_is_a_report() -> None:
    quotes = _with(_speech("Mayor Tom Ames would later say that the vote had been rigged."), "the vote had been rigged")
    assert quotes and quotes[0].speaker == "Tom Ames"


# -- noun phrases about news ---------------------------------------------------------------

def test_news_of_something_never_speaks() -> None:
    for text in ("News of the merger broke on Friday evening, as *Gazette* reported that the two firms had "
                 "agreed terms.",
                 "Word of the merger spread on Friday, as *Gazette* reported that the two firms had agreed terms."):
        for q in _speech(text):
            assert q.speaker is None or not q.speaker.lower().startswith(("news", "word")), (text, q.speaker)


def test_as_an_outlet_reported_keeps_the_outlet() -> None:
    text = ("News of the merger broke on Friday evening, as the Harbour Gazette reported that the two firms "
            "had agreed terms.")
    quotes = _with(_speech(text), "the two firms had agreed terms")
    assert quotes and quotes[0].speaker == "Harbour Gazette"


# -- a medium that carried the words -------------------------------------------------------

def test_a_medium_after_a_quote_is_not_its_speaker() -> None:
    text = ("Mayor Tom Ames spoke on the radio on Sunday. The harbour plan, he said, \u201chas been wrecked by "
            "people who never built anything. I do not like it, and it has to stop,\u201d the Harbour Gazette "
            "reported.")
    quotes = _with(_speech(text), "wrecked by people who never built anything")
    assert quotes and quotes[0].speaker == "Tom Ames", [(q.speaker, q.text) for q in quotes]
    assert not any(q.speaker == "Harbour Gazette" for q in _speech(text))


def test_a_medium_citing_a_named_source_gives_the_source() -> None:
    for text in ("The talks were useful and will continue, TASS reported, citing Peskov.",
                 "TASS reported, citing Peskov, that the talks were useful and will continue.",
                 "\u201cThe talks were useful and will continue,\u201d TASS reported, citing Peskov."):
        quotes = _with(_speech(text), "The talks were useful and will continue".lower()[4:])
        assert quotes and quotes[0].speaker == "Peskov", (text, [(q.speaker, q.text) for q in _speech(text)])


def test_a_medium_alone_or_citing_someone_unnamed_stays_the_source() -> None:
    for text in ("\u201cThe talks were useful and will continue,\u201d TASS reported.",
                 "Citing an unnamed official, TASS reported that the talks were useful and will continue."):
        quotes = _with(_speech(text), "talks were useful and will continue")
        assert quotes and quotes[0].speaker == "TASS", (text, [(q.speaker, q.text) for q in quotes])


def test_citing_a_thing_is_no_source() -> None:
    text = ('"There are odd parts of it that will annoy the council," Lena Ortiz told the Gazette, citing the '
            "vagueness of the language on fees.")
    quotes = _with(_speech(text), "odd parts of it")
    assert quotes and quotes[0].speaker == "Lena Ortiz"


# -- name variants with a stray word ---------------------------------------------------------

def test_a_plural_title_is_no_part_of_a_name() -> None:
    ex = extract("The meeting between Presidents Donald Trump and Vladimir Putin ended. Trump said it went well.")
    names = {e.name for e in ex.people.entities if not e.is_org}
    assert "Donald Trump" in names and not any(n.startswith("Presidents") for n in names), names


def test_stray_words_before_a_known_full_name_merge_into_that_person() -> None:
    written = {name_key("Donald Trump")}
    assert without_stray_words("Presidents Donald Trump", written) == "Donald Trump"
    assert without_stray_words("-BASED HIRING Donald Trump", written) == "Donald Trump"
    assert without_stray_words("Donald Trump Jr.", written) == "Donald Trump Jr."
    assert without_stray_words("Hamad Ali Khan", {name_key("Ali Khan")}) == "Hamad Ali Khan"  # a first name stays
    names = ["Donald Trump", "Presidents Donald Trump", "Trump", "Trump", "Donald Trump Jr.", "President Trump"]
    ids = cluster_people([PersonEntity(name=n) for n in names])
    assert len({ids[0], ids[1], ids[2], ids[3]}) == 1
    assert ids[4] != ids[0]


def test_a_stray_word_never_merges_two_people() -> None:
    ids = cluster_people([PersonEntity(name=n) for n in ("Presidents Joe Biden", "Donald Trump", "Joe Biden")])
    assert ids[0] == ids[2] != ids[1]


def test_a_surname_alone_joins_the_one_its_role_or_the_corpus_points_to() -> None:
    names = [PersonEntity(name="Donald Trump", roles=["President"]), PersonEntity(name="Donald Trump"),
             PersonEntity(name="Donald Trump"), PersonEntity(name="Melania Trump", roles=["first lady"]),
             PersonEntity(name="Trump", roles=["U.S. President"]), PersonEntity(name="Trump", roles=["first lady"])]
    ids = cluster_people(names)
    assert ids[4] == ids[0] != ids[3]
    assert ids[5] == ids[3]
    # no role and no clear majority (3 articles against 1): the surname stays apart
    assert cluster_people(names[:4] + [PersonEntity(name="Trump")])[4] not in (ids[0], ids[3])
    many = [PersonEntity(name="Donald Trump") for _ in range(10)] + [PersonEntity(name="Melania Trump"),
                                                                    PersonEntity(name="Trump")]
    ids = cluster_people(many)
    assert ids[-1] == ids[0] != ids[-2]


def test_a_surname_alone_with_two_frequent_full_names_stays_apart() -> None:
    people = ([PersonEntity(name="Boris Johnson") for _ in range(5)] + [PersonEntity(name="Mike Johnson") for _ in range(5)]
              + [PersonEntity(name="Johnson")])
    ids = cluster_people(people)
    assert ids[-1] not in (ids[0], ids[5])


def test_the_one_a_parenthetical_attribution_talks_about_is_not_its_speaker() -> None:
    text = ("Mayor Tom Ames attacked the governor on Sunday. Governor Lena Ortiz, he said, \u201chas broken every "
            "promise she made to this city,\u201d the Harbour Gazette reported.")
    quotes = _with(_speech(text), "broken every promise")
    assert quotes and quotes[0].speaker == "Tom Ames", [(q.speaker, q.text) for q in quotes]
    # with nobody else named, the quote stays unattributed rather than given to its subject
    alone = ("Governor Lena Ortiz spoke on Sunday. The governor, he said, \u201chas broken every promise she made "
             "to this city,\u201d the Harbour Gazette reported.")
    assert all(q.speaker != "Lena Ortiz" for q in _with(_speech(alone), "broken every promise"))


def test_a_medium_closing_a_reported_statement_is_neither_speaker_nor_words() -> None:
    text = ("Mayor Tom Ames spoke on Sunday. The harbour plan, he said, has been wrecked by people who never built "
            "anything, the Harbour Gazette reported.")
    quotes = _with(_speech(text), "has been wrecked")
    assert quotes and quotes[0].speaker == "Tom Ames"
    assert "Gazette" not in quotes[0].text


def test_an_outlet_named_news_still_speaks() -> None:
    quotes = _with(_speech("NBC News reported Wednesday that the mayor has made 32 visits to the site."), "32 visits")
    assert quotes and (quotes[0].speaker or "").startswith("NBC")


def test_a_speech_verb_in_a_condition_reports_nothing() -> None:
    text = "The governor is cornered.\nIf the governor concludes that he can win, he will call an early election."
    assert not _with(_speech(text), "he can win")


def test_a_pronoun_subject_may_be_the_speaker_again() -> None:
    text = "Julie Mason covered the campaign for years. So she toughened up, she said, and advises others to do the same."
    quotes = _with(_speech(text), "she toughened up")
    assert quotes and quotes[0].speaker == "Julie Mason"


def test_a_medium_after_a_named_speaker_adds_no_second_speaker() -> None:
    for text in ("Mayor Tom Ames spoke on Sunday. Ames said the harbour would reopen in May, the Harbour Gazette reported.",
                 "Mayor Tom Ames spoke on Sunday. \u201cThe harbour will reopen in May,\u201d Ames said, the Harbour Gazette "
                 "reported."):
        quotes = _with(_speech(text), "reopen in May")
        assert [q.speaker for q in quotes] == ["Tom Ames"], (text, [(q.speaker, q.text) for q in quotes])

"""What a compact answer shows first: a person's key quotes, a timeline spread over its range (bot/query/featured.py)."""
from __future__ import annotations

from bot import models as m
from bot.query import featured


def _quote(text: str, *, direct: bool = True, sources: int = 1, article: str = "a", date: str = "2025-03-01") -> m.Quote:
    return m.Quote(speaker="Ann Lee", text=text, direct=direct, date=date, article_id=article,
                   sources=[article] + [f"{article}{k}" for k in range(1, sources)])


WORDS = ("envoys", "ministers", "generals", "aides", "lawyers", "diplomats", "mediators", "observers", "delegates",
         "advisers", "officials", "negotiators", "experts", "leaders", "senators", "deputies", "reporters", "monitors",
         "engineers", "bankers", "judges", "governors", "mayors", "clerics", "scholars", "veterans", "nurses",
         "pilots", "sailors", "farmers")


def _told(k: int, where: str) -> str:
    """A sentence of its own for the ``k``-th event: different words, not the same event told twice."""
    return f"{WORDS[k % len(WORDS)].capitalize()} and {WORDS[(k * 7 + 3) % len(WORDS)]} met in {where} (round {k})."


def _event(date: str, text: str, *, sources: int = 1, precision: str = "day", published: str | None = None,
           people: tuple[str, ...] = ("Ann Lee",)) -> m.Event:
    ids = [f"{date}-{k}" for k in range(sources)]
    return m.Event(date=date, precision=precision, text=text, people=list(people), sources=ids,
                   citations=[m.Citation(article_id=i, title="t", published=published or date[:10]) for i in ids])


WHOLE = "The ceasefire has to cover the whole front line and every port, or it will not hold at all."


def test_key_quotes_prefer_whole_words_several_outlets_carried_over_fragments():
    quotes = [
        _quote("doesn't say no", sources=3),  # a fragment, however widely carried
        _quote("we will see what happens next week in the talks", direct=False, article="b"),
        _quote(WHOLE, sources=2, article="c"),
        _quote("The ceasefire has to cover the whole front line and every port, or it will not hold.", article="d"),
        _quote("Our delegation is ready to travel to Istanbul on Monday for the next round.", article="e"),
    ]
    chosen = featured.key_quotes(quotes, 3)
    assert chosen[0] == 2 and 4 in chosen
    assert 3 not in chosen  # the same statement again, from another article
    assert 0 not in chosen[:2]
    assert featured.key_quotes(quotes[:2], 3) == [1, 0] or sorted(featured.key_quotes(quotes[:2], 3)) == [0, 1]


def test_quotes_for_a_topic_keep_the_ranking_but_a_whole_statement_beats_a_fragment_just_above_it():
    quotes = [_quote("Something else."), _quote(WHOLE), _quote(WHOLE.replace("at all", "for long")),
              _quote("Our delegation is ready to travel to Istanbul on Monday for the next round."),
              _quote("Talks about the ports will resume in Geneva after the holiday, the envoys agreed today.")]
    assert featured.ranked_quotes(quotes, [0, 1, 2, 3, 4], 2) == [1, 3]  # the fragment gives way; no repeat
    assert featured.ranked_quotes(quotes, [4, 3, 1, 2, 0], 2) == [4, 3]  # otherwise the ranking decides
    assert featured.ranked_quotes(quotes[:2], [1, 0], 5) == [1, 0]  # no more than asked for: all, in rank order


def test_a_timeline_is_spread_over_the_range_asked_for():
    busy = [_event(f"2025-03-{d:02d}", _told(d, "Riyadh"), sources=3) for d in range(1, 29)]
    quiet = [_event("2025-07-14", "Negotiators held a single round of talks in Geneva that summer week."),
             _event("2025-11-20", "The draft plan of twenty-eight points leaked to the press in November.")]
    events = sorted(busy + quiet, key=lambda e: e.date)
    chosen = featured.timeline(events, 6, "2025-01-01", "2025-12-31")
    dates = {events[i].date for i in chosen}
    assert len(chosen) == 6 and {"2025-07-14", "2025-11-20"} <= dates  # the quiet months are not drowned out
    assert len(featured.timeline(events, 40)) == len(events)  # fewer than asked for: all of them


def test_history_told_in_a_recap_gives_way_to_the_news():
    news = [_event(f"2026-02-{d:02d}", _told(d, "Abu Dhabi"), sources=2) for d in range(1, 21)]
    history = [_event("1917-02", "Commentators drew parallels with the crisis of the imperial army in 1917.",
                      precision="month", published="2026-02-10"),
               _event("2014", "Moscow annexed Crimea in a move most of the world never recognised.",
                      precision="year", published="2026-02-10")]
    events = history + news
    chosen = featured.timeline(events, 8)
    assert not {0, 1} & set(chosen)
    assert len({events[i].date for i in chosen}) == 8


def test_one_event_told_twice_with_two_dates_is_featured_once():
    text = "Trump said later on Tuesday that Putin had kept his word on the energy ceasefire."
    events = [_event("2026-02-01", text), _event("2026-02-03", text)] + [
        _event(f"2026-02-{d:02d}", _told(d, "Abu Dhabi")) for d in range(4, 12)]
    chosen = featured.timeline(events, 5)
    assert len({0, 1} & set(chosen)) <= 1


def test_how_many_a_compact_answer_shows_is_data():
    assert [featured.shown(k) for k in ("statements", "quotes", "results")] == [3, 5, 5]
    assert 10 <= featured.shown("events") <= 15

"""Article text cannot make a link, a mention or a timestamp on Discord or on Slack.

A corpus written to attack both renderers (masked links, Discord tokens,
Slack control sequences, broadcast words, bare addresses, an article whose
``url:`` header is ``!channel``, ``javascript:`` or has a space in it, a
title made to close or forge link markup) is indexed, asked with
search, quote, who, timeline, sources and questions, and every string of
every page, as sent, is read with ``live_markup`` (each platform's markup
rules). Nothing may be live but our own citation links; the words, the
search highlights and those links still render.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from live_markup import discord_live, discord_shown, slack_live, slack_shown

from adapters.discord.render import clean
from adapters.layout.markup import link_target
from adapters.discord.render import render as discord_render
from adapters.slack.mrkdwn import escape
from adapters.slack.render import render as slack_render
from bot import Newsdesk
from bot import models as m

OUR_URL = "https://news.example/articles/bridge-1"

HOSTILE = {
    "001_hostile.txt": (
        "title: Breaking [the link](https://evil.example/1) at <t:1:R> for <@123> <!channel> @everyone\n"
        "outlet: <https://evil.example/o|Test Wire> @here\n"
        "published: 2026-02-02\n"
        f"url: {OUR_URL}\n---\n"
        "TESTVILLE (Test Wire) - Mayor John Smith spoke about the new bridge on Monday, 2 February 2026, "
        "at <t:1:R>, see [the link](https://evil.example/2).\n\n"
        '"We will finish the bridge for @everyone, <@123>, <!channel>, <!here> and <#C123>, see '
        '[the **link**](https://evil.example/3) and <https://evil.example/4|click here>," Mayor John Smith said.\n\n'
        "Smith said the bridge at https://evil.example/5 would open on March 3, 2026, </ban:1> <@&9> <a:x:1> "
        "<@U0123ABC> <!subteam^S1> <t:1700000000:F> ||spoiler|| and <https://evil.example/6>.\n\n"
        "On February 1, 2026, Smith visited the bridge with [engineer Ann Lee](https://evil.example/7) @here.\n"
    ),
    "002_channel_url.txt": (
        "title: Bridge <!channel> update\noutlet: Wire\npublished: 2026-02-03\nurl: !channel\n---\n"
        "Mayor John Smith said the bridge would open on March 3, 2026, and that the toll would be low.\n"
    ),
    "003_script_url.txt": (
        "title: Bridge toll <@U999> \\\noutlet: Wire\npublished: 2026-02-04\nurl: javascript:alert(1)|<!here>\n---\n"
        "Mayor John Smith said the bridge toll would be two dollars, \\[x](https://evil.example/8).\n"
    ),    # a title that tries to close our link markup or open its own; an address with a space in it
    "004_forged_title.txt": (
        "title: Bridge> |<https://evil.example/9|x> ](https://evil.example/10) @everyone <@U123> [a|b]\n"
        "outlet: Wire] (https://evil.example/11) <!here>\npublished: 2026-02-05\n"
        "url: https://news.example/bridge 2|<!channel>\n---\n"
        'Mayor John Smith said on February 5, 2026, that the bridge would carry trams. "The bridge will carry '
        'trams by March," Smith said.\n'
    ),
}

COMMANDS = [
    "/search bridge", "/search link", "/search evil", "/quote bridge", "/quote toll", "/who Smith", "/who Ann Lee",
    "/timeline bridge", "/sources", "What will Smith finish?", "When will the bridge open?",
    "What did Smith say about the toll?",
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile_markup")
    (root / "corpus").mkdir()
    for name, text in HOSTILE.items():
        (root / "corpus" / name).write_text(text, encoding="utf-8")
    desk = Newsdesk(corpus=root / "corpus", db=root / "index.sqlite")
    desk.index()
    yield desk
    desk.close()


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def discord_strings(answer) -> list[str]:
    return _strings([page.to_dict() for page in discord_render(answer)])


def slack_strings(answer) -> list[str]:
    rendered = slack_render(answer)
    return _strings([block.to_dict() for block in rendered.head + rendered.brief + rendered.items]) + [rendered.fallback]


def live_on(platform: str, strings: list[str]) -> dict[str, list[str]]:
    read = discord_live if platform == "discord" else slack_live
    found: dict[str, list[str]] = {"links": [], "mentions": [], "timestamps": []}
    for text in strings:
        for kind, items in read(text).items():
            found[kind] += items
    return found


@pytest.mark.parametrize("platform", ["discord", "slack"])
@pytest.mark.parametrize("command", COMMANDS)
def test_article_text_makes_no_link_mention_or_timestamp(hostile, platform, command):
    answer = hostile.ask(command)
    assert answer.kind != "error", answer
    strings = discord_strings(answer) if platform == "discord" else slack_strings(answer)
    live = live_on(platform, strings)
    assert live["mentions"] == [] and live["timestamps"] == [], (command, live)
    assert set(live["links"]) <= {OUR_URL}, (command, live["links"])
    shown = "\n".join(strings)
    assert "@everyone" not in shown and "@here" not in shown and "<@123>" not in shown and "<t:1:R>" not in shown
    assert platform == "discord" or "<!channel>" not in shown  # Slack's broadcast; plain text on Discord


@pytest.mark.parametrize("platform", ["discord", "slack"])
def test_normal_text_highlights_and_our_citation_links_still_render(hostile, platform):
    render_strings = discord_strings if platform == "discord" else slack_strings
    search = "\n".join(render_strings(hostile.ask("/search bridge")))
    assert ("**bridge**" if platform == "discord" else "*bridge*") in search  # the match is bold
    assert "Mayor John Smith spoke about the new" in search
    who = "\n".join(render_strings(hostile.ask("/who Smith")))
    assert "John Smith" in who and "We will finish the bridge for" in who and "Mayor" in who
    answer = hostile.ask("What will Smith finish?")
    assert any(c.url == OUR_URL for c in answer.citations), answer
    live = live_on(platform, render_strings(answer))
    assert live["links"] == [OUR_URL], live  # our citation is a link, to the article, once
    for command in ("/who Smith", "/quote bridge", "/timeline bridge", "/search bridge", "/sources"):
        live = live_on(platform, render_strings(hostile.ask(command)))
        assert OUR_URL in live["links"] and set(live["links"]) == {OUR_URL}, (command, live)  # sources are links


@pytest.mark.parametrize("platform", ["discord", "slack"])
def test_a_citation_address_that_is_no_web_address_links_nothing(hostile, platform):
    answers = [hostile.ask(q) for q in ("When will the bridge open?", "What did Smith say about the toll?")]
    urls = {c.url for a in answers for c in getattr(a, "citations", [])}
    assert {"!channel", "javascript:alert(1)|<!here>"} & urls, urls  # the headers did reach the answers
    for answer in answers:
        strings = discord_strings(answer) if platform == "discord" else slack_strings(answer)
        live = live_on(platform, strings)
        assert set(live["links"]) <= {OUR_URL} and not live["mentions"], live


# Pieces an attacker would put together; the core marks search matches **like this**.
_PIECES = st.sampled_from([
    "[", "]", "(", ")", "<", ">", "|", "!", "@", "#", "&", ":", "/", "\\", "*", "**", "_", "~", "`", " ", "\n",
    "t:1:R", "t:", "@123", "123", "here", "everyone", "channel", "https://evil.example/x", "https:", "//",
    "evil.example", "the link", "a:", "id:", "U0123", "C1", "!date^1^{date}|x", "subteam^S1",
])
_HOSTILE_TEXT = st.lists(_PIECES, max_size=24).map("".join)


def _answers(text: str, snippet: str, url: str = OUR_URL) -> list:
    """Every answer kind that names articles, with ``text`` wherever article text goes and ``url`` as an
    article's address (ours, or one made of hostile pieces too)."""
    cited = [m.Citation(article_id="a1", title=text or "t", outlet=text or None, published=text[:10] or None,
                        url=url),
             m.Citation(article_id="a2", title=text[::-1] or "u", outlet=None, url=OUR_URL)]
    quote = m.Quote(speaker=text[:40] or None, speaker_role=text[:20] or None, text=text or "x", direct=True,
                    article_id="a1", sources=["a1", "a2"], citations=cited)
    event = m.Event(date="2026-01-01", precision="day", text=text or "x", sources=["a1", "a2"], citations=cited)
    return [
        m.SearchAnswer(query=text, results=[m.SearchHit(article_id="a1", title=text or "t", snippet=snippet,
                                                        outlet=text or None, url=url)] * 7, featured=[0, 1]),
        m.QuotesAnswer(query=text, quotes=[quote] * 7, featured=[6, 0]),
        m.PersonAnswer(person=m.Person(name=text or "n", aliases=[text], roles=[text], affiliation=text or None,
                                       articles=["a1", "a2"], quotes=[quote] * 5, related=[text], citations=cited * 3,
                                       key_quotes=[2])),
        m.TextAnswer(text=text or "x", confident=True, evidence=[m.Evidence(text=text or "x", article_ids=["a1"])],
                     citations=cited),
        m.TimelineAnswer(query=text, events=[event] * 20, featured=[19, 3]),
        m.SourcesAnswer(articles=[m.Source(article_id="a1", title=text or "t", outlet=text or None, story="a1",
                                           url=url)]),
    ]


@settings(max_examples=150, deadline=None)
@given(text=_HOSTILE_TEXT, other=_HOSTILE_TEXT, url=st.one_of(st.just(OUR_URL), _HOSTILE_TEXT,
                                                             _HOSTILE_TEXT.map(lambda t: OUR_URL + t)))
def test_no_arrangement_of_hostile_pieces_goes_live(text, other, url):
    """Titles, outlets and addresses of hostile pieces: the only links are to web addresses we were given, and
    each stays one link (a piece of a title or an address never closes it and opens another)."""
    snippet = f"{text}**{other.replace('*', '') or 'w'}**{text}"
    allowed = {OUR_URL, link_target(url)}
    for answer in _answers(text, snippet, url):
        for platform, strings in (("discord", discord_strings(answer)), ("slack", slack_strings(answer))):
            live = live_on(platform, strings)
            assert not live["mentions"] and not live["timestamps"], (platform, live, text, other, url)
            targets = {_unescaped(link) if platform == "slack" else link for link in live["links"]}
            assert targets <= allowed, (platform, live, text, other, url)


def _unescaped(target: str) -> str:
    """A Slack link target as Slack follows it: its entities read."""
    return target.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@settings(max_examples=300, deadline=None)
@given(text=_HOSTILE_TEXT)
def test_escaped_text_reads_as_written(text):
    """Escaping changes what the platform does with the text, never what the reader sees."""
    if "`" not in text:  # a backtick pair is a code span on Discord: shown, but its escapes with it
        assert discord_shown(clean(text)) == text
    assert slack_shown(escape(text)) == text

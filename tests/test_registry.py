"""The command registry: well-formed declarations, and answer kinds that are the ones each command returns."""
from __future__ import annotations

import pytest

from bot import models
from bot.commands.registry import BY_NAME, COMMANDS, QUESTION_KINDS
from bot.commands.spec import Command, Param, Subcommand


# Texts that, together, get every kind of answer each command declares (seeds corpus, no caller).
ASKED = {
    "who": ["/who Witkoff", "/who Vladimir", "/who Nobody Atall", "/who"],
    "quote": ["/quote conditions", "/quote by: Vladimir", "/quote zzzz", "/quote"],
    "timeline": ["/timeline Anchorage", "/timeline zzzz", "/timeline from: someday"],
    "search": ["/search Abu Dhabi", "/search zzzz", "/search"],
    "sources": ["/sources", "/sources by: x"],
    "digest": ["/digest list", "/digest now", "/digest frobnicate"],
    "help": ["/help", "/help by: x"],
    None: ["What did Merz announce on January 16?", ""],
}


# Commands whose answers need a web site: asked of a fresh index that may fetch from the loopback site
# (tests/feed_server.py); "{site}" is its address.
LIVE = {
    "feed": ["/feed list", "/feed add {site}/rss.xml", "/feed remove 1", "/feed frobnicate", "/feed add {site}/none"],
    "add": ["/add {site}/story.html", "/add", "/add ftp://example.org/x"],
}


def test_every_command_is_exercised_here():
    assert set(ASKED) | set(LIVE) == set(BY_NAME) | {None}


@pytest.mark.parametrize("name", list(LIVE))
def test_live_source_answer_kinds_are_the_ones_returned(tmp_path, monkeypatch, name):
    from bot import Newsdesk
    from bot.commands.request import Caller
    from feed_server import Site
    from web_fixtures import page, rss, stories

    monkeypatch.setenv("NEWSDESK_FETCH_ALLOW_PRIVATE", "true")
    monkeypatch.setenv("NEWSDESK_FETCH_DELAY", "0")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    story = stories(1)[0]
    with Site() as site, Newsdesk(corpus=corpus, db=tmp_path / "i.sqlite") as nd:
        site.route("/story.html", page(story, site.url("/story.html")))
        site.route("/rss.xml", rss("Wire", site.url("/"), [(story, site.url("/story.html"), "s")]), "application/rss+xml")
        admin = Caller("slack", workspace="T1", channel="C1", user="U1", can_manage=True)
        returned = {nd.ask(text.format(site=site.url("")), admin).kind for text in LIVE[name]}
    assert returned == BY_NAME[name].answer_kinds


@pytest.mark.parametrize("name", list(ASKED), ids=lambda n: n or "question")
def test_answer_kinds_are_the_ones_returned(seeds_desk, name):
    declared = BY_NAME[name].answer_kinds if name else QUESTION_KINDS
    returned = {seeds_desk.ask(text).kind for text in ASKED[name]}
    assert returned == declared


def test_answer_kinds_are_model_kinds_and_include_error():
    kinds = {m.model_fields["kind"].default for m in vars(models).values()
             if isinstance(m, type) and issubclass(m, models.BaseModel) and "kind" in m.model_fields}
    for c in COMMANDS:
        assert c.answer_kinds <= kinds and "error" in c.answer_kinds, c.name  # the router may answer any with an error
    assert QUESTION_KINDS <= kinds


def test_digest_answers_only_the_asker_and_its_changes_need_rights():
    digest = BY_NAME["digest"]
    assert digest.audience == "asker" and {c.audience for c in COMMANDS if c is not digest} == {"everyone"}
    assert {s.name: s.rights for s in digest.subcommands} == {
        "subscribe": "manage digests", "list": None, "unsubscribe": "manage digests", "now": None}


def test_help_shows_the_registry_descriptions(ask):
    shown = {c["name"]: c["summary"] for c in ask("/help")["commands"]}
    assert all(shown[c.name] == c.description for c in COMMANDS)


@pytest.mark.parametrize("make, message", [
    (lambda: Param("x", "colour", "X."), "kind 'colour'"),
    (lambda: Param("x", "text", "X" * 101), "description of 101"),
    (lambda: Param("x", "choice", "X."), "choices go with kind 'choice'"),
    (lambda: Param("x", "text", "X.", autocomplete="place"), "autocomplete source 'place'"),
    (lambda: Subcommand("x", "X.", rights="admin"), "unknown rights 'admin'"),
    (lambda: Command("x", "X.", "/x", "/x", print, frozenset(), audience="team"), "audience 'team'"),
])
def test_a_bad_declaration_is_named(make, message):
    with pytest.raises(ValueError, match=message):
        make()

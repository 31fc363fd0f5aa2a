"""Live sources end to end on loopback: feeds in every format and article pages built from real corpus text,
added and polled with the real CLI, then read back through /sources and the index (tests/feed_server.py,
tests/web_fixtures.py)."""
from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from bot.cli import main
from bot.store.repository import Repository
from feed_server import Site
from web_fixtures import FURNITURE, atom, json_feed, page, rss, rss10, stories

STORIES = stories(12)


@pytest.fixture
def site():
    with Site() as s:
        s.route("/robots.txt", "User-agent: *\nDisallow: /members/\n", "text/plain")
        yield s


@pytest.fixture
def env(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    monkeypatch.setenv("NEWSDESK_CORPUS", str(corpus))
    monkeypatch.setenv("NEWSDESK_DB", str(tmp_path / "index.sqlite"))
    monkeypatch.setenv("NEWSDESK_FETCH_ALLOW_PRIVATE", "true")
    monkeypatch.setenv("NEWSDESK_FETCH_DELAY", "0")
    return tmp_path


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def publish(site: Site, story_indexes, prefix: str = "/news") -> list[tuple]:
    """Serve the pages of these stories; (story, link) pairs for a feed."""
    items = []
    for i in story_indexes:
        s = STORIES[i]
        path = f"{prefix}/{i}-{s.slug}.html"
        site.route(path, page(s, site.url(path)))
        items.append((s, site.url(path)))
    return items


def articles(env) -> dict[str, dict]:
    repo = Repository(env / "index.sqlite")
    try:
        return {r["url"]: dict(r) for r in repo.query("SELECT * FROM articles")}
    finally:
        repo.close()


def test_every_feed_format_is_added_polled_and_its_articles_are_in_sources(site, env, capsys):
    items = publish(site, range(8))
    site.route("/rss.xml", rss("Wire RSS", site.url("/"), [(s, link, f"tag:{i}") for i, (s, link) in enumerate(items[:2])]),
               "application/rss+xml")
    site.route("/atom.xml", atom("Wire Atom", site.url("/"), items[2:4]), "application/atom+xml")
    site.route("/feed.json", json_feed("Wire JSON", site.url("/"), items[4:6]), "application/feed+json")
    site.route("/rdf.xml", rss10("Wire RDF", site.url("/"), items[6:8]), "application/rdf+xml")
    for path in ("/rss.xml", "/atom.xml", "/feed.json", "/rdf.xml"):
        code, out, err = cli(capsys, "feeds", "add", site.url(path))
        assert code == 0, err
        assert "Following" in out

    code, out, err = cli(capsys, "feeds", "poll", "--once")
    assert code == 0, err
    assert "4 feeds polled, 8 new articles" in out

    code, out, _ = cli(capsys, "ask", "--json", "/sources")
    shown = {a["title"]: a for a in json.loads(out)["articles"]}
    stored = articles(env)
    for story, link in items:
        assert shown[story.title]["published"] == story.published.isoformat()
        assert shown[story.title]["outlet"] == story.outlet
        row = stored[link]
        assert row["title"] == story.title and row["source"] == "feed"
        assert story.paragraphs[1][:80] in row["text"]
        for furniture in FURNITURE:
            assert furniture.lower() not in row["text"].lower(), (furniture, link)
        assert "tracking pixel" not in row["text"]

    code, out, _ = cli(capsys, "feeds", "list")
    assert out.count(": ok, 2 articles; last success ") == 4


def test_a_second_poll_is_conditional_fetches_no_page_and_a_new_item_is_indexed_next(site, env, capsys):
    items = publish(site, range(3))
    site.route("/rss.xml", rss("Wire", site.url("/"), [(s, l, l) for s, l in items[:2]]), "application/rss+xml")
    assert cli(capsys, "feeds", "add", site.url("/rss.xml"))[0] == 0
    assert cli(capsys, "feeds", "poll", "--once")[0] == 0
    first = site.requests("/rss.xml")[-1]
    assert "newsdesk" in first.headers["user-agent"].lower()
    assert any(r.path == "/robots.txt" for r in site.requests())

    site.clear()
    code, out, _ = cli(capsys, "feeds", "poll", "--once")
    assert code == 0 and "not modified" in out
    again = site.requests()
    assert [r.path for r in again] == ["/rss.xml"]  # no page, no robots.txt
    assert again[0].headers["if-none-match"] == site.routes["/rss.xml"].etag
    assert again[0].headers["if-modified-since"] == site.routes["/rss.xml"].modified

    site.route("/rss.xml", rss("Wire", site.url("/"), [(s, l, l) for s, l in items]), "application/rss+xml")
    site.clear()
    code, out, _ = cli(capsys, "feeds", "poll", "--once")
    assert "1 new article" in out
    pages = [r.path for r in site.requests() if r.path.startswith("/news/")]
    assert pages == [items[2][1].split(str(site.port))[1]]  # only the new item's page
    assert set(articles(env)) == {link for _, link in items}


def test_an_unchanged_body_without_validators_costs_no_page(site, env, capsys):
    items = publish(site, range(2))
    site.route("/plain.xml", rss("Plain", site.url("/"), [(s, l, l) for s, l in items]), "application/rss+xml",
               conditional=False)
    cli(capsys, "feeds", "add", site.url("/plain.xml"))
    cli(capsys, "feeds", "poll", "--once")
    site.clear()
    code, out, _ = cli(capsys, "feeds", "poll", "--once")
    assert "unchanged" in out
    assert [r.path for r in site.requests()] == ["/plain.xml"]
    assert "if-none-match" not in site.requests()[0].headers


def test_broken_and_missing_feeds_are_refused_with_the_reason_and_good_feeds_go_on(site, env, capsys):
    items = publish(site, range(2))
    site.route("/good.xml", rss("Good", site.url("/"), [(s, l, l) for s, l in items]), "application/rss+xml")
    site.route("/broken.xml", "<rss><channel><title>Broken<item><title>x</titl", "application/rss+xml")
    site.route("/home.html", "<html><head><title>No feed</title></head><body><p>Hello</p></body></html>")
    assert cli(capsys, "feeds", "add", site.url("/good.xml"))[0] == 0
    code, _, err = cli(capsys, "feeds", "add", site.url("/missing.xml"))
    assert code == 2 and "HTTP 404" in err
    code, _, err = cli(capsys, "feeds", "add", site.url("/broken.xml"))
    assert code == 2 and "not a readable feed" in err
    code, _, err = cli(capsys, "feeds", "add", site.url("/home.html"))
    assert code == 2 and "advertises no feed" in err
    code, out, _ = cli(capsys, "feeds", "poll", "--once")
    assert code == 0 and "1 feed polled, 2 new articles" in out


def test_a_feed_that_breaks_later_is_shown_failing_then_gone_and_the_others_are_indexed(site, env, capsys):
    items = publish(site, range(4))
    site.route("/a.xml", rss("A", site.url("/"), [(s, l, l) for s, l in items[:2]]), "application/rss+xml")
    site.route("/b.xml", rss("B", site.url("/"), [(s, l, l) for s, l in items[2:]]), "application/rss+xml")
    cli(capsys, "feeds", "add", site.url("/a.xml"))
    cli(capsys, "feeds", "add", site.url("/b.xml"))
    site.route("/a.xml", "gone away", "text/plain", status=404)
    site.route("/b.xml", rss("B", site.url("/"), [(s, l, l) for s, l in items[2:]]) + "<<<", "application/rss+xml")
    code, out, err = cli(capsys, "feeds", "poll", "--once")
    assert code == 0 and "HTTP 404" in err
    assert "2 new articles" in out  # the feed with trailing garbage is still read
    code, out, _ = cli(capsys, "feeds", "list")
    assert "#1 A (" in out and ": failing; last error: HTTP 404; next poll" in out
    assert "#2 B (" in out and "feed read despite a problem" in out
    listed = json.loads(cli(capsys, "feeds", "list", "--json")[1])["feeds"]
    assert listed[0]["state"] == "failing" and listed[0]["last_error"] == "HTTP 404"

    site.route("/a.xml", "gone", "text/plain", status=410)
    cli(capsys, "feeds", "poll", "--once")
    listed = json.loads(cli(capsys, "feeds", "list", "--json")[1])["feeds"]
    assert listed[0]["state"] == "disabled" and "HTTP 410" in listed[0]["last_error"]
    site.clear()
    cli(capsys, "feeds", "poll", "--once")
    assert not site.requests("/a.xml")  # a gone feed is not polled again


def test_a_page_given_as_a_feed_is_followed_through_the_feed_it_advertises(site, env, capsys):
    items = publish(site, range(2))
    site.route("/feeds/all.atom", atom("Site", site.url("/"), items), "application/atom+xml")
    site.route("/", page(STORIES[5], site.url("/"), feed_links=("/feeds/all.atom",)))
    code, out, err = cli(capsys, "feeds", "add", site.url("/"))
    assert code == 0, err
    listed = json.loads(cli(capsys, "feeds", "list", "--json")[1])["feeds"]
    assert [f["url"] for f in listed] == [site.url("/feeds/all.atom")]


def test_a_permanent_redirect_moves_the_feed_and_a_temporary_one_does_not(site, env, capsys):
    items = publish(site, range(1))
    site.route("/new.xml", rss("Moved", site.url("/"), [(s, l, l) for s, l in items]), "application/rss+xml")
    site.route("/tmp.xml", rss("Temp", site.url("/"), [(s, l, l) for s, l in items]), "application/rss+xml")
    site.route("/old.xml", rss("Old", site.url("/"), []), "application/rss+xml")
    site.route("/hop.xml", rss("Hop", site.url("/"), []), "application/rss+xml")
    cli(capsys, "feeds", "add", site.url("/old.xml"))
    cli(capsys, "feeds", "add", site.url("/hop.xml"))
    site.special("/old.xml", "redirect", to="/new.xml", status=308)
    site.special("/hop.xml", "redirect", to="/tmp.xml", status=302)
    cli(capsys, "feeds", "poll", "--once")
    urls = [f["url"] for f in json.loads(cli(capsys, "feeds", "list", "--json")[1])["feeds"]]
    assert urls == [site.url("/new.xml"), site.url("/hop.xml")]
    assert len(articles(env)) == 1  # one article reached by both feeds


def test_one_article_reached_twice_is_indexed_once(site, env, capsys):
    items = publish(site, range(3))
    (s0, l0), (s1, l1), (s2, l2) = items
    site.route("/one.xml", rss("One", site.url("/"), [(s0, l0, "g0"), (s1, l1, "g1")]), "application/rss+xml")
    site.route("/two.xml", rss("Two", site.url("/"), [(s0, l0 + "?utm_source=two&utm_medium=rss", "x0"),
                                                      (s1, l1 + "?fbclid=abc#comments", "x1")]), "application/rss+xml")
    cli(capsys, "feeds", "add", site.url("/one.xml"))
    cli(capsys, "feeds", "add", site.url("/two.xml"))
    code, out, _ = cli(capsys, "feeds", "poll", "--once")
    assert "2 new articles" in out
    # the publisher changes the guids, and the same text appears under another URL
    site.route("/copy.html", page(s1, site.url("/copy.html")))
    site.route("/one.xml", rss("One", site.url("/"), [(s0, l0, "new-g0"), (s1, site.url("/copy.html"), "new-g1"),
                                                      (s2, l2, "g2")]), "application/rss+xml")
    code, out, _ = cli(capsys, "feeds", "poll", "--once")
    assert "1 new article" in out
    assert sorted(articles(env)) == sorted([l0, l1, l2])


def test_a_new_feed_backlog_is_knowledge_not_news(site, env, capsys):
    items = publish(site, range(4))
    site.route("/rss.xml", rss("Wire", site.url("/"), [(s, l, l) for s, l in items[:2]]), "application/rss+xml")
    cli(capsys, "feeds", "add", site.url("/rss.xml"))
    cli(capsys, "feeds", "poll", "--once")
    # later: an item published now, and an old one the feed only lists now (backlog too)
    fresh = replace(items[2][0], at=datetime.now(timezone.utc) + timedelta(minutes=5))
    site.route("/rss.xml", rss("Wire", site.url("/"), [(s, l, l) for s, l in items[:2]]
                               + [(fresh, items[2][1], "fresh"), (items[3][0], items[3][1], "old")]),
               "application/rss+xml")
    before = time.time()
    cli(capsys, "feeds", "poll", "--once")
    repo = Repository(env / "index.sqlite")
    seen = {r["url"]: r["first_seen"] for r in repo.query(
        "SELECT a.url, l.first_seen FROM article_log l JOIN articles a ON a.id = l.article_id")}
    repo.close()
    for story, link in (items[0], items[1], items[3]):  # the backlog counts from its publication, years ago:
        assert seen[link] == story.moment.timestamp()  # in no digest window
    assert seen[items[2][1]] >= before  # an item published after the feed was added is news


def test_newsdesk_add_indexes_a_pasted_page_and_names_it(site, env, capsys):
    story = STORIES[3]
    site.route("/story.html", page(story, site.url("/story.html")))
    code, out, err = cli(capsys, "add", site.url("/story.html") + "?utm_campaign=share")
    assert code == 0, err
    assert f"Indexed: {story.title} — {story.outlet}, {story.published.isoformat()}" in out
    code, out, _ = cli(capsys, "add", site.url("/story.html"))
    assert code == 0 and out.startswith("Already indexed:")
    row = articles(env)[site.url("/story.html")]
    assert row["source"] == "page" and row["published"] == story.published.isoformat()
    code, out, _ = cli(capsys, "ask", "--json", "/sources")
    assert [a["title"] for a in json.loads(out)["articles"]] == [story.title]


def test_a_page_without_its_own_title_and_date_takes_the_feeds(site, env, capsys):
    story = STORIES[4]
    site.route("/bare.html", page(story, site.url("/bare.html"), dated=False, titled=False, site="Bare Site"))
    site.route("/rss.xml", rss("Wire", site.url("/"), [(story, site.url("/bare.html"), "b")]), "application/rss+xml")
    cli(capsys, "feeds", "add", site.url("/rss.xml"))
    cli(capsys, "feeds", "poll", "--once")
    row = articles(env)[site.url("/bare.html")]
    assert (row["title"], row["published"], row["outlet"]) == (story.title, story.published.isoformat(), "Bare Site")


def test_robots_txt_keeps_a_page_out_and_the_feed_text_stands_in(site, env, capsys):
    story = STORIES[0]
    site.route("/members/1.html", page(story, site.url("/members/1.html")))
    body = rss("Members", site.url("/"), [(story, site.url("/members/1.html"), "m1")], summary_paragraphs=8)
    site.route("/members.xml", body, "application/rss+xml")
    cli(capsys, "feeds", "add", site.url("/members.xml"))
    cli(capsys, "feeds", "poll", "--once")
    assert not site.requests("/members/1.html")
    row = articles(env)[site.url("/members/1.html")]
    assert story.paragraphs[2][:60] in row["text"] and row["title"] == story.title


def test_folder_indexing_leaves_feed_articles_alone(site, env, capsys):
    items = publish(site, range(1))
    site.route("/rss.xml", rss("Wire", site.url("/"), [(s, l, l) for s, l in items]), "application/rss+xml")
    cli(capsys, "feeds", "add", site.url("/rss.xml"))
    cli(capsys, "feeds", "poll", "--once")
    (env / "corpus" / "note.txt").write_text("title: A note\npublished: 2025-03-01\n---\n"
                                             + " ".join(STORIES[6].paragraphs), encoding="utf-8")
    code, out, _ = cli(capsys, "index")
    assert code == 0 and "1 added" in out and "0 removed" in out
    assert set(articles(env)) == {items[0][1], None}
    (env / "corpus" / "note.txt").unlink()
    code, out, _ = cli(capsys, "index")
    assert "1 removed" in out and set(articles(env)) == {items[0][1]}

"""Reading and cleaning articles: headers, furniture, datelines, bad files."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.ingest.clean import clean
from bot.ingest.files import Article, UnreadableArticle, iter_corpus, read_article, split_header

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = Path(__file__).resolve().parents[2] / "shared"
UKRAINE_TALKS = SHARED / "corpus" / "ukraine_talks"
CASES = yaml.safe_load((Path(__file__).with_name("cases") / "cleaning.yaml").read_text(encoding="utf-8"))["cases"]


def seed(prefix: str) -> Article:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return read_article(path)


# --- cleaning cases kept as data ---------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_cleaning_case(case: dict) -> None:
    result = clean(case["input"], title_hint=case.get("title_hint"))
    for text in case.get("kept", []):
        assert text in result.text
    for text in case.get("dropped", []):
        assert text not in result.text
    if "starts_with" in case:
        assert result.text.startswith(case["starts_with"])
    for field in ("title", "outlet", "place"):
        if field in case:
            assert getattr(result, field) == case[field]
    if "published" in case:
        assert result.published == case["published"]


def test_removed_lines_are_recorded() -> None:
    result = clean("Headline Here\nSubscribe\nMOSCOW (Sputnik) - Body text follows here.\n")
    assert result.removed == ("Headline Here", "Subscribe", "MOSCOW (Sputnik) -")


# --- headers ---------------------------------------------------------------------------


def test_header_block_is_split_from_body() -> None:
    header, body = split_header("title: T\noutlet: O\npublished: 2025-05-21\nurl: https://x.example/a\n---\nBody.\n")
    assert header == {"title": "T", "outlet": "O", "published": "2025-05-21", "url": "https://x.example/a"}
    assert body == "Body.\n"


def test_front_matter_header_is_split_from_body() -> None:
    header, body = split_header("---\ntitle: T\n---\nBody.")
    assert header == {"title": "T"} and body == "Body."


def test_key_value_lines_without_closing_rule_are_body() -> None:
    text = "Updated: 12 May 2025\nThe body starts here.\n"
    assert split_header(text) == ({}, text)


def test_header_fields_become_article_metadata(tmp_path: Path) -> None:
    path = tmp_path / "wire-42.txt"
    path.write_text(
        "title: Harbour talks resume\noutlet: Example Wire\npublished: 2025-05-21\n"
        "url: https://example.org/a\n---\ndate 2024-01-01 Old stamp\n"
        "VALDORA (Reuters) - Talks on the harbour resumed on Tuesday.\n",
        encoding="utf-8",
    )
    article = read_article(path)
    assert article.id == "wire-42"
    assert article.title == "Harbour talks resume"
    assert article.outlet == "Example Wire"  # the header wins over the dateline
    assert article.url == "https://example.org/a"
    assert (article.published, article.published_source) == (date(2025, 5, 21), "header")
    assert article.text == "Talks on the harbour resumed on Tuesday."
    assert len(article.content_hash) == 64


def test_unknown_header_date_falls_back_to_text(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("title: T\npublished: unknown\n---\n08:05 GMT 14.02.2025\nBody sentence.\n", encoding="utf-8")
    article = read_article(path)
    assert (article.published, article.published_source) == (date(2025, 2, 14), "text")


def test_no_date_anywhere(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("The council met. It agreed nothing.\n", encoding="utf-8")
    article = read_article(path)
    assert (article.published, article.published_source) == (None, None)
    assert article.title == "The council met."  # no header title and no headline: the first sentence


def test_a_long_first_sentence_makes_a_short_title(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_text("The council " + "met again and " * 20 + "agreed nothing. Then it left.\n", encoding="utf-8")
    title = read_article(path).title
    assert title.startswith("The council met again") and title.endswith("…") and len(title) <= 101


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffThe council met. It agreed nothing.\n".encode("utf-8"))
    assert read_article(path).text == "The council met. It agreed nothing."


# --- seeds -----------------------------------------------------------------------------


def test_seed_000_sputnik() -> None:
    article = seed("000")
    assert article.outlet == "Sputnik"
    assert (article.published, article.published_source) == (date(2026, 1, 24), "text")
    assert article.title.startswith("Russia Has Not Rejected Talks With Ukraine")
    assert article.text.startswith("Russia has never rejected talks")
    for furniture in ("Subscribe", "mediabank", "©", "GMT", "(Sputnik)", "date 2026"):
        assert furniture not in article.text
    assert '"We have never refused to negotiate with Ukraine' in article.text


def test_seed_003_breadcrumbs_and_translation_notice() -> None:
    article = seed("003")
    assert article.title == (
        "Important negotiations: how Russia and the United States approach a new meeting between Putin and Witkoff"
    )
    assert article.text.startswith("US Special Envoy Steve Witkoff")
    assert "Статьи" not in article.text and "- World" not in article.text
    assert "Яндекс" not in article.text and "Переведено" not in article.text
    assert "Important negotiations" not in article.text
    # dash-led quotation paragraphs are content
    assert "— I personally hope that Witkoff will explain" in article.text
    assert "— We are currently working in the \"Anchorage atmosphere\"" in article.text


def test_seed_bodies_keep_every_sentence_line() -> None:
    for prefix, first in (("001", "On February 24, 2022"), ("002", "Russia is not negotiating"), ("004", "Russia has never renounced")):
        article = seed(prefix)
        assert article.text.startswith(first)
        body_lines = [line.strip() for line in article.path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
        if prefix == "002":  # no headline line: every line is body
            body_lines.insert(0, article.path.read_text(encoding="utf-8").splitlines()[0].strip())
        assert all(line in article.text for line in body_lines)


def test_seed_titles() -> None:
    assert seed("001").title == "Russia’s Diplomatic Push for Ukraine Settlement Amid Ongoing Military Actions"
    assert seed("004").title == "Russia reaffirms intention to negotiate peace with Ukraine"


def test_iter_corpus_lists_articles_sorted(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", "README.md", ".hidden.txt", "c.json"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.txt").write_text("x", encoding="utf-8")
    assert [p.name for p in iter_corpus(tmp_path)] == ["a.md", "b.txt"]
    assert [p.name[:3] for p in iter_corpus(SEEDS)] == ["000", "001", "002", "003", "004"]


# --- unreadable files ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Caf\u00e9 talks in Z\u00fcrich went well.".encode("latin-1"), "not UTF-8"),
        ("Talks".encode("utf-16"), "UTF-16"),
        (b"", "empty"),
        (b" \n\t\r\n  ", "empty"),
        ("Subscribe\nRead more\n\u00a9 Example / POOL\n".encode("utf-8"), "no article text"),
    ],
    ids=["binary", "latin-1", "utf-16", "empty", "whitespace", "only-furniture"],
)
def test_unreadable_files_are_reported(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(UnreadableArticle) as caught:
        read_article(path)
    assert reason in caught.value.reason
    assert caught.value.path == path
    assert "bad.txt" in str(caught.value)


# --- the real corpus (read in place, never copied) -------------------------------------

needs_corpus = pytest.mark.skipif(not UKRAINE_TALKS.is_dir(), reason="shared corpus not present")


@needs_corpus
def test_ukraine_talks_header_dates() -> None:
    paths = iter_corpus(UKRAINE_TALKS)
    assert len(paths) == 59  # README.md is not an article
    for path in paths:
        article = read_article(path)
        stamp = path.name.split("_")[1]
        if stamp == "undated":
            assert article.published is None
        else:
            assert article.published == date.fromisoformat(stamp)
            assert article.published_source == "header"
        assert article.text and article.title


@needs_corpus
def test_ukraine_talks_datelines_and_credits() -> None:
    by_number = {p.name[:2]: read_article(p) for p in iter_corpus(UKRAINE_TALKS)}
    assert by_number["10"].text.startswith("In a dramatic shift")  # "UNITED NATIONS (AP) — " gone
    assert by_number["30"].text.startswith('The "truce-and-see" approach')  # "YEREVAN, May 21. /TASS/. " gone
    assert "Reporting by" not in by_number["08"].text
    assert "enable JavaScript" not in by_number["37"].text
    assert len(by_number["37"].text) > 5000  # a collapsed article is not lost to one notice


# --- the outlet an article speaks for, from its text ------------------------------------


@pytest.mark.parametrize("text, outlet", [
    # its own reporters are told things, again and again
    ("Peskov told Izvestia the talks would go on. The Kremlin confirmed to Izvestia that they would. "
     "Izvestia found out that a date was set.", "Izvestia"),
    ("The envoy told the TASS news agency nothing. An aide told TASS more. Another told TASS all.", "TASS"),
    # citing what someone told another outlet, once or twice, names no outlet
    ("Zelenskiy told Reuters on Friday that he wanted minerals. He told Reuters so again.", None),
    # two outlets told things: whose article it is stays open
    ("He told Axios one thing. She told Axios another. They told Axios a third. He told Reuters a fourth.", None),
    # an outlet named as a source, not as the one told, is no cue; a person is never an outlet
    ("According to Reuters, the talks failed. Reuters reported it. He told Putin. He told Putin again. "
     "He told Putin thrice.", None),
])
def test_the_outlet_told_things_is_the_articles(text: str, outlet: str | None) -> None:
    from bot.ingest.dateline import named_outlet

    assert named_outlet(text) == outlet


def test_a_seed_without_header_or_dateline_is_named_by_the_outlet_its_sources_told() -> None:
    assert seed("003").outlet == "Izvestia"  # "told Izvestia" five times, "confirmed to Izvestia", "Izvestia found out"
    assert seed("000").outlet == "Sputnik"  # the dateline
    assert [seed(p).outlet for p in ("001", "002", "004")] == [None, None, None]  # nothing in them says


@needs_corpus
def test_the_outlet_read_from_the_text_never_contradicts_a_header() -> None:
    """On 59 articles whose header names the outlet, the text either names the same one or none."""
    from bot.ingest.dateline import named_outlet

    for path in iter_corpus(UKRAINE_TALKS):
        article = read_article(path)
        found = named_outlet(article.text)
        assert found is None or found in article.outlet, (path.name, found, article.outlet)

"""The command line as a user runs it: ask --json, piped chat, extract, index."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, SEEDS


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    e = dict(os.environ)
    e["NEWSDESK_DB"] = str(tmp_path_factory.mktemp("cli") / "index.sqlite")
    e["NEWSDESK_CORPUS"] = str(SEEDS)
    return e


def run(env, *args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True,
        timeout=300,
    )


def test_ask_json_indexes_first_and_prints_the_model(env):
    out = run(env, "ask", "--json", "/who Witkoff")
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["kind"] == "person" and answer["person"]["name"] == "Steve Witkoff"


def test_ask_text_and_error_exit_code(env):
    out = run(env, "ask", "/who", "Witkoff")
    assert out.returncode == 0 and "Steve Witkoff" in out.stdout
    bad = run(env, "ask", "/nonsense")
    assert bad.returncode == 1 and "Unknown command" in bad.stdout


def test_ask_is_compact_and_all_prints_all_of_it(env):
    compact = run(env, "ask", "/quote", "by:Polishchuk")
    assert compact.returncode == 0 and compact.stdout.rstrip().splitlines()[-1].endswith(
        "more quotes (ask --all shows them all)")
    full = run(env, "ask", "--all", "/quote", "by:Polishchuk")
    every = json.loads(run(env, "ask", "--json", "/quote", "by:Polishchuk").stdout)["quotes"]
    assert full.stdout.count("- Alexey Polishchuk") == len(every) > compact.stdout.count("- Alexey Polishchuk") == 5


def test_chat_reads_piped_stdin(env):
    out = run(env, "chat", stdin="/who Witkoff\n\n/quote conditions\n/quit\n/help\n")
    assert out.returncode == 0, out.stderr
    assert "Steve Witkoff" in out.stdout and "preconditions" in out.stdout
    assert "Commands:" not in out.stdout  # /quit ended the chat


def test_run_without_tokens_opens_the_console(env):
    clean = {k: v for k, v in env.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    out = run(clean, "run", stdin="/who Zelensky\n")
    assert out.returncode == 0 and "Zelensky" in out.stdout
    assert "SLACK_BOT_TOKEN" in out.stderr and "DISCORD_TOKEN" in out.stderr


def test_extract_json_offsets(env):
    text = 'On August 15, Putin and Trump met in Alaska. "We agreed," Putin said.'
    out = run(env, "extract", "--json", "--published", "2026-01-24", "-", stdin=text)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert set(result) == {"people", "quotes", "dates", "events"}
    aug = [d for d in result["dates"] if d["value"] == "2025-08-15"]
    assert aug and text[aug[0]["start"] : aug[0]["end"]] == "August 15"
    for person in result["people"]:
        assert text[person["start"] : person["end"]] == person["text"]
    assert any(q["text"].startswith("We agreed") and q["speaker"] == "Putin" for q in result["quotes"])


def test_extract_shows_attributions_only_when_asked(env):
    text = "Putin said that the talks were useful. A new poll shows that most voters back the deal."

    def kinds(*flags: str) -> list[str]:
        out = run(env, "extract", "--json", *flags, "-", stdin=text)
        assert out.returncode == 0, out.stderr
        return [q["kind"] for q in json.loads(out.stdout)["quotes"]]

    assert kinds() == ["speech"]  # what indexing stores
    assert kinds("--attributions") == ["speech", "attribution"]  # what the PolNeAR evaluation scores


def test_extract_bad_input(env):
    assert run(env, "extract", "--published", "2026-13-01", "-", stdin="x").returncode == 2
    assert run(env, "extract", "/no/such/file").returncode == 2


def test_index_reports_the_summary(env):
    out = run(env, "index")
    assert out.returncode == 0 and "unchanged" in out.stdout


@pytest.mark.parametrize(
    "url, message",
    [
        ("postgresql://newsdesk:secret@127.0.0.1:1/newsdesk", "Connection refused"),
        ("mysql://newsdesk:secret@127.0.0.1:3306/newsdesk", "must start with postgresql://"),
    ],
    ids=["nothing listening", "not postgresql"],
)
def test_a_database_url_the_store_cannot_open_is_refused_plainly(env, tmp_path, url, message):
    out = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "/sources"], cwd=tmp_path,
        env=env | {"NEWSDESK_DB": url}, capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 2 and message in out.stderr, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1  # one line that says what is wrong
    assert "Traceback" not in out.stderr and "secret" not in out.stderr  # no traceback, no password echoed
    assert list(tmp_path.iterdir()) == []  # and no directory named after the URL


@pytest.mark.parametrize("argument", [b"/who Wit\xffkoff", b"what did \xed\xa0\x80 say?", b"/search \xc3"])
def test_ask_json_prints_any_argument_as_json(env, argument):
    """Bytes that are not UTF-8 reach Python as lone surrogates; the answer model still serialises (U+FFFD)."""
    out = subprocess.run([sys.executable, "-m", "bot", "ask", "--json", argument], cwd=ROOT, env=env,
                         capture_output=True, timeout=300)
    assert out.returncode in (0, 1) and b"Traceback" not in out.stderr, out.stderr
    answer = json.loads(out.stdout.decode("utf-8"))
    assert answer["kind"] != "error" or "went wrong" not in answer["message"]
    assert "\ufffd" in json.dumps(answer, ensure_ascii=False)


@pytest.mark.parametrize("text", ["/who \udcff", "/quote \ud800 by:\udc80", "/timeline \udcff from:2026-01-\udcff",
                                  "/search \udcffAbu", "/sources \udc80", "/digest list \udc80", "/help \ud800",
                                  "/\udcff", "who is \udcff\ud83d?", "\udc80"])
def test_every_answer_serialises_whatever_the_input(seeds_desk, text):
    answer = seeds_desk.ask(text)
    assert "went wrong" not in getattr(answer, "message", "")
    parsed = json.loads(answer.model_dump_json())
    assert "\\ud" not in json.dumps(parsed) and parsed["kind"]

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


# ---- a command line that behaves: a reader that goes away, leaving the chat, the progress bar ----------------------


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "bot", *args]


def test_a_reader_that_closes_before_the_answer_gets_no_traceback(env):
    """``newsdesk ask --json ... | head -5`` where head is gone before the answer is printed: exit 1, stderr quiet."""
    proc = subprocess.Popen(_cli("ask", "--json", "/who Witkoff"), cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader leaves at once; the answer comes seconds later
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=300) == 1
    assert "Traceback" not in err and "BrokenPipeError" not in err and "Exception ignored" not in err, err


def test_head_of_the_json_answer_reads_as_a_pipeline_does(env):
    """A reader that takes five lines and leaves, as ``| head -5`` does."""
    proc = subprocess.Popen(_cli("ask", "--json", "/sources"), cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    lines = [proc.stdout.readline() for _ in range(5)]
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=300) in (0, 1)  # 1 when the reader left before the answer was written out
    assert lines[0] == "{\n" and '"kind": "sources"' in lines[1]
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


@pytest.mark.parametrize("word", ["quit", "exit", "Quit", "/exit"])
def test_quit_and_exit_leave_the_chat_with_or_without_the_slash(env, word):
    out = run(env, "chat", stdin=f"/who Witkoff\n{word}\n/help\n")
    assert out.returncode == 0, out.stderr
    assert "Steve Witkoff" in out.stdout and "Commands:" not in out.stdout
    assert "I could not find" not in out.stdout  # not answered as a question


def test_help_in_the_chat_says_how_to_leave(env):
    out = run(env, "chat", stdin="/help\n")
    assert "Commands:" in out.stdout and "Leave the console with quit, exit or Ctrl-D." in out.stdout


def _on_a_terminal(argv: list[str], env: dict, size: tuple[int, int] = (24, 100)) -> tuple[int, str]:
    """Run ``argv`` with stdout and stderr on a pseudo-terminal of ``size`` (rows, columns); its exit status and
    everything it wrote."""
    import fcntl
    import pty
    import struct
    import termios

    main, tty = pty.openpty()
    fcntl.ioctl(tty, termios.TIOCSWINSZ, struct.pack("HHHH", *size, 0, 0))
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=tty, stderr=tty)
    os.close(tty)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    return proc.wait(timeout=300), b"".join(chunks).decode("utf-8", "replace")


def test_index_shows_a_progress_bar_on_a_terminal_and_none_in_a_pipe(tmp_path):
    e = {k: v for k, v in os.environ.items() if k != "TERM"} | {"NEWSDESK_CORPUS": str(SEEDS), "TERM": "xterm"}
    for size in ((24, 100), (0, 0)):  # a terminal, and one that reports no size (taken as 80 columns)
        db = tmp_path / f"tty-{size[1]}.sqlite"
        code, screen = _on_a_terminal(_cli("index"), e | {"NEWSDESK_DB": str(db)}, size)
        assert code == 0, screen
        assert "indexing:" in screen and "| 5/5 [" in screen and "100%" in screen and "\r" in screen, screen
        assert "5 added" in screen.splitlines()[-1]
    piped = run(e | {"NEWSDESK_DB": str(tmp_path / "pipe.sqlite")}, "index")
    assert piped.returncode == 0 and "5 added" in piped.stdout
    assert "indexing" not in piped.stderr and "%" not in piped.stderr and "\r" not in piped.stderr + piped.stdout

"""The console adapter: a chat in the terminal, on the same router as Slack and Discord.

Interactive on a terminal (prompt, history via readline); with piped stdin it
answers each line in turn, so it can be scripted and tested. A long answer is
shown compact; ``/more`` shows all of the last answer.
"""
from __future__ import annotations

import getpass
import sys

from adapters.plain import render
from bot.commands.request import Caller

__all__ = ["chat", "render", "configured"]

# the console has no channel to post digests to: /digest now previews, /digest subscribe says where to go
CALLER = Caller(platform="console", user=getpass.getuser(), can_manage=True)
PROMPT = "newsdesk> "
BANNER = "newsdesk — ask about the articles. /help lists the commands; /more all of the last answer; /quit or Ctrl-D leaves."
MORE = "/more"
MORE_HINT = "/more shows them all"
NOTHING_MORE = "Nothing more: ask something first."


def configured(settings) -> bool:
    """The console needs no credentials; ``newsdesk run`` falls back to it."""
    return False


def chat(newsdesk, as_json: bool = False, stdin=None, stdout=None) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    interactive = stdin.isatty()
    if interactive:
        try:
            import readline  # noqa: F401  (line editing and history)
        except ImportError:
            pass
        print(BANNER, file=stdout)
    report = newsdesk.ensure_index(progress=interactive)
    if report is not None and interactive:
        print(f"indexed {newsdesk.corpus}: {report.summary()}", file=stdout)
        for name, reason in report.skipped:
            print(f"skipped {name}: {reason}", file=stdout)
    last = None
    while True:
        if interactive:
            try:
                line = input(PROMPT)
            except EOFError:
                print(file=stdout)
                break
        else:
            line = stdin.readline()
            if not line:
                break
        line = line.strip()
        if not line:
            continue
        if line in ("/quit", "/exit"):
            break
        if not interactive:
            print(f"{PROMPT}{line}", file=stdout)
        if line == MORE:
            print(_all_of(last, as_json), file=stdout)
        else:
            last = answer = newsdesk.ask(line, CALLER)
            print(answer.model_dump_json(indent=2) if as_json else render(answer, hint=MORE_HINT), file=stdout)
        print(file=stdout)
    return 0


def _all_of(answer, as_json: bool) -> str:
    """All of the last answer (its JSON holds all of it anyway), or why there is nothing to show."""
    if answer is None:
        return NOTHING_MORE
    return answer.model_dump_json(indent=2) if as_json else render(answer, full=True)

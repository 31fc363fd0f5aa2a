"""The console adapter: a chat in the terminal, on the same router as Slack and Discord.

Interactive on a terminal (prompt, history via readline); with piped stdin it
answers each line in turn, so it can be scripted and tested. A long answer is
shown compact; ``/more`` shows all of the last answer. ``quit``, ``exit`` (with
or without the slash) or Ctrl-D leave.

The console is a channel of its own, ``console``: ``/digest subscribe``,
``/digest list`` and ``/digest now`` work here as in a Slack or Discord
channel (the same checks; the subscription is stored in the index), and
``newsdesk digest preview --channel console`` prints its next digest. While
a chat is open, a digest that falls due is printed before the next prompt:
after a night away, one catch-up digest covers the gap.
"""
from __future__ import annotations

import asyncio
import getpass
import sys

from adapters.plain import render
from bot.commands.request import Caller

__all__ = ["chat", "render", "configured", "CALLER", "CHANNEL", "LEAVE", "ConsoleDigests"]

CHANNEL = "console"
# whoever runs the console owns it: they may change its digest subscriptions
CALLER = Caller(platform="console", workspace="", channel=CHANNEL, channel_name=CHANNEL, user=getpass.getuser(),
                can_manage=True)
PROMPT = "newsdesk> "
LEAVE = ("quit", "exit", "/quit", "/exit")
LEAVE_HINT = "Leave the console with quit, exit or Ctrl-D."
BANNER = ("newsdesk — ask about the articles. /help lists the commands; /more all of the last answer;"
          " quit, exit or Ctrl-D leaves.")
MORE = "/more"
MORE_HINT = "/more shows them all"
NOTHING_MORE = "Nothing more: ask something first."


def configured(settings) -> bool:
    """The console needs no credentials; ``newsdesk run`` falls back to it."""
    return False


class ConsoleDigests:
    """The console's deliverer (``bot.digest.posting``): a due digest is printed into the open chat."""

    def __init__(self, stdout, as_json: bool = False) -> None:
        self.stdout = stdout
        self.as_json = as_json
        self.keys: set[str] = set()  # what this chat printed

    async def find(self, subscription, key: str) -> bool:
        return key in self.keys

    async def post(self, subscription, digest, key: str) -> None:
        print(digest.model_dump_json(indent=2) if self.as_json else render(digest), file=self.stdout)
        print(file=self.stdout)
        self.keys.add(key)


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
    newsdesk.digests.register(CALLER.platform, ConsoleDigests(stdout, as_json))
    try:
        _loop(newsdesk, as_json, stdin, stdout, interactive)
    finally:
        newsdesk.digests.unregister(CALLER.platform)
    return 0


def _loop(newsdesk, as_json: bool, stdin, stdout, interactive: bool) -> None:
    last = None
    while True:
        asyncio.run(newsdesk.digests.poll())  # a digest of the console that fell due since the last line
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
        if line.lower() in LEAVE:
            break
        if not interactive:
            print(f"{PROMPT}{line}", file=stdout)
        if line.lower() == MORE:
            print(_all_of(last, as_json), file=stdout)
        else:
            last = answer = newsdesk.ask(line, CALLER)
            print(answer.model_dump_json(indent=2) if as_json else render(answer, hint=MORE_HINT), file=stdout)
            if answer.kind == "help" and not as_json:
                print(LEAVE_HINT, file=stdout)
        print(file=stdout)


def _all_of(answer, as_json: bool) -> str:
    """All of the last answer (its JSON holds all of it anyway), or why there is nothing to show."""
    if answer is None:
        return NOTHING_MORE
    return answer.model_dump_json(indent=2) if as_json else render(answer, full=True)

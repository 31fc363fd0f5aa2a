"""The ``newsdesk`` command line: index, ask, chat, run, digest, extract, eval.

Platform front-ends are found through the ``newsdesk.adapters`` entry-point
group (declared in pyproject.toml), so the core never imports ``adapters``.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from datetime import date
from importlib.metadata import entry_points
from pathlib import Path

from bot.settings import Settings


def _adapter(name: str):
    for ep in entry_points(group="newsdesk.adapters"):
        if ep.name == name:
            return ep.load()
    raise SystemExit(f"newsdesk: the {name} adapter is not installed (pip install -e .)")


def _adapters() -> dict:
    return {ep.name: ep for ep in entry_points(group="newsdesk.adapters")}


def _newsdesk(args):
    from bot.api import Newsdesk

    return Newsdesk(corpus=args.corpus, db=args.db, settings=Settings())


def cmd_index(args) -> int:
    nd = _newsdesk(args)
    try:
        report = nd.index(progress=True)
    except FileNotFoundError as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
        return 2
    for name, reason in report.skipped:
        print(f"skipped {name}: {reason}", file=sys.stderr)
    for name, reason in report.warnings:
        print(f"warning {name}: {reason}", file=sys.stderr)
    print(f"{nd.corpus}: {report.summary()}")
    return 0


ALL_HINT = "ask --all shows them all"


def cmd_ask(args) -> int:
    nd = _newsdesk(args)
    if not nd.corpus.is_dir():
        if not nd.repo.query("SELECT 1 FROM articles LIMIT 1"):  # feeds and pasted pages need no folder
            print(f"newsdesk: corpus directory not found: {nd.corpus}", file=sys.stderr)
            return 2
    else:
        nd.ensure_index(progress=True)
    answer = nd.ask(" ".join(args.text), _adapter("console").CALLER)  # the console's channel, as in the chat
    if args.json:
        print(answer.model_dump_json(indent=2))
    else:
        print(_adapter("console").render(answer, full=args.all, hint=ALL_HINT))
    return 1 if answer.kind == "error" else 0


def cmd_chat(args) -> int:
    nd = _newsdesk(args)
    if not nd.corpus.is_dir():
        print(f"newsdesk: corpus directory not found: {nd.corpus}", file=sys.stderr)
        return 2
    return _adapter("console").chat(nd, as_json=args.json)


def cmd_run(args) -> int:
    """Serve every platform adapter that has credentials, side by side in one event loop.

    A platform adapter module provides ``configured(settings) -> bool`` and
    ``async serve(newsdesk, settings)``; it returns when it is stopped.
    """
    settings = Settings()
    modules = []
    for name, ep in _adapters().items():
        if name == "console":
            continue
        try:
            module = ep.load()
        except ImportError as exc:
            print(f"newsdesk: the {name} adapter cannot load: {exc}", file=sys.stderr)
            continue
        if module.configured(settings):
            modules.append((name, module))
    if not modules:
        print(
            "No Slack or Discord credentials are set, so newsdesk opens the console chat.\n"
            "To serve Slack set SLACK_BOT_TOKEN and SLACK_APP_TOKEN; for Discord set DISCORD_TOKEN "
            "(environment or .env; see the README).",
            file=sys.stderr,
        )
        from bot.service.feed_watch import watch_in_thread

        watch_in_thread(_newsdesk(args), settings.feed_poll_minutes)  # followed feeds are polled beside the chat
        return cmd_chat(args)
    nd = _newsdesk(args)
    print(f"newsdesk: serving {', '.join(name for name, _ in modules)} on {nd.corpus}", file=sys.stderr)
    return asyncio.run(_serve_all(nd, settings, modules))


async def _serve_all(nd, settings, modules) -> int:
    from bot.digest.scheduler import run_digests
    from bot.service.corpus_watch import watch_corpus
    from bot.service.feed_watch import watch_feeds
    from bot.service.health import health_address, serve_health

    report = await asyncio.to_thread(nd.ensure_index)
    if report is not None:
        logging.getLogger("newsdesk").warning("indexed %s: %s", nd.corpus, report.summary())
    async with asyncio.TaskGroup() as group:
        group.create_task(watch_corpus(nd, settings.corpus_poll_seconds))
        group.create_task(watch_feeds(nd, settings.feed_poll_minutes))
        group.create_task(run_digests(nd))
        http_taken = any(getattr(module, "serves_http", lambda _: False)(settings) for _, module in modules)
        group.create_task(serve_health(nd, *health_address(settings, http_taken)))
        for _, module in modules:
            group.create_task(module.serve(nd, settings))
    return 0


def cmd_discord_invite(args) -> int:
    """Print the link that adds the Discord bot to a server; the application id is asked of Discord if not given."""
    adapter = _adapter("discord")
    application_id = args.application_id
    if application_id is None:
        try:
            application_id = asyncio.run(adapter.fetch_application_id(Settings()))
        except adapter.ApplicationLookupError as exc:
            print(
                f"newsdesk: cannot get the application id: {exc}.\n"
                "Set DISCORD_TOKEN, or pass --application-id (Developer Portal > your app > General Information).",
                file=sys.stderr,
            )
            return 2
    print(adapter.invite_url(application_id))
    return 0


def cmd_digest(args) -> int:
    """``digest preview --channel X``: the digest X would get now; ``digest list``: every subscription."""
    from bot.commands.digest import preview, subscription_model
    from bot.models import SubscriptionsAnswer
    from bot.store.digest_store import DigestStore

    nd = _newsdesk(args)
    store = DigestStore(nd.repo)
    if args.digest_command == "list":
        subs = [subscription_model(r) for r in store.subscriptions()]
        answers = [SubscriptionsAnswer(message=f"{len(subs)} digest subscription(s):", subscriptions=subs)]
    else:
        subs = store.by_channel(args.channel)
        if args.id is not None:
            subs = [s for s in subs if s.id == args.id]
        if not subs:
            print(_no_subscription(args.channel, args.id, store.subscriptions()), file=sys.stderr)
            return 2
        nd.ensure_index(progress=True)
        answers = [preview(nd.context, store, nd.settings, sub) for sub in subs]
    for answer in answers:
        print(answer.model_dump_json(indent=2) if args.json else _adapter("console").render(answer))
    return 0


def _no_subscription(channel: str, number: int | None, subs) -> str:
    """Why ``digest preview`` has nothing to show, and the channels it could show."""
    which = f"no digest subscription for channel {channel!r}" + (f" with id {number}" if number is not None else "")
    if not subs:
        return (f"newsdesk: {which}; no channel has one yet. Subscribe one with /digest subscribe daily in the "
                "channel, or in the console chat (newsdesk chat), whose channel is `console`.")
    names = list(dict.fromkeys(s.channel_name or s.channel for s in subs))
    return f"newsdesk: {which}; channels with one: {', '.join(names)} (`newsdesk digest list` shows them)."


def cmd_extract(args) -> int:
    from bot.extract.pipeline import extract, extraction_json

    if args.file == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"newsdesk: cannot read {args.file}: {exc}", file=sys.stderr)
            return 2
    published = None
    if args.published:
        try:
            published = date.fromisoformat(args.published)
        except ValueError:
            print(f"newsdesk: --published {args.published!r} is not a date (YYYY-MM-DD)", file=sys.stderr)
            return 2
    result = extraction_json(extract(text, published, attributions=args.attributions))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for kind in ("people", "quotes", "dates", "events"):
            print(f"{kind}:")
            for item in result[kind]:
                print("  " + json.dumps(item, ensure_ascii=False))
    return 0


def cmd_eval(args) -> int:
    from bot.evaluation.runner import EvalError, evaluate, table

    data = Path(args.data) if args.data else None
    try:
        result = evaluate(
            args.suite,
            split=args.split,
            limit=args.limit,
            save=Path(args.save) if args.save else None,
            load=Path(args.load) if args.load else None,
            **({"data": data} if data else {}),
            **({"questions": Path(args.questions)} if args.questions else {}),
        )
    except (EvalError, FileNotFoundError) as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json else table(result, args.wrong))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsdesk", description="Ask news articles about people, quotes and events.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command")

    def common(p):
        p.add_argument("--corpus", help="directory of articles (default: NEWSDESK_CORPUS or seeds/)")
        p.add_argument("--db", help="index file (default: NEWSDESK_DB or one under the user data directory)")

    p = sub.add_parser("index", help="index the corpus (incremental)")
    common(p)
    p.set_defaults(func=cmd_index)
    p = sub.add_parser("ask", help="answer one command or question")
    common(p)
    p.add_argument("--json", action="store_true", help="print the answer model as JSON")
    p.add_argument("--all", action="store_true", help="print all of a long answer, not its most relevant part")
    p.add_argument("text", nargs="+")
    p.set_defaults(func=cmd_ask)
    p = sub.add_parser("chat", help="chat in the terminal (reads piped stdin too)")
    common(p)
    p.add_argument("--json", action="store_true", help="print answers as JSON")
    p.set_defaults(func=cmd_chat)
    p = sub.add_parser("run", help="start every adapter that has credentials; the console chat if none")
    common(p)
    p.set_defaults(func=cmd_run, json=False)
    p = sub.add_parser("discord", help="Discord helpers")
    discord_sub = p.add_subparsers(dest="discord_command", required=True)
    q = discord_sub.add_parser("invite", help="print the link that adds the bot to a server")
    q.add_argument("--application-id", type=int, help="the application id (default: asked of Discord with DISCORD_TOKEN)")
    q.set_defaults(func=cmd_discord_invite)
    p = sub.add_parser("digest", help="scheduled digests: preview one, list the subscriptions")
    digest_sub = p.add_subparsers(dest="digest_command", required=True)
    q = digest_sub.add_parser("preview", help="print the digest a channel would get now (nothing is marked as sent)")
    common(q)
    q.add_argument("--channel", required=True, help="the channel: its id (C0123, 1234567890) or name (#general)")
    q.add_argument("--id", type=int, help="one subscription of the channel, by number (default: all of them)")
    q.add_argument("--json", action="store_true", help="print the digest model as JSON")
    q.set_defaults(func=cmd_digest)
    q = digest_sub.add_parser("list", help="list every digest subscription")
    common(q)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_digest)
    from bot.feeds_cli import register as register_feeds  # feeds add|list|remove|poll, add URL

    register_feeds(sub, common, _newsdesk, lambda answer: _adapter("console").render(answer))
    p = sub.add_parser("extract", help="show what extraction finds in one text (what indexing stores)")
    p.add_argument("--published", help="publication date YYYY-MM-DD to resolve dates against")
    p.add_argument("--json", action="store_true")
    p.add_argument("--attributions", action="store_true",
                   help='also the views and findings that are not speech (quotes of "kind": "attribution"), '
                        "as the PolNeAR evaluation scores them; never indexed")
    p.add_argument("file", help="a text file, or - for standard input")
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("eval", help="score extraction against gold data (dates, quotes, people, timelines, corpus)"
                       " and answers against a question set (questions)")
    p.add_argument("suite", help="dates (TempEval-3), quotes (PolNeAR), people (MEANTIME), timelines (SemEval-2015 Task 4), corpus (hand-made gold, tests/data/gold) or questions (tests/data/questions)")
    p.add_argument("--split", help="dates: te3-platinum (default) | TBAQ-cleaned; quotes: dev (default) | test | train;"
                                   " questions: all (default) | dev | test | seeds")
    p.add_argument("--limit", type=int, help="score only the first N documents")
    p.add_argument("--data", help="the datasets folder (default: ../shared/datasets beside the project)")
    p.add_argument("--save", help="write each document's extract --json output to this folder")
    p.add_argument("--load", help="score extract --json output saved earlier instead of extracting")
    p.add_argument("--questions", help="questions: the folder of question files (default: tests/data/questions)")
    p.add_argument("-v", "--wrong", action="store_true", help="questions: list every wrong answer")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not getattr(args, "func", None):
        args = parser.parse_args(["run", *(argv or [])])
    from bot.store.backend import StoreError

    try:
        code = args.func(args)
        sys.stdout.flush()  # a reader that went away shows here, not as a traceback at exit
        return code
    except BrokenPipeError:
        return _stdout_closed()
    except KeyboardInterrupt:
        return 130
    except StoreError as exc:  # an index that cannot be opened: say which and why, no traceback
        print(f"newsdesk: {exc}", file=sys.stderr)
        return 2


def _stdout_closed() -> int:
    """Standard output's reader went away (``newsdesk ask --json ... | head -5``): stop quietly.

    As Python's documentation advises (the ``signal`` module, "Note on SIGPIPE"): standard output is pointed at
    devnull, so the flush at exit does not fail a second time, and the exit status is 1.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 1

"""Behaviour snapshot: every answer to a fixed list of commands, saved as JSON and compared later.

    PYTHONPATH=. .venv/bin/python bench/answer_snapshot.py save DIR      # one DIR/<corpus>.json per corpus
    PYTHONPATH=. .venv/bin/python bench/answer_snapshot.py compare DIR   # exit 1 if any answer differs

The commands are data: ``bench/data/snapshot_commands.txt`` (its header gives the
format), one list per corpus; corpus paths are relative to this repository's
root and are read in place. Each corpus is indexed into a fresh SQLite file in a
temporary directory, then every command goes through ``Newsdesk.ask`` (no caller:
the CLI's path), and each answer is stored as ``answer.model_dump(mode="json")``
under its command.

Only the standard library and the public API (``from bot import Newsdesk``) are
used, so the script runs unchanged against restructured code. Which ``bot`` is
imported is whatever ``sys.path`` finds first: set ``PYTHONPATH`` to the tree
under test (the script prints the file it imported on stderr).

``compare`` compares values, not text: the order of keys inside an answer does
not matter, the order of lists does. Commands added to or removed from the data
file since the snapshot count as differences.
"""
from __future__ import annotations

import argparse
import difflib
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS_FILE = ROOT / "bench" / "data" / "snapshot_commands.txt"
DIFF_LINES = 40  # at most this many lines of unified diff per differing command

# Settings come from the environment (NEWSDESK_*, case-insensitive, plus the
# un-prefixed platform aliases below) and from a .env file in the working
# directory (bot/settings.py). None of them may leak into the snapshot: they are
# removed before bot is imported, and the work happens with a temporary
# directory as the working directory, so no .env is read.
_ALIASES = {
    "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_TOKEN", "DISCORD_GUILD_ID",
}
for _name in list(os.environ):
    if _name.upper().startswith("NEWSDESK_") or _name.upper() in _ALIASES:
        del os.environ[_name]

from bot import Newsdesk  # noqa: E402


def read_commands(path: Path = COMMANDS_FILE) -> list[tuple[str, Path, list[str]]]:
    """[(corpus name, corpus directory, [command, ...]), ...] in file order."""
    corpora: list[tuple[str, Path, list[str]]] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            name, _, where = line[1:].partition("]")
            if not name.strip() or not where.strip():
                raise SystemExit(f"{path}:{number}: expected '[name] PATH'")
            corpora.append((name.strip(), (ROOT / where.strip()).resolve(), []))
            continue
        if not corpora:
            raise SystemExit(f"{path}:{number}: a command before the first [corpus] line")
        command = json.loads(line) if line.startswith('"') else line
        if command in corpora[-1][2]:
            raise SystemExit(f"{path}:{number}: {command!r} is listed twice for {corpora[-1][0]}")
        corpora[-1][2].append(command)
    return corpora


def _normalise(value, replacements: list[tuple[str, str]], counts: dict[str, int]):
    """The answer JSON with everything that depends on this run, not on the code, replaced.

    - paths of this run (the temporary directory holding the index, the corpus
      directory, the repository root) inside any string become <TMP>, <CORPUS>,
      <ROOT>, so a snapshot taken in one checkout compares with another;
    - a digest's ``since`` and ``until`` (``/digest now``: "news first seen in the
      last 24 hours", measured from the wall clock) become <TIME>.
    Every replacement is counted and reported, so none goes unnoticed.
    """
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if value.get("kind") == "digest" and key in ("since", "until") and isinstance(item, str):
                counts["digest since/until"] = counts.get("digest since/until", 0) + 1
                out[key] = "<TIME>"
            else:
                out[key] = _normalise(item, replacements, counts)
        return out
    if isinstance(value, list):
        return [_normalise(item, replacements, counts) for item in value]
    if isinstance(value, str):
        for old, new in replacements:
            if old in value:
                counts[new] = counts.get(new, 0) + 1
                value = value.replace(old, new)
    return value


def run_corpus(name: str, corpus: Path, commands: list[str]) -> tuple[dict, dict]:
    """Index ``corpus`` into a fresh temporary index and answer every command."""
    if not corpus.is_dir():
        raise SystemExit(f"{name}: corpus directory {corpus} is missing")
    answers: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="newsdesk-snapshot-") as tmp:
        previous = os.getcwd()
        os.chdir(tmp)  # no .env from the caller's directory
        try:
            started = time.perf_counter()
            nd = Newsdesk(corpus=corpus, db=Path(tmp) / "index.sqlite")
            try:
                nd.index()
                indexed = time.perf_counter() - started
                # longest first, so that no path is replaced inside a longer one
                replacements = sorted(
                    {(tmp, "<TMP>"), (os.path.realpath(tmp), "<TMP>"), (str(corpus), "<CORPUS>"), (str(ROOT), "<ROOT>")},
                    key=lambda pair: -len(pair[0]),
                )
                counts: dict[str, int] = {}
                for command in commands:
                    answer = nd.ask(command)
                    answers[command] = _normalise(answer.model_dump(mode="json"), replacements, counts)
                asked = time.perf_counter() - started - indexed
            finally:
                nd.close()
        finally:
            os.chdir(previous)
    kinds: dict[str, int] = {}
    for answer in answers.values():
        kinds[answer.get("kind", "?")] = kinds.get(answer.get("kind", "?"), 0) + 1
    stats = {"indexed_s": indexed, "asked_s": asked, "kinds": kinds, "normalised": counts}
    return answers, stats


def _report(name: str, commands: list[str], stats: dict) -> None:
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(stats["kinds"].items()))
    normalised = ", ".join(f"{k} x{n}" for k, n in sorted(stats["normalised"].items())) or "nothing"
    print(
        f"{name}: {len(commands)} commands; index {stats['indexed_s']:.1f} s, answers {stats['asked_s']:.1f} s;"
        f" kinds: {kinds}; normalised: {normalised}",
        file=sys.stderr,
    )


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)


def save(directory: Path) -> int:
    directory.mkdir(parents=True, exist_ok=True)
    for name, corpus, commands in read_commands():
        answers, stats = run_corpus(name, corpus, commands)
        # keys in command order (the data file's), fields as the models give them
        (directory / f"{name}.json").write_text(json.dumps(answers, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        _report(name, commands, stats)
    print(f"saved to {directory}")
    return 0


def compare(directory: Path) -> int:
    total = differ = 0
    for name, corpus, commands in read_commands():
        path = directory / f"{name}.json"
        if not path.is_file():
            raise SystemExit(f"{path} is missing: run save first")
        before = json.loads(path.read_text(encoding="utf-8"))
        after, stats = run_corpus(name, corpus, commands)
        _report(name, commands, stats)
        for command in list(commands) + [c for c in before if c not in after]:
            total += 1
            old = _dumps(before[command]).splitlines() if command in before else ["(not in the snapshot)"]
            new = _dumps(after[command]).splitlines() if command in after else ["(no longer in the command list)"]
            if old == new:
                continue
            differ += 1
            diff = list(difflib.unified_diff(old, new, "before", "after", n=2, lineterm=""))
            print(f"=== {name}: {command!r}")
            print("\n".join(diff[:DIFF_LINES]))
            if len(diff) > DIFF_LINES:
                print(f"... ({len(diff) - DIFF_LINES} more diff lines)")
            print()
    print(f"{total} commands, {differ} differ")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("save", help="answer every command and write DIR/<corpus>.json").add_argument("dir", type=Path)
    sub.add_parser("compare", help="answer again and show every answer that differs from DIR").add_argument("dir", type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    import bot

    print(f"bot imported from {Path(bot.__file__).resolve().parent}", file=sys.stderr)
    directory = args.dir.resolve()  # before any chdir
    return save(directory) if args.action == "save" else compare(directory)


if __name__ == "__main__":
    sys.exit(main())

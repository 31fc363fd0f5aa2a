"""Write the slash commands of slack/manifest.yml from the command registry.

    PYTHONPATH=. .venv/bin/python tools/slack_manifest.py

Only the ``slash_commands:`` list under ``features:`` is replaced; the rest of
the manifest (comments, scopes, events) is left as it is. Run it after a
command is added to ``bot/commands/registry.py`` or its words change;
tests/test_slack_manifest.py fails until then.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from adapters.slack.commands import manifest_commands

MANIFEST = Path(__file__).resolve().parents[1] / "slack" / "manifest.yml"
_SECTION = re.compile(r"^  slash_commands:\n(?:    .*\n)*", re.MULTILINE)  # the list, up to the next key


def section() -> str:
    listed = yaml.safe_dump(manifest_commands(), sort_keys=False, allow_unicode=True, width=1000)
    return "  slash_commands:\n" + "".join(f"    {line}\n" for line in listed.splitlines())


def main() -> None:
    text = MANIFEST.read_text(encoding="utf-8")
    if not _SECTION.search(text):
        raise SystemExit(f"{MANIFEST}: no 'slash_commands:' list under 'features:'")
    MANIFEST.write_text(_SECTION.sub(lambda _: section(), text, count=1), encoding="utf-8")


if __name__ == "__main__":
    main()

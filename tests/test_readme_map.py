"""The README's module map matches the tree: every module and package is on it, and nothing on it is gone."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _map() -> str:
    """The module map: the code block of "## How it works" that starts with ``bot/``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it works\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```\n(.*?)```", section, flags=re.S)
    return next(b for b in blocks if b.startswith("bot/"))


def _tree() -> tuple[set[str], set[str]]:
    """(module file names, package directory names) of bot/ and adapters/."""
    files, packages = set(), set()
    for top in ("bot", "adapters"):
        for path in (ROOT / top).rglob("*.py"):
            if path.name == "__init__.py":
                packages.add(path.parent.name)
            else:
                files.add(path.name)
    return files, packages


def test_every_module_and_package_is_on_the_map():
    text = _map()
    files, packages = _tree()
    missing = sorted(f for f in files if not re.search(rf"(?<![\w.]){re.escape(f)}\b", text))
    missing += sorted(f"{p}/" for p in packages if f"{p}/" not in text)
    assert not missing, f"not on the README's module map: {missing}"


def test_every_file_on_the_map_exists():
    text = _map()
    named = set(re.findall(r"(?<![\w./*])([a-z_0-9]+\.py)\b", text))
    present = {p.name for d in ("bot", "adapters", "tests", "tools", "bench") for p in (ROOT / d).rglob("*.py")}
    gone = sorted(named - present)
    assert not gone, f"on the README's module map but not in the tree: {gone}"

"""The one loader for word lists and patterns kept as data files in ``bot/data``.

Rules that a linguist, not a programmer, should be able to edit (titles,
speech verbs, month names, countries and demonyms, boilerplate lines) live in
YAML files. Each file is a mapping; ``load("titles")`` returns the parsed
``bot/data/titles.yaml``, cached for the life of the process.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).with_name("data")


class WordListError(ValueError):
    """A data file is missing or malformed."""


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    path = DATA_DIR / f"{name}.yaml"
    if not path.is_file():
        raise WordListError(f"no word list named {name!r} (looked for {path})")
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise WordListError(f"{path.name}: the top level must be a mapping")
    return data


def names() -> list[str]:
    """Every word list there is, by name."""
    return sorted(p.stem for p in DATA_DIR.glob("*.yaml"))

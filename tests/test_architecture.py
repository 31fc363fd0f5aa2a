"""The shape of the house: the core knows no platform, packages import each other one way, names tell apart.

- nothing in ``bot/`` imports ``adapters/`` or a platform library;
- no import cycle between packages (a package may use its parents' shared
  modules, e.g. ``bot.extract.speech`` uses ``bot.extract.types``; siblings
  and unrelated packages import each other one way only);
- the platform adapters are packages (``adapters/slack/``, ``adapters/discord/``);
- ``bot/extract/`` stays readable at a glance (at most a dozen entries);
- no two module names differ by one letter (``attribution``/``attributions``).
"""
from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOT = ROOT / "bot"
ADAPTERS = ROOT / "adapters"
FORBIDDEN = ("adapters", "slack_bolt", "slack_sdk", "discord")


def _imports(path: Path) -> list[str]:
    """Every absolute import in ``path``, at any depth (a lazy import inside a function counts)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names.extend(f"{node.module}.{a.name}" for a in node.names)
    return names


def _modules() -> dict[str, tuple[Path, bool]]:
    """Dotted name → (file, is a package) for every module of bot/ and adapters/."""
    found = {}
    for top in (BOT, ADAPTERS):
        for path in top.rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            is_package = parts[-1] == "__init__"
            found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


@pytest.mark.parametrize("path", sorted(BOT.rglob("*.py")), ids=lambda p: str(p.relative_to(BOT)))
def test_core_imports_no_platform(path):
    bad = [n for n in _imports(path) if n.split(".")[0] in FORBIDDEN]
    assert not bad, f"{path.name} imports {bad}"


def test_public_api():
    import bot

    assert bot.__all__ == ["Newsdesk", "__version__"]
    assert callable(bot.Newsdesk)


def _package_graph() -> dict[str, dict[str, list[str]]]:
    """Package → package it imports → the module imports that make the edge (child → ancestor edges left out)."""
    modules = _modules()

    def package(name: str) -> str:
        return name if modules[name][1] else name.rpartition(".")[0]

    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for name, (path, _) in modules.items():
        for target in _imports(path):
            if target not in modules:
                continue
            a, b = package(name), package(target)
            if a != b and not a.startswith(b + "."):
                graph[a][b].append(f"{name} → {target}")
    return graph


def _cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in list(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle_between_packages():
    graph = _package_graph()
    cycles = _cycles(graph)
    detail = [
        edge for component in cycles for a in component for b in component if b in graph[a] for edge in graph[a][b]
    ]
    assert not cycles, f"import cycles between packages {cycles}: {detail}"


def test_cycle_finder_finds_a_cycle():
    graph = {"a": {"b": ["a.x → b.y"]}, "b": {"c": ["b.y → c.z"]}, "c": {"a": ["c.z → a.x"]}, "d": {"a": ["d → a"]}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_platform_adapters_are_packages():
    assert (ADAPTERS / "slack" / "__init__.py").is_file()
    assert (ADAPTERS / "discord" / "__init__.py").is_file()
    flat = sorted(p.name for p in ADAPTERS.glob("*.py") if re.match(r"(slack|discord)_", p.name))
    assert not flat, f"flat platform modules left in adapters/: {flat}"


def test_extract_is_grouped():
    entries = [p for p in (BOT / "extract").iterdir() if p.suffix == ".py" or (p / "__init__.py").is_file()]
    assert len(entries) <= 12, sorted(p.name for p in entries)


def _one_letter_apart(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def test_no_two_module_names_one_letter_apart():
    names = sorted({name.rpartition(".")[2] for name in _modules()})
    close = [(a, b) for i, a in enumerate(names) for b in names[i + 1:] if _one_letter_apart(a, b)]
    assert not close, f"module names that differ by one letter: {close}"


def test_one_letter_apart():
    assert _one_letter_apart("attribution", "attributions")
    assert _one_letter_apart("render", "reader")
    assert not _one_letter_apart("render", "render")
    assert not _one_letter_apart("quote", "quotes_x")

"""The question set: ``tests/data/questions/*.yaml`` (format in that folder's README).

Each file names its ``corpus`` and lists questions. A question belongs to the
development half ("dev") when the first byte of the SHA-1 of its text (UTF-8,
stripped of surrounding spaces) is even, else to the test half: the same
question stays in the same half whatever file or order it is in.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ROOT / "tests" / "data" / "questions"
SPLITS = ("all", "dev", "test", "seeds")  # seeds: every question on the repository's seeds/, any half


class QuestionSetError(ValueError):
    """A question file that cannot be read as the format says."""


@dataclass(frozen=True)
class Question:
    text: str
    corpus: str
    type: str  # "absent" for a question the articles do not answer
    answers: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    absent: bool = False
    source: str = ""  # file name, for messages

    @property
    def half(self) -> str:
        return half(self.text)


def half(text: str) -> str:
    """"dev" or "test", by the parity of the first byte of sha1(text)."""
    return "dev" if hashlib.sha1(text.strip().encode("utf-8")).digest()[0] % 2 == 0 else "test"


def load(folder: Path = QUESTIONS) -> list[Question]:
    """Every question of every ``*.yaml`` in ``folder``, in file-name order."""
    if not folder.is_dir():
        raise QuestionSetError(f"no question folder at {folder}")
    found: list[Question] = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict) or not isinstance(data.get("corpus"), str):
            raise QuestionSetError(f"{path.name}: expected a mapping with 'corpus' and 'questions'")
        for number, item in enumerate(data.get("questions") or [], 1):
            found.append(_question(item, data["corpus"], f"{path.name} #{number}"))
    return found


def _question(item: dict, corpus: str, where: str) -> Question:
    if not isinstance(item, dict) or not str(item.get("q") or "").strip():
        raise QuestionSetError(f"{where}: a question needs 'q'")
    text = str(item["q"]).strip()
    if item.get("absent"):
        return Question(text, corpus, "absent", absent=True, source=where)
    answers = tuple(str(a) for a in item.get("answers") or ())
    articles = tuple(str(a) for a in item.get("articles") or ())
    if not answers or not articles:
        raise QuestionSetError(f"{where}: an answerable question needs 'answers' and 'articles' ({text!r})")
    return Question(text, corpus, str(item.get("type") or "untyped"), answers, articles, source=where)


def select(questions: list[Question], split: str) -> list[Question]:
    """The questions of a split: all, dev, test, or seeds (those on the repository's seeds/)."""
    if split == "all":
        return list(questions)
    if split == "seeds":
        return [q for q in questions if q.corpus == "seeds"]
    return [q for q in questions if q.half == split]


def corpus_folder(corpus: str, data: Path) -> Path:
    """seeds → the repository's seeds/; any other name → ``<data>/../corpus/<name>`` (../shared/corpus, in place)."""
    return ROOT / "seeds" if corpus == "seeds" else data.parent / "corpus" / corpus

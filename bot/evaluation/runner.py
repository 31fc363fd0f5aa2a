"""``newsdesk eval <suite>``: run extraction over a gold set and print its scores.

The ``questions`` suite asks the bot instead (``bot.evaluation.question_eval``):
it reads the question set (``--questions DIR``, default tests/data/questions)
and has no saved output to write or load.

``--save DIR`` writes each document's ``newsdesk extract --json`` output;
``--load DIR`` scores such saved output instead of extracting again, so the
scores can be checked independently of the extractor.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bot.evaluation import (
    corpus_gold,
    meantime,
    polnear,
    question_eval,
    question_set,
    semeval_timelines,
    tempeval,
)

DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "datasets"

SUITES: dict[str, tuple[tuple[str, ...], str]] = {
    "dates": (tempeval.SPLITS, "TempEval-3 TIMEX3 spans and values"),
    "quotes": (polnear.SPLITS, "PolNeAR quote contents and speakers"),
    "people": (meantime.SPLITS, "MEANTIME person names and cross-document merging (B-cubed)"),
    "corpus": (corpus_gold.SPLITS, "hand-made gold for ukraine_talks articles: people, quotes, events"),
    "timelines": (semeval_timelines.SPLITS, "SemEval-2015 Task 4 track A entity timelines (temporal awareness)"),
    "questions": (question_set.SPLITS, "answers to plain-word questions, against a sentence-BM25 baseline"),
}


class EvalError(ValueError):
    """A suite, split or data folder that cannot be scored."""


def extractor(save: Path | None, load: Path | None) -> Callable[[str, str, date | None], dict]:
    def run(name: str, text: str, published: date | None) -> dict:
        if load is not None:
            return json.loads((load / f"{name}.json").read_text(encoding="utf-8"))
        from bot.extract.pipeline import extract, extraction_json

        # attributions too: PolNeAR counts them (the figures are on the evaluation's extraction)
        result = extraction_json(extract(text, published, attributions=True))
        if save is not None:
            save.mkdir(parents=True, exist_ok=True)
            (save / f"{name}.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        return result

    return run


def evaluate(
    suite: str,
    split: str | None = None,
    limit: int | None = None,
    data: Path = DEFAULT_DATA,
    save: Path | None = None,
    load: Path | None = None,
    questions: Path = question_set.QUESTIONS,
) -> dict:
    if suite not in SUITES:
        raise EvalError(f"unknown suite {suite!r}; suites: {', '.join(SUITES)}")
    splits, _ = SUITES[suite]
    split = split or splits[0]
    if split not in splits:
        raise EvalError(f"suite {suite} has no split {split!r}; splits: {', '.join(splits)}")
    if suite == "questions":
        if save is not None or load is not None:
            raise EvalError("the questions suite asks the bot: it has no output to --save or --load")
        try:
            asked = question_set.select(question_set.load(questions), split)
        except question_set.QuestionSetError as exc:
            raise EvalError(str(exc)) from exc
        return {"suite": suite, "split": split, **question_eval.evaluate(asked[:limit] if limit else asked, data)}
    run = extractor(save, load)
    if suite == "dates":
        if not (data / "tempeval3" / split).is_dir():
            raise EvalError(f"no TempEval-3 data at {data / 'tempeval3' / split}")
        docs = list(tempeval.documents(data, split))[:limit] if limit else list(tempeval.documents(data, split))
        scores = tempeval.score(docs, lambda doc: run(doc.name, doc.text, doc.dct))
    elif suite == "people":
        if not (data / meantime.FOLDER).is_dir():
            raise EvalError(f"no MEANTIME data at {data / meantime.FOLDER}")
        docs = list(meantime.documents(data, split))[:limit] if limit else list(meantime.documents(data, split))
        scores = meantime.score(docs, lambda doc: run(doc.name, doc.text, doc.published))
    elif suite == "corpus":
        if not (data.parent / "corpus" / split).is_dir():
            raise EvalError(f"no corpus at {data.parent / 'corpus' / split}")
        docs = list(corpus_gold.documents(data, split))[:limit] if limit else list(corpus_gold.documents(data, split))
        scores = corpus_gold.score(docs, lambda doc: run(doc.name, doc.text, doc.published))
    elif suite == "timelines":
        if not (semeval_timelines.folder(data, split) / "corpus_trackA_TimeML").is_dir():
            raise EvalError(f"no SemEval-2015 TimeLine data at {semeval_timelines.folder(data, split)}")
        every = list(semeval_timelines.documents(data, split))
        docs = every[:limit] if limit else every
        targets = semeval_timelines.targets(data, split, docs if len(docs) < len(every) else None)
        scores = semeval_timelines.score(docs, lambda doc: run(doc.name, doc.text, doc.dct), targets)
    else:
        if not (data / "polnear" / split).is_dir():
            raise EvalError(f"no PolNeAR data at {data / 'polnear' / split}")
        docs = list(polnear.documents(data, split, limit))
        scores = polnear.score(docs, lambda doc: run(doc.name, doc.text, None))
    return {"suite": suite, "split": split, **scores}


def table(result: dict, verbose: bool = False) -> str:
    """The scores as a plain-text table; ``verbose``: the wrong answers too (questions only)."""
    if result["suite"] == "questions":
        return question_eval.table(result, verbose)
    w = max([22] + [len(k) for k, v in result.items() if isinstance(v, dict)])
    lines = [f"{result['suite']} / {result['split']}: {result['documents']} documents",
             f"{'measure':<{w}} {'P':>7} {'R':>7} {'F1':>7} {'hits':>6} {'system':>7} {'gold':>6}"]
    for name, value in result.items():
        if isinstance(value, dict) and "f1" in value:
            counts = (f" {value['hits']:6d} {value['system']:7d} {value['gold']:6d}" if "hits" in value
                      else f"  (over {value.get('mentions', 0)} matched mentions)")
            lines.append(
                f"{name:<{w}} {100 * value['precision']:7.2f} {100 * value['recall']:7.2f} {100 * value['f1']:7.2f}"
                + counts
            )
        elif isinstance(value, dict) and "accuracy" in value:
            lines.append(f"{name:<{w}} {100 * value['accuracy']:7.2f}  ({value['right']} of {value['of']})")
        elif isinstance(value, dict) and "count" in value:
            lines.append(f"{name:<{w}} {value['count']:7d}  ({value['note']})")
    return "\n".join(lines)

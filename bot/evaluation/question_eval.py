"""``newsdesk eval questions``: ask the bot every question of the question set and score its answers.

Questions are grouped by corpus; each corpus is indexed once into a temporary
SQLite file (the environment and ``.env`` are not read: default settings, the
corpus and the file given), and a corpus whose folder is missing is skipped
with a note. Every question is asked twice: once to warm up, then timed; the
timed answers are scored (``bot.evaluation.answer_match``):

* answered right: of answerable questions, those answered confidently with an
  expected string in the shown text and a supporting article among the citations;
* fact found: of answerable questions, an expected string in the shown text, confident or not;
* citation accuracy: of confident answers to answerable questions, those whose
  first citation is a supporting article;
* decline precision: of declined questions (not confident, or not an answer),
  the share that are absent; decline recall: of absent questions, the share declined;
* baseline (``bot.evaluation.sentence_bm25``, over the same index's sentences):
  right@1 when its top sentence holds an expected string and is from a
  supporting article, right@3 when one of its top 3 does; it never declines.
"""
from __future__ import annotations

import math
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bot.evaluation.answer_match import holds_any, judge
from bot.evaluation.question_set import Question, corpus_folder
from bot.evaluation.sentence_bm25 import SentenceBM25


def share(right: int, of: int) -> dict:
    return {"accuracy": right / of if of else None, "right": right, "of": of}


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0..100)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def ask_corpus(folder: Path, questions: list[Question]) -> tuple[list[dict], list[float], dict]:
    """Index ``folder``, ask every question (warm-up, then timed): (records, milliseconds, corpus facts)."""
    from bot import Newsdesk
    from bot.settings import Settings

    with tempfile.TemporaryDirectory(prefix="newsdesk-questions-") as tmp:
        nd = Newsdesk(corpus=folder, db=Path(tmp) / "index.sqlite", settings=Settings.model_construct())
        try:
            started = time.perf_counter()
            report = nd.index()
            indexed = time.perf_counter() - started
            baseline = SentenceBM25((r["article_id"], r["text"]) for r in nd.repo.query(
                "SELECT article_id, text FROM sentences ORDER BY id"))
            for q in questions:
                nd.ask(q.text)
            records, millis = [], []
            for q in questions:
                started = time.perf_counter()
                answer = nd.ask(q.text)
                millis.append(1000 * (time.perf_counter() - started))
                records.append(_record(q, answer, baseline.top(q.text, 3)))
            baseline.close()
            facts = {"folder": str(folder), "articles": len(report.added) + len(report.updated) + report.unchanged,
                     "questions": len(questions), "index_seconds": round(indexed, 2)}
        finally:
            nd.close()
    return records, millis, facts


def _record(q: Question, answer, top: list[tuple[str, str]]) -> dict:
    j = judge(answer, q.answers, q.articles)
    hits = [a in q.articles and holds_any(q.answers, text) for a, text in top]
    return {
        "q": q.text, "type": q.type, "corpus": q.corpus, "half": q.half, "absent": q.absent,
        "expected": list(q.answers), "articles": list(q.articles),
        "declined": j.declined, "right": (j.declined if q.absent else j.right),
        "fact_found": j.fact_found, "cited_support": j.cited_support, "first_cited_support": j.first_cited_support,
        "shown": j.shown, "cited": list(j.cited),
        "baseline_at_1": bool(hits[:1] and hits[0]), "baseline_at_3": any(hits),
        "baseline_top": [{"article_id": a, "text": t} for a, t in top],
    }


def evaluate(questions: list[Question], data: Path) -> dict:
    """Ask and score ``questions``; corpora without a folder are skipped (see ``skipped``)."""
    started = time.perf_counter()
    by_corpus: dict[str, list[Question]] = defaultdict(list)
    for q in questions:
        by_corpus[q.corpus].append(q)
    records: list[dict] = []
    millis: list[float] = []
    corpora, skipped = {}, []
    for corpus, asked in by_corpus.items():
        folder = corpus_folder(corpus, data)
        if not folder.is_dir():
            skipped.append({"corpus": corpus, "questions": len(asked), "reason": f"no corpus folder at {folder}"})
            continue
        found, ms, corpora[corpus] = ask_corpus(folder, asked)
        records += found
        millis += ms
    result = scores(records)
    result["timing"] = {"median_ms": round(statistics.median(millis), 1) if millis else None,
                        "p99_ms": round(percentile(millis, 99), 1) if millis else None, "timed": len(millis)}
    result.update(corpora=corpora, skipped=skipped, seconds=round(time.perf_counter() - started, 1))
    return result


def scores(records: list[dict]) -> dict:
    """The figures of a list of scored questions (see the module docstring)."""
    answerable = [r for r in records if not r["absent"]]
    absent = [r for r in records if r["absent"]]
    declined = [r for r in records if r["declined"]]
    confident = [r for r in answerable if not r["declined"]]
    right = share(sum(r["right"] for r in answerable), len(answerable))
    at_1 = share(sum(r["baseline_at_1"] for r in answerable), len(answerable))
    by_type: dict[str, dict] = {}
    for kind in sorted({r["type"] for r in records}):
        rows = [r for r in records if r["type"] == kind]
        by_type[kind] = {
            "questions": len(rows), "right": sum(r["right"] for r in rows),
            "fact found": sum(r["fact_found"] for r in rows),
            "baseline@1": sum(r["baseline_at_1"] for r in rows), "baseline@3": sum(r["baseline_at_3"] for r in rows),
        }
    return {
        "questions": len(records), "answerable": len(answerable), "absent": len(absent),
        "answered right": right,
        "fact found": share(sum(r["fact_found"] for r in answerable), len(answerable)),
        "citation accuracy": share(sum(r["first_cited_support"] for r in confident), len(confident)),
        "decline precision": share(sum(r["absent"] for r in declined), len(declined)),
        "decline recall": share(sum(r["declined"] for r in absent), len(absent)),
        "baseline right@1": at_1,
        "baseline right@3": share(sum(r["baseline_at_3"] for r in answerable), len(answerable)),
        "baseline decline recall": share(0, len(absent)),
        "newsdesk - baseline@1 points": (
            round(100 * (right["accuracy"] - at_1["accuracy"]), 1) if answerable else None),
        "by type": by_type,
        "wrong": [r for r in records if not r["right"]],
    }


def _pct(value: dict) -> str:
    return "    n/a" if value["accuracy"] is None else f"{100 * value['accuracy']:7.2f}"


def table(result: dict, verbose: bool = False) -> str:
    """The figures as plain text; ``verbose`` adds every wrong answer."""
    head = f"questions / {result['split']}: {result['questions']} questions"
    lines = [f"{head} ({result['answerable']} answerable, {result['absent']} absent)"]
    for skip in result["skipped"]:
        lines.append(f"  skipped {skip['questions']} questions on {skip['corpus']}: {skip['reason']}")
    lines.append(f"{'measure':<26} {'%':>7}  count")
    for name in ("answered right", "fact found", "citation accuracy", "decline precision", "decline recall",
                 "baseline right@1", "baseline right@3", "baseline decline recall"):
        value = result[name]
        lines.append(f"{name:<26} {_pct(value)}  {value['right']} of {value['of']}")
    gap = result["newsdesk - baseline@1 points"]
    lines.append(f"{'newsdesk - baseline@1':<26} {'n/a' if gap is None else f'{gap:+.1f}':>7}  points")
    lines.append(f"{'type':<14} {'n':>4} {'right':>6} {'fact':>6} {'bm25@1':>7} {'bm25@3':>7}"
                 "   (absent: right = declined)")
    for kind, row in result["by type"].items():
        lines.append(f"{kind:<14} {row['questions']:4d} {row['right']:6d} {row['fact found']:6d}"
                     f" {row['baseline@1']:7d} {row['baseline@3']:7d}")
    timing = result["timing"]
    if timing["timed"]:
        lines.append(f"time per question (warm): median {timing['median_ms']} ms, p99 {timing['p99_ms']} ms"
                     f" over {timing['timed']}; whole run {result['seconds']} s")
    if verbose:
        lines += _wrong(result["wrong"])
    return "\n".join(lines)


def _wrong(records: list[dict]) -> list[str]:
    lines = [f"\nwrong answers ({len(records)}):"]
    for r in records:
        expected = "(absent: should decline)" if r["absent"] else f"{r['expected']} in {r['articles']}"
        state = "declined" if r["declined"] else "confident"
        lines.append(f"- [{r['corpus']} {r['type']}] {r['q']}")
        lines.append(f"    expected: {expected}")
        lines.append(f"    shown ({state}): {' '.join(r['shown'].split())[:400]}")
        lines.append(f"    cited: {r['cited'] or '-'}; fact found: {r['fact_found']}")
    return lines

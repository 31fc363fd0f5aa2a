"""Extraction in worker processes: results in the order the articles came, and a worker that dies costs no article."""
from __future__ import annotations

import os

from bot.extract import pipeline
from bot.extract.pipeline import extraction_json
from bot.workers import BATCH, Extractor

TEXTS = [f"Envoy Maria Lopez{i} said on Friday that talks in Geneva would resume on March {i + 1}." for i in range(20)]


def test_workers_give_each_article_its_own_extraction_in_order():
    with Extractor(2) as extractor:
        found = list(extractor.run((i, text, None) for i, text in enumerate(TEXTS)))
    assert [i for i, _ in found] == list(range(len(TEXTS)))
    assert [extraction_json(r) for _, r in found] == [extraction_json(pipeline.extract(t)) for t in TEXTS]


def test_a_worker_that_dies_leaves_the_rest_to_this_process(monkeypatch):
    parent, real = os.getpid(), pipeline.extract_many

    def dying(jobs, *args, **kwargs):  # in a worker, the batch holding the fifth text kills the process
        jobs = list(jobs)
        if os.getpid() != parent and any(text == TEXTS[BATCH + 4] for text, _ in jobs):
            os._exit(9)
        return real(jobs, *args, **kwargs)

    monkeypatch.setattr(pipeline, "extract_many", dying)
    with Extractor(2) as extractor:
        found = list(extractor.run((i, text, None) for i, text in enumerate(TEXTS)))
    assert [i for i, _ in found] == list(range(len(TEXTS)))
    assert not [r for _, r in found if isinstance(r, BaseException)]
    assert extractor.workers == 1  # the rest was extracted here

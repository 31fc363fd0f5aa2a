"""Train the attribution model (bot/data/attribution_model.json) on PolNeAR, choose its threshold on dev.

    .venv/bin/pip install -e '.[tune]'                          # scikit-learn, for training only
    .venv/bin/python bench/attribution_model.py dump --split train   # parse, candidates, features -> /tmp
    .venv/bin/python bench/attribution_model.py dump --split dev
    .venv/bin/python bench/attribution_model.py train [--c 0.3] [--min-count 3] [--write]

``dump`` parses a split (the parse is kept in /tmp for the next run) and
writes every candidate ``attributions.candidates`` offers, with its
features and whether it is an attribution: its content overlaps a gold
Content whose Cue covers the candidate's verb or noun. ``train`` fits a
logistic regression on train, then plays ``find_attributions`` on dev at
each threshold (speech quotes, headline and poll findings as found,
candidates kept in text order, the first of two that overlap standing, the
writer's impressions where still free) and prints content
P/R/F1 with the word lists alone for comparison; ``--write`` writes the
model with the best dev threshold. The test split is never read here.

Only feature names and weights come out: no text of the data set.
Reads /work/shared/datasets/polnear in place (never copied).
"""
from __future__ import annotations

import argparse
import json
import math
import pickle
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from spacy.tokens import DocBin  # noqa: E402

from bot.evaluation.matching import match, overlap  # noqa: E402
from bot.evaluation.polnear import documents  # noqa: E402
from bot.extract import attributions  # noqa: E402
from bot.extract.attributions import classifier as attribution_model
from bot.extract.attributions.findings import findings  # noqa: E402
from bot.extract.attributions.impressions import impressions  # noqa: E402
from bot.extract.nlp import parse_many, pipeline  # noqa: E402
from bot.extract.speech.cues import lexicon as speech_lexicon  # noqa: E402
from bot.extract.speech.find import find_quotes  # noqa: E402
from bot.extract.speech.headlines import headline_attribution  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets"
CACHE = Path("/tmp/newsdesk_attribution_model")


def _docs(split: str):
    """(gold relations, parsed doc) of each article of ``split``; the parse is cached in /tmp."""
    docs = list(documents(SHARED, split))
    cache = CACHE / f"{split}.spacy"
    if cache.is_file():
        parsed = list(DocBin().from_disk(cache).get_docs(pipeline().vocab))
    else:
        parsed = parse_many([d.text for d in docs])
        CACHE.mkdir(parents=True, exist_ok=True)
        DocBin(docs=parsed).to_disk(cache)
    return list(zip(docs, parsed))


def vocabulary() -> frozenset[str]:
    """Verb base forms seen in train, and every listed word: what a verb lemma may be."""
    cache = CACHE / "vocabulary.json"
    if cache.is_file():
        return frozenset(json.loads(cache.read_text()))
    words = {t.lower_ for _, doc in _docs("train") for t in doc if t.tag_ in {"VB", "VBP"} and t.is_alpha}
    lex, speech = attributions.lexicon(), speech_lexicon()
    words |= set(lex.irregular.values()) | lex.clause_verbs | lex.object_verbs | lex.infinitive_verbs
    words |= lex.gerund_verbs | lex.naming_verbs | set(lex.prepositional_verbs) | speech.speech_verbs
    CACHE.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(sorted(words)))
    return frozenset(words)


def dump(split: str) -> Path:
    vocab = vocabulary()
    rows = []
    for gold_doc, doc in _docs(split):
        speech = find_quotes(doc)
        headline = headline_attribution(doc, attributions._cue_verbs())
        if headline is not None and attributions._overlaps((headline.start, headline.end), speech):
            headline = None
        polls = [f for f in findings(doc) if not attributions._overlaps((f.start, f.end), speech)]
        seen = [f for f in impressions(doc) if not attributions._overlaps((f.start, f.end), speech)]
        cands = []
        for cand in attributions.candidates(doc, [], open_verbs=True):  # those inside speech too, marked
            hit = any(
                overlap(rel.content, [cand.span]) and any(a <= cand.head.idx < b for a, b in rel.cue)
                for rel in gold_doc.gold
            )
            inside = attributions._overlaps(cand.span, speech)
            cands.append((cand.span, cand.listed, hit, attribution_model.features(cand, vocab), inside, cand.head.idx))
        rows.append({
            "gold": [rel.content for rel in gold_doc.gold],
            "speech": [(q.start, q.end) for q in speech],
            "headline": (headline.start, headline.end) if headline is not None else None,
            "findings": [(f.start, f.end) for f in polls],
            "impressions": [(f.start, f.end) for f in seen],
            "candidates": cands,
        })
    out = CACHE / f"{split}.pickle"
    out.write_bytes(pickle.dumps(rows))
    print(f"{split}: {len(rows)} articles, {sum(len(r['candidates']) for r in rows)} candidates -> {out}")
    return out


def _load(split: str) -> list[dict]:
    return pickle.loads((CACHE / f"{split}.pickle").read_bytes())


def play(rows: list[dict], keep) -> tuple[float, float, float]:
    """Content P/R/F1 of speech + the candidates ``keep(i, j)`` keeps, as find_attributions chooses."""
    n_hit = n_sys = n_gold = 0
    for i, row in enumerate(rows):
        out = [row["headline"]] if row["headline"] else []
        for f in row["findings"]:
            if not any(a < f[1] and f[0] < b for a, b in out):
                out.append(f)
        for j, (span, _listed, _hit, _f, inside, _head) in enumerate(row["candidates"]):
            if inside or any(a < span[1] and span[0] < b for a, b in out) or not keep(i, j):
                continue
            out.append(span)
        for f in row["impressions"]:
            if not any(a < f[1] and f[0] < b for a, b in out):
                out.append(f)
        system = [[s] for s in row["speech"]] + [[s] for s in out]
        n_hit += len(match(row["gold"], system))
        n_sys += len(system)
        n_gold += len(row["gold"])
    p, r = n_hit / max(n_sys, 1), n_hit / max(n_gold, 1)
    return p, r, 2 * p * r / max(p + r, 1e-9)


def train(c: float, min_count: int, write: bool) -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    train_rows, dev_rows = _load("train"), _load("dev")
    kept = [cand for row in train_rows for cand in row["candidates"] if not cand[4]]  # those speech covers are never offered
    seen = Counter(f for cand in kept for f in cand[3])
    xs = [dict.fromkeys((f for f in cand[3] if seen[f] >= min_count), 1) for cand in kept]  # rare features: noise
    ys = [cand[2] for cand in kept]
    vec = DictVectorizer()
    fit = LogisticRegression(C=c, max_iter=2000).fit(vec.fit_transform(xs), ys)
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, fit.coef_[0]) if abs(w) >= 1e-3}
    bias = round(float(fit.intercept_[0]), 4)
    logits = [[bias + sum(weights.get(f, 0.0) for f in cand[3]) for cand in row["candidates"]] for row in dev_rows]
    print(f"train: {len(ys)} candidates, {sum(ys)} attributions; {len(weights)} weights (C={c}, min count {min_count})")
    p, r, f1 = play(dev_rows, lambda i, j: dev_rows[i]["candidates"][j][1])
    print(f"dev, word lists alone    P={p:.3f} R={r:.3f} F1={f1:.3f}")
    best = (0.0, 0.5)
    for t in [x / 40 for x in range(6, 33)]:
        p, r, f1 = play(dev_rows, lambda i, j, z=math.log(t / (1 - t)): logits[i][j] >= z)
        print(f"dev, threshold {t:.3f}   P={p:.3f} R={r:.3f} F1={f1:.3f}")
        best = max(best, (f1, t))
    print(f"best dev threshold {best[1]:.2f} (F1 {best[0]:.3f})")
    if write:
        used = {k.split("=", 1)[1].split("|")[0] for k in weights if k.startswith(("lemma=", "lemma|"))}
        data = {
            "about": "Logistic regression over attribution candidates, trained on PolNeAR train by "
                     "bench/attribution_model.py; threshold chosen on PolNeAR dev. Feature names and weights only.",
            "C": c, "min_count": min_count, "threshold": best[1], "bias": bias,
            "vocabulary": sorted(vocabulary() & used), "weights": dict(sorted(weights.items())),
        }
        attribution_model.MODEL_FILE.write_text(json.dumps(data, indent=0, sort_keys=False) + "\n", encoding="utf-8")
        print(f"wrote {attribution_model.MODEL_FILE}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["dump", "train"])
    ap.add_argument("--split", default="train", choices=["train", "dev"])
    ap.add_argument("--c", type=float, default=0.3, help="inverse regularisation strength")
    ap.add_argument("--min-count", type=int, default=3, help="fewest training candidates a feature is seen in")
    ap.add_argument("--write", action="store_true", help="train: write bot/data/attribution_model.json")
    args = ap.parse_args()
    if not (SHARED / "polnear").is_dir():
        print(f"PolNeAR not found at {SHARED / 'polnear'}")
        return 0
    if args.mode == "dump":
        dump(args.split)
    else:
        train(args.c, args.min_count, args.write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

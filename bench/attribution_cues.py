"""Tuning aid: how often each verb's complement is an attribution in PolNeAR, to draw bot/data/attribution.yaml.

    .venv/bin/python bench/attribution_cues.py count --split train        # counts -> /tmp/attribution_cues.json
    .venv/bin/python bench/attribution_cues.py lists --min-count 3 --min-share 0.4
    .venv/bin/python bench/attribution_cues.py try --split dev --min-count 3 --min-share 0.4

``count`` reads every verb of the split the way ``bot.extract.attributions.shapes``
does, but with every verb allowed in every shape (clause, infinitive, gerund,
object, prepositional object), and counts per (lemma, shape) how often the
content it gives overlaps a gold Content whose Cue covers the verb. ``lists``
prints the lemmas that clear the thresholds, shape by shape, beside what the
word list holds now; ``try`` scores a split with the word lists replaced by
them (content P/R/F1, as ``bench/quotes_polnear.py``). Only words and counts
come out: no text of the data set. Draw on ``train``, check on ``dev``.

Reads /work/shared/datasets/polnear in place (never copied).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.evaluation.matching import match, overlap  # noqa: E402
from bot.evaluation.polnear import _spans  # noqa: E402
from bot.extract import attributions  # noqa: E402
from bot.extract.attributions import classifier as attribution_model
from bot.extract.nlp import parse_many  # noqa: E402
from bot.extract.people.coref import quote_regions, region_of  # noqa: E402
from bot.extract.speech.cues import verb_lemma  # noqa: E402
from bot.extract.speech.find import find_quotes  # noqa: E402

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "polnear"
COUNTS = Path("/tmp/attribution_cues.json")
SHAPES = {"clause": "clause_verbs", "infinitive": "infinitive_verbs", "gerund": "gerund_verbs", "object": "object_verbs"}


def relations(ann: Path) -> list[tuple[list, list]]:
    """(content spans, cue spans) of each relation."""
    spans: dict[str, list] = {}
    events = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            spans[parts[0]] = _spans(parts[1].partition(" ")[2])
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(a.split(":", 1) for a in parts[1].split() if ":" in a))
    return [(spans[e["Content"]], spans.get(e.get("Cue", ""), [])) for e in events if e.get("Content") in spans]


def load(split: str, limit: int | None = None):
    root = POLNEAR / split
    anns = {a.stem.rsplit("_", 1)[0]: a for a in sorted((root / "attributions").glob("*.ann"), reverse=True)}
    texts = [t for t in sorted((root / "text").glob("*.txt")) if t.stem in anns][:limit]
    bodies = [t.read_text(encoding="utf-8") for t in texts]
    return [relations(anns[t.stem]) for t in texts], bodies, parse_many(bodies)


class _Everything(frozenset):
    def __contains__(self, item) -> bool:  # every preposition
        return True

    def __bool__(self) -> bool:
        return True


class _AllPreps(dict):
    def get(self, key, default=None):
        return _Everything()


def _open_lexicon(base_forms: frozenset[str]):
    lex = attributions.lexicon()
    return attributions._Lexicon(
        clause_verbs=base_forms, infinitive_verbs=base_forms, object_verbs=base_forms,
        naming_verbs=lex.naming_verbs, gerund_verbs=base_forms, clause_nouns=lex.clause_nouns,
        prepositional_verbs=_AllPreps({w: _Everything() for w in base_forms}), irregular=lex.irregular,
        prepositional_nouns=_AllPreps(),
    )


def count(split: str, limit: int | None) -> dict:
    golds, bodies, docs = load(split, limit)
    base = frozenset(t.lower_ for d in docs for t in d if t.tag_ in {"VB", "VBP"}) | frozenset(
        attributions.lexicon().irregular.values())
    open_lex = _open_lexicon(base)  # every verb in every shape
    seen: dict[str, Counter] = defaultdict(Counter)
    for gold, body, doc in zip(golds, bodies, docs):
        speech = find_quotes(doc)
        regions = quote_regions(doc.text)
        for tok in doc:
            if region_of(regions, tok.idx) is not None:
                continue
            noun = attributions._from_noun_prep(tok, open_lex)
            if noun is not None:
                span = attributions._content(doc, noun[0], tok, "prep")
                if span is not None and not attributions._overlaps(span, speech):
                    hit = any(overlap(content, [span]) and any(a <= tok.idx < b for a, b in cues)
                              for content, cues in gold)
                    key = f"noun:{noun[2].split()[-1].lower()}|{attributions._noun_singular(tok)}"
                    seen[key].update(["all"] + (["hit"] if hit else []))
            if not tok.tag_.startswith("VB") or tok.dep_ in {"amod", "acl"}:
                continue
            source, optional = attributions._source(tok)
            if source is None and not optional:
                continue
            lemma = verb_lemma(tok.text, base) or tok.lower_
            for shape, tokens, cue in attributions._candidates(tok, open_lex):
                span = attributions._content(doc, tokens, tok, "object" if shape != "clause" else shape)
                if span is None or attributions._overlaps(span, speech):
                    continue
                kind = {"passive": "object", "naming": "object"}.get(shape, shape)
                if shape == "prep":
                    kind = "prep:" + cue.split()[-1].lower()
                hit = any(
                    overlap(content, [span]) and any(a <= tok.idx < b for a, b in cues)
                    for content, cues in gold
                )
                seen[f"{kind}|{lemma}"].update(["all"] + (["hit"] if hit else []))
    return {k: [c["hit"], c["all"]] for k, c in seen.items()}


def chosen(counts: dict, min_count: int, min_share: float, only: str = "") -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for key, (hit, n) in counts.items():
        kind, lemma = key.split("|", 1)
        if kind.startswith(only) and n >= min_count and hit / n >= min_share and lemma.isalpha():
            out[kind].add(lemma)
    return out


def _lists(counts: dict, min_count: int, min_share: float, only: str) -> None:
    lex = attributions.lexicon()
    now = {"clause": lex.clause_verbs, "infinitive": lex.infinitive_verbs, "gerund": lex.gerund_verbs,
           "object": lex.object_verbs}
    got = chosen(counts, min_count, min_share, only)
    for kind in sorted(got):
        have = now.get(kind)
        words = sorted(got[kind])
        new = [w for w in words if have is None or w not in have]
        print(f"{kind}: {len(words)} ({len(new)} new)")
        for w in new:
            hit, n = counts[f"{kind}|{w}"]
            print(f"  - {w}   # {hit}/{n}")


def _try(split: str, limit: int | None, counts: dict, min_count: int, min_share: float, only: str) -> None:
    got = chosen(counts, min_count, min_share, only)
    lex = attributions.lexicon()
    preps: dict[str, set[str]] = defaultdict(set)
    for k, v in lex.prepositional_verbs.items():
        preps[k] |= set(v)
    nouns: dict[str, set[str]] = defaultdict(set)
    for k, v in lex.prepositional_nouns.items():
        nouns[k] |= set(v)
    for kind, lemmas in got.items():
        if kind.startswith("prep:"):
            for lemma in lemmas:
                preps[lemma].add(kind[5:])
        if kind.startswith("noun:"):
            for lemma in lemmas:
                nouns[lemma].add(kind[5:])
    widened = attributions._Lexicon(
        clause_verbs=lex.clause_verbs | got["clause"],
        infinitive_verbs=lex.infinitive_verbs | got["infinitive"],
        object_verbs=lex.object_verbs | got["object"],
        naming_verbs=lex.naming_verbs,
        gerund_verbs=lex.gerund_verbs | got["gerund"],
        clause_nouns=lex.clause_nouns,
        prepositional_verbs={k: frozenset(v) for k, v in preps.items()},
        irregular=lex.irregular,
        prepositional_nouns={k: frozenset(v) for k, v in nouns.items()},
    )
    golds, bodies, docs = load(split, limit)
    attribution_model.model = lambda: None  # the word lists alone decide
    for label, lexi in (("word lists now", lex), ("widened", widened)):
        attributions.lexicon = lambda lexi=lexi: lexi
        n_sys = n_gold = n_hit = 0
        for gold, doc in zip(golds, docs):
            speech = find_quotes(doc)
            system = speech + attributions.find_attributions(doc, speech)
            n_hit += len(match([c for c, _ in gold], [[(q.start, q.end)] for q in system]))
            n_sys += len(system)
            n_gold += len(gold)
        p, r = n_hit / n_sys, n_hit / n_gold
        print(f"{label:15} P={p:.3f} R={r:.3f} F1={2 * p * r / (p + r):.3f}  ({n_hit} of {n_gold}, {n_sys} system)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["count", "lists", "try"])
    ap.add_argument("--split", default="train", choices=["train", "dev", "test"])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--only", default="", help="lists/try: only the shapes whose name starts with this (e.g. noun:)")
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--min-share", type=float, default=0.4)
    args = ap.parse_args()
    if not POLNEAR.is_dir():
        print(f"PolNeAR not found at {POLNEAR}")
        return 0
    if args.mode == "count":
        counts = count(args.split, args.limit)
        COUNTS.write_text(json.dumps(counts, sort_keys=True), encoding="utf-8")
        print(f"{len(counts)} (shape, lemma) pairs counted -> {COUNTS}")
        return 0
    counts = json.loads(COUNTS.read_text(encoding="utf-8"))
    if args.mode == "lists":
        _lists(counts, args.min_count, args.min_share, args.only)
    else:
        _try(args.split, args.limit, counts, args.min_count, args.min_share, args.only)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

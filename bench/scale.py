"""How indexing and serving grow with the corpus: 1,000 / 10,000 / 100,000 articles made from the real ones.

    .venv/bin/python bench/scale.py                              # 1,000 and 10,000 articles, SQLite
    .venv/bin/python bench/scale.py --sizes 1000,10000,100000 --backends sqlite,postgresql
    .venv/bin/python bench/scale.py --base /tmp/nd-bench/bench.sqlite   # reuse an index of the real corpus
    .venv/bin/python bench/scale.py --keep /tmp/nd-scale         # keep the SQLite indexes for the next run

The real corpus is ../shared/corpus (ukraine_talks plus the bulk JSONL, bench/corpus.py), indexed once (or
``--base``: an index of it). A synthetic article is a real article in a "generation" g (article k is real
article k mod B of generation k div B, B real articles). Within a generation every article is rewritten word
by word with one consistent substitution, applied to its text and to every stored extraction (offsets moved to
the new text), so stories, people and events hold together inside a generation and do not collapse into copies
across generations:

* names: every word of a person's name, alias or place (as extracted) becomes a made-up name of the
  generation ("Zelenskyy" -> "Tovarek" in g=5, in every article of g=5);
* dates: years (in the text and in every date value) move on by g mod 20 years;
* numbers: other numbers written move on by g ("390 prisoners" -> "395 prisoners");
* words: half of the content words (chosen per generation) become another word of about the same frequency
  in the real corpus, so that the 5-word shingles of two generations' copies mostly differ.

Generation 0 is the real corpus as it is. The synthetic indexes are built by storing these extractions directly
(the parse is measured on its own, as ingest); the corpus-wide steps then run once over all of them, and adding,
changing and removing one article goes through the real indexer (``newsdesk index`` in a process of its own,
the model loaded first). A serving process (also of its own) answers every command family warm, and the first
command after each change; its RSS is read from /proc. Everything is printed with the fitted growth of each
figure (the exponent b of figure ~ N^b, least squares over the sizes) and the machine's load while it ran.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bot import Newsdesk  # noqa: E402
from bot.corpus.stories import fingerprint  # noqa: E402
from bot.extract.people.analysis import PeopleAnalysis  # noqa: E402
from bot.extract.pipeline import EXTRACTOR_VERSION, Extraction  # noqa: E402
from bot.extract.types import DateMention, EventSpan, PersonEntity, PersonMention, QuoteSpan  # noqa: E402
from bot.ingest.files import Article  # noqa: E402
from bot.query.terms import stop_words  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.store.repository import Repository  # noqa: E402

YEARS = 20
REPEATS = 100
FAMILIES = ("who", "quote", "timeline", "search", "question")
_TOKEN = re.compile(r"[^\W_]+")
_SYLLABLES = ("ka", "ro", "vi", "len", "mar", "to", "sen", "da", "ri", "ko", "ve", "lan", "mo", "zi", "tar", "bel",
              "no", "gor", "pe", "sa", "dun", "il", "ra", "vek")


def _h(*parts) -> int:
    return int.from_bytes(hashlib.blake2b("\x00".join(map(str, parts)).encode(), digest_size=8).digest(), "little")


# ---- the real corpus, as extracted ---------------------------------------------------------------------------

class Base:
    """Every article of an index of the real corpus, with what was extracted from it."""

    def __init__(self, db: str) -> None:
        repo = Repository(db)
        q = repo.query
        self.articles = [dict(r) for r in q("SELECT id, title, outlet, url, published, text FROM articles ORDER BY id")]
        self.rows: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for table, order in (("sentences", "start"), ("article_people", "local_id"), ("mentions", "start"),
                             ("quotes", "start"), ("dates", "start"), ("events", "start")):
            for r in q(f'SELECT * FROM {table} ORDER BY article_id, {order}'):
                self.rows[r["article_id"]][table].append(dict(r))
        repo.close()
        names: set[str] = set()
        for rows in self.rows.values():
            for p in rows["article_people"]:
                for n in [p["name"], *json.loads(p["aliases"])]:
                    names.update(w for w in _TOKEN.findall(n) if w[:1].isupper())
            for e in rows["events"]:
                for place in json.loads(e["places"]):
                    names.update(w for w in _TOKEN.findall(place) if w[:1].isupper())
        self.names = names
        stop = stop_words()
        counts = Counter(w for a in self.articles for w in _TOKEN.findall(a["text"].lower())
                         if len(w) > 3 and w.isalpha() and w not in stop)
        ranked = [w for w, _ in counts.most_common()]
        self.band = {w: ranked[(i // 40) * 40:(i // 40) * 40 + 40] for i, w in enumerate(ranked)}


class Generation:
    """The consistent rewriting of generation ``g`` (see the module's notes)."""

    def __init__(self, base: Base, g: int) -> None:
        self.base, self.g, self.shift = base, g, g % YEARS
        self.memo: dict[str, str] = {}

    def token(self, tok: str) -> str:
        if self.g == 0:
            return tok
        found = self.memo.get(tok)
        if found is None:
            found = self.memo[tok] = self._token(tok)
        return found

    def _token(self, tok: str) -> str:
        g = self.g
        if tok.isdigit():
            if len(tok) == 4 and 1900 <= int(tok) <= 2099:
                return str(int(tok) + self.shift)
            return str(int(tok) + g) if len(tok) < 12 else tok
        if tok in self.base.names:
            n = _h(tok, g)
            made = "".join(_SYLLABLES[(n >> (5 * k)) % len(_SYLLABLES)] for k in range(2 + n % 2))
            return made.upper() if tok.isupper() and len(tok) > 1 else made.capitalize()
        low = tok.lower()
        band = self.base.band.get(low)
        if band and _h(low, g, "w") % 2 == 0:
            new = band[_h(low, g) % len(band)]
            return new.upper() if tok.isupper() and len(tok) > 1 else new.capitalize() if tok[:1].isupper() else new
        return tok

    def text(self, text: str | None) -> str | None:
        return None if text is None else _TOKEN.sub(lambda m: self.token(m.group()), text)

    def rewrite(self, text: str) -> tuple[str, list[int]]:
        """The text rewritten, and where each of its offsets went."""
        out: list[str] = []
        where = [0] * (len(text) + 1)
        at = new = 0
        for m in _TOKEN.finditer(text):
            for i in range(at, m.start()):
                where[i] = new + (i - at)
            new += m.start() - at
            out.append(text[at:m.start()])
            piece = self.token(m.group())
            for i in range(m.start(), m.end()):
                where[i] = new + min(i - m.start(), len(piece))
            out.append(piece)
            new += len(piece)
            at = m.end()
        for i in range(at, len(text) + 1):
            where[i] = new + (i - at)
        out.append(text[at:])
        return "".join(out), where

    def value(self, value: str | None) -> str | None:
        if not value or not value[:4].isdigit() or self.shift == 0:
            return value
        return str(int(value[:4]) + self.shift) + value[4:]

    def day(self, value: str | None) -> date | None:
        if not value:
            return None
        d = date.fromisoformat(value)
        try:
            return d.replace(year=d.year + self.shift)
        except ValueError:  # 29 February
            return d.replace(year=d.year + self.shift, day=28)


def synthetic(base: Base, k: int, folder: Path) -> tuple[Article, Extraction, bytes]:
    """Article ``k`` of the synthetic corpus: its file written into ``folder``, and what to store for it."""
    real = base.articles[k % len(base.articles)]
    gen = Generation(base, k // len(base.articles))
    rows = base.rows[real["id"]]
    text, where = gen.rewrite(real["text"])

    def span(s: int, e: int) -> tuple[int, int]:
        return where[min(s, len(where) - 1)], where[min(e, len(where) - 1)]

    entities = [PersonEntity(name=gen.text(p["name"]), aliases=[gen.text(a) for a in json.loads(p["aliases"])],
                             roles=[gen.text(r) for r in json.loads(p["roles"])], affiliation=gen.text(p["affiliation"]),
                             is_org=bool(p["is_org"])) for p in rows["article_people"]]
    local = {p["local_id"]: i for i, p in enumerate(rows["article_people"])}
    mentions = []
    for m in rows["mentions"]:
        s, e = span(m["start"], m["end"])
        mentions.append(PersonMention(text=text[s:e], start=s, end=e, entity=local[m["local_id"]], kind=m["kind"]))
    quotes = []
    for q in rows["quotes"]:
        s, e = span(q["start"], q["end"])
        ss, se = (span(q["speaker_start"], q["speaker_end"]) if q["speaker_start"] is not None else (None, None))
        quotes.append(QuoteSpan(text=text[s:e], start=s, end=e, direct=bool(q["direct"]), speaker_start=ss,
                                speaker_end=se, cue=gen.text(q["cue"]), speaker=gen.text(q["speaker_name"]),
                                speaker_role=gen.text(q["speaker_role"]),
                                speaker_entity=local.get(q["speaker_local"]), said_on=gen.value(q["said_on"]),
                                said_precision=q["said_precision"]))
    dates = []
    for d in rows["dates"]:
        s, e = span(d["start"], d["end"])
        dates.append(DateMention(text=text[s:e], start=s, end=e, type=d["type"], value=gen.value(d["value"]),
                                 precision=d["precision"]))
    events = []
    for ev in rows["events"]:
        s, e = span(ev["start"], ev["end"])
        events.append(EventSpan(date=gen.value(ev["date"]), precision=ev["precision"], text=text[s:e], start=s, end=e,
                                date_text=gen.text(ev["date_text"]), end_date=gen.value(ev["end_date"]),
                                people=[gen.text(p) for p in json.loads(ev["people"])],
                                places=[gen.text(p) for p in json.loads(ev["places"])], planned=bool(ev["planned"])))
    sentences = [span(r["start"], r["end"]) for r in rows["sentences"]]
    extraction = Extraction(text, PeopleAnalysis(entities=entities, mentions=mentions), quotes, dates, events, sentences)
    published = gen.day(real["published"])
    title = gen.text(real["title"])
    path = folder / f"s{k // len(base.articles):03d}-{real['id']}.txt"
    body = (f"title: {' '.join(title.split())}\noutlet: {real['outlet'] or ''}\n"
            f"published: {published.isoformat() if published else 'unknown'}\nurl: {real['url'] or ''}\n---\n{text}\n")
    raw = body.encode("utf-8")
    path.write_bytes(raw)
    info = path.stat()
    article = Article(id=path.stem, path=path, title=title, outlet=real["outlet"], url=real["url"], published=published,
                      published_source="header" if published else None, text=text,
                      content_hash=hashlib.sha256(raw).hexdigest(), removed=(), stat=(info.st_size, info.st_mtime_ns))
    return article, extraction, fingerprint(text).to_bytes()


def build(base: Base, n: int, folder: Path, db: str) -> dict:
    """The synthetic index of ``n`` articles: stored directly, then the corpus-wide steps over all of them."""
    folder.mkdir(parents=True, exist_ok=True)
    repo = Repository(db)
    started = time.perf_counter()
    for k in range(n):
        article, extraction, fp = synthetic(base, k, folder)
        repo.replace_article(article, extraction, anchor=article.published, extractor_version=EXTRACTOR_VERSION,
                             fingerprint=fp, inferred=None, story_id=article.id)
        repo.set_file_stat(article.id, *article.stat)
        if k and k % 10000 == 0:
            print(f"  stored {k} of {n} ({time.perf_counter() - started:.0f} s)", flush=True)
    stored = time.perf_counter() - started
    repo.close()
    nd = Newsdesk(corpus=folder, db=db, settings=Settings(index_workers=1))
    started = time.perf_counter()
    report = nd.index()
    steps = time.perf_counter() - started
    assert not report.added and not report.removed, report.summary()
    nd.close()
    return {"store s": stored, "steps s": steps}


# ---- what runs in processes of its own ------------------------------------------------------------------------

def _rss() -> tuple[float, float]:
    """(resident, peak resident) MiB of this process."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            found[line.split(":")[0]] = int(line.split()[1]) / 1024
    return found.get("VmRSS", 0.0), found.get("VmHWM", 0.0)


def queries(nd: Newsdesk, rng: random.Random) -> dict[str, list[str]]:
    """Commands drawn from the index itself, as bench_commands.py draws them."""
    persons = [r["name"] for r in nd.repo.query(
        "SELECT name FROM persons WHERE is_org = 0 ORDER BY mentions DESC, id LIMIT 300")]
    surnames = [n.split()[-1] for n in persons] or ["Putin"]
    words = [w for r in nd.repo.query("SELECT text FROM quotes ORDER BY id LIMIT 600") for w in r["text"].split()
             if len(w) > 6 and w.isalpha()] or ["talks"]
    places = sorted({p for r in nd.repo.query("SELECT places FROM events ORDER BY id LIMIT 3000")
                     for p in json.loads(r["places"])}) or ["Moscow"]
    pick = lambda xs: xs[rng.randrange(len(xs))]  # noqa: E731
    return {
        "who": [f"/who {pick(surnames)}" for _ in range(40)] + [f"/who {pick(persons)}" for _ in range(20)],
        "quote": [f"/quote {pick(words)}" for _ in range(40)] + [f"/quote {pick(words)} by:{pick(surnames)}" for _ in range(20)],
        "timeline": [f"/timeline {pick(places)}" for _ in range(30)] + [f"/timeline {pick(surnames)}" for _ in range(30)],
        "search": [f"/search {pick(words)} {pick(places)}" for _ in range(60)],
        "question": [f"What did {pick(surnames)} say about {pick(words)}?" for _ in range(30)]
        + [f"When did {pick(surnames)} visit {pick(places)}?" for _ in range(20)]
        + [f"Who met {pick(surnames)} in {pick(places)}?" for _ in range(10)],
    }


def serve(db: str, corpus: str) -> None:
    """A serving process: warm latencies, RSS, then the first answers after each change it is told of."""
    nd = Newsdesk(corpus=corpus, db=db)
    nd._checked = True  # it serves; another process indexes
    families = queries(nd, random.Random(7))
    for texts in families.values():
        for t in texts[:3]:
            nd.ask(t)
    timings: dict[str, list[float]] = {}
    for family, texts in families.items():
        for i in range(REPEATS):
            started = time.perf_counter()
            nd.ask(texts[i % len(texts)])
            timings.setdefault(family, []).append((time.perf_counter() - started) * 1000)
    rss, peak = _rss()  # every cache warm, every family asked
    started = time.perf_counter()
    bare = nd.ask("/timeline")  # every entry of the index made into an answer: a peak of its own
    bare_ms = (time.perf_counter() - started) * 1000
    print(json.dumps({"warm": {f: [statistics.median(v), percentile(v, 99)] for f, v in timings.items()},
                      "bare timeline": [bare_ms, len(getattr(bare, "events", []))], "rss": rss, "peak": peak,
                      "rss after bare timeline": _rss()[0]}),
          flush=True)
    for line in sys.stdin:  # "changed": the index changed; answer each family once
        first = {}
        for family, texts in families.items():
            started = time.perf_counter()
            nd.ask(texts[0])
            first[family] = (time.perf_counter() - started) * 1000
        print(json.dumps({"first": first, "rss": _rss()[0]}), flush=True)


def incremental(db: str, corpus: str, article: str) -> None:
    """One index run after one change, in a process of its own with the model loaded first: its time, the
    extraction of the article alone, and the peak memory of the run."""
    from bot.extract import nlp
    from bot.extract.pipeline import extract
    from bot.ingest.files import read_article

    nd = Newsdesk(corpus=corpus, db=db, settings=Settings(index_workers=1))
    nlp.pipeline()
    path = Path(corpus) / article
    alone = None
    if path.exists():
        text = read_article(path).text
        extract(text)
        started = time.perf_counter()
        extract(text)
        alone = time.perf_counter() - started
    before = _rss()[1]
    started = time.perf_counter()
    report = nd.index()
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "extract alone": alone, "summary": report.summary(),
                      "peak MiB": _rss()[1], "peak before MiB": before}), flush=True)


# ---- the run ----------------------------------------------------------------------------------------------------

def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def _self(*args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), *args]


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def db_size(db: str) -> int:
    if db.startswith("postgresql://"):
        repo = Repository(db)
        size = repo.query("SELECT pg_database_size(current_database()) AS n")[0]["n"]
        repo.close()
        return int(size)
    conn = __import__("sqlite3").connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return Path(db).stat().st_size


def measure(base: Base, n: int, backend: str, work: Path, cluster, keep: Path | None) -> dict:
    home = (keep or work) / f"{backend}-{n}"
    folder = home / "corpus"
    db = str(home / "index.sqlite") if backend == "sqlite" else cluster.create_database(f"scale{n}")
    built = home / "built.json"
    if backend == "sqlite" and keep is not None and built.exists():
        print(f"\n-- {backend}, {n} articles: kept from a run before ({built})", flush=True)
        out = json.loads(built.read_text())
    else:
        print(f"\n-- {backend}, {n} articles: building", flush=True)
        out = build(base, n, folder, db)
        if backend == "sqlite" and keep is not None:
            built.write_text(json.dumps(out))
    if backend == "postgresql":
        import psycopg

        with psycopg.connect(db, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
            conn.execute("CHECKPOINT")
    out["bytes per article"] = db_size(db) / n
    server = subprocess.Popen(_self("--serve", db, str(folder)), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, env=_env())
    out.update(json.loads(server.stdout.readline()))
    # one article added (a real one in a generation of its own), changed, removed: through the real indexer
    extra = synthetic(base, n + 7 * len(base.articles) // 3, work)[0].path  # a generation of its own
    changes = [("add", lambda: shutil.move(str(extra), folder / extra.name), extra.name)]
    victim = sorted(folder.glob("*.txt"))[n // 2]
    changes.append(("change", lambda: victim.write_text(victim.read_text(encoding="utf-8").rstrip("\n")
                                                        + " Officials said more talks would follow.\n",
                                                        encoding="utf-8"), victim.name))
    changes.append(("remove", lambda: (folder / extra.name).unlink(), extra.name))
    for name, change, article in changes:
        change()
        run = subprocess.run(_self("--incremental", db, str(folder), article), capture_output=True, text=True,
                             env=_env())
        found = json.loads(run.stdout.strip().splitlines()[-1])
        server.stdin.write("changed\n")
        server.stdin.flush()
        found.update(json.loads(server.stdout.readline()))
        out[name] = found
    server.stdin.close()
    server.wait()
    return out


def ingest(base: Base, count: int, work: Path) -> dict:
    """Articles per second: plain spaCy nlp.pipe over the texts, and newsdesk indexing them (one and two workers),
    taken in turn twice on the same texts."""
    import spacy

    from bot.extract import nlp

    sources = [a for a in base.articles if a["published"]][:count]
    folder = work / "ingest"
    folder.mkdir(exist_ok=True)
    for a in sources:
        (folder / f"{a['id']}.txt").write_text(f"title: {a['title']}\npublished: {a['published']}\n---\n{a['text']}\n",
                                               encoding="utf-8")
    texts = [a["text"] for a in sources]
    plain = spacy.load(nlp.MODEL)
    list(plain.pipe(texts[:8]))
    nlp.pipeline()
    rates: dict[str, list[float]] = defaultdict(list)
    for round_ in range(2):
        started = time.perf_counter()
        list(plain.pipe(texts))
        rates["plain spaCy nlp.pipe"].append(len(texts) / (time.perf_counter() - started))
        for workers in (1, 2):
            db = work / f"ingest-{round_}-{workers}.sqlite"
            nd = Newsdesk(corpus=folder, db=db, settings=Settings(index_workers=workers))
            started = time.perf_counter()
            added = len(nd.index().added)
            rates[f"newsdesk index, {workers} worker{'s' if workers > 1 else ''}"].append(
                added / (time.perf_counter() - started))
            nd.close()
    return {k: statistics.median(v) for k, v in rates.items()}


def growth(sizes: list[int], values: list[float]) -> str:
    pairs = [(math.log(n), math.log(v)) for n, v in zip(sizes, values) if v and v > 0]
    if len(pairs) < 2:
        return ""
    mx = sum(x for x, _ in pairs) / len(pairs)
    my = sum(y for _, y in pairs) / len(pairs)
    den = sum((x - mx) ** 2 for x, _ in pairs)
    return f"N^{sum((x - mx) * (y - my) for x, y in pairs) / den:.2f}" if den else ""


def report(results: dict, sizes: list[int]) -> None:
    for backend, by_size in results.items():
        print(f"\n== {backend}: " + ", ".join(f"{n:,}" for n in sizes) + " articles; growth fitted over the sizes")
        rows: list[tuple[str, list[float]]] = []
        rows.append(("store directly, s (build only)", [by_size[n]["store s"] for n in sizes]))
        rows.append(("corpus-wide steps over all, s", [by_size[n]["steps s"] for n in sizes]))
        for op in ("add", "change", "remove"):
            rows.append((f"{op} one article: index run, s", [by_size[n][op]["seconds"] for n in sizes]))
            if op != "remove":
                rows.append((f"  its extraction alone, s", [by_size[n][op]["extract alone"] or 0 for n in sizes]))
            rows.append((f"  peak RSS of that run, MiB", [by_size[n][op]["peak MiB"] for n in sizes]))
        for family in FAMILIES:
            rows.append((f"{family}: warm p50, ms", [by_size[n]["warm"][family][0] for n in sizes]))
            rows.append((f"{family}: warm p99, ms", [by_size[n]["warm"][family][1] for n in sizes]))
            rows.append((f"{family}: first after a change (max of 3), ms",
                         [max(by_size[n][op]["first"][family] for op in ("add", "change", "remove")) for n in sizes]))
        rows.append(("bare /timeline, ms", [by_size[n]["bare timeline"][0] for n in sizes]))
        rows.append(("bare /timeline, entries", [by_size[n]["bare timeline"][1] for n in sizes]))
        rows.append(("serving RSS, MiB (every family asked)", [by_size[n]["rss"] for n in sizes]))
        rows.append(("  after a bare /timeline, MiB", [by_size[n].get("rss after bare timeline", 0) for n in sizes]))
        rows.append(("database bytes per article", [by_size[n]["bytes per article"] for n in sizes]))
        width = max(len(r[0]) for r in rows)
        print(f"{'':<{width}} " + " ".join(f"{n:>11,}" for n in sizes) + "   growth")
        for label, values in rows:
            print(f"{label:<{width}} " + " ".join(f"{v:>11.3f}" if v < 100 else f"{v:>11,.0f}" for v in values)
                  + f"   {growth(sizes, values)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--backends", default="sqlite")
    parser.add_argument("--base", help="an index of the real corpus (default: built from ../shared, ~10 minutes)")
    parser.add_argument("--ingest", type=int, default=200, help="real articles the ingest rates are measured on (0: not measured)")
    parser.add_argument("--work", type=Path, help="a folder for the corpora and indexes (default: a temporary one)")
    parser.add_argument("--keep", type=Path, help="a folder to keep the SQLite corpora and indexes in: a run after"
                        " reuses them (each run adds, changes and removes one article, so the index moves on)")
    parser.add_argument("--serve", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--incremental", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve(*args.serve)
    if args.incremental:
        return incremental(*args.incremental)
    sizes = [int(s) for s in args.sizes.split(",")]
    backends = args.backends.split(",")
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        work = Path(tmp)
        base_db = args.base
        if base_db is None:
            import corpus

            folder = work / "real"
            corpus.build(folder)
            base_db = str(work / "real.sqlite")
            Newsdesk(corpus=folder, db=base_db).index()
        base = Base(base_db)
        print(f"real corpus: {len(base.articles)} articles; load average {os.getloadavg()} on {os.cpu_count()} cores")
        results: dict[str, dict[int, dict]] = {}
        cluster = None
        if "postgresql" in backends:
            from bot.store.postgres.cluster import Cluster

            cluster = Cluster().start()
        try:
            for backend in backends:
                for n in sizes:
                    results.setdefault(backend, {})[n] = measure(base, n, backend, work, cluster, args.keep)
                    print(json.dumps(results[backend][n], default=str)[:2000], flush=True)
        finally:
            if cluster is not None:
                cluster.stop()
        rates = ingest(base, args.ingest, work) if args.ingest else {}
        report(results, sizes)
        if rates:
            print("\n== ingest, articles per second (median of 2 rounds, in turn on the same "
                  f"{min(args.ingest, len(base.articles))} real texts)")
            for label, rate in rates.items():
                print(f"{label:<34} {rate:6.2f}")
        print(f"load average at the end {os.getloadavg()}; this process's peak RSS "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()

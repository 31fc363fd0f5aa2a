"""Article pages and feeds built at test time from the corpus in ../shared/corpus/ukraine_talks (read in place).

A page wraps an article's text in what news sites put around it: a cookie
banner, navigation, a "most read" box, a newsletter sign-up, related links
and a footer, with the metadata in the places real sites keep it (Open Graph,
``article:published_time``, JSON-LD, a byline). ``FURNITURE`` lists phrases
that must never reach the index.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.utils import format_datetime
from pathlib import Path

from bot.ingest.files import split_header

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ukraine_talks"
if not CORPUS.is_dir():  # a worktree beside the project: ../shared from the main checkout
    CORPUS = Path("/work/shared/corpus/ukraine_talks")

FURNITURE = (
    "We use cookies to improve your experience",
    "Accept all cookies",
    "Most read",
    "Sign up for our morning briefing",
    "All rights reserved",
    "Skip to main content",
    "Related coverage",
)


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    outlet: str
    published: date
    paragraphs: tuple[str, ...]
    at: datetime | None = None  # when it was published, if not 09:30 UTC on ``published``

    @property
    def moment(self) -> datetime:
        return self.at or datetime(self.published.year, self.published.month, self.published.day, 9, 30,
                                   tzinfo=timezone.utc)


def stories(count: int | None = None) -> list[Story]:
    """Corpus articles with a title, outlet and date, in file order."""
    out = []
    for path in sorted(CORPUS.glob("*.txt")):
        header, body = split_header(path.read_text(encoding="utf-8"))
        if not (header.get("title") and header.get("published") and header.get("outlet")):
            continue
        try:
            published = date.fromisoformat(header["published"][:10])
        except ValueError:  # "unknown": these pages are dated
            continue
        paragraphs = tuple(p.strip() for p in body.split("\n") if len(p.strip()) > 40)
        if len(paragraphs) < 4:
            continue
        out.append(Story(path.stem[:40], header["title"], header["outlet"], published, paragraphs))
        if count is not None and len(out) == count:
            break
    return out


def page(story: Story, url: str, *, dated: bool = True, titled: bool = True, site: str | None = None,
         feed_links: tuple[str, ...] = ()) -> str:
    """An article page as a news site serves it."""
    e = html.escape
    site = site or story.outlet
    meta = [f'<meta property="og:url" content="{e(url)}">', f'<meta property="og:site_name" content="{e(site)}">']
    if titled:
        meta.append(f'<meta property="og:title" content="{e(story.title)}">')
    if dated:
        meta.append(f'<meta property="article:published_time" content="{story.moment.isoformat()}">')
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title,
              "datePublished": story.moment.isoformat(), "author": {"@type": "Person", "name": "Staff Reporter"}}
        meta.append(f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    meta += [f'<link rel="alternate" type="application/rss+xml" title="RSS" href="{e(h)}">' for h in feed_links]
    body = "\n".join(f"<p>{e(p)}</p>" for p in story.paragraphs)
    heading = f"<h1>{e(story.title)}</h1>" if titled else ""
    when = f'<time datetime="{story.moment.isoformat()}">{story.published:%d %B %Y}</time>' if dated else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(story.title) if titled else e(site)} | {e(site)}</title>
{chr(10).join(meta)}
<script>document.write('<p>tracking pixel ' + navigator.userAgent + '</p>'); fetch('/beacon');</script>
<style>.cookie{{position:fixed}}</style></head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies to improve your experience on our site and to
show you relevant advertising. By continuing you agree to our cookie policy.</p><button>Accept all cookies</button>
<button>Manage preferences</button></div>
<header class="site-header"><nav aria-label="Main"><ul><li><a href="/world">World</a></li><li><a href="/business">
Business</a></li><li><a href="/markets">Markets</a></li><li><a href="/opinion">Opinion</a></li><li><a href="/video">Video</a>
</li></ul></nav></header>
<main id="main"><article class="story">
{heading}
<div class="byline">By Staff Reporter {when}</div>
<div class="article-body">
{body}
</div>
<aside class="newsletter"><h3>Sign up for our morning briefing</h3><p>Get the day's top stories in your inbox every
morning. Sign up for our morning briefing now.</p><form><input type="email"><button>Subscribe</button></form></aside>
</article>
<aside class="most-read"><h2>Most read</h2><ol><li><a href="/a">Markets rally as central banks signal pause in rate rises</a></li>
<li><a href="/b">Ten places to visit this summer before the crowds arrive</a></li>
<li><a href="/c">Football club sacks manager after fifth straight defeat</a></li></ol></aside>
<section class="related"><h2>Related coverage</h2><ul><li><a href="/d">Oil prices climb on supply worries</a></li>
<li><a href="/e">Election campaign enters its final week</a></li></ul></section>
</main>
<footer><p>© 2026 {e(site)}. All rights reserved.</p><ul><li><a href="/terms">Terms of use</a></li>
<li><a href="/privacy">Privacy policy</a></li><li><a href="/contact">Contact us</a></li></ul></footer>
</body></html>"""


def rss(title: str, site: str, items: list[tuple[Story, str, str]], summary_paragraphs: int = 1) -> str:
    """RSS 2.0: items are (story, link, guid); each description holds the first ``summary_paragraphs``."""
    e = html.escape
    entries = "\n".join(
        f"<item><title>{e(s.title)}</title><link>{e(link)}</link><guid isPermaLink=\"false\">{e(guid)}</guid>"
        f"<pubDate>{format_datetime(s.moment)}</pubDate>"
        f"<description>{e(' '.join(s.paragraphs[:summary_paragraphs]))}</description></item>"
        for s, link, guid in items
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{e(title)}</title>'
            f"<link>{e(site)}</link><description>News</description>\n{entries}\n</channel></rss>")


def rss10(title: str, site: str, items: list[tuple[Story, str]]) -> str:
    """RSS 1.0 (RDF) with Dublin Core dates."""
    e = html.escape
    seq = "".join(f'<rdf:li rdf:resource="{e(link)}"/>' for _, link in items)
    entries = "\n".join(
        f'<item rdf:about="{e(link)}"><title>{e(s.title)}</title><link>{e(link)}</link>'
        f"<dc:date>{s.moment.isoformat()}</dc:date><description>{e(s.paragraphs[0])}</description></item>"
        for s, link in items
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            ' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<channel rdf:about="{e(site)}"><title>{e(title)}</title><link>{e(site)}</link><description>News</description>'
            f"<items><rdf:Seq>{seq}</rdf:Seq></items></channel>\n{entries}\n</rdf:RDF>")


def atom(title: str, site: str, items: list[tuple[Story, str]]) -> str:
    e = html.escape
    entries = "\n".join(
        f'<entry><title>{e(s.title)}</title><link rel="alternate" href="{e(link)}"/><id>{e(link)}</id>'
        f"<published>{s.moment.isoformat()}</published><updated>{s.moment.isoformat()}</updated>"
        f"<summary>{e(s.paragraphs[0])}</summary></entry>"
        for s, link in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>{e(title)}</title>'
            f'<link href="{e(site)}"/><id>{e(site)}</id><updated>2026-01-01T00:00:00Z</updated>\n{entries}\n</feed>')


def json_feed(title: str, site: str, items: list[tuple[Story, str]]) -> str:
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": title, "home_page_url": site,
        "items": [{"id": link, "url": link, "title": s.title, "date_published": s.moment.isoformat(),
                   "content_text": s.paragraphs[0]} for s, link in items],
    })

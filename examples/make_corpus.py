# ruff: noqa: E501  (prose and HTML: long lines by design)
"""Render the demo corpus (examples/corpus/) and its ground truth (examples/truth.json) from articles.py.

Run from the repository root: ``.venv/bin/python examples/make_corpus.py``. The output is deterministic
(the generated files are committed; re-running must leave ``git status`` clean).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from articles import ARTICLES  # noqa: E402
from truth_extra import CLAIMS, QUOTES, STORYLINE_CLAIMS, TIMELINES  # noqa: E402

CORPUS = HERE / "corpus"
NBSP = "\u00a0"

# Publication times (UTC) used in metadata; all around midday so no time zone can move the date.
PUBLISHED_TIME = "11:30:00"

SITE = {
    "Stagelight": ("stagelight.example", "Stagelight — film, stage and screen"),
    "The Evening Ledger": ("eveningledger.example", "The Evening Ledger"),
    "Calloway Herald": ("callowayherald.example", "Calloway Herald"),
}


def by_path(path: str) -> list[dict[str, Any]]:
    """Return the articles stored in ``path``, in their order inside it."""
    found = [a for a in ARTICLES if a["path"] == path]
    return sorted(found, key=lambda a: a.get("entry", a.get("line", a.get("record", 0))))


def body_html(article: dict[str, Any]) -> str:
    """Return the body as HTML paragraphs."""
    return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in article["paragraphs"])


def render_html(article: dict[str, Any]) -> str:
    """Return a saved news page for ``article``: nav, ads, related links, footer, OG tags and JSON-LD."""
    domain, site_title = SITE[article["outlet"]]
    title = article["title"]
    published = f"{article['published']}T{PUBLISHED_TIME}Z"
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": published,
        "dateModified": published,
        "author": {"@type": "Person", "name": article["author"]} if article["author"] else None,
        "publisher": {"@type": "Organization", "name": article["outlet"]},
        "mainEntityOfPage": article["url"],
    }
    ld = {k: v for k, v in ld.items() if v is not None}
    e = html.escape
    byline = (
        f'<p class="byline">By <a rel="author" href="https://{domain}/staff/">{e(article["author"])}</a></p>'
        if article["author"]
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{e(title)} | {e(article["outlet"])}</title>
<link rel="canonical" href="{e(article["url"])}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:site_name" content="{e(article["outlet"])}">
<meta property="og:type" content="article">
<meta property="og:title" content="{e(title)}">
<meta property="og:url" content="{e(article["url"])}">
<meta property="article:published_time" content="{published}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<link rel="stylesheet" href="/static/site.css">
</head>
<body>
<header class="masthead">
  <a class="logo" href="https://{domain}/">{e(site_title)}</a>
  <nav><ul>
    <li><a href="https://{domain}/news/">News</a></li>
    <li><a href="https://{domain}/culture/">Culture</a></li>
    <li><a href="https://{domain}/sport/">Sport</a></li>
    <li><a href="https://{domain}/opinion/">Opinion</a></li>
    <li><a href="https://{domain}/subscribe/">Subscribe</a></li>
  </ul></nav>
</header>
<div class="ad ad-leaderboard">Advertisement — Save 40% on a digital subscription this week only</div>
<main>
<div class="headline">
<h1>{e(title)}</h1>
{byline}
<time datetime="{published}">{dt.date.fromisoformat(article["published"]).strftime("%d %B %Y")}</time>
</div>
<article>
{body_html(article)}
</article>
<aside class="related">
  <h2>Most read</h2>
  <ul>
    <li><a href="https://{domain}/news/harbour-parking-charges">Council votes to double harbour parking charges</a></li>
    <li><a href="https://{domain}/news/bakery-award">Family bakery wins regional pastry award</a></li>
    <li><a href="https://{domain}/sport/cup-draw">Cup draw: United face long trip north</a></li>
  </ul>
</aside>
<div class="ad ad-sidebar">Advertisement — Holiday cottages by the sea from 49 a night</div>
</main>
<footer>
  <p>Sign up for our morning newsletter. We will never share your email address.</p>
  <p><a href="https://{domain}/privacy">Privacy</a> · <a href="https://{domain}/terms">Terms</a> ·
  <a href="https://{domain}/contact">Contact us</a></p>
  <p>© {e(article["outlet"])}. All rights reserved.</p>
</footer>
</body>
</html>
"""


def render_text(article: dict[str, Any]) -> str:
    """Return a scraper-style text file for ``article``, with this file's header quirks."""
    a = article
    body = "\n\n".join(a["paragraphs"])
    path = a["path"]
    if path == "text/meridian-2020-10-15-marchetti.txt":
        # Header lines with a leading space, a blank line, then the title.
        head = f" url {a['url']}\n date {a['published']}\n outlet {a['outlet']}\n\n{a['title']}\n\n"
        return head + body + "\n"
    if path == "text/meridian-2013-06-05-brandt.txt":
        # Indented headers, lines of only non-breaking spaces, the date header runs into the title line.
        head = f"   outlet {a['outlet']}\n{NBSP * 3}\n   date {a['published']} {a['title']}\n{NBSP}\n\n"
        return head + body + "\n"
    if path == "text/pinewood-brandt-court.txt":
        # Headers straight into the title line, no blank line in between.
        head = f"outlet {a['outlet']}\ndate {a['published']}\nurl {a['url']}\n{a['title']}\n\n"
        return head + body + "\n"
    if path == "text/ledger-ferry-passengers.txt":
        # Undated: no date header, no URL; paragraphs separated by lines of only non-breaking spaces.
        sep = f"\n{NBSP}{NBSP}\n"
        return f" outlet {a['outlet']}\n\n{a['title']}\n\n" + sep.join(a["paragraphs"]) + "\n"
    if path == "text/meridian-2022-02-17-ferry.txt":
        # Mojibake: the UTF-8 body was decoded as Windows-1252 once before it was saved.
        import ftfy.bad_codecs  # noqa: F401  (registers the "sloppy-windows-1252" codec)

        broken = body.encode("utf-8").decode("sloppy-windows-1252")
        return f" date {a['published']}\n url {a['url']}\n outlet {a['outlet']}\n\n{a['title']}\n\n{broken}\n"
    if path == "text/pinewood-ferry-crew.txt":
        # Windows line endings (written as bytes by write_text_file).
        head = f"outlet {a['outlet']}\ndate {a['published']}\nurl {a['url']}\n\n{a['title']}\n\n"
        return head + body + "\n"
    raise ValueError(f"no text layout for {path}")


def rfc822(date: str) -> str:
    """Return an RSS pubDate for an ISO date at the corpus's publication time."""
    day = dt.datetime.fromisoformat(f"{date}T{PUBLISHED_TIME}+00:00")
    return day.strftime("%a, %d %b %Y %H:%M:%S +0000")


def render_rss() -> str:
    """Return the Northgate Post RSS 2.0 feed (full text in content:encoded, a teaser in description)."""
    items = []
    for a in by_path("feeds/northgate-post.rss.xml"):
        items.append(f"""  <item>
    <title>{html.escape(a["title"], quote=False)}</title>
    <link>{a["url"]}</link>
    <guid isPermaLink="true">{a["url"]}</guid>
    <pubDate>{rfc822(a["published"])}</pubDate>
    <dc:creator>{a["author"]}</dc:creator>
    <description>{html.escape(a["paragraphs"][0], quote=False)}</description>
    <content:encoded><![CDATA[{body_html(a)}]]></content:encoded>
  </item>""")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
        "  <title>Northgate Post</title>\n  <link>https://northgatepost.example/</link>\n"
        "  <description>News and entertainment from the Northgate Post</description>\n"
        "  <language>en-gb</language>\n" + "\n".join(items) + "\n</channel>\n</rss>\n"
    )


def render_atom() -> str:
    """Return the Wirefront Atom feed (full text as escaped HTML content)."""
    entries = []
    articles = by_path("feeds/wirefront.atom.xml")
    for a in articles:
        stamp = f"{a['published']}T{PUBLISHED_TIME}Z"
        entries.append(f"""  <entry>
    <title>{html.escape(a["title"], quote=False)}</title>
    <link rel="alternate" type="text/html" href="{a["url"]}"/>
    <id>{a["url"]}</id>
    <published>{stamp}</published>
    <updated>{stamp}</updated>
    <author><name>{a["author"]}</name></author>
    <summary>{html.escape(a["paragraphs"][0], quote=False)}</summary>
    <content type="html">{html.escape(body_html(a), quote=False)}</content>
  </entry>""")
    latest = max(a["published"] for a in articles)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        "  <title>Wirefront</title>\n  <subtitle>Wirefront News Service</subtitle>\n"
        '  <link rel="alternate" href="https://wirefront.example/"/>\n'
        "  <id>https://wirefront.example/feed.atom</id>\n"
        f"  <updated>{latest}T{PUBLISHED_TIME}Z</updated>\n" + "\n".join(entries) + "\n</feed>\n"
    )


def jsonl_record(a: dict[str, Any]) -> str:
    """Return one JSONL line for ``a`` (``html`` instead of ``text`` for the jsonl-html articles)."""
    record: dict[str, Any] = {
        "url": a["url"],
        "outlet": a["outlet"],
        "title": a["title"],
        "published": a["published"] if a["line"] != 1 else f"{a['published']}T{PUBLISHED_TIME}Z",
    }
    if a["fmt"] == "jsonl-html":
        record["html"] = body_html(a)
    else:
        record["text"] = "\n\n".join(a["paragraphs"])
    return json.dumps(record, ensure_ascii=False)


MALFORMED_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
  <title>Coastline Today</title>
  <link>https://coastlinetoday.example/</link>
  <description>News from the coast &nbsp; and the islands</description>
  <lastBuildDate>Sat, 19 Feb 2022 11:30:00 +0000</lastBuildDate>
  <ite
"""

BAD_JSONL_LINE = (
    '{"url": "https://coastlinetoday.example/2022/02/18/harbour-wall", "title": "Harbour wall repairs'
)


def write_file(path: Path, data: str | bytes, newline: str = "\n") -> None:
    """Write ``data`` to ``path`` (text as UTF-8 with the given line ending)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.replace("\n", newline).encode("utf-8")
    path.write_bytes(data)


def source_of(a: dict[str, Any]) -> dict[str, Any]:
    """Return the truth entry locating ``a`` in the corpus."""
    where: dict[str, Any] = {"path": a["path"]}
    source = a["path"]
    for key, suffix in (("entry", "#entry-{}"), ("line", ":line {}"), ("record", "#record-{}")):
        if key in a:
            where[key] = a[key]
            source += suffix.format(a[key])
    return {"source": source, **where}


def truth() -> dict[str, Any]:
    """Return the ground truth of the corpus."""
    articles = []
    for a in ARTICLES:
        articles.append(
            {
                "key": a["key"],
                **source_of(a),
                "format": a["fmt"].split("-")[0],
                "url": a["url"],
                "outlet": a["outlet"],
                "title": a["title"],
                "published": a["published"],
                "story": a["story"],
                "storyline": a["storyline"],
                "duplicate_of": a["duplicate_of"],
                "words": len(" ".join(a["paragraphs"]).split()),
                "text": "\n\n".join(a["paragraphs"]),
            }
        )
    stories: dict[str, Any] = {}
    for a in ARTICLES:
        story = stories.setdefault(a["story"], {"storyline": a["storyline"], "articles": []})
        story["articles"].append(a["key"])
    for key, story in stories.items():
        story["quotes"] = QUOTES[key]["quotes"]
        story["not_quotes"] = QUOTES[key]["not_quotes"]
        story["timeline"] = TIMELINES[key]
        story["claims"] = CLAIMS[key]
    storylines: dict[str, Any] = {}
    for key, story in stories.items():
        line = storylines.setdefault(
            story["storyline"], {"stories": [], "claims": STORYLINE_CLAIMS[story["storyline"]]}
        )
        line["stories"].append(key)
    return {
        "schema": "storyline.demo-truth/1",
        "articles": articles,
        "stories": stories,
        "storylines": storylines,
        "problems": [
            {"source": "broken/binary.txt", "path": "broken/binary.txt", "reason": "binary data, not text"},
            {"source": "broken/empty.txt", "path": "broken/empty.txt", "reason": "empty file"},
            {
                "source": "broken/malformed-feed.xml",
                "path": "broken/malformed-feed.xml",
                "reason": "feed is not well-formed XML (truncated, undefined entity); no entries",
            },
            {
                "source": "broken/partial.jsonl:line 2",
                "path": "broken/partial.jsonl",
                "line": 2,
                "reason": "line 2 is not valid JSON (truncated)",
            },
        ],
    }


def main(corpus: Path = CORPUS, truth_path: Path = HERE / "truth.json") -> None:
    """Write every corpus file under ``corpus`` and the truth to ``truth_path``."""
    for a in ARTICLES:
        if a["fmt"] == "html":
            write_file(corpus / a["path"], render_html(a))
        elif a["fmt"].startswith("text"):
            newline = "\r\n" if a["path"] == "text/pinewood-ferry-crew.txt" else "\n"
            write_file(corpus / a["path"], render_text(a), newline)
    write_file(corpus / "feeds/northgate-post.rss.xml", render_rss())
    write_file(corpus / "feeds/wirefront.atom.xml", render_atom())
    write_file(
        corpus / "harbour-courier.jsonl",
        "".join(jsonl_record(a) + "\n" for a in by_path("harbour-courier.jsonl")),
    )
    good = by_path("broken/partial.jsonl")
    write_file(
        corpus / "broken/partial.jsonl",
        f"{jsonl_record(good[0])}\n{BAD_JSONL_LINE}\n{jsonl_record(good[1])}\n",
    )
    write_file(corpus / "broken/malformed-feed.xml", MALFORMED_FEED)
    write_file(corpus / "broken/empty.txt", b"")
    png_like = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    write_file(corpus / "broken/binary.txt", png_like)

    from make_warc import write_warc

    write_warc(corpus / "crawl/regional-news.warc.gz")
    truth_path.write_text(json.dumps(truth(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

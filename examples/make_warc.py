"""Write examples/corpus/crawl/regional-news.warc.gz: a gzipped WARC with one HTML response per article.

Run through ``make_corpus.py`` (or alone: ``.venv/bin/python examples/make_warc.py``). Record ids and dates
are fixed, so the file is byte-for-byte the same on every run.
"""

from __future__ import annotations

import datetime as dt
import sys
import uuid
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import CORPUS, by_path, render_html  # noqa: E402

WARC_PATH = "crawl/regional-news.warc.gz"
CRAWL_DELAY = dt.timedelta(days=2)  # pages were captured two days after they were published


def _record_id(name: str) -> str:
    """Return a fixed WARC-Record-ID derived from ``name``."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}>"


def write_warc(path: Path) -> Path:
    """Write the WARC file to ``path`` and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        info = writer.create_warcinfo_record(
            "regional-news.warc.gz",
            {"software": "storyline examples/make_warc.py", "format": "WARC File Format 1.0"},
        )
        info.rec_headers.replace_header("WARC-Record-ID", _record_id("warcinfo"))
        info.rec_headers.replace_header("WARC-Date", "2022-03-01T00:00:00Z")
        writer.write_record(info)
        for article in by_path(WARC_PATH):
            page = render_html(article).encode("utf-8")
            published = dt.datetime.fromisoformat(f"{article['published']}T12:00:00+00:00")
            captured = (published + CRAWL_DELAY).strftime("%Y-%m-%dT%H:%M:%SZ")
            http_headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                article["url"],
                "response",
                payload=BytesIO(page),
                http_headers=http_headers,
                warc_headers_dict={"WARC-Record-ID": _record_id(article["url"]), "WARC-Date": captured},
            )
            writer.write_record(record)
    return path


if __name__ == "__main__":
    write_warc(CORPUS / WARC_PATH)

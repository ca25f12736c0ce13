"""Reader for ECB+ (Cybulska & Vossen, LREC 2014): token XML files → :class:`Article` with gold labels.

Layout: ``ROOT/T/T_Necb.xml`` (the first event of topic ``T``) and ``ROOT/T/T_Necbplus.xml`` (the second
event). Each file is a ``<Document>`` of ``<token t_id sentence number>`` elements in PTB style
(`````` ``''`` quotes, split clitics, ``$ 90``). The gold story of a document is its topic plus its
subtopic (``ecb`` / ``ecbplus``).

``ecbplus`` files begin with the article's URL as a tokenized first sentence and often a dateline
("Published : May 03 , 2013", "05 / 02 / 2013", "Posted on Thu Jun 13 , 2013 08 : 45 AM PDT") among the
first sentences; both are taken out of the text and become :attr:`Article.url` and
:attr:`Article.published`. When no dateline is found, a date in the URL's path (``/2013/08/02/``) is used.
``ecb`` files carry neither and stay undated.

Topics 36–45 are held back for independent checks; this reader skips them whatever the folder holds.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from storyline.errors import ParseError
from storyline.extract.timex.lexicon import MONTHS
from storyline.ids import make_id
from storyline.models import Article

__all__ = ["EcbDocument", "detokenize", "find_dateline", "read_ecbplus", "read_ecbplus_file"]

LOGGER = logging.getLogger(__name__)

HELD_OUT_TOPICS = frozenset(range(36, 46))  # ECB+ topics kept for independent checks: never read
HEADER_SENTENCES = 4  # a dateline sits within the first 4 sentences after the URL (seen in topics 1–35)
MAX_DATELINE_TOKENS = 24  # a longer sentence holding a date is body text, not a dateline
MAX_TITLE_TOKENS = 30  # a first sentence longer than this is a lead sentence, not a headline
MAX_DATELINE_EXTRA_WORDS = 1  # "Washington D.C., Jul 13, 2009": a place may stand beside the date
TWO_DIGIT_YEAR_BASE = 2000  # "11 / 28 / 05": every ECB+ article is from 2000 or later

_FILE_RE = re.compile(r"^(?P<topic>\d+)_(?P<num>\d+)(?P<sub>ecbplus|ecb)\.xml$")

_MONTHS = {**MONTHS, "novemer": 11}  # "Novemer 27 , 2005": a misspelling in the data
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_PATTERNS = (
    # "May 3 , 2013", "Dec . 7 , 2009", "Jun 13 , 2013", "December 15th , 2008"
    re.compile(rf"\b{_MONTH}\s+{_DAY}\s*,?\s*{_YEAR}\b", re.IGNORECASE),
    # "14 June 2013", "27 NOVEMBER , 2005", "Sun , 15 Sep 2013"
    re.compile(rf"\b{_DAY}\s+{_MONTH}\s*,?\s*{_YEAR}\b", re.IGNORECASE),
    # "05/02/2013", "27/09/2013", "11/28/05", "4/11/2007" (after detokenization)
    re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])"),
    # "2012-04-04 11:47:35", "2012.08.08"
    re.compile(r"(?<![\d.-])(?P<year>(?:19|20)\d\d)[-.](?P<m>\d\d)[-.](?P<day>\d\d)(?![\d.-])"),
    # "08.07.2012" (day first, as in European datelines)
    re.compile(r"(?<![\d.])(?P<day>\d\d)\.(?P<m>\d\d)\.(?P<year>(?:19|20)\d\d)(?![\d.])"),
)
_URL_DATE_RE = re.compile(
    r"[/_-](?P<year>(?:19|20)\d\d)(?:/(?P<month>\d{1,2}|[a-z]{3})/|-(?P<m2>\d\d)-|(?P<m3>\d\d))"
    r"(?P<day>\d{1,2})(?![\d])",
    re.IGNORECASE,
)

# PTB detokenization: tokens that attach to the previous token / the next token.
_NO_SPACE_BEFORE = frozenset(
    {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "''", "'s", "'S", "n't", "N'T", "'re", "'ve", "'ll",
     "'d", "'m", "’s", "”", "..."}
)  # fmt: skip
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "``", "#", "£", "€", "“"})
_QUOTES = {"``": '"', "''": '"', "“": '"', "”": '"'}


@dataclass(frozen=True, slots=True, kw_only=True)
class EcbDocument:
    """One ECB+ document as an article, with its gold labels."""

    article: Article
    doc_name: str  # e.g. "1_10ecbplus.xml"
    topic: str  # "1" … "35"
    subtopic: str  # "ecb" or "ecbplus"

    @property
    def gold_story(self) -> str:
        """The gold story label: topic and subtopic, e.g. ``"1/ecbplus"``."""
        return f"{self.topic}/{self.subtopic}"


def detokenize(tokens: list[str]) -> str:
    """Join PTB-style tokens into readable text (``Lohan 's`` → ``Lohan's``, ````` x ''`` → ``"x"``).

    Args:
        tokens: the tokens of one sentence, in order.

    Returns:
        The sentence as text with single spaces where the original most likely had them.
    """
    out: list[str] = []
    glue_next = False
    quote_open = False
    for i, raw in enumerate(tokens):
        tok = raw.strip()
        if not tok:
            continue
        prev = out[-1] if out else ""
        nxt = tokens[i + 1].strip() if i + 1 < len(tokens) else ""
        glue = glue_next or not out
        glue_next = False
        if tok in ("``", "“"):
            quote_open = True
            glue_next = True
        elif tok in ("''", "”"):
            quote_open = False
            glue = True
        elif tok == '"':
            # a straight quote: opening when none is open, closing otherwise
            if quote_open:
                glue = True
            else:
                glue_next = True
            quote_open = not quote_open
        elif _joins_neighbours(tok, prev, nxt):
            # "first - ever", "90 - day", "05 / 02 / 2013", "1 : 26", "don ’ t", "£1 . 7m", "U . S"
            glue = True
            glue_next = True
        elif tok in _NO_SPACE_BEFORE:
            glue = True
        if tok in _NO_SPACE_AFTER and tok not in ("``", "“"):
            glue_next = True
        text = _QUOTES.get(tok, tok)
        if glue and out:
            out[-1] += text
        else:
            out.append(text)
    return " ".join(out)


def _joins_neighbours(tok: str, prev: str, nxt: str) -> bool:
    """True when a connector token was written without spaces in the original ("first-ever", "1:26")."""
    if not prev or not nxt or not _is_word(prev) or not _is_word(nxt):
        return False
    if tok in ("-", "/", "’"):
        return True
    if tok == ":":
        return prev[-1].isdigit() and nxt[0].isdigit()
    if tok == ".":
        digits = prev[-1].isdigit() and nxt[0].isdigit()
        initials = len(prev) == 1 and len(nxt) == 1 and prev.isalpha() and nxt.isalpha()
        return digits or initials
    return False


def _is_word(token: str) -> bool:
    """True when ``token`` starts or ends with a letter or digit (it can be hyphenated to a neighbour)."""
    return token[:1].isalnum() or token[-1:].isalnum()


def find_dateline(sentence: str) -> tuple[dt.date, str] | None:
    """Find a publication date in a header sentence.

    Args:
        sentence: one detokenized sentence from the top of an article.

    Returns:
        The date and the rest of the sentence with the date (and any "Posted on"-style words and times
        around it) removed, or None when the sentence holds no complete date.
    """
    for pattern in _DATE_PATTERNS:
        match = pattern.search(sentence)
        if match is None:
            continue
        date = _match_to_date(match)
        if date is None:
            continue
        rest = (sentence[: match.start()] + " " + sentence[match.end() :]).strip()
        return date, rest
    return None


def _match_to_date(match: re.Match[str]) -> dt.date | None:
    """Turn one date-pattern match into a date (US month/day order unless the first number is > 12)."""
    groups = match.groupdict()
    try:
        if groups.get("month") is not None:
            month = _MONTHS[groups["month"].lower().rstrip(".")]
            return dt.date(int(groups["year"]), month, int(groups["day"]))
        if groups.get("m") is not None:
            return dt.date(int(groups["year"]), int(groups["m"]), int(groups["day"]))
        a, b, y = int(groups["a"]), int(groups["b"]), groups["y"]
        year = int(y) + TWO_DIGIT_YEAR_BASE if len(y) == 2 else int(y)
        month, day = (b, a) if a > 12 else (a, b)
        return dt.date(year, month, day)
    except (KeyError, ValueError):
        return None


def _url_date(url: str) -> dt.date | None:
    """A date in a URL's path such as ``/2013/08/02/`` or ``/2005/jun/25/``, if any."""
    match = _URL_DATE_RE.search(url)
    if match is None:
        return None
    month_text = (match.group("month") or match.group("m2") or match.group("m3")).lower()
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text)
    if month is None:
        return None
    try:
        return dt.date(int(match.group("year")), month, int(match.group("day")))
    except ValueError:
        return None


_HEADER_WORDS_RE = re.compile(
    r"^(?:(?:first\s+)?published|posted|updated|last updated|for immediate release)\b\s*(?:on|at)?\s*:?",
    re.IGNORECASE,
)
_TIME_RE = re.compile(r"\b\d{1,2}(?::\d\d){1,2}\s*(?:[ap]\.?m\.?)?", re.IGNORECASE)


def _is_dateline_rest(rest: str) -> bool:
    """True when what is left of a sentence after removing its date is only header noise."""
    words = re.findall(r"[A-Za-z]{4,}", _TIME_RE.sub(" ", rest))
    noise = {"published", "posted", "updated", "last", "first", "monday", "tuesday", "wednesday",
             "thursday", "friday", "saturday", "sunday", "immediate", "release", "article",
             "edited"}  # fmt: skip
    # a place or an agency may stand beside the date ("Washington D.C., Jul 13, 2009 (CNA)")
    return sum(w.lower() not in noise for w in words) <= MAX_DATELINE_EXTRA_WORDS


def read_ecbplus_file(path: Path) -> EcbDocument:
    """Read one ECB+ XML file.

    Args:
        path: a ``T_Necb.xml`` or ``T_Necbplus.xml`` file.

    Returns:
        The document as an article with its gold topic and subtopic.

    Raises:
        ParseError: the file name does not follow the ECB+ pattern, or the XML cannot be parsed or has
            no tokens.
    """
    match = _FILE_RE.match(path.name)
    if match is None:
        raise ParseError(str(path), "not an ECB+ file name (expected T_Necb.xml or T_Necbplus.xml)")
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as err:
        raise ParseError(str(path), f"cannot read the token XML: {err}") from err
    sentences: dict[int, list[str]] = {}
    for token in root.iter("token"):
        try:
            number = int(token.get("sentence", "0"))
        except ValueError as err:
            raise ParseError(str(path), f"token {token.get('t_id')} has a bad sentence number") from err
        sentences.setdefault(number, []).append(token.text or "")
    ordered = [sentences[k] for k in sorted(sentences) if any(t.strip() for t in sentences[k])]
    if not ordered:
        raise ParseError(str(path), "the document has no tokens")
    return _build_document(path, match.group("topic"), match.group("sub"), ordered)


def _build_document(path: Path, topic: str, subtopic: str, sentences: list[list[str]]) -> EcbDocument:
    """Split URL, dateline, title and body out of a document's token sentences."""
    url: str | None = None
    first = sentences[0][0].strip().lower()
    if first.startswith(("http", "www")):
        url = "".join(t.strip() for t in sentences[0])
        sentences = sentences[1:]
    texts = [detokenize(s) for s in sentences]
    published: dt.date | None = None
    # only the URL-headed (ecbplus) files carry datelines; a date near the top of an ecb file is an
    # event date in the body ("born April 22, 1923"), not the publication date
    for index in range(min(HEADER_SENTENCES, len(texts)) if url is not None else 0):
        found = find_dateline(texts[index])
        if found is None or len(sentences[index]) > MAX_DATELINE_TOKENS:
            continue
        date, rest = found
        rest = _HEADER_WORDS_RE.sub("", rest).strip(" -|,")
        if _is_dateline_rest(rest):
            del texts[index]
        elif rest and texts[index].lstrip()[:1].isdigit():
            texts[index] = rest.lstrip(" -–|")  # "27/09/2013 - Turkmenistan to hold …": keep the title
        else:
            continue  # a date inside a headline or lead sentence: not a dateline
        published = date
        break
    if published is None and url is not None:
        published = _url_date(url)
    texts = [t for t in texts if t.strip()]
    if not texts:
        raise ParseError(str(path), "the document has no text besides its URL and date")
    title, title_derived = texts[0], False
    body = texts[1:]
    if not body or len(title.split()) > MAX_TITLE_TOKENS or title.rstrip().endswith((".", '"', "?", "!")):
        # no headline: the first sentence is the lead; keep it in the body and derive the title from it
        title_derived = True
        body = texts
    text = " ".join(body)
    outlet = _outlet(url)
    article_id = make_id("a", url) if url else make_id("a", "ecbplus", path.name, title, text)
    article = Article(
        id=article_id,
        source=str(path),
        title=title,
        text=text,
        url=url,
        outlet=outlet,
        published=published,
        title_derived=title_derived,
    )
    return EcbDocument(article=article, doc_name=path.name, topic=topic, subtopic=subtopic)


def _outlet(url: str | None) -> str | None:
    """The outlet of a URL: its host without ``www.``."""
    if not url:
        return None
    host = re.sub(r"^[a-z]+://", "", url, flags=re.IGNORECASE).split("/", 1)[0].lower()
    return host.removeprefix("www.") or None


def read_ecbplus(root: Path, *, limit_topics: int | None = None) -> Iterator[EcbDocument]:
    """Read every ECB+ document under ``root``, topic by topic (numerically), files in name order.

    Args:
        root: the ``ecbplus`` folder holding one sub-folder per topic.
        limit_topics: read only the first N topics (in numeric order); None reads all.

    Returns:
        An iterator of documents. Topics 36–45 are never read. A document id that repeats an earlier
        one (the same URL in two files) is replaced by an id derived from the file name.

    Raises:
        ParseError: ``root`` is not a folder, holds no topic folders, or a file cannot be read.
    """
    if not root.is_dir():
        raise ParseError(str(root), "not a folder; expected the ECB+ folder with one sub-folder per topic")
    topics = sorted((int(p.name), p) for p in root.iterdir() if p.is_dir() and p.name.isdigit())
    topics = [(n, p) for n, p in topics if n not in HELD_OUT_TOPICS]
    if not topics:
        raise ParseError(str(root), "holds no topic folders (named 1, 2, …)")
    if limit_topics is not None:
        topics = topics[:limit_topics]
    seen: set[str] = set()
    for _, folder in topics:
        files = sorted((f for f in folder.iterdir() if _FILE_RE.match(f.name)), key=_file_key)
        for file in files:
            doc = read_ecbplus_file(file)
            if doc.article.id in seen:
                LOGGER.info("%s repeats the id of an earlier document; using its file name", file)
                article = doc.article
                new_id = make_id("a", "ecbplus", file.name, article.title, article.text)
                doc = EcbDocument(
                    article=Article(
                        id=new_id,
                        source=article.source,
                        title=article.title,
                        text=article.text,
                        url=article.url,
                        outlet=article.outlet,
                        published=article.published,
                        title_derived=article.title_derived,
                    ),
                    doc_name=doc.doc_name,
                    topic=doc.topic,
                    subtopic=doc.subtopic,
                )
            seen.add(doc.article.id)
            yield doc


def _file_key(path: Path) -> tuple[int, int, str]:
    """Sort key of an ECB+ file: topic, number, subtopic."""
    match = _FILE_RE.match(path.name)
    assert match is not None
    return int(match.group("topic")), int(match.group("num")), match.group("sub")

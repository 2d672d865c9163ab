"""Article pages → main text and metadata, with trafilatura (the one HTML path of stancewatch).

trafilatura drops navigation, cookie banners, related links, comments and footers, and reads the
title, the publication date (htmldate), the author(s), the site name and the canonical URL from the
page's metadata. It replaced a hand-written ``html.parser`` converter that kept all of that
boilerplate (measured in ``benchmarks/warc_ingest.py`` and ``tests/test_web_inputs.py``).

The page is parsed with lxml and never executed; nothing it links to is fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone

from trafilatura import bare_extraction
from trafilatura.settings import use_config

from stancewatch.ingest.text import decode_bytes

# No guessing a date from numbers in the body text: only the page's markup and URL (htmldate's
# "extensive search" finds a date in almost any page, often the wrong one). Dates before 1995 or
# after today are refused by htmldate.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_CONFIG = use_config()
_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # signal-based timeouts only work in the main thread
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-:]+)""", re.I)


@dataclass(frozen=True)
class Page:
    text: str  # main text; paragraphs separated by a blank line ("" when the page has none)
    title: str | None = None
    published: datetime | None = None
    authors: str | None = None  # bylines as the page gives them ("A; B"); never treated as actors
    site_name: str | None = None
    url: str | None = None  # canonical URL from the page's metadata, else the URL it was read from


def decode_html(raw: bytes, charset: str | None = None) -> str | None:
    """Text of an HTML page's bytes: the declared charset (HTTP header, else <meta charset>), else UTF-8,
    else Windows-1252; None when the bytes are not text."""
    declared = charset
    if not declared:
        m = _CHARSET.search(raw[:4096])
        declared = m.group(1).decode("ascii", "replace") if m else None
    if declared and b"\x00" not in raw[:4096]:
        try:
            return raw.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(raw)


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value[:10], "%Y-%m-%d").replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def extract_page(markup: str, url: str | None = None) -> Page:
    """Main text and metadata of one article page. A page without main text gives ``Page(text="")``."""
    doc = bare_extraction(
        markup,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        date_extraction_params=_DATE_PARAMS,
        config=_CONFIG,
    )
    if doc is None:
        return Page(text="", url=url)
    paragraphs = [line.strip() for line in (doc.text or "").split("\n") if line.strip()]
    title = (doc.title or "").strip() or None
    return Page(
        text="\n\n".join(paragraphs),
        title=title,
        published=_date(doc.date),
        authors=(doc.author or "").strip() or None,
        site_name=(doc.sitename or "").strip() or None,
        url=doc.url or url,
    )

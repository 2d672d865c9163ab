"""Article pages with realistic boilerplate, and WARC archives of them — built by code, deterministic.

Used by benchmarks/warc_ingest.py and tests/test_web_inputs.py. Every page has a menu, a cookie
banner, related links, a comment thread and a footer around the article; BOILERPLATE lists strings
that occur only in those parts, so a test can check that none of them reaches a document.
"""

from __future__ import annotations

import gzip
import html
import io
import random

BOILERPLATE = [
    "We use cookies to improve your experience",
    "Accept all cookies",
    "Subscribe to our newsletter",
    "Most read this week",
    "Sign in to comment",
    "All rights reserved",
    "Follow us on social media",
    "Commenter wrote: this is outrageous",
    "Skip to main content",
]

_SENTENCES = [
    "{a} said on {day} that {c} would not send troops to Ukraine under any circumstances.",
    "Speaking to reporters in {city}, {a} warned that the decision could escalate the conflict.",
    "{b} stressed that the allies remained united in their support for Kyiv.",
    "According to {b}, the debate over ground troops had become a distraction from weapons deliveries.",
    "The proposal drew sharp criticism from several governments, which called it premature.",
    "Officials in {city} declined to comment on the details of the talks.",
    "{a} added that {c} would continue to provide air defence systems and ammunition.",
    "Analysts said the disagreement exposed deeper divisions within the alliance over the war.",
]
_PEOPLE = [
    "Chancellor Olaf Scholz",
    "President Emmanuel Macron",
    "Prime Minister Donald Tusk",
    "Prime Minister Giorgia Meloni",
    "Foreign Minister Annalena Baerbock",
    "Prime Minister Kaja Kallas",
    "Secretary-General Jens Stoltenberg",
]
_COUNTRIES = ["Germany", "France", "Poland", "Italy", "Estonia", "Spain"]
_CITIES = ["Berlin", "Paris", "Warsaw", "Rome", "Brussels", "Tallinn"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article_text(i: int, paragraphs: int = 6, seed: int = 0) -> tuple[str, list[str]]:
    """(title, paragraphs) of article ``i``: distinct, English, about 90 words a paragraph."""
    rnd = random.Random(seed * 100_003 + i)
    paras = []
    for p in range(paragraphs):
        fill = {
            "a": rnd.choice(_PEOPLE),
            "b": rnd.choice(_PEOPLE),
            "c": rnd.choice(_COUNTRIES),
            "city": rnd.choice(_CITIES),
            "day": rnd.choice(_DAYS),
        }
        paras.append(" ".join(s.format(**fill) for s in rnd.sample(_SENTENCES, 4)) + f" (Report {i}, part {p + 1}.)")
    return f"Article {i}: {rnd.choice(_PEOPLE)} on troops for Ukraine", paras


def article_page(
    title: str,
    paragraphs: list[str],
    date: str | None = "2024-03-08",
    author: str | None = "Jane Reporter",
    site: str = "The Example Times",
    url: str | None = None,
    related: int = 12,
    comments: int = 8,
) -> str:
    """A full article page: head metadata (when ``date``/``author`` are given), menu, cookie banner, article,
    related links, comments and footer."""
    e = html.escape
    meta = [f'<meta property="og:title" content="{e(title)}">', f'<meta property="og:site_name" content="{e(site)}">']
    if date:
        meta.append(f'<meta property="article:published_time" content="{date}T09:30:00+00:00">')
    if author:
        meta.append(f'<meta name="author" content="{e(author)}">')
    if url:
        meta.append(f'<link rel="canonical" href="{e(url)}">')
    menu = "".join(
        f'<li><a href="/section/{s.lower()}">{s}</a></li>'
        for s in ["World", "Politics", "Business", "Sport", "Culture", "Opinion"]
    )
    rel = "".join(
        f'<li><a href="/news/{k}">Most read this week: story number {k} about something else entirely</a></li>'
        for k in range(related)
    )
    com = "".join(
        f'<div class="comment"><span class="user">reader{k}</span><p>Commenter wrote: this is outrageous, comment {k}. '
        f"Sign in to comment and join the discussion.</p></div>"
        for k in range(comments)
    )
    body = "".join(f"<p>{e(p)}</p>" for p in paragraphs)
    byline = f'<p class="byline">By {e(author)}</p>' if author else ""
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{e(title)} | '
        f"{e(site)}</title>{''.join(meta)}"
        "<script>window.dataLayer=[];function track(){}</script><style>.nav{display:flex}</style></head><body>"
        '<a class="skip" href="#main">Skip to main content</a>'
        f'<header><nav class="nav"><ul>{menu}</ul></nav><div class="promo">Subscribe to our newsletter</div></header>'
        '<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience. '
        "<button>Accept all cookies</button></p></div>"
        f'<main id="main"><article><h1>{e(title)}</h1>{byline}{body}</article>'
        f'<aside class="related"><h2>Related</h2><ul>{rel}</ul></aside>'
        f'<section id="comments" class="comments"><h2>Comments</h2>{com}</section></main>'
        "<footer><p>Follow us on social media</p><p>© 2024 The Example Times. All rights reserved.</p></footer>"
        "</body></html>"
    )


def warc_record(kind: str, url: str, block: bytes, http_response: bool = True, extra: dict | None = None) -> bytes:
    """One WARC record (uncompressed bytes), written with FastWARC."""
    from fastwarc.warc import WarcRecord, WarcRecordType

    rec = WarcRecord()
    rec.init_headers(getattr(WarcRecordType, kind), content_length=len(block))
    rec.headers["WARC-Target-URI"] = url
    if kind in ("response", "request") and http_response:
        rec.headers["Content-Type"] = f"application/http; msgtype={kind}"
    for k, v in (extra or {}).items():
        rec.headers[k] = v
    rec.set_bytes_content(block)
    buf = io.BytesIO()
    rec.write(buf)
    return buf.getvalue()


def http_block(body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK") -> bytes:
    return f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body


def warc_of_pages(pages: list[tuple[str, str]], gz: bool = True, with_requests: bool = True) -> bytes:
    """A WARC (one gzip member per record, as Common Crawl writes them) of (url, html) pages, each with
    its request record (like CC-NEWS), after a warcinfo record."""
    records = [
        warc_record("warcinfo", "", b"software: stancewatch-benchmark\r\nformat: WARC File Format 1.1\r\n", False)
    ]
    for url, page in pages:
        if with_requests:
            records.append(warc_record("request", url, f"GET {url} HTTP/1.1\r\nHost: example.org\r\n\r\n".encode()))
        records.append(warc_record("response", url, http_block(page.encode("utf-8"))))
    return b"".join(gzip.compress(r, 6) for r in records) if gz else b"".join(records)

"""Real news in: article pages (trafilatura), web archives (FastWARC), URL lists and feeds over HTTP.

Everything runs on 127.0.0.1: a local HTTP server serves article pages with boilerplate, a feed, a 404,
a slow endpoint, a PDF, a redirect and a page without a date; the WARCs are built here.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from datetime import datetime, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import SAMPLES

from benchmarks.news_pages import BOILERPLATE, article_page, article_text, http_block, warc_of_pages, warc_record
from benchmarks.old_html_parser import html_to_text as old_html_to_text
from stancewatch.ingest.html import extract_page
from stancewatch.ingest.sources import ingest, normalize_text
from stancewatch.ingest.web import url_list
from stancewatch.store.datasets import commit_run, read_dataset

# ------------------------------------------------------------------ the local news site

ARTICLES = {f"/news/a{i}": article_text(i, paragraphs=4, seed=7) for i in (1, 2, 3, 4)}
FEED_DATES = {
    "/news/a1": datetime(2024, 3, 5, 8, 0, tzinfo=timezone.utc),
    "/news/a2": datetime(2024, 3, 6, 12, 30, tzinfo=timezone.utc),
}


class Site:
    def __init__(self):
        self.hits: Counter = Counter()
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return self.base + path

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>{ARTICLES[p][0]}</title><link>{self.url(p)}</link><pubDate>{format_datetime(FEED_DATES[p])}</pubDate></item>"
            for p in ("/news/a1", "/news/a2")
        )
        items += "".join(
            f"<item><title>{t}</title><link>{self.url(p)}</link></item>"
            for p, t in (("/missing", "Gone"), ("/slow", "Slow"), ("/report.pdf", "A PDF"), ("/moved", "Moved"))
        )
        return (
            f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Example news</title>'
            f"<link>{self.base}/</link><description>Test feed</description>{items}</channel></rss>"
        ).encode()

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _send(self, status: int, ctype: str, body: bytes, headers: dict | None = None):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (the timeout case)
                    pass

            def do_GET(self):
                path = self.path.split("?")[0]
                site.hits[path] += 1
                site.hits["_ua:" + self.headers.get("User-Agent", "")] += 1
                if path == "/feed.xml":
                    self._send(200, "application/rss+xml; charset=utf-8", site.feed())
                elif path in ARTICLES:
                    title, paras = ARTICLES[path]
                    date = {"/news/a1": "2024-03-05", "/news/a2": "2024-03-06", "/news/a3": "2024-03-07"}.get(path)
                    self._send(
                        200,
                        "text/html; charset=utf-8",
                        article_page(
                            title, paras, date=date, author=f"Reporter {path[-1]}", url=site.url(path)
                        ).encode(),
                    )
                elif path == "/moved":
                    self._send(301, "text/html", b"", {"Location": "/news/a3"})
                elif path == "/slow":
                    time.sleep(3)
                    self._send(200, "text/html", b"<html><body><p>too late</p></body></html>")
                elif path == "/report.pdf":
                    self._send(200, "application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n")
                else:
                    self._send(404, "text/html", b"<html><body>Not found</body></html>")

        return Handler


@pytest.fixture(scope="module")
def site():
    s = Site()
    yield s
    s.server.shutdown()


@pytest.fixture(scope="module")
def fast_settings(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cfg") / "settings.yaml"
    path.write_text(  # the test site is on 127.0.0.1: allowed by name, as an intranet feed would be
        "fetch:\n  timeout_s: 1\n  retries: 1\n  retry_delay_s: 0\n  per_host_delay_s: 0.05\n  concurrency: 4\n"
        '  allow_networks: ["127.0.0.1/32"]\n'
    )
    return path


def _by_source(rows) -> dict:
    return (
        {r["source"]: r for r in rows.to_dict("records")}
        if hasattr(rows, "to_dict")
        else {r["source"]: r for r in rows}
    )


# ------------------------------------------------------------------ article pages: trafilatura against the old parser


def test_trafilatura_drops_boilerplate_the_old_parser_kept():
    title, paras = article_text(5, seed=1)
    markup = article_page(title, paras, date="2024-03-08", author="Jane Reporter", url="https://news.example.org/a5")
    page = extract_page(markup)
    old, _ = old_html_to_text(markup)
    for p in paras:
        assert normalize_text(p) in normalize_text(page.text)
    assert not [b for b in BOILERPLATE if b in page.text]
    assert [b for b in BOILERPLATE if b in old]  # what the old parser let through
    assert page.title == title and page.authors == "Jane Reporter" and page.site_name == "The Example Times"
    assert page.published.date().isoformat() == "2024-03-08" and page.url == "https://news.example.org/a5"
    assert extract_page(article_page(title, paras, date=None)).published is None


def test_trafilatura_keeps_every_paragraph_of_the_sample_page():
    import re

    markup = (SAMPLES / "articles" / "2024-03-08-troops-debate.html").read_text()
    page = extract_page(markup)
    paras = [
        normalize_text(extract_page(f"<html><body><p>{p}</p></body></html>").text)
        for p in re.findall(r"<p>(.*?)</p>", markup, re.S)
    ]
    assert len(paras) == 6
    for p in paras:
        assert p in normalize_text(page.text)
    assert "console.log" not in page.text and "font-family" not in page.text
    assert page.title.startswith("Baltic and Polish officials")


def test_url_lists_are_recognised_by_content(tmp_path):
    (tmp_path / "feeds.txt").write_text("# my feeds\nhttps://a.example/feed.xml\n\nhttp://b.example/x\n")
    (tmp_path / "article.txt").write_text("https://a.example is where Chancellor Olaf Scholz said it first.\n")
    (tmp_path / "list.urls").write_text("https://a.example/1\n")
    assert url_list(tmp_path / "feeds.txt") == [(2, "https://a.example/feed.xml"), (4, "http://b.example/x")]
    assert url_list(tmp_path / "article.txt") is None
    assert url_list(tmp_path / "list.urls") == [(1, "https://a.example/1")]


# ------------------------------------------------------------------ web archives


def _archive(tmp_path: Path) -> tuple[Path, list[str]]:
    titles = []
    records = [warc_record("warcinfo", "", b"software: test\r\n", False)]
    for i in (11, 12):
        title, paras = article_text(i, paragraphs=3)
        titles.append(title)
        url = f"https://news.example.org/{i}"
        records.append(warc_record("request", url, f"GET /{i} HTTP/1.1\r\n\r\n".encode()))
        records.append(warc_record("response", url, http_block(article_page(title, paras, url=url).encode())))
    records.append(
        warc_record(
            "response", "https://news.example.org/logo.png", http_block(b"\x89PNG\r\n\x1a\n\x00\x00", "image/png")
        )
    )
    records.append(
        warc_record(
            "response", "https://news.example.org/gone", http_block(b"<html>gone</html>", status="404 Not Found")
        )
    )
    records.append(
        warc_record(
            "revisit",
            "https://news.example.org/11",
            b"HTTP/1.1 200 OK\r\n\r\n",
            extra={"WARC-Profile": "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"},
        )
    )
    records.append(warc_record("metadata", "https://news.example.org/11", b"fetchTimeMs: 12\r\n", False))
    title, paras = article_text(13, paragraphs=3)
    last = gzip.compress(
        warc_record("response", "https://news.example.org/13", http_block(article_page(title, paras).encode()))
    )
    path = tmp_path / "CC-NEWS-test.warc.gz"
    path.write_bytes(b"".join(gzip.compress(r) for r in records) + last[: len(last) // 2])  # a truncated tail
    return path, titles


def test_a_warc_gives_one_document_per_html_response_and_accounts_for_the_rest(tmp_path):
    path, titles = _archive(tmp_path)
    result = ingest([path], run_id="w")
    assert sorted(d["title"] for d in result.documents) == sorted(titles)
    doc = result.documents[0]
    assert doc["source"].startswith(f"{path}#record=urn:uuid:") and doc["url"].startswith("https://news.example.org/1")
    assert doc["published"] is not None and doc["authors"] == "Jane Reporter"
    assert not [b for d in result.documents for b in BOILERPLATE if b in d["text"]]
    reasons = Counter(q["reason"] for q in result.quarantine)
    assert reasons == {"not_html": 1, "http_404": 1, "warc_revisit": 1, "truncated_archive": 1}
    cut = next(q for q in result.quarantine if q["reason"] == "truncated_archive")
    offset = int(cut["source"].rsplit("#offset=", 1)[1])
    assert 0 < offset < path.stat().st_size and f"{offset:,}" in cut["message"]
    assert dict(result.ignored) == {"warc_warcinfo": 1, "warc_request": 2, "warc_metadata": 1}
    assert result.account()["inputs"] == 2 + 4  # documents + quarantined; protocol records are not inputs


def test_corrupt_and_uncompressed_truncated_archives_never_crash(tmp_path):
    pages = [(f"https://e.org/{i}", article_page(*article_text(i, paragraphs=3))) for i in (21, 22, 23)]
    raw = warc_of_pages(pages, gz=False)
    (tmp_path / "cut.warc").write_bytes(raw[:-200])
    first = raw.index(b"WARC/1.1", 10)  # the end of the warcinfo record
    (tmp_path / "garbage.warc").write_bytes(raw[:first] + b"NOT A WARC HEADER\r\n" * 20 + raw[first:])
    (tmp_path / "empty.warc.gz").write_bytes(b"")
    result = ingest([tmp_path], run_id="c")
    by_file = {}
    for q in result.quarantine:
        by_file.setdefault(Path(q["source"].split("#")[0]).name, []).append(q["reason"])
    assert by_file["cut.warc"] == ["truncated_archive"]
    assert "corrupt_archive" in by_file["garbage.warc"]
    assert "empty.warc.gz" not in by_file  # an empty archive holds no input
    assert len([d for d in result.documents if "cut.warc" in d["source"]]) == 2
    result.check()


# ------------------------------------------------------------------ URL lists and feeds over HTTP (Prefect flow)


def test_feeds_and_pages_over_http_with_quarantine_and_url_memory(site, fast_settings, tmp_path, prefect_server):
    from flows.stages import ingest_flow

    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{site.url('/feed.xml')}\n{site.url('/news/a4')}\n{site.url('/news/a1')}\n")
    out = tmp_path / "out"
    counts = ingest_flow([str(feeds)], str(out), "run1", str(fast_settings))["ingest"]
    commit_run(out, "run1")
    docs = _by_source(read_dataset(out, "documents"))
    quarantine = {q["source"]: q for q in read_dataset(out, "quarantine").to_dict("records")}

    a1, a2, a4, moved = (docs[site.url(p)] for p in ("/news/a1", "/news/a2", "/news/a4", "/moved"))
    for path, doc in (("/news/a1", a1), ("/news/a2", a2), ("/news/a4", a4)):
        for p in ARTICLES[path][1]:
            assert normalize_text(p) in doc["text"]
        assert not [b for b in BOILERPLATE if b in doc["text"]]
    assert a1["published"].to_pydatetime() == FEED_DATES["/news/a1"]  # the feed's time
    assert (
        moved["url"] == site.url("/news/a3") and moved["published"].date().isoformat() == "2024-03-07"
    )  # the page's date
    assert pd_isna(a4["published"])  # a page without a date, listed directly
    assert a1["authors"] == "Reporter 1" and a1["site_name"] == "The Example Times"
    assert quarantine[site.url("/missing")]["reason"] == "http_404"
    assert quarantine[site.url("/slow")]["reason"] == "timeout"
    assert quarantine[site.url("/report.pdf")]["reason"] == "not_html"
    assert quarantine[site.url("/news/a1")]["reason"] == "duplicate_url"  # listed directly and in the feed: read once
    assert site.hits["/slow"] == 2  # one Prefect retry
    assert site.hits["/news/a1"] == 1
    assert any(k.startswith("_ua:stancewatch/") for k in site.hits)
    assert (
        counts["inputs"] == counts["documents"] + counts["skipped"] + counts["duplicates"] + counts["quarantined"] == 8
    )

    # a second (scheduled) run fetches the feed again, but no article page it already holds
    before = Counter(site.hits)
    counts = ingest_flow([str(feeds)], str(out), "run2", str(fast_settings))["ingest"]
    fetched = {k: site.hits[k] - before[k] for k in site.hits if site.hits[k] != before[k] and not k.startswith("_ua:")}
    assert set(fetched) <= {"/feed.xml", "/missing", "/slow", "/report.pdf"}  # failures are tried again; pages are not
    assert fetched["/feed.xml"] == 1
    assert counts["skipped"] == 4 and counts["documents"] == 0


def pd_isna(value) -> bool:
    import pandas as pd

    return value is None or pd.isna(value)


def test_offline_touches_no_network_and_quarantines_urls(site, tmp_path):
    feeds = tmp_path / "feeds.urls"
    feeds.write_text(site.url("/feed.xml") + "\n")
    before = sum(site.hits.values())
    result = ingest([feeds, site.url("/news/a2")], run_id="off", offline=True)
    assert [q["reason"] for q in result.quarantine] == ["offline", "offline"]
    assert sum(site.hits.values()) == before


def test_prefect_yaml_has_an_hourly_feed_deployment():
    import yaml
    from conftest import REPO

    spec = yaml.safe_load((REPO / "prefect.yaml").read_text())
    feeds = next(d for d in spec["deployments"] if d["name"] == "hourly-feeds")
    assert feeds["schedules"][0]["cron"] == "5 * * * *" and feeds["concurrency_limit"]["limit"] == 1
    assert url_list(REPO / feeds["parameters"]["inputs"][0])  # a URL list that the repo ships

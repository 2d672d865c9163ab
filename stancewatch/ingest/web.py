"""URL inputs: URL lists, article pages and RSS/Atom feeds fetched over HTTP (httpx, feedparser).

* A **URL list** is a ``.urls`` file, or a ``.txt`` file whose every non-empty line is an http(s) URL
  (``#`` comments allowed). A URL on the command line is a one-line list.
* Each URL is an **article page** or a **feed**, decided by what the server answers: an RSS/Atom
  content type, or a body that starts like a feed, is read with feedparser and its entries' links
  are fetched as article pages (the entry's date and title fill in what the page lacks).
* Fetching is polite and bounded: a clear User-Agent, a timeout, at most ``concurrency`` requests in
  flight, ``per_host_delay_s`` between two requests to one host, a size limit. Failures that may pass
  (timeouts, connection errors, HTTP 429 and 5xx) raise :class:`RetryableFetch` so that the Prefect
  task around :func:`fetch` retries them with backoff (tasks/ingest.py); the rest are final.
* **URL memory**: a page whose URL is the source of a document already in the output (with this
  run's processing key) is not fetched again; feeds are always fetched.

Everything here is plain functions; the Prefect task in tasks/ingest.py only adds retries and files.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from stancewatch.config import FetchSettings
from stancewatch.errors import StancewatchError
from stancewatch.store import atomic

URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.I)
URL_LIST_SUFFIXES = (".urls",)
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
)


def is_url(value: str) -> bool:
    return bool(URL_RE.match(value.strip()))


def url_list(path: Path) -> list[tuple[int, str]] | None:
    """(line number, URL) of a URL list; None when the file is not one (see module doc)."""
    suffix = path.suffix.lower()
    if suffix not in (".urls", ".txt"):
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if suffix == ".txt" and (len(raw) > 10_000_000 or b"http" not in raw[:4096].lower()):
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None if suffix == ".txt" else []
    lines = [
        (n, line.strip())
        for n, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.strip().startswith("#")
    ]
    if suffix == ".txt" and (not lines or not all(is_url(u) for _, u in lines)):
        return None
    return lines


def fetch_key(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:20]


@dataclass
class Fetched:
    """The outcome of fetching one URL: a page, a feed, or an error with a quarantine reason."""

    url: str
    kind: str  # page | feed | error
    final_url: str | None = None
    status: int | None = None
    content_type: str | None = None
    charset: str | None = None
    reason: str | None = None  # for errors: http_404, timeout, not_html, too_large, …
    message: str | None = None
    entries: list[dict] = field(default_factory=list)  # for feeds: {url, title, published}
    body: bytes | None = None  # for pages; written to a file by the task, not passed around

    def record(self) -> dict:
        d = asdict(self)
        d.pop("body")
        return d


class RetryableFetch(StancewatchError, RuntimeError):
    """A failure that may pass (timeout, connection error, HTTP 429/5xx); carries the final outcome if retries run
    out."""

    def __init__(self, outcome: Fetched):
        super().__init__(f"{outcome.reason}: {outcome.message}")
        self.outcome = outcome


class HostPacer:
    """At most ``concurrency`` requests at once, and ``delay`` seconds between two requests to one host
    (thread-safe)."""

    def __init__(self, concurrency: int, delay: float):
        self.slots = threading.BoundedSemaphore(concurrency)
        self.delay = delay
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def wait(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, 0.0))
            self._next[host] = start + self.delay
        if start > now:
            time.sleep(start - now)


_clients: dict[tuple, tuple[httpx.Client, HostPacer]] = {}
_clients_lock = threading.Lock()


def client_for(settings: FetchSettings) -> tuple[httpx.Client, HostPacer]:
    """One HTTP client and pacer per process and settings (connections are reused; httpx clients are thread-safe)."""
    key = (settings.user_agent, settings.timeout_s, settings.concurrency, settings.per_host_delay_s)
    with _clients_lock:
        if key not in _clients:
            client = httpx.Client(
                headers={
                    "User-Agent": settings.user_agent,
                    "Accept": "text/html,application/xhtml+xml,"
                    "application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5",
                },
                timeout=httpx.Timeout(settings.timeout_s),
                follow_redirects=True,
                max_redirects=5,
                limits=httpx.Limits(max_connections=settings.concurrency),
            )
            _clients[key] = (client, HostPacer(settings.concurrency, settings.per_host_delay_s))
        return _clients[key]


def _mime(value: str | None) -> tuple[str, str | None]:
    mime, _, params = (value or "").partition(";")
    m = re.search(r"charset=[\"']?([\w\-:]+)", params, re.I)
    return mime.strip().lower(), (m.group(1) if m else None)


def looks_like_feed(mime: str, body: bytes) -> bool:
    head = body.lstrip()[:512].lower()
    if mime in HTML_TYPES and not head.startswith(b"<?xml"):
        return False
    return (
        mime in FEED_TYPES
        or head.startswith((b"<rss", b"<feed", b"<rdf:rdf"))
        or (
            head.startswith(b"<?xml")
            and (
                b"<rss" in body[:2048].lower() or b"<feed" in body[:2048].lower() or b"<rdf:rdf" in body[:2048].lower()
            )
        )
    )


def parse_feed(body: bytes, base_url: str, limit: int) -> list[dict] | None:
    """Entries {url, title, published (ISO 8601)} of an RSS/Atom feed; None when it is not a feed."""
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": base_url})
    if not parsed.get("version") and not parsed.entries:
        return None
    entries = []
    for e in parsed.entries[:limit]:
        link = e.get("link") or next((lk.get("href") for lk in e.get("links", []) if lk.get("href")), None)
        when = e.get("published_parsed") or e.get("updated_parsed")
        entries.append(
            {
                "url": link,
                "title": e.get("title"),
                "published": time.strftime("%Y-%m-%dT%H:%M:%SZ", when) if when else None,
            }
        )
    return entries


def fetch(
    url: str, settings: FetchSettings, client: httpx.Client | None = None, pacer: HostPacer | None = None
) -> Fetched:
    """Fetch one URL and say what it is. Raises :class:`RetryableFetch` for failures worth retrying."""
    if client is None or pacer is None:
        client, pacer = client_for(settings)
    host = urlsplit(url).netloc.lower()
    with pacer.slots:
        pacer.wait(host)
        try:
            with client.stream("GET", url) as resp:
                mime, charset = _mime(resp.headers.get("content-type"))
                final = str(resp.url)
                base = {
                    "url": url,
                    "final_url": final,
                    "status": resp.status_code,
                    "content_type": mime or None,
                    "charset": charset,
                }
                if resp.status_code in (429,) or resp.status_code >= 500:
                    raise RetryableFetch(
                        Fetched(
                            kind="error",
                            reason=f"http_{resp.status_code}",
                            message=f"{url}: HTTP {resp.status_code} from {final}.",
                            **base,
                        )
                    )
                if resp.status_code >= 400:
                    return Fetched(
                        kind="error",
                        reason=f"http_{resp.status_code}",
                        message=f"{url}: HTTP {resp.status_code} from {final}.",
                        **base,
                    )
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > settings.max_bytes:
                    return Fetched(
                        kind="error",
                        reason="too_large",
                        message=f"{url}: {int(declared):,} bytes; at most {settings.max_bytes:,} are "
                        "read (setting `fetch.max_bytes`).",
                        **base,
                    )
                if mime and mime not in HTML_TYPES and mime not in FEED_TYPES and not mime.startswith("text/"):
                    return Fetched(
                        kind="error",
                        reason="not_html",
                        message=f"{url}: content type {mime}; only HTML pages and RSS/Atom feeds are read.",
                        **base,
                    )
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > settings.max_bytes:
                        return Fetched(
                            kind="error",
                            reason="too_large",
                            message=f"{url}: more than {settings.max_bytes:,} bytes (setting `fetch.max_bytes`).",
                            **base,
                        )
                    chunks.append(chunk)
                body = b"".join(chunks)
        except httpx.TimeoutException as exc:
            raise RetryableFetch(
                Fetched(
                    url=url,
                    kind="error",
                    reason="timeout",
                    message=(
                        f"{url}: no answer within {settings.timeout_s:g} s ({type(exc).__name__}; setting "
                        "`fetch.timeout_s`)."
                    ),
                )
            ) from exc
        except httpx.TooManyRedirects as exc:
            return Fetched(url=url, kind="error", reason="too_many_redirects", message=f"{url}: {exc}")
        except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise RetryableFetch(
                Fetched(url=url, kind="error", reason="connection_error", message=f"{url}: {type(exc).__name__}: {exc}")
            ) from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            return Fetched(url=url, kind="error", reason="bad_url", message=f"{url}: {exc}")
    if looks_like_feed(mime, body):
        entries = parse_feed(body, final, settings.max_feed_entries)
        if entries is not None:
            return Fetched(kind="feed", entries=entries, **base)
    if mime and mime not in HTML_TYPES and not body.lstrip()[:200].lower().startswith((b"<!doctype html", b"<html")):
        return Fetched(
            kind="error",
            reason="not_html",
            message=f"{url}: content type {mime}; only HTML pages and RSS/Atom feeds are read.",
            **base,
        )
    return Fetched(kind="page", body=body, **base)


def save(outcome: Fetched, folder: Path) -> dict:
    """Write a fetched outcome to ``folder`` (``<key>.json``, and ``<key>.html`` for a page); return its record."""
    folder.mkdir(parents=True, exist_ok=True)
    key = fetch_key(outcome.url)
    rec = outcome.record()
    if outcome.body is not None:
        atomic.write_bytes(folder / f"{key}.html", outcome.body)
        rec["body_file"] = f"{key}.html"
    atomic.write_text(folder / f"{key}.json", json.dumps(rec))
    return {"url": outcome.url, "kind": outcome.kind, "reason": outcome.reason}


def load(folder: Path | None, url: str) -> tuple[dict, bytes | None] | None:
    """The saved outcome of ``url`` (record, page bytes), or None when it was not fetched."""
    if folder is None:
        return None
    path = folder / f"{fetch_key(url)}.json"
    if not path.exists():
        return None
    rec = json.loads(path.read_text())
    body = (folder / rec["body_file"]).read_bytes() if rec.get("body_file") else None
    return rec, body


def feed_entry_urls(folder: Path, feed_urls: list[str]) -> list[str]:
    """Links of the entries of the feeds fetched into ``folder``, in order, each once."""
    seen, out = set(), []
    for url in feed_urls:
        got = load(folder, url)
        if got and got[0]["kind"] == "feed":
            for e in got[0]["entries"]:
                if e.get("url") and is_url(e["url"]) and e["url"] not in seen:
                    seen.add(e["url"])
                    out.append(e["url"])
    return out

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
* Polite: each host's **robots.txt** is read and obeyed (robots.py; ``Crawl-delay`` too), unless
  ``fetch.respect_robots`` is off. A URL it disallows is quarantined ``robots_disallowed``.
* Safe, because a feed names whatever it likes: requests go only to **public addresses** (guard.py: checked
  at every connection, the socket goes to the checked address; networks named in ``fetch.allow_networks``
  excepted) — else ``blocked_address``; redirects are followed here one hop at a time (5 at most, loops
  stopped), so each is checked; a body is decompressed with a cap (bounded.py) — ``too_large``; a feed that
  declares XML entities is not parsed — ``xml_entities``; one request may take ``deadline_s`` in all —
  ``too_slow``.
* **URL memory**: a page whose URL is the source of a document already in the output (with this
  run's processing key) is not fetched again; feeds are always fetched.

Everything here is plain functions; the Prefect task in tasks/ingest.py only adds retries and files.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from stancewatch.config import FetchSettings
from stancewatch.errors import StancewatchError
from stancewatch.ingest import bounded, guard
from stancewatch.ingest.robots import MAX_ROBOTS_BYTES, ROBOTS_DIR, Answer, RobotsCache, product_token
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
    """At most ``concurrency`` requests at once, and at least ``delay`` seconds (or a host's longer robots.txt
    ``Crawl-delay``) between the starts of two requests to one host (thread-safe). A request waits for its turn
    at its host before it takes one of the ``concurrency`` slots, so a slow host holds no slot while it waits."""

    def __init__(self, concurrency: int, delay: float):
        self.slots = threading.BoundedSemaphore(concurrency)
        self.delay = delay
        self._lock = threading.Lock()
        self._last: dict[str, float] = {}

    def wait(self, host: str, gap: float | None = None) -> None:
        """Sleep until a request to ``host`` may start: ``gap`` (default ``delay``) after the previous one."""
        gap = self.delay if gap is None else gap
        with self._lock:
            now = time.monotonic()
            start = max(now, self._last.get(host, -math.inf) + gap)
            self._last[host] = start
        if start > now:
            time.sleep(start - now)


_clients: dict[tuple, tuple[httpx.Client, HostPacer]] = {}
_clients_lock = threading.Lock()


def client_for(settings: FetchSettings) -> tuple[httpx.Client, HostPacer]:
    """One HTTP client and pacer per process and settings (connections are reused; httpx clients are thread-safe).

    The client connects through the network guard (stancewatch/ingest/guard.py: checked addresses only, so no
    proxy from the environment either) and follows no redirect itself: :func:`fetch` follows them one hop at a
    time, checking each. It asks for gzip or deflate only, which :mod:`stancewatch.ingest.bounded` decodes."""
    key = (
        settings.user_agent,
        settings.timeout_s,
        settings.concurrency,
        settings.per_host_delay_s,
        tuple(settings.allow_networks),
    )
    with _clients_lock:
        if key not in _clients:
            limits = httpx.Limits(max_connections=settings.concurrency)
            client = httpx.Client(
                headers={
                    "User-Agent": settings.user_agent,
                    "Accept": "text/html,application/xhtml+xml,"
                    "application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5",
                    "Accept-Encoding": "gzip, deflate",
                },
                timeout=httpx.Timeout(settings.timeout_s),
                follow_redirects=False,
                limits=limits,
                transport=guard.GuardedTransport(guard.networks(settings.allow_networks), limits),
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


def xml_entities(body: bytes) -> str | None:
    """Why a feed's XML must not be parsed — it declares entities (a "billion laughs" bomb expands a few lines into
    gigabytes; an external entity reads a file or a URL) — or None. Checked with defusedxml before feedparser sees
    the bytes. A DOCTYPE that merely names an external DTD (Netscape's RSS 0.91) is fine: it is never loaded. XML
    that is malformed passes here and is left to feedparser's lenient reading, which keeps no entity that refers
    to another one."""
    from xml.sax import SAXException
    from xml.sax.handler import ContentHandler

    from defusedxml import DefusedXmlException
    from defusedxml.sax import parseString

    try:
        parseString(body, ContentHandler(), forbid_dtd=False, forbid_entities=True, forbid_external=False)
    except DefusedXmlException as exc:
        return str(exc)
    except (SAXException, ValueError):
        return None
    return None


def fetch_notes(settings: FetchSettings) -> list[str]:
    """What a run summary should say about how it fetched, when that departs from the safe defaults."""
    notes = []
    if not settings.respect_robots:
        notes.append(
            "robots.txt was not read (setting `fetch.respect_robots: false`): pages were fetched whatever the sites' "
            "robots.txt says. Turn it back on unless you have the sites' permission."
        )
    if settings.allow_networks:
        notes.append(
            "Fetching was allowed into these non-public networks: "
            f"{', '.join(settings.allow_networks)} (`fetch.allow_networks` / `--allow-network`)."
        )
    return notes


def robots_cache(out: Path, fetch_dir: Path, settings: FetchSettings) -> RobotsCache:
    """robots.txt as a run sees it: the files read, kept in ``OUT/.robots/`` for ``fetch.robots_cache_hours``; the
    hosts whose file could not be read, in the run's ``fetch_dir`` (disallowed for this run only)."""
    return RobotsCache(out / ROBOTS_DIR, fetch_dir / "robots", settings.robots_cache_hours * 3600)


MAX_REDIRECTS = 5
_memory_robots = RobotsCache()  # for callers that give no cache folder: robots.txt read once per process


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _read_body(resp: httpx.Response, limit: int, truncate: bool = False) -> bytes:
    """The response body, decoded from its Content-Encoding with a cap on the decoded size (bounded.py): raises
    bounded.TooLarge past ``limit`` (or, with ``truncate``, stops there) and bounded.Undecodable."""
    decoder = bounded.BoundedDecoder(resp.headers.get("content-encoding"), limit, truncate)
    parts = []
    for chunk in resp.iter_raw():
        parts.append(decoder.feed(chunk))
        if decoder.full:
            break
    parts.append(decoder.finish())
    return b"".join(parts)


def _robots_answer(robots_url: str, settings: FetchSettings, client: httpx.Client, pacer: HostPacer) -> Answer:
    """Fetch one robots.txt, following up to 5 redirects, each through the network guard. A refused address for
    the origin itself raises guard.BlockedAddress (its pages are refused too); anything else that keeps the file
    from being read is an Answer with an error, which robots.py turns into "disallowed for this run"."""
    url, seen = robots_url, {robots_url}
    for hop in range(MAX_REDIRECTS + 1):
        pacer.wait(_host(url))
        try:
            with pacer.slots, guard.deadline(settings.deadline_s), client.stream("GET", url) as resp:
                if resp.next_request is None:
                    ok = 200 <= resp.status_code < 300
                    body = _read_body(resp, MAX_ROBOTS_BYTES, truncate=True) if ok else None
                    return Answer(status=resp.status_code, body=body)
                url = str(resp.next_request.url)
        except guard.BlockedAddress as exc:
            if hop == 0:
                raise
            return Answer(error=f"a redirect to a refused address: {exc}")
        except (httpx.HTTPError, bounded.Undecodable) as exc:
            return Answer(error=f"{type(exc).__name__}: {exc}")
        if url in seen:
            break
        seen.add(url)
    return Answer(redirects_exceeded=True)


def fetch(
    url: str,
    settings: FetchSettings,
    client: httpx.Client | None = None,
    pacer: HostPacer | None = None,
    robots: RobotsCache | None = None,
) -> Fetched:
    """Fetch one URL and say what it is. Raises :class:`RetryableFetch` for failures worth retrying.

    Each hop (the URL, then each redirect, at most 5) is checked against robots.txt (unless
    ``fetch.respect_robots`` is off; ``robots`` holds what was read, see robots.py), waits for its turn at its host,
    connects only to a checked public address (guard.py) and must be done within ``fetch.deadline_s``; the body is
    read up to ``fetch.max_bytes`` after decompression."""
    if client is None or pacer is None:
        client, pacer = client_for(settings)
    robots = robots if robots is not None else _memory_robots
    token = product_token(settings.user_agent)
    hops = [url]
    last: guard.Deadline | None = None
    try:
        while True:
            current = hops[-1]
            if urlsplit(current).scheme.lower() not in ("http", "https"):
                return Fetched(
                    url=url,
                    kind="error",
                    final_url=current,
                    reason="bad_url",
                    message=f"{url}: redirected to {current}; only http(s) URLs are fetched.",
                )
            gap = settings.per_host_delay_s
            if settings.respect_robots:
                rules = robots.rules(current, lambda u: _robots_answer(u, settings, client, pacer))
                if not rules.allows(current, token):
                    return Fetched(
                        url=url,
                        kind="error",
                        final_url=current,
                        reason="robots_disallowed",
                        message=(
                            f"{current}: not fetched: {rules.note}, so the host is off limits for this run (RFC "
                            "9309); the next run asks again."
                            if rules.kind == "disallow_all"
                            else f"{current}: not fetched: {rules.note} disallows it for `{token}`. Fetch it only "
                            "with the site's permission (setting `fetch.respect_robots: false`)."
                        ),
                    )
                gap = max(gap, rules.crawl_delay(token) or 0.0)
            pacer.wait(_host(current), gap)
            with pacer.slots, guard.deadline(settings.deadline_s) as last:
                with client.stream("GET", current) as resp:
                    if resp.next_request is None:
                        return _answer(url, resp, settings)
                    target = str(resp.next_request.url)
            if target in hops or len(hops) > MAX_REDIRECTS:
                loop = target in hops
                return Fetched(
                    url=url,
                    kind="error",
                    final_url=current,
                    reason="too_many_redirects",
                    message=f"{url}: "
                    + (f"a redirect loop ({' → '.join([*hops, target])})." if loop else "more than 5 redirects.")
                    + " Fix the URL in its list or feed.",
                )
            hops.append(target)
    except guard.BlockedAddress as exc:
        via = f" (reached by redirect from {hops[0]})" if len(hops) > 1 else ""
        return Fetched(
            url=url,
            kind="error",
            final_url=hops[-1],
            reason="blocked_address",
            message=f"{hops[-1]}{via}: not fetched, {exc}; requests to loopback, private, link-local, multicast and "
            "reserved addresses are refused. If it is an intranet server you mean to read, allow its network: "
            "setting `fetch.allow_networks` or `--allow-network CIDR`.",
        )
    except httpx.TimeoutException as exc:
        if last is not None and last.hit:
            return Fetched(
                url=url,
                kind="error",
                final_url=hops[-1],
                reason="too_slow",
                message=f"{hops[-1]}: the answer was not complete within {settings.deadline_s:g} s (setting "
                "`fetch.deadline_s`); a server that trickles its bytes is cut off.",
            )
        raise RetryableFetch(
            Fetched(
                url=url,
                kind="error",
                reason="timeout",
                message=(
                    f"{hops[-1]}: no answer within {settings.timeout_s:g} s ({type(exc).__name__}; setting "
                    "`fetch.timeout_s`)."
                ),
            )
        ) from exc
    except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
        raise RetryableFetch(
            Fetched(
                url=url, kind="error", reason="connection_error", message=f"{hops[-1]}: {type(exc).__name__}: {exc}"
            )
        ) from exc
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        return Fetched(url=url, kind="error", reason="bad_url", message=f"{hops[-1]}: {exc}")


def _answer(url: str, resp: httpx.Response, settings: FetchSettings) -> Fetched:
    """What the last hop's response is: an error, a feed or a page (its body read with the size cap)."""
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
    if resp.status_code >= 300:
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
    try:
        body = _read_body(resp, settings.max_bytes)
    except bounded.TooLarge:
        return Fetched(
            kind="error",
            reason="too_large",
            message=f"{url}: more than {settings.max_bytes:,} bytes (after decompression; setting `fetch.max_bytes`).",
            **base,
        )
    except bounded.Undecodable as exc:
        return Fetched(kind="error", reason="fetch_error", message=f"{url}: {exc}.", **base)
    if looks_like_feed(mime, body):
        unsafe = xml_entities(body)
        if unsafe is not None:
            return Fetched(
                kind="error",
                reason="xml_entities",
                message=f"{url}: the feed declares XML entities or external references ({unsafe}); they are never "
                "expanded (a billion-laughs bomb) and such a feed is not read. Ask its publisher for a plain feed.",
                **base,
            )
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

"""A polite and safe fetcher: robots.txt, no requests to private addresses, no bombs, an overall deadline.

Traffic goes to 127.0.0.1 only. Every test runs under a guard that records each socket connection this process
opens and refuses any that is not to the loopback address, so a bug cannot send a packet elsewhere; names such as
`intranet.test` are answered by a stub resolver (10.x, 169.254.x, fd00::) and the tests assert that no connection
to them was even attempted. The local servers allow `127.0.0.1/32` by name, exactly as an intranet feed would be
allowed, so a redirect to any other private address still fails.
"""

from __future__ import annotations

import gzip
import inspect
import ipaddress
import socket
import threading
import time
import tracemalloc
import uuid
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from benchmarks.news_pages import article_page, article_text, http_block, warc_record
from stancewatch.config import ConfigError, FetchSettings, check_networks
from stancewatch.ingest import guard, web
from stancewatch.ingest.robots import product_token
from stancewatch.ingest.sources import ingest
from stancewatch.ingest.warc import warc_items
from stancewatch.store.datasets import commit_run, read_dataset

LOCAL = ["127.0.0.1/32"]
BOMB_SIZE = 200_000_000  # 200 MB of zeros: about 200 KB gzipped


# ------------------------------------------------------------------ guards around every test


@pytest.fixture(autouse=True)
def connections(monkeypatch) -> list[str]:
    """Every address this process connects a socket to during the test; anything but loopback is refused here, so
    a bug cannot send traffic off this machine."""
    seen: list[str] = []
    real = socket.create_connection

    def create_connection(address, *args, **kwargs):
        host = str(address[0])
        seen.append(host)
        if host != "localhost" and not ipaddress.ip_address(host.split("%")[0]).is_loopback:
            raise AssertionError(f"a connection to {host} was attempted")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return seen


@pytest.fixture(autouse=True)
def dns(monkeypatch) -> dict[str, list[str]]:
    """A stub resolver for every test: names → addresses; any other name fails as an unknown name would. No DNS
    query leaves this machine."""
    table: dict[str, list[str]] = {}

    def lookup(host: str, port: int) -> list[str]:
        if host in table:
            return list(table[host])
        raise socket.gaierror(socket.EAI_NONAME, f"stub resolver: no such name {host}")

    monkeypatch.setattr(guard, "lookup", lookup)
    return table


# ------------------------------------------------------------------ a configurable local server

Route = Callable[[BaseHTTPRequestHandler], None]


class Server:
    """An HTTP server on 127.0.0.1 whose paths are answered by ``routes``; counts hits, their times and Host headers."""

    def __init__(self, routes: dict[str, Route]):
        self.routes = routes
        self.hits: Counter = Counter()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.hosts: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                path = self.path.split("?")[0]
                server.hits[path] += 1
                server.times[path].append(time.monotonic())
                server.hosts.append(self.headers.get("Host", ""))
                server.routes.get(path, lambda h: send(h, 404, b"<html><body>Not found</body></html>"))(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def send(h: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str = "text/html", headers: dict | None = None):
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body)))
    for k, v in (headers or {}).items():
        h.send_header(k, v)
    h.end_headers()
    try:
        h.wfile.write(body)
    except OSError:
        pass


def page(i: int) -> Route:
    title, paras = article_text(i, paragraphs=3, seed=3)
    body = article_page(title, paras, date="2024-03-05", author="A Reporter").encode()
    return lambda h: send(h, 200, body, "text/html; charset=utf-8")


def redirect(to: str, status: int = 302) -> Route:
    return lambda h: send(h, status, b"", headers={"Location": to})


def text(body: str, status: int = 200, ctype: str = "text/plain") -> Route:
    return lambda h: send(h, status, body.encode(), ctype)


def trickle_body(h: BaseHTTPRequestHandler) -> None:
    """A slow-loris answer: headers at once, then one byte of body every 0.2 s (never slow enough for a read
    timeout of 1 s)."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    for _ in range(150):
        try:
            h.wfile.write(b"<")
            h.wfile.flush()
        except OSError:
            return
        time.sleep(0.2)


def trickle_headers(h: BaseHTTPRequestHandler) -> None:
    """The headers themselves, one short line every 0.2 s."""
    try:
        h.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for i in range(150):
            h.wfile.write(f"X-Slow-{i}: a\r\n".encode())
            h.wfile.flush()
            time.sleep(0.2)
    except OSError:
        return


def hang_up(h: BaseHTTPRequestHandler) -> None:
    """Close the connection without an answer (robots.txt "unreachable")."""
    h.close_connection = True
    h.connection.shutdown(socket.SHUT_RDWR)


def _gzip_stream(head: bytes, zeros: int, tail: bytes = b"") -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    out, chunk = [c.compress(head)], b"\0" * (1 << 20)
    for _ in range(zeros // len(chunk)):
        out.append(c.compress(chunk))
    out += [c.compress(b"\0" * (zeros % len(chunk)) + tail), c.flush()]
    return b"".join(out)


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    return _gzip_stream(b"<html><body>", BOMB_SIZE)


def settings(**kw) -> FetchSettings:
    base = dict(timeout_s=1, retries=0, retry_delay_s=0, per_host_delay_s=0, allow_networks=LOCAL)
    return FetchSettings(**(base | kw))


def fetch(url: str, tmp_path: Path, run: str = "run", **kw) -> web.Fetched:
    s = settings(**kw)
    return web.fetch(url, s, robots=web.robots_cache(tmp_path / "out", tmp_path / run, s))


# ------------------------------------------------------------------ no private destinations


@pytest.mark.parametrize(
    "address,kind",
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fd00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "private"),  # reserved (Python files 240/4 under both)
        ("100.64.0.1", "non-global"),  # carrier-grade NAT
        ("::ffff:10.0.0.1", "private"),  # IPv4-mapped: judged by the IPv4 inside
        ("64:ff9b::a00:1", "private"),  # NAT64 of 10.0.0.1
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
    ],
)
def test_every_kind_of_non_public_address_is_refused(address, kind):
    assert guard.refusal(ipaddress.ip_address(address)) == kind


def test_only_the_named_networks_are_allowed():
    allowed = guard.networks(LOCAL)
    assert guard.refusal(ipaddress.ip_address("127.0.0.1"), allowed) is None
    assert guard.refusal(ipaddress.ip_address("127.0.0.2"), allowed) == "loopback"
    assert guard.refusal(ipaddress.ip_address("10.0.0.1"), allowed) == "private"
    assert check_networks([" 10.20.0.0/16", "fd00::/8"]) == ["10.20.0.0/16", "fd00::/8"]
    with pytest.raises(ConfigError, match="did you mean 10.0.0.0/8"):
        check_networks(["10.0.0.1/8"])
    with pytest.raises(ConfigError, match="CIDR"):
        check_networks(["intranet"])


@pytest.mark.parametrize(
    "url,answers",
    [
        ("http://intranet.test/feed.xml", ["10.1.2.3"]),
        ("http://metadata.test/latest/meta-data/", ["169.254.169.254"]),
        ("http://v6.test/feed.xml", ["fd00::5"]),
        ("http://both.test/", ["fd00::5", "10.9.9.9"]),
        ("http://loopback-alias.test/", ["127.0.0.2"]),  # loopback, but not the allowed 127.0.0.1/32
        ("http://10.0.0.1/feed.xml", None),  # IP literals: no lookup
        ("http://169.254.169.254/latest/meta-data/", None),
        ("http://[fd00::1]/", None),
        ("http://[::1]/", None),
    ],
)
def test_a_refused_address_is_never_connected_to(url, answers, dns, connections, tmp_path):
    if answers:
        dns[url.split("/")[2]] = answers
    got = fetch(url, tmp_path)
    assert got.kind == "error" and got.reason == "blocked_address", got
    assert "allow_networks" in got.message and "--allow-network" in got.message
    assert connections == []  # not even robots.txt was asked for


def test_an_allowed_intranet_name_connects_to_the_checked_address_and_keeps_its_host_name(dns, connections, tmp_path):
    site = Server({"/news/a1": page(1)})
    try:
        dns["intranet.test"] = ["127.0.0.1"]
        url = f"http://intranet.test:{site.port}/news/a1"
        got = fetch(url, tmp_path)
        assert got.kind == "page" and got.status == 200
        assert connections and set(connections) == {"127.0.0.1"}  # the checked address, never the name
        assert f"intranet.test:{site.port}" in site.hosts  # the Host header is still the name
        assert site.hits["/robots.txt"] == 1  # robots.txt, then the page
        connections.clear()
        blocked = fetch(url.replace("/a1", "/a2"), tmp_path, run="run2", allow_networks=[])
        assert blocked.reason == "blocked_address" and connections == []
    finally:
        site.close()


def test_dns_rebinding_gets_no_second_lookup(monkeypatch, connections, tmp_path):
    """A name that answers the allowed address once and a private one after: the connection goes to the address
    that was checked, and the name is looked up once per connection, never again between check and connect."""
    site = Server({"/news/a1": page(1)})
    answers = iter([["127.0.0.1"], ["10.0.0.1"], ["10.0.0.1"]])
    asked: list[str] = []
    monkeypatch.setattr(guard, "lookup", lambda host, port: asked.append(host) or next(answers))
    try:
        got = fetch(f"http://rebind.test:{site.port}/news/a1", tmp_path, respect_robots=False)
        assert got.kind == "page" and asked == ["rebind.test"] and connections == ["127.0.0.1"]
    finally:
        site.close()


def test_a_redirect_to_a_private_name_is_refused_before_connecting(dns, connections, tmp_path):
    dns["metadata.test"] = ["169.254.169.254"]
    site = Server({})
    site.routes["/go"] = redirect(f"http://metadata.test:{site.port}/latest/meta-data/")
    site.routes["/go-loopback"] = redirect(f"http://127.0.0.2:{site.port}/news")
    try:
        got = fetch(site.url("/go"), tmp_path)
        assert got.reason == "blocked_address" and "reached by redirect from" in got.message
        assert "169.254.169.254" in got.message and got.final_url.startswith("http://metadata.test")
        assert fetch(site.url("/go-loopback"), tmp_path).reason == "blocked_address"
        assert set(connections) == {"127.0.0.1"}
        assert "/latest/meta-data/" not in site.hits and "/news" not in site.hits
    finally:
        site.close()


def test_redirect_loops_long_chains_and_other_schemes_stop(tmp_path):
    site = Server({"/a": redirect("/b"), "/b": redirect("/a"), "/end": page(2)})
    site.routes["/to-file"] = redirect("file:///etc/passwd")
    site.routes["/to-ftp"] = redirect("ftp://127.0.0.1/x")
    for i in range(7):
        site.routes[f"/hop{i}"] = redirect(f"/hop{i + 1}")
    site.routes["/hop7"] = page(3)
    for i in range(3):
        site.routes[f"/short{i}"] = redirect(f"/short{i + 1}" if i < 2 else "/end", 301)
    try:
        loop = fetch(site.url("/a"), tmp_path)
        assert loop.reason == "too_many_redirects" and "redirect loop" in loop.message
        assert site.hits["/a"] == 1 and site.hits["/b"] == 1
        chain = fetch(site.url("/hop0"), tmp_path)
        assert chain.reason == "too_many_redirects" and "more than 5" in chain.message
        assert site.hits["/hop6"] == 0
        ok = fetch(site.url("/short0"), tmp_path)
        assert ok.kind == "page" and ok.final_url == site.url("/end")
        for path in ("/to-file", "/to-ftp"):
            assert fetch(site.url(path), tmp_path).reason == "bad_url"
    finally:
        site.close()


# ------------------------------------------------------------------ robots.txt


ROBOTS = "User-agent: stancewatch\nDisallow: /private\nAllow: /private/open\n\nUser-agent: *\nDisallow: /\n"


def test_robots_txt_allows_and_disallows_on_the_product_token_and_is_cached(tmp_path):
    site = Server({"/robots.txt": text(ROBOTS), "/news/a1": page(1), "/private/open/a2": page(2)})
    site.routes["/private/x"] = page(4)
    try:
        assert product_token(settings().user_agent) == "stancewatch"
        assert fetch(site.url("/news/a1"), tmp_path).kind == "page"  # the `*` group would disallow it
        assert fetch(site.url("/private/open/a2"), tmp_path).kind == "page"  # the longest rule wins
        denied = fetch(site.url("/private/x"), tmp_path)
        assert denied.reason == "robots_disallowed" and "respect_robots" in denied.message
        assert site.hits["/private/x"] == 0 and site.hits["/robots.txt"] == 1
        other = fetch(site.url("/news/a1"), tmp_path, run="other", user_agent="otherbot/2.0")
        assert other.reason == "robots_disallowed"  # another product token: the `*` group
        # the next run reads the cache in the output folder, until it expires
        assert fetch(site.url("/news/a1"), tmp_path, run="next").kind == "page"
        assert site.hits["/robots.txt"] == 1 and list((tmp_path / "out" / ".robots").glob("*.json"))
        assert fetch(site.url("/news/a1"), tmp_path, run="expired", robots_cache_hours=0).kind == "page"
        assert site.hits["/robots.txt"] == 2
        # off: robots.txt is not even read, and the notes for the run summary say so
        off = fetch(site.url("/private/x"), tmp_path, run="off", robots_cache_hours=0, respect_robots=False)
        assert off.kind == "page" and site.hits["/robots.txt"] == 2
        assert "respect_robots: false" in " ".join(web.fetch_notes(settings(respect_robots=False)))
        assert web.fetch_notes(settings(allow_networks=[])) == []
    finally:
        site.close()


@pytest.mark.parametrize(
    "robots,expect",
    [
        (text("not found", 404), "page"),
        (text("forbidden", 403), "page"),  # 4xx: "unavailable", everything allowed (RFC 9309)
        (text("down", 503), "robots_disallowed"),  # 5xx: unreachable, the host is off limits for this run
        (text("slow down", 429), "robots_disallowed"),
        (hang_up, "robots_disallowed"),  # no answer at all
    ],
)
def test_robots_txt_status_decides(robots, expect, tmp_path):
    site = Server({"/robots.txt": robots, "/news/a1": page(1), "/news/a2": page(2)})
    try:
        first = fetch(site.url("/news/a1"), tmp_path)
        assert (first.kind if expect == "page" else first.reason) == expect
        second = fetch(site.url("/news/a2"), tmp_path)  # same run: robots.txt is not asked again
        assert (second.kind if expect == "page" else second.reason) == expect
        assert site.hits["/robots.txt"] == 1
        if expect == "robots_disallowed":
            assert "for this run" in first.message and site.hits["/news/a1"] == 0
            assert not list((tmp_path / "out" / ".robots").glob("*.json"))  # not cached beyond the run
            fetch(site.url("/news/a1"), tmp_path, run="next-run")
            assert site.hits["/robots.txt"] == 2  # the next run asks again
    finally:
        site.close()


def test_robots_txt_redirect_is_followed_and_crawl_delay_respected(tmp_path):
    site = Server({"/robots.txt": redirect("/real-robots.txt", 301)})
    site.routes["/real-robots.txt"] = text("User-agent: *\nCrawl-delay: 0.6\nDisallow: /private\n")
    for i in (1, 2, 3):
        site.routes[f"/news/a{i}"] = page(i)
    try:
        for i in (1, 2, 3):
            assert fetch(site.url(f"/news/a{i}"), tmp_path, per_host_delay_s=0.05).kind == "page"
        starts = [site.times[f"/news/a{i}"][0] for i in (1, 2, 3)]
        assert min(b - a for a, b in zip(starts, starts[1:])) >= 0.5  # Crawl-delay 0.6 > per_host_delay_s 0.05
        assert fetch(site.url("/private/x"), tmp_path).reason == "robots_disallowed"
    finally:
        site.close()


def test_a_user_agent_without_a_product_token_is_refused():
    with pytest.raises(ValueError, match="product token"):
        FetchSettings(user_agent="/0.1 (nothing before the slash)")


# ------------------------------------------------------------------ bombs and slow servers


def test_a_gzip_bomb_over_http_is_too_large_quickly_and_in_bounded_memory(gzip_bomb, tmp_path):
    site = Server({})
    site.routes["/bomb"] = lambda h: send(h, 200, gzip_bomb, headers={"Content-Encoding": "gzip"})
    site.routes["/ok-gzip"] = lambda h: send(
        h, 200, gzip.compress(article_page(*article_text(5, seed=3)).encode()), headers={"Content-Encoding": "gzip"}
    )
    try:
        tracemalloc.start()
        t0 = time.monotonic()
        got = fetch(site.url("/bomb"), tmp_path)
        seconds, peak = time.monotonic() - t0, tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert got.reason == "too_large" and "after decompression" in got.message
        assert seconds < 5 and peak < 40_000_000, (seconds, peak)  # the cap is 5 MB; the bomb is 200 MB
        ok = fetch(site.url("/ok-gzip"), tmp_path)
        assert ok.kind == "page" and b"<html" in ok.body[:500].lower()
    finally:
        site.close()


_LOLS = ['<!ENTITY lol "lol">', '<!ENTITY lol1 "' + "&lol;" * 10 + '">'] + [
    f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(2, 10)
]
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE rss ['
    + "".join(_LOLS)
    + ']><rss version="2.0"><channel><title>&lol9;</title><item><title>x</title><link>http://e.org/1</link></item>'
    "</channel></rss>"
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel>'
    "<title>&x;</title><item><link>http://e.org/1</link></item></channel></rss>"
)


@pytest.mark.parametrize("feed", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "external-entity"])
def test_a_feed_that_declares_entities_is_not_parsed(feed, tmp_path):
    site = Server({"/feed.xml": text(feed, ctype="application/rss+xml")})
    try:
        t0 = time.monotonic()
        got = fetch(site.url("/feed.xml"), tmp_path)
        assert got.reason == "xml_entities" and time.monotonic() - t0 < 3
    finally:
        site.close()
    assert web.xml_entities(b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>') is None
    assert web.xml_entities(b"<rss><channel><title>broken &amp; unclosed") is None  # malformed: feedparser's job
    netscape = (  # an external DTD that is only named, never loaded: a plain RSS 0.91 feed
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        b'"http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>T</title>'
        b"<item><title>a&amp;b</title><link>http://e.org/1</link></item></channel></rss>"
    )
    assert web.xml_entities(netscape) is None


@pytest.mark.parametrize("route", [trickle_body, trickle_headers], ids=["body", "headers"])
def test_a_server_that_trickles_bytes_is_cut_off_at_the_deadline(route, tmp_path):
    site = Server({"/slow": route})
    try:
        t0 = time.monotonic()
        got = fetch(site.url("/slow"), tmp_path, deadline_s=1.5)  # each byte comes well within timeout_s (1 s)
        assert got.reason == "too_slow" and "deadline_s" in got.message
        assert 1.4 < time.monotonic() - t0 < 4
    finally:
        site.close()


# ------------------------------------------------------------------ bombs in web archives


def _warc_member_bomb(url: str) -> bytes:
    """One gzip member holding a response record whose 200 MB page is zeros: 200 KB on disk."""
    http_head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head = (
        f"WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2024-03-01T00:00:00Z\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http_head) + BOMB_SIZE}\r\n\r\n"
    ).encode()
    return _gzip_stream(head + http_head, BOMB_SIZE, b"\r\n\r\n")


def _good(i: int) -> bytes:
    title, paras = article_text(i, paragraphs=3)
    url = f"https://news.example.org/{i}"
    return gzip.compress(warc_record("response", url, http_block(article_page(title, paras, url=url).encode())))


def test_gzip_bombs_in_a_warc_are_quarantined_in_bounded_memory(gzip_bomb, tmp_path):
    payload = gzip_bomb  # a page stored with Content-Encoding: gzip that inflates to 200 MB
    encoded = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
    title, paras = article_text(33, paragraphs=3)
    good_gz = gzip.compress(article_page(title, paras).encode())
    archive = tmp_path / "bombs.warc.gz"
    archive.write_bytes(
        _good(31)
        + _warc_member_bomb("https://news.example.org/member-bomb")
        + gzip.compress(warc_record("response", "https://news.example.org/payload-bomb", encoded + payload))
        + gzip.compress(warc_record("response", "https://news.example.org/33", encoded + good_gz))
        + _good(32)
        + _warc_member_bomb("https://news.example.org/last-bomb")  # the last member: the tail check is bounded too
    )
    tracemalloc.start()  # reading the archive (the documents' extraction after it loads libraries, not measured)
    t0 = time.monotonic()
    items = [(source, error[0] if error else None) for source, _, error in warc_items(archive)]
    seconds, peak = time.monotonic() - t0, tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [e for _, e in items] == [None, "too_large", "too_large", None, None, "too_large"]
    assert seconds < 10 and peak < 30_000_000, (seconds, peak)  # the cap is 5 MB; each bomb is 200 MB
    result = ingest([archive], run_id="bombs")
    assert [q["reason"] for q in result.quarantine] == ["too_large"] * 3, result.quarantine
    assert "inflates to more than" in result.quarantine[1]["message"]  # the payload bomb
    assert len(result.documents) == 3 and {d["url"].rsplit("/", 1)[1] for d in result.documents} == {"31", "32", "33"}
    result.check()


# ------------------------------------------------------------------ the flow: a mixed feed, an hourly re-run


def _mixed_site() -> Server:
    site = Server({"/robots.txt": text("User-agent: *\nDisallow: /private\n")})
    entries = {
        "/news/a1": page(1),
        "/news/a2": page(2),
        "/private/p1": page(3),
        "/to-metadata": redirect(f"http://metadata.test:{site.port}/latest/meta-data/"),
        "/loop": redirect("/loop"),
        "/slow": trickle_body,
    }
    site.routes.update(entries)
    links = [site.url(p) for p in entries] + [f"http://intranet.test:{site.port}/news/a9", site.url("/bomb")]
    items = "".join(f"<item><title>{u}</title><link>{u}</link></item>" for u in links)
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Mixed</title>{items}</channel></rss>'
    site.routes["/feed.xml"] = text(feed, ctype="application/rss+xml")
    site.routes["/evil.xml"] = text(BILLION_LAUGHS, ctype="application/rss+xml")
    return site


def test_a_mixed_feed_lands_its_good_entries_and_quarantines_the_rest(
    gzip_bomb, dns, connections, tmp_path, prefect_server
):
    from flows.stages import ingest_flow
    from stancewatch.report.run_summary import markdown

    dns.update({"metadata.test": ["169.254.169.254"], "intranet.test": ["10.0.0.9"]})
    site = _mixed_site()
    site.routes["/bomb"] = lambda h: send(h, 200, gzip_bomb, headers={"Content-Encoding": "gzip"})
    cfg = tmp_path / "settings.yaml"  # no allowance here: it comes as the flow parameter, as a deployment passes it
    cfg.write_text(
        "fetch:\n  timeout_s: 1\n  retries: 0\n  retry_delay_s: 0\n  per_host_delay_s: 0\n  deadline_s: 1.5\n"
    )
    feeds = tmp_path / "feeds.urls"
    feeds.write_text(f"{site.url('/feed.xml')}\n{site.url('/evil.xml')}\n")
    out = tmp_path / "out"
    try:
        counts = ingest_flow([str(feeds)], str(out), "r1", str(cfg), allow_networks=LOCAL)["ingest"]
        commit_run(out, "r1")
        docs = set(read_dataset(out, "documents")["source"])
        reasons = {q["source"]: q["reason"] for q in read_dataset(out, "quarantine").to_dict("records")}
        assert docs == {site.url("/news/a1"), site.url("/news/a2")}
        assert reasons == {
            site.url("/private/p1"): "robots_disallowed",
            site.url("/to-metadata"): "blocked_address",
            f"http://intranet.test:{site.port}/news/a9": "blocked_address",
            site.url("/loop"): "too_many_redirects",
            site.url("/slow"): "too_slow",
            site.url("/bomb"): "too_large",
            site.url("/evil.xml"): "xml_entities",
        }
        assert counts["inputs"] == counts["documents"] + counts["quarantined"] == 9
        assert set(connections) <= {"127.0.0.1"}  # nothing else was even attempted
        assert site.hits["/private/p1"] == 0 and site.hits["/robots.txt"] == 1
        assert "127.0.0.1/32" in markdown(out, "r1", {"ingest": counts})  # the summary names the allowance
        # the hourly re-run: the feeds again, the failures again, robots.txt from the cache, the pages not at all
        counts = ingest_flow([str(feeds)], str(out), "r2", str(cfg), allow_networks=LOCAL)["ingest"]
        assert site.hits["/robots.txt"] == 1 and site.hits["/news/a1"] == 1 and site.hits["/feed.xml"] == 2
        assert counts["skipped"] == 2 and counts["documents"] == 0
    finally:
        site.close()


def test_robots_off_is_said_in_the_run_summary(tmp_path, prefect_server):
    from flows.stages import ingest_flow
    from stancewatch.report.run_summary import markdown

    site = Server({"/robots.txt": text("User-agent: *\nDisallow: /\n"), "/news/a1": page(1)})
    cfg = tmp_path / "settings.yaml"
    cfg.write_text('fetch:\n  respect_robots: false\n  retries: 0\n  allow_networks: ["127.0.0.1/32"]\n')
    out = tmp_path / "out"
    try:
        counts = ingest_flow([site.url("/news/a1")], str(out), "r1", str(cfg))["ingest"]
        commit_run(out, "r1")
        assert counts["documents"] == 1 and site.hits["/robots.txt"] == 0
        assert "respect_robots: false" in markdown(out, "r1", {"ingest": counts})
    finally:
        site.close()


# ------------------------------------------------------------------ the CLI and the deployments


def test_allow_network_is_checked_before_any_work(tmp_path):
    from typer.testing import CliRunner

    from stancewatch.cli import app

    for command in ("run", "ingest"):
        result = CliRunner().invoke(
            app, [command, "https://news.example.org/a", "--out", str(tmp_path / "o"), "--allow-network", "10.0.0.1/8"]
        )
        assert result.exit_code == 2 and "did you mean 10.0.0.0/8" in result.output, result.output
    assert not (tmp_path / "o").exists()


def test_every_deployment_parameter_is_a_pipeline_parameter():
    """prefect.yaml's parameters (hourly-feeds' `allow_networks` among them) fit the flow as `prefect deploy`
    validates them: by the flow's parameter schema."""
    import yaml
    from conftest import REPO
    from prefect.utilities.callables import parameter_schema
    from prefect.utilities.schema_tools.validation import validate

    from flows.pipeline import pipeline_flow

    accepted = set(inspect.signature(pipeline_flow.fn).parameters)
    schema = parameter_schema(pipeline_flow.fn).model_dump_for_openapi()
    spec = yaml.safe_load((REPO / "prefect.yaml").read_text())
    for deployment in spec["deployments"]:
        assert set(deployment["parameters"]) <= accepted, deployment["name"]
        assert validate(deployment["parameters"], schema) == [], deployment["name"]
    feeds = next(d for d in spec["deployments"] if d["name"] == "hourly-feeds")
    assert check_networks(feeds["parameters"]["allow_networks"]) == feeds["parameters"]["allow_networks"]

"""robots.txt (RFC 9309): what a host lets us fetch, read once per host and kept for a while.

* Rules are matched on the **product token** of ``fetch.user_agent`` (``stancewatch`` in
  ``stancewatch/0.1 (+https://…)``), case-insensitively, by Protego (Scrapy's parser: the most specific
  group, the longest matching rule, ``*`` and ``$`` in paths, ``Crawl-delay``).
* What the server answers decides (RFC 9309 §2.3.1): **2xx** → its rules; **4xx** (the file is
  "unavailable") → everything allowed; **5xx**, 429 or no answer at all (network error, timeout, a blocked
  redirect) → the host is **disallowed for this run**, since the rules could not be read. Redirects are
  followed (5 at most, then "unavailable"); only the first 512 KiB are parsed (the RFC asks for at least 500).
* A file read (2xx, 4xx) is cached in ``OUT/.robots/`` for ``fetch.robots_cache_hours`` (24 h by default,
  as the RFC advises at most), so an hourly run does not fetch it again. A failure is kept only in the
  run's staging folder: the next run asks again.
* ``Crawl-delay`` slows our requests to that host when it is longer than ``fetch.per_host_delay_s``.

This module only decides and caches; fetching the file (through the network guard) is web.py's.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from protego import Protego

from stancewatch.store import atomic

ROBOTS_DIR = ".robots"  # under OUT: the cache of robots.txt files read
MAX_ROBOTS_BYTES = 512 * 1024


def product_token(user_agent: str) -> str:
    """``stancewatch`` from ``stancewatch/0.1 (+https://…)``: the part robots.txt groups are matched on."""
    m = re.match(r"[A-Za-z_\-]+", user_agent.strip())
    return m.group(0).lower() if m else "*"


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL: robots.txt applies per origin."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


@dataclass
class Answer:
    """What fetching ``/robots.txt`` gave: an HTTP status and body, or an error (no answer at all)."""

    status: int | None = None
    body: bytes | None = None
    error: str | None = None
    redirects_exceeded: bool = False


@dataclass
class Rules:
    """The robots.txt rules of one origin: ``kind`` is ``rules`` (a parsed file), ``allow_all`` or ``disallow_all``;
    ``note`` says why, for quarantine messages."""

    origin: str
    kind: str
    note: str
    text: str | None = None
    fetched_at: float = 0.0

    def parsed(self) -> Protego | None:
        return _parse(self.text) if self.kind == "rules" and self.text is not None else None

    def allows(self, url: str, token: str) -> bool:
        if self.kind == "allow_all":
            return True
        if self.kind == "disallow_all":
            return False
        return self.parsed().can_fetch(url, token)

    def crawl_delay(self, token: str) -> float | None:
        parsed = self.parsed()
        delay = parsed.crawl_delay(token) if parsed is not None else None
        return float(delay) if delay else None


_parsed: dict[str, Protego] = {}
_parsed_lock = threading.Lock()


def _parse(text: str) -> Protego:
    """Protego's parse of a robots.txt, once per distinct file in this process."""
    key = hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()
    with _parsed_lock:
        if key not in _parsed:
            if len(_parsed) > 10_000:
                _parsed.clear()
            _parsed[key] = Protego.parse(text)
        return _parsed[key]


def rules_from(origin: str, answer: Answer) -> Rules:
    """The rules an answer means (see module doc)."""
    now = time.time()
    if answer.redirects_exceeded:
        return Rules(origin, "allow_all", "robots.txt redirects more than 5 times: everything allowed", fetched_at=now)
    if answer.status is None:
        return Rules(origin, "disallow_all", f"robots.txt could not be fetched ({answer.error})", fetched_at=now)
    if answer.status == 429 or answer.status >= 500:
        return Rules(origin, "disallow_all", f"robots.txt answered HTTP {answer.status}", fetched_at=now)
    if answer.status >= 400:
        return Rules(
            origin, "allow_all", f"robots.txt answered HTTP {answer.status}: everything allowed", fetched_at=now
        )
    text = (answer.body or b"")[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
    return Rules(origin, "rules", f"{origin}/robots.txt", text=text, fetched_at=now)


_locks: dict[tuple[str, str], threading.Lock] = {}
_locks_lock = threading.Lock()


class RobotsCache:
    """The robots.txt rules of each origin: this run's answers (``run_dir``, failures included), then the cache in
    the output folder (``cache_dir``, while younger than ``ttl_s``), then a fetch. Without folders (library use),
    the rules are kept in memory by this object. Thread-safe: one fetch per origin, however many threads ask."""

    def __init__(self, cache_dir: Path | None = None, run_dir: Path | None = None, ttl_s: float = 24 * 3600):
        self.cache_dir, self.run_dir, self.ttl_s = cache_dir, run_dir, ttl_s
        self._memory: dict[str, Rules] = {}

    @staticmethod
    def _name(origin: str) -> str:
        return hashlib.sha1(origin.encode()).hexdigest()[:20] + ".json"

    def _read(self, folder: Path | None, origin: str, ttl_s: float | None) -> Rules | None:
        if folder is None:
            return None
        path = folder / self._name(origin)
        try:
            rules = Rules(**json.loads(path.read_text()))
        except (OSError, ValueError, TypeError):  # missing, or a damaged cache file: fetch again
            return None
        if rules.origin != origin or (ttl_s is not None and time.time() - rules.fetched_at > ttl_s):
            return None
        return rules

    def _write(self, folder: Path, rules: Rules) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        atomic.write_text(folder / self._name(rules.origin), json.dumps(rules.__dict__))

    def rules(self, url: str, fetch: Callable[[str], Answer]) -> Rules:
        """The rules for ``url``'s origin; ``fetch(robots_url)`` is called only when neither this run nor the cache
        has them."""
        origin = origin_of(url)
        if origin in self._memory:
            return self._memory[origin]
        key = (str(self.run_dir or self.cache_dir or id(self)), origin)
        with _locks_lock:
            lock = _locks.setdefault(key, threading.Lock())
        with lock:
            found = self._read(self.run_dir, origin, None) or self._read(self.cache_dir, origin, self.ttl_s)
            if found is None:
                found = rules_from(origin, fetch(f"{origin}/robots.txt"))
                if found.kind == "disallow_all" or self.cache_dir is None:
                    if self.run_dir is not None:
                        self._write(self.run_dir, found)  # for this run only
                else:
                    self._write(self.cache_dir, found)
            self._memory[origin] = found
            return found

"""Read articles from files, folders, table files, web archives and URLs into normalised documents, quarantining the
rest.

Supported inputs (folders are walked recursively, in sorted order):

* ``.txt`` / ``.md`` — one article per file; a Markdown ``# heading`` on the first line is the title.
* ``.html`` / ``.htm`` — one article page per file: main text, title, date, authors and site name by
  trafilatura (stancewatch/ingest/html.py); nothing fetched.
* ``.jsonl`` / ``.csv`` / ``.parquet`` — one article per row, with a ``text`` column and optional
  ``title``, ``url`` and ``published`` (ISO 8601 or anything pandas parses) columns.
* ``.warc`` / ``.warc.gz`` — one article per HTML response record (stancewatch/ingest/warc.py).
* ``.urls``, or ``.txt`` of http(s) URLs only, and URLs given as inputs — one article per page URL, one per
  entry of a feed URL (stancewatch/ingest/web.py); fetched beforehand by the ingest flow into ``fetched``.

Every input item (file, row of a table file, archive record, URL, feed entry) ends up either as a
document, as a skip (already in the output) or as a quarantine row.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from pyarrow.lib import ArrowException

from stancewatch.errors import StancewatchError
from stancewatch.ingest import web
from stancewatch.ingest.html import decode_html, extract_page
from stancewatch.ingest.text import decode_bytes, doc_id_for, normalize_text
from stancewatch.ingest.warc import is_warc, warc_items
from stancewatch.store.isolation import PROCESSING_ERROR, DocumentProcessingError, is_machine_fault

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
TABLE_SUFFIXES = {".jsonl", ".csv", ".parquet"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | TABLE_SUFFIXES | {".warc", ".warc.gz", ".urls"}
Input = Path | str  # a file, or a URL (str)


class InputError(StancewatchError, ValueError):
    """An input path or option is wrong; raised before any work, with the fix in the message."""


Known = dict[str, tuple[str, str | None]]  # doc_id → (source, processing key) of documents already in the output


class AccountingError(StancewatchError, RuntimeError):
    """Inputs read != documents + duplicates + quarantined: something was lost. Always a bug."""


@dataclass
class IngestResult:
    documents: list[dict] = field(default_factory=list)
    quarantine: list[dict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # sources already in the output as documents
    reprocessed: list[str] = field(default_factory=list)  # doc_ids processed before with another processing key
    n_inputs: int = 0
    ignored: Counter = field(
        default_factory=Counter
    )  # records that are not inputs (WARC request/warcinfo/metadata), by type

    def account(self) -> dict[str, int]:
        dup = sum(1 for q in self.quarantine if q["reason"] == "duplicate")
        return {
            "inputs": self.n_inputs,
            "documents": len(self.documents),
            "skipped": len(self.skipped),
            "duplicates": dup,
            "quarantined": len(self.quarantine) - dup,
            "reprocessed": len(self.reprocessed),  # part of "documents"
        }

    def check(self) -> None:
        a = self.account()
        if a["inputs"] != a["documents"] + a["skipped"] + a["duplicates"] + a["quarantined"]:
            raise AccountingError(f"Accounting broken: {a} — every input must be a document or a quarantine row.")


# ------------------------------------------------------------------ text


def title_of(text: str, suffix: str) -> tuple[str | None, str]:
    """Title of a text article: a Markdown ``# heading`` on the first line, or a short first line followed by a blank
    line."""
    first, _, rest = text.lstrip().partition("\n")
    if suffix == ".md" and first.startswith("#"):
        title = first.lstrip("#").strip()
        return title, f"{title}\n\n{rest}"
    if 0 < len(first.strip()) <= 200 and rest.startswith("\n") and not first.rstrip().endswith((".", ":")):
        return first.strip(), text
    return None, text


_DATE_IN_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T_ ](\d{2})[:-]?(\d{2}))?")


def date_in_name(path: Path) -> str | None:
    """Publication date from a file name that starts with an ISO date: ``2024-02-27-some-title.md``."""
    m = _DATE_IN_NAME.match(path.name)
    return m.group(1) if m else None


# ------------------------------------------------------------------ reading


def expand_inputs(inputs: list[Input]) -> list[Input]:
    """Files named directly plus every file under the folders, sorted; URLs (http/https strings) as they are.
    A missing path is an InputError."""
    files: list[Input] = []
    for p in inputs:
        if isinstance(p, str) and web.is_url(p):
            files.append(p.strip())
            continue
        p = Path(p)
        if not p.exists():
            raise InputError(
                f"Input {p} does not exist. Check the path (files, folders and http(s) URLs are accepted)."
            )
        if p.is_dir():
            # every entry that is not a folder (broken links and unreadable files included, so they are
            # quarantined rather than lost); hidden files (".DS_Store", ".gitkeep") are not inputs
            files.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if not f.is_dir() and not any(part.startswith(".") for part in f.relative_to(p).parts)
                )
            )
        else:
            files.append(p)
    return files


def url_inputs(inputs: list[Input]) -> list[str]:
    """Every URL the inputs name (URLs given directly and the lines of URL lists), in order, each once."""
    urls: list[str] = []
    for item in expand_inputs(inputs):
        if isinstance(item, str):
            urls.append(item)
        elif (lines := web.url_list(item)) is not None:
            urls.extend(u for _, u in lines)
    return list(dict.fromkeys(urls))


def known_urls(known: Known) -> dict[str, str | None]:
    """URL memory: source URL → processing key of the documents already in the output that came from a URL."""
    return {source: k for source, k in known.values() if web.is_url(source)}


def _quarantine(
    result: IngestResult, source: str, reason: str, message: str, run_id: str, duplicate_of=None, stage=None
) -> None:
    result.quarantine.append(
        {
            "source": source,
            "reason": reason,
            "message": message,
            "duplicate_of": duplicate_of,
            "run_id": run_id,
            "stage": stage,
        }
    )


def _processing_error(exc: Exception, where, strict: bool) -> tuple[str, str]:
    """An unforeseen exception on one input: a quarantine reason, or a raise for machine faults and --strict."""
    if is_machine_fault(exc):
        raise exc
    if strict:
        raise DocumentProcessingError(
            f"{where} failed in the ingest stage: {type(exc).__name__}: {exc} "
            "(--strict stops at the first failing input; without it the input is quarantined)."
        ) from exc
    return PROCESSING_ERROR, f"ingest stage: {type(exc).__name__}: {exc}"[:2000]


def _published(value) -> datetime | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    ts = pd.to_datetime(value, utc=True, errors="coerce")
    return None if pd.isna(ts) else ts.to_pydatetime()


@dataclass(frozen=True)
class Limits:
    min_chars: int = 40
    max_chars: int = 300_000
    require_english: bool = True
    max_bytes: int = 5_000_000  # an archived response, after decompression (setting `fetch.max_bytes`)


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def english_share(text: str, sample_words: int = 400) -> float:
    """Share of the first words that are common English function words (spaCy's stop list)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = _WORD.findall(text[:20_000].lower())[:sample_words]
    return sum(w in STOP_WORDS for w in words) / len(words) if words else 0.0


def _add(
    result: IngestResult,
    seen: dict[str, str],
    source: str,
    raw_text,
    meta: dict,
    run_id: str,
    now: datetime,
    limits: Limits,
    known: Known,
    key: str,
) -> None:
    if not isinstance(raw_text, str):
        _quarantine(result, source, "bad_text", f"`text` is {type(raw_text).__name__}, expected a string.", run_id)
        return
    text = normalize_text(raw_text)
    if not text:
        _quarantine(result, source, "empty_text", "No text after normalisation (empty or whitespace only).", run_id)
        return
    if len(text) < limits.min_chars:
        _quarantine(
            result,
            source,
            "too_short",
            f"Only {len(text)} characters; at least {limits.min_chars} are needed (setting `min_text_chars`).",
            run_id,
        )
        return
    if len(text) > limits.max_chars:
        _quarantine(
            result,
            source,
            "too_long",
            f"{len(text):,} characters; at most {limits.max_chars:,} are read (setting `max_text_chars`). Split it "
            "or raise the limit.",
            run_id,
        )
        return
    if limits.require_english and len(_WORD.findall(text[:20_000])) >= 30 and english_share(text) < 0.15:
        _quarantine(
            result,
            source,
            "not_english",
            f"Only {english_share(text):.0%} of its words are common English words; the models are English-only "
            "(setting `require_english`).",
            run_id,
        )
        return
    doc_id = doc_id_for(text)
    if doc_id in known:  # processed by an earlier run
        old_source, old_key = known[doc_id]
        if old_source != source:
            _quarantine(
                result, source, "duplicate", f"Same text as {old_source} (an earlier run).", run_id, duplicate_of=doc_id
            )
            return
        if old_key == key:
            result.skipped.append(source)
            return
        result.reprocessed.append(doc_id)  # other models or config since: processed again, old rows replaced at commit
    if doc_id in seen:
        _quarantine(result, source, "duplicate", f"Same text as {seen[doc_id]}.", run_id, duplicate_of=doc_id)
        return
    seen[doc_id] = source
    title = meta.get("title")
    result.documents.append(
        {
            "doc_id": doc_id,
            "source": source,
            "title": title if isinstance(title, str) and title.strip() else None,
            "url": meta.get("url") if isinstance(meta.get("url"), str) else None,
            "published": _published(meta.get("published")),
            "authors": _str_or_none(meta.get("authors")),
            "site_name": _str_or_none(meta.get("site_name")),
            "text": text,
            "n_chars": len(text),
            "ingested_at": now,
            "run_id": run_id,
            "processing_key": key,
        }
    )


def _str_or_none(value) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _table_rows(path: Path) -> list[tuple[str, dict | None, str | None]]:
    """(source, row or None, error) for each row of a table file."""
    out: list[tuple[str, dict | None, str | None]] = []
    if path.suffix == ".jsonl":
        raw = decode_bytes(path.read_bytes())
        if raw is None:
            return [(str(path), None, "binary: not a text file")]
        for n, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                out.append((f"{path}#line={n}", None, f"bad_json: {exc.msg} at column {exc.colno}"))
                continue
            out.append(
                (f"{path}#line={n}", row, None)
                if isinstance(row, dict)
                else (f"{path}#line={n}", None, "bad_json: line is not a JSON object")
            )
    elif path.suffix == ".csv":
        raw = decode_bytes(path.read_bytes())
        if raw is None:
            return [(str(path), None, "binary: not a text file")]
        reader = csv.reader(io.StringIO(raw, newline=""), strict=True)
        try:
            header = next(reader)
        except (StopIteration, csv.Error):
            header = []
        if "text" not in header:
            return [(str(path), None, f"no_text_column: columns are {header}; a `text` column is required")]
        n = 0
        while True:
            n += 1
            try:
                values = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:  # broken quoting: this record is lost, its neighbours are not
                out.append((f"{path}#row={n}", None, f"bad_csv: {exc} (ending at line {reader.line_num})"))
                continue
            if len(values) != len(header):
                out.append(
                    (
                        f"{path}#row={n}",
                        None,
                        f"bad_csv: {len(values)} fields, the header has {len(header)} (line {reader.line_num})",
                    )
                )
                continue
            out.append((f"{path}#row={n}", dict(zip(header, values)), None))
    else:
        frame = pd.read_parquet(path)
        if "text" not in frame.columns:
            return [
                (str(path), None, f"no_text_column: columns are {list(frame.columns)}; a `text` column is required")
            ]
        for n, row in enumerate(frame.to_dict("records"), 1):
            out.append((f"{path}#row={n}", row, None))
    return out


def _file_item(path: Path) -> tuple[dict | None, tuple[str, str] | None]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        return None, ("unsupported_type", f"Suffix {suffix or '(none)'} is not one of {sorted(SUPPORTED)}.")
    text = decode_bytes(path.read_bytes())
    if text is None:
        return None, ("binary", "Not text (binary bytes or an undecodable encoding).")
    if suffix in HTML_SUFFIXES:
        return {"markup": text, "published": date_in_name(path)}, None
    title, text = title_of(text, suffix)
    return {"text": text, "title": title, "published": date_in_name(path)}, None


Item = tuple[str, dict | None, tuple[str, str] | None]
SKIP = {"_skip": True}  # row of an input already in the output (URL memory): counted as skipped, not read


@dataclass
class _Web:
    """What URL inputs need: where the ingest flow saved the fetched pages, the URL memory, and the URLs seen so far."""

    fetched: Path | None
    offline: bool
    memory: dict[str, str | None]
    key: str
    seen: set[str] = field(default_factory=set)


def _page_item(url: str, ctx: _Web, meta: dict | None = None) -> Item:
    if url in ctx.seen:
        return (
            url,
            None,
            (
                "duplicate_url",
                "The same URL is listed more than once (in URL lists, feeds or the command line); read once.",
            ),
        )
    ctx.seen.add(url)
    if ctx.offline:
        return url, None, ("offline", "Fetching is off (--offline): run without it to fetch this URL.")
    if url in ctx.memory and ctx.memory[url] == ctx.key:
        return url, SKIP, None
    got = web.load(ctx.fetched, url)
    if got is None:
        return (
            url,
            None,
            ("not_fetched", "This URL was not fetched in this run (ingest called without the fetch step)."),
        )
    rec, body = got
    if rec["kind"] == "error":
        return url, None, (rec["reason"], rec["message"])
    if rec["kind"] == "feed":
        return url, None, ("not_html", "A feed where an article page was expected (a feed entry that links to a feed).")
    return url, {"html": body, "charset": rec.get("charset"), "url": rec.get("final_url") or url, **(meta or {})}, None


def _url_items(url: str, ctx: _Web) -> Iterator[Item]:
    """One item for a page URL; one per entry for a feed URL (decided by what the server answered)."""
    got = None if (ctx.offline or url in ctx.seen) else web.load(ctx.fetched, url)
    if got is None or got[0]["kind"] != "feed":
        yield _page_item(url, ctx)
        return
    ctx.seen.add(url)
    entries = got[0]["entries"]
    if not entries:
        yield url, None, ("empty_feed", "The feed lists no entries.")
    for n, entry in enumerate(entries, 1):
        if not entry.get("url") or not web.is_url(entry["url"]):
            yield f"{url}#entry={n}", None, ("no_link", f"Feed entry {n} ({entry.get('title')!r}) has no http(s) link.")
            continue
        yield _page_item(
            entry["url"], ctx, {"feed_title": entry.get("title"), "feed_published": entry.get("published")}
        )


def _items(item: Input, ctx: _Web, ignored: Counter, max_bytes: int = Limits.max_bytes) -> Iterator[Item]:
    """(source, row, or (reason, message)) for each input item of one input. Never raises on bad content."""
    if isinstance(item, str):
        yield from _url_items(item, ctx)
        return
    path = item
    try:
        if is_warc(path):
            yield from warc_items(path, ignored, max_bytes)
            return
        if (urls := web.url_list(path)) is not None:
            if not urls:
                yield str(path), None, ("empty_text", "A URL list without URLs.")
            for _, url in urls:
                yield from _url_items(url, ctx)
            return
        if path.suffix.lower() not in TABLE_SUFFIXES:
            row, error = _file_item(path)
            yield str(path), row, error
            return
        rows = _table_rows(path)
    except (OSError, ValueError, ArrowException) as exc:  # unreadable file, broken Parquet, …
        yield str(path), None, ("unreadable", f"{type(exc).__name__}: {exc}")
        return
    for source, row, error in rows:
        if error:
            code, _, message = error.partition(": ")
            yield source, None, (code, message)
        elif "text" not in row:
            yield source, None, ("no_text", "Row has no `text` field.")
        else:
            yield source, row, None


def page_row(row: dict) -> dict:
    """An item read from a page (file, archive record, fetched URL) → a row with `text` and metadata (trafilatura)."""
    if "html" in row:
        markup = decode_html(row["html"], row.get("charset"))
        if markup is None:
            raise _Unusable("binary", "Not text (binary bytes or an undecodable encoding).")
    else:
        markup = row["markup"]
    page = extract_page(markup, row.get("url"))
    return {
        "text": page.text,
        "title": page.title or row.get("feed_title"),
        "published": row.get("published") or row.get("feed_published") or page.published,
        "url": page.url or row.get("url"),
        "authors": page.authors,
        "site_name": page.site_name,
    }


class _Unusable(StancewatchError, ValueError):
    """An item that is not usable text (caught inside ingest and quarantined with its reason; never escapes)."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason, self.message = reason, message


def ingest(
    inputs: list[Input],
    run_id: str,
    limits: Limits = Limits(),
    progress=None,
    known: Known | None = None,
    key: str = "",
    strict: bool = False,
    fetched: Path | None = None,
    offline: bool = False,
) -> IngestResult:
    """Read every input into documents or quarantine rows (see module doc). Never raises on bad content.

    ``known`` maps doc_id → (source, processing key) of documents an earlier run already holds: the
    same input again is skipped (counted, not written) if it was processed with this run's ``key``
    (see stancewatch/processing_key.py) and processed again otherwise; the same text under another
    name is a duplicate. A page URL that is the source of such a document is not even read (URL
    memory). ``fetched`` is the folder where the ingest flow saved what the URL inputs answered
    (stancewatch/ingest/web.py); ``offline`` quarantines URL inputs instead. An unforeseen exception while
    reading one input or item quarantines it as `processing_error` (stage ingest) unless ``strict``;
    machine faults (stancewatch/store/isolation.py) raise."""
    known = known or {}
    entries = expand_inputs(inputs)
    result = IngestResult()
    seen: dict[str, str] = {}
    ctx = _Web(fetched, offline, known_urls(known), key)
    now = datetime.now(timezone.utc)
    for entry in entries:
        current = str(entry)
        try:
            for source, row, error in _items(entry, ctx, result.ignored, limits.max_bytes):
                current = source
                result.n_inputs += 1
                if row is SKIP:
                    result.skipped.append(source)
                    continue
                if error:
                    _quarantine(
                        result,
                        source,
                        error[0],
                        error[1],
                        run_id,
                        stage="ingest" if error[0] == PROCESSING_ERROR else None,
                    )
                    continue
                try:
                    if "html" in row or "markup" in row:
                        row = page_row(row)
                    _add(result, seen, source, row["text"], row, run_id, now, limits, known, key)
                except _Unusable as exc:
                    _quarantine(result, source, exc.reason, exc.message, run_id)
                except Exception as exc:  # noqa: BLE001
                    code, message = _processing_error(exc, source, strict)
                    _quarantine(result, source, code, message, run_id, stage="ingest")
        except Exception as exc:  # noqa: BLE001 - reading the input itself failed: the rest of it is one quarantine row
            result.n_inputs += 1
            code, message = _processing_error(exc, entry, strict)
            _quarantine(
                result,
                f"{entry}" if current == str(entry) else f"{entry}#after={current.rsplit('#', 1)[-1]}",
                code,
                message,
                run_id,
                stage="ingest",
            )
        if progress is not None:
            progress(1)
    result.check()
    return result

"""Web archives (``.warc``, ``.warc.gz``, e.g. Common Crawl's CC-NEWS) → one input item per page record.

Read with FastWARC (Rust, about 3× faster than warcio on the same records here, maintained with
ChatNoir's resiliparse). Which records are inputs:

* ``response`` / ``resource`` records are inputs: an HTML one is a document (source
  ``ARCHIVE#record=<WARC-Record-ID>``, URL from ``WARC-Target-URI``); any other is quarantined
  (``not_html``, ``http_<status>`` for a non-200 response);
* ``revisit`` records are inputs and quarantined as ``warc_revisit`` (they hold no page, only a
  pointer to an earlier capture);
* ``warcinfo``, ``request``, ``metadata`` and ``conversion`` records are not articles: they are
  counted per type (``IngestResult.ignored``, in the run's counts) and skipped.

Nothing is inflated without a cap (bounded.py): a record longer than ``fetch.max_bytes`` and an HTTP payload
stored with ``Content-Encoding: gzip`` that inflates past it are quarantined ``too_large`` (a gzip bomb in an
archive costs the time to skip it, never the memory).

A truncated or corrupt archive never stops the run: what was read stays, and one quarantine row
(``truncated_archive`` or ``corrupt_archive``, source ``ARCHIVE#offset=N``) stands for the rest,
with the byte offset at which reading stopped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from fastwarc.warc import ArchiveIterator, WarcRecordType

from stancewatch.ingest import bounded

WARC_SUFFIXES = (".warc", ".warc.gz")
_INPUT = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.revisit

Item = tuple[str, dict | None, tuple[str, str] | None]


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def _split_http(block: bytes) -> tuple[int | None, dict[str, str], bytes]:
    """(status, lower-cased headers, payload) of an HTTP response block; (None, {}, block) if it is not one."""
    if not block.startswith(b"HTTP/"):
        return None, {}, block
    head, sep, body = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = block.partition(b"\n\n")
    lines = head.decode("latin-1").splitlines()
    try:
        status = int(lines[0].split()[1])
    except (IndexError, ValueError):
        status = None
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return status, headers, body


def _content_type(value: str) -> tuple[str, str | None]:
    mime, _, params = value.partition(";")
    charset = None
    for p in params.split(";"):
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset":
            charset = v.strip().strip("\"'") or None
    return mime.strip().lower(), charset


# Inflating the last member to check that it ends stops after this many bytes (a bound on the time, not the memory:
# the output is thrown away as it comes).
TAIL_CHECK_LIMIT = 1 << 34


def _complete_tail(path: Path, last_pos: int, size: int) -> int | None:
    """None when the archive ends with the last record read; else the offset after which bytes were not read.

    FastWARC stops quietly at a truncated tail; this checks the last gzip member (or the last record's
    length) against the file size, reading in chunks (bounded memory, even when the last member is a bomb)."""
    with path.open("rb") as f:
        f.seek(last_pos)
        if path.name.lower().endswith(".gz"):
            try:
                length = bounded.gzip_member_length(f, TAIL_CHECK_LIMIT)
            except bounded.TooLarge:
                return last_pos
            if length is None:
                return last_pos
            end = last_pos + length
        else:
            head, sep, _ = f.read(1 << 20).partition(b"\r\n\r\n")
            declared = next(
                (
                    int(line.split(b":", 1)[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                ),
                None,
            )
            if not sep or declared is None:
                return last_pos
            end = last_pos + len(head) + 4 + declared
            if size < end:
                return last_pos
        f.seek(end)
        return None if bounded.only_padding(f) else end


def warc_items(path: Path, ignored: Counter | None = None, max_bytes: int = 5_000_000) -> Iterator[Item]:
    """(source, row, error) for each input record of an archive, in order (see module doc). Never raises
    on bad content; ``ignored`` counts the records that are not inputs, by type. A record longer than
    ``max_bytes`` (setting `fetch.max_bytes`) is not read: FastWARC skips it as a stream, so a ``.warc.gz``
    member that inflates to gigabytes costs time, not memory; the same cap holds for a payload stored with
    ``Content-Encoding: gzip``, decompressed here (bounded.py)."""
    ignored = ignored if ignored is not None else Counter()
    size = path.stat().st_size
    last_pos, n_read = None, 0
    try:
        for record in ArchiveIterator(str(path), parse_http=False, fsspec_args=False):
            last_pos = record.stream_pos
            kind = record.record_type
            if not (kind & _INPUT):
                ignored[f"warc_{kind}"] += 1
                continue
            n_read += 1
            record_id = (record.record_id or f"<offset-{record.stream_pos}>").strip("<>")
            source = f"{path}#record={record_id}"
            url = record.headers.get("WARC-Target-URI")
            if kind == WarcRecordType.revisit:
                yield (
                    source,
                    None,
                    (
                        "warc_revisit",
                        f"Revisit record of {url}: it holds no page, only a pointer to an earlier capture.",
                    ),
                )
                continue
            if record.content_length > max_bytes:
                yield (
                    source,
                    None,
                    (
                        "too_large",
                        f"{url}: the archived record holds {record.content_length:,} bytes; at most {max_bytes:,} "
                        "are read (setting `fetch.max_bytes`).",
                    ),
                )
                continue
            block = record.reader.read()
            if len(block) < record.content_length:
                yield (
                    f"{path}#offset={record.stream_pos}",
                    None,
                    (
                        "truncated_archive",
                        f"The archive ends inside the record at byte {record.stream_pos:,} "
                        f"({len(block):,} of {record.content_length:,} bytes); records after it, if any, are lost.",
                    ),
                )
                return
            status, headers, payload = _split_http(block) if kind == WarcRecordType.response else (200, {}, block)
            if status is not None and status != 200:
                yield source, None, (f"http_{status}", f"{url}: the archived response is HTTP {status}, not a page.")
                continue
            encoding = (headers.get("content-encoding") or "identity").strip().lower()
            if encoding != "identity":
                try:
                    payload = bounded.decode(payload, encoding, max_bytes)
                except bounded.TooLarge:
                    yield (
                        source,
                        None,
                        (
                            "too_large",
                            f"{url}: the archived payload ({encoding}) inflates to more than {max_bytes:,} bytes "
                            "(setting `fetch.max_bytes`).",
                        ),
                    )
                    continue
                except bounded.Undecodable as exc:
                    if payload.lstrip()[:1] != b"<":  # some crawlers store the payload decoded, header kept
                        yield source, None, ("unreadable", f"{url}: the archived payload: {exc}.")
                        continue
            mime, charset = _content_type(headers.get("content-type") or record.headers.get("Content-Type") or "")
            if mime not in ("text/html", "application/xhtml+xml") and not (
                not mime and payload.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))
            ):
                yield (
                    source,
                    None,
                    ("not_html", f"{url}: content type {mime or '(none)'}; only HTML pages are articles."),
                )
                continue
            yield (
                source,
                {"html": payload, "charset": charset, "url": url, "crawled": record.headers.get("WARC-Date")},
                None,
            )
    except (OSError, ValueError) as exc:  # FastWARC raises OSError on a header it cannot parse
        at = last_pos if last_pos is not None else 0
        yield (
            f"{path}#offset={at}",
            None,
            (
                "corrupt_archive",
                f"Reading stopped at or after byte {at:,} of {size:,}: {exc}. {n_read} records were read before; "
                "the rest are lost.",
            ),
        )
        return
    if last_pos is None:
        if size:
            yield f"{path}#offset=0", None, ("corrupt_archive", f"No WARC record found in {size:,} bytes.")
        return
    stop = _complete_tail(path, last_pos, size)
    if stop is not None:
        yield (
            f"{path}#offset={stop}",
            None,
            (
                "truncated_archive",
                f"The archive is cut or damaged after byte {stop:,} of {size:,}: the last record is incomplete "
                "and was not read; records after it, if any, are lost.",
            ),
        )

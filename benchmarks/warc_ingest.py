"""WARC ingest speed and quality: trafilatura (ours) against the old hand-written parser, in one run.

    .venv/bin/python benchmarks/warc_ingest.py --n 1000

1. Builds a WARC (gzip per record, a request record before each response, like CC-NEWS) of N article
   pages with realistic boilerplate (benchmarks/news_pages.py) in a temporary folder.
2. **Extraction**: reads the archive with FastWARC and turns every HTML record into text and metadata
   with trafilatura (stancewatch.ingest.warc + stancewatch.ingest.sources.page_row) — documents/s; the target is ≥ 50/s.
3. **Baseline**: the same records through the old ``html.parser`` converter (benchmarks/old_html_parser.py).
4. **Quality** of both on the same pages: share of documents holding any boilerplate string (menus,
   cookie banner, related links, comments, footer), share holding the whole article text, and for
   trafilatura the share with the publication date and the author read.
5. **Whole ingest**: ``stancewatch.ingest.sources.ingest`` on the archive (normalisation, English check, ids,
   duplicates included) — documents/s.
6. Archive reading alone, FastWARC against warcio when warcio is installed (why FastWARC: docs/DESIGN.md).

Prints a table, then as its very last line one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.news_pages import BOILERPLATE, article_page, article_text, warc_of_pages  # noqa: E402
from benchmarks.old_html_parser import html_to_text  # noqa: E402
from stancewatch.ingest.sources import ingest, normalize_text, page_row  # noqa: E402
from stancewatch.ingest.warc import warc_items  # noqa: E402


def build(n: int, folder: Path) -> tuple[Path, dict[str, list[str]]]:
    pages, truth = [], {}
    for i in range(n):
        title, paras = article_text(i)
        url = f"https://news.example.org/2024/03/{i:05d}-troops"
        pages.append(
            (url, article_page(title, paras, date=f"2024-03-{1 + i % 28:02d}", author=f"Reporter {i % 17}", url=url))
        )
        truth[url] = paras
    path = folder / "CC-NEWS-bench.warc.gz"
    path.write_bytes(warc_of_pages(pages))
    return path, truth


def quality(texts: dict[str, str], truth: dict[str, list[str]]) -> tuple[float, float]:
    boiler = sum(any(b in t for b in BOILERPLATE) for t in texts.values()) / len(texts)
    complete = sum(all(normalize_text(p) in normalize_text(t) for p in truth[u]) for u, t in texts.items()) / len(texts)
    return boiler, complete


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="Pages in the archive.")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path, truth = build(args.n, Path(tmp))
        size_mb = path.stat().st_size / 1e6

        t0 = time.perf_counter()
        records = [(row["url"], row) for _, row, err in warc_items(path) if row is not None]
        read_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        ours = {url: page_row(row) for url, row in records}
        ours_s = time.perf_counter() - t0 + read_s

        t0 = time.perf_counter()
        old = {url: html_to_text(row["html"].decode("utf-8"))[0] for url, row in records}
        old_s = time.perf_counter() - t0 + read_s

        t0 = time.perf_counter()
        result = ingest([path], run_id="bench")
        ingest_s = time.perf_counter() - t0

        warcio_s = None
        try:
            from warcio.archiveiterator import ArchiveIterator as WarcioIterator

            t0 = time.perf_counter()
            with path.open("rb") as f:
                n_w = sum(
                    1 for r in WarcioIterator(f) if r.rec_type == "response" and r.content_stream().read() is not None
                )
            warcio_s = time.perf_counter() - t0
            assert n_w == args.n
        except ImportError:
            pass

    n = len(records)
    ours_boiler, ours_complete = quality({u: r["text"] for u, r in ours.items()}, truth)
    old_boiler, old_complete = quality(old, truth)
    dated = sum(r["published"] is not None for r in ours.values()) / n
    authored = sum(bool(r["authors"]) for r in ours.values()) / n
    res = {
        "n": n,
        "archive_mb": round(size_mb, 1),
        "extract_docs_per_s": round(n / ours_s, 1),
        "old_parser_docs_per_s": round(n / old_s, 1),
        "speed_ratio_vs_old": round(old_s / ours_s, 3),
        "ingest_docs_per_s": round(len(result.documents) / ingest_s, 1),
        "ingest_documents": len(result.documents),
        "boilerplate_share": round(ours_boiler, 3),
        "old_boilerplate_share": round(old_boiler, 3),
        "complete_share": round(ours_complete, 3),
        "old_complete_share": round(old_complete, 3),
        "dated_share": round(dated, 3),
        "author_share": round(authored, 3),
        "warc_read_s_fastwarc": round(read_s, 3),
        "warc_read_s_warcio": round(warcio_s, 3) if warcio_s else None,
        "target_met": n / ours_s >= 50,
    }
    print(f"{n} pages, {size_mb:.1f} MB WARC (gzip per record, request + response records)")
    print(f"{'':32}{'trafilatura':>14}{'old parser':>14}")
    print(f"{'extraction, documents/s':32}{res['extract_docs_per_s']:>14}{res['old_parser_docs_per_s']:>14}")
    print(f"{'documents with boilerplate':32}{ours_boiler:>14.1%}{old_boiler:>14.1%}")
    print(f"{'documents with all the article':32}{ours_complete:>14.1%}{old_complete:>14.1%}")
    print(f"{'date read / author read':32}{f'{dated:.0%} / {authored:.0%}':>14}{'— / —':>14}")
    print(
        f"speed ratio trafilatura / old parser: {res['speed_ratio_vs_old']}× (old parser is "
        f"{1 / res['speed_ratio_vs_old']:.1f}× faster, "
        "and keeps the boilerplate)"
    )
    print(f"whole ingest (normalise, English check, ids): {res['ingest_docs_per_s']} documents/s")
    if warcio_s:
        print(f"reading the archive: FastWARC {read_s:.3f} s, warcio {warcio_s:.3f} s ({warcio_s / read_s:.1f}×)")
    print(f"target ≥ 50 documents/s extraction: {'met' if res['target_met'] else 'NOT met'}")
    print(json.dumps(res))


if __name__ == "__main__":
    main()

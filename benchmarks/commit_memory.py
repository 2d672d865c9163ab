"""Peak memory and time of the commit alone, for a run of N documents, without running the models.

    .venv/bin/python benchmarks/commit_memory.py --source out/sample --n 10000

Stages a run the way the chunked stages leave it (``.staging/<run>/documents.parquet`` plus chunk files
of ``--chunk-size`` documents for documents, mentions, statements, actor_sentiment, actor_stance) by
repeating the committed rows of ``--source`` (an output folder, e.g. of the sample run: dense with
actors and stance rows) under new doc ids until there are N documents, then commits it in a child
process and prints the child's peak RSS (``VmHWM``), its peak after imports, and the commit's wall
time, as one JSON line. ``--code DIR`` runs the child on another checkout (e.g. an older commit, whose
stages merged the chunks before committing: it is then timed and measured too).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TABLES = ("documents", "mentions", "statements", "actor_sentiment", "actor_stance")
RUN = "commit-bench"

CHILD = r"""
import json, re, sys, time
from pathlib import Path
from stancewatch.store import datasets as store
def hwm():  # this process's peak RSS in kB (ru_maxrss would carry the parent's over fork and exec)
    return int(re.search(r"VmHWM:\s+(\d+)", Path("/proc/self/status").read_text()).group(1))
out, chunks = Path(sys.argv[1]), json.loads(sys.argv[2])
before = hwm()
t0 = time.perf_counter()
if hasattr(store, "merge_chunks"):  # older code: the stages merged the chunks into one table per run first
    for name in ("mentions", "statements", "actor_sentiment", "actor_stance"):
        store.merge_chunks(store.stage_dir(out, store.pending_run(out)), name, chunks)
added = store.commit_run(out, store.pending_run(out))
seconds = time.perf_counter() - t0
files = sum(1 for p in out.rglob("*.parquet") if ".staging" not in p.parts)
print(json.dumps({"rss_after_imports_mb": round(before / 1024, 1), "peak_rss_mb": round(hwm() / 1024, 1),
                  "commit_s": round(seconds, 2), "rows": added, "files": files}))
"""


def stage(source: Path, out: Path, n: int, chunk_size: int) -> list[str]:
    """Stage a run of ``n`` documents repeated from ``source``'s committed rows; returns the chunk names."""
    sys.path.insert(0, str(ROOT))
    import pandas as pd

    from stancewatch.store.datasets import begin_run, chunk_file, read_dataset, write_table

    frames = {name: read_dataset(source, name) for name in TABLES}
    docs = frames["documents"]
    if docs.empty:
        raise SystemExit(f"no committed documents under {source}")
    staged = begin_run(out, RUN)
    by_doc = {name: dict(tuple(frames[name].groupby("doc_id", sort=False))) for name in TABLES[1:]}
    chunks, copies = [], []
    for start in range(0, n, chunk_size):
        name = f"chunk-{len(chunks):05d}"
        picks = [(k, docs.iloc[k % len(docs)]) for k in range(start, min(n, start + chunk_size))]
        chunk_docs = docs.iloc[[k % len(docs) for k, _ in picks]].assign(
            doc_id=[f"{row.doc_id}-{k}" for k, row in picks], run_id=RUN
        )
        write_table(chunk_file(staged, "documents", name).parent, "documents", chunk_docs, file_name=name)
        copies.append(chunk_docs)
        for table in TABLES[1:]:
            parts = [
                by_doc[table][row.doc_id].assign(doc_id=f"{row.doc_id}-{k}")
                for k, row in picks
                if row.doc_id in by_doc[table]
            ]
            rows = pd.concat(parts, ignore_index=True) if parts else frames[table].iloc[:0]
            write_table(chunk_file(staged, table, name).parent, table, rows, file_name=name)
        chunks.append(name)
    write_table(staged, "documents", pd.concat(copies, ignore_index=True))
    write_table(staged, "quarantine", [])
    return chunks


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, required=True, help="an output folder whose committed rows are repeated")
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--chunk-size", type=int, default=50)
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout the commit runs on (default: this one)")
    parser.add_argument(
        "--workdir", type=Path, default=None, help="keep the output here (default: a temporary folder, deleted)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="stancewatch-commit-") as tmp:
        out = (args.workdir or Path(tmp)) / "out"
        shutil.rmtree(out, ignore_errors=True)
        chunks = stage(args.source, out, args.n, args.chunk_size)
        child = [sys.executable, "-c", CHILD, str(out), json.dumps(chunks)]
        done = subprocess.run(child, cwd=args.code, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    result = {"n": args.n, "chunk_size": args.chunk_size, "code": str(args.code), **measured}
    print(json.dumps(result), flush=True)
    return result


if __name__ == "__main__":
    main()

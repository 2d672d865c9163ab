"""The output folder: Parquet datasets that runs add to, with a commit step so nothing half-done is read.

Layout under ``--out`` (every table is a Parquet dataset, a folder)::

    documents/date=2024-02-27/part-<run_id>.parquet   per-document tables, Hive-partitioned by the
    mentions/…  statements/…  actor_sentiment/…         document's date (publication, else ingest)
    actor_stance/…
    quarantine/part-<run_id>.parquet                   one file per run
    runs/part-<run_id>.parquet
    actor_summary/part-0.parquet                       summaries: recomputed over everything, replaced
    document_summary/part-0.parquet  actor_pairs/part-0.parquet
    affiliation_summary/…  network_nodes/…  network_edges/…
    _commits/<run_id>.json                             a run's files count once this marker exists
    .staging/<run_id>/<table>.parquet                  work in progress of the run in .staging/PENDING

A run works in ``.staging``; ``commit_run`` moves its tables into the datasets and then writes the
commit marker. Readers here only read files of committed runs, and ``begin_run`` deletes anything
an interrupted run left behind, so a killed run leaves no rows and the next run starts clean.
Every file is written to a temporary name and renamed into place (atomic on one file system).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from stancewatch.aggregate import document_dates
from stancewatch.errors import StancewatchError
from stancewatch.schemas import TABLES
from stancewatch.tables import MissingTableError, read_table, to_arrow, write_table

PARTITIONED = ("documents", "mentions", "statements", "actor_sentiment", "actor_stance")
PER_RUN = ("quarantine",)
SUMMARIES = ("actor_summary", "document_summary", "actor_pairs", "affiliation_summary", "network_nodes", "network_edges")
STAGING = ".staging"
COMMITS = "_commits"


class OutputLockedError(StancewatchError, RuntimeError):
    """Another process is writing to the same output folder."""


_HELD: dict[str, int] = {}


@contextmanager
def output_lock(out: Path) -> Iterator[Path]:
    """Hold ``OUT/.lock`` (an flock, released by the OS even if the process is killed) for a run.

    A second run on the same folder is refused at once with a message naming the lock; nested use
    in one process (the pipeline flow calling the stage flows) is allowed."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / ".lock"
    key = str(path.resolve())
    if _HELD.get(key):
        _HELD[key] += 1
        try:
            yield path
        finally:
            _HELD[key] -= 1
        return
    handle = open(path, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise OutputLockedError(
            f"{out} is being written by {holder} (lock {path}). Wait for that run to finish, or use another --out."
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()} since {datetime.now(timezone.utc):%Y-%m-%d %H:%M:%S} UTC")
    handle.flush()
    _HELD[key] = 1
    try:
        yield path
    finally:
        _HELD.pop(key, None)
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def stage_dir(out: Path, run_id: str) -> Path:
    return Path(out) / STAGING / run_id


def chunk_file(staged: Path, table: str, chunk: str) -> Path:
    """Where one chunk of a staged table lives while the chunks of a stage run (possibly on other machines)."""
    return Path(staged) / "chunks" / table / f"{chunk}.parquet"


def split_into_chunks(staged: Path, size: int) -> list[str]:
    """Cut the staged documents into chunk files of ``size`` documents; returns the chunk names in order."""
    existing = sorted(p.stem for p in (Path(staged) / "chunks" / "documents").glob("chunk-*.parquet"))
    if existing:  # planned already (stages run as separate commands share one plan)
        return existing
    docs = read_table(staged, "documents")
    names = []
    for i, start in enumerate(range(0, len(docs), size)):
        name = f"chunk-{i:05d}"
        write_table(chunk_file(staged, "documents", name).parent, "documents", docs.iloc[start : start + size], file_name=name)
        names.append(name)
    return names


def write_failures(staged: Path, chunk: str, stage: str, failures) -> None:
    """Stage the documents of one chunk that failed in ``stage`` (stancewatch/isolation.py); they are
    quarantined, and left out of every table, at commit."""
    if failures:
        rows = [f.quarantine_row(source="", run_id="") for f in failures]  # source and run are filled in at commit
        write_table(chunk_file(staged, "quarantine", chunk).parent, "quarantine", rows, file_name=f"{chunk}-{stage}")


def staged_failures(staged: Path) -> pd.DataFrame:
    """Every document failure staged by this run's chunks (empty when there were none)."""
    folder = Path(staged) / "chunks" / "quarantine"
    frames = [read_table(folder, "quarantine", file_name=p.stem) for p in sorted(folder.glob("*.parquet"))]
    return pd.concat(frames, ignore_index=True) if frames else to_arrow("quarantine", []).to_pandas()


def failed_documents(staged: Path, chunk: str) -> set[str]:
    """doc_ids of ``chunk`` that failed in an earlier stage of this run."""
    folder = Path(staged) / "chunks" / "quarantine"
    return {d for p in sorted(folder.glob(f"{chunk}-*.parquet")) for d in read_table(folder, "quarantine", file_name=p.stem)["doc_id"]}


def merge_chunks(staged: Path, table: str, chunks: list[str]) -> int:
    """Concatenate a stage's chunk outputs, in chunk order, into the staged table; returns its rows."""
    frames = [read_table(chunk_file(staged, table, c).parent, table, file_name=c) for c in chunks]
    frames = [f for f in frames if len(f)]
    merged = pd.concat(frames, ignore_index=True) if frames else []
    write_table(staged, table, merged)
    return len(merged)


def _atomic_write(table, final: Path) -> None:
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".{final.name}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, final)


def committed_runs(out: Path) -> set[str]:
    folder = Path(out) / COMMITS
    return {p.stem for p in folder.glob("*.json")} if folder.exists() else set()


def _run_of(path: Path) -> str:
    return path.stem.removeprefix("part-")


def rollback(out: Path) -> list[Path]:
    """Delete part files of runs that never committed, temporary files, and old staging folders."""
    out = Path(out)
    done = committed_runs(out)
    removed = []
    for name in PARTITIONED + PER_RUN + ("runs",):
        for path in (out / name).rglob("*"):
            if path.is_file() and (path.name.startswith(".") or (path.suffix == ".parquet" and _run_of(path) not in done)):
                path.unlink()
                removed.append(path)
    if (out / STAGING).exists():
        shutil.rmtree(out / STAGING)
    return removed


def begin_run(out: Path, run_id: str) -> Path:
    """Start a run: clean up after any interrupted one, then open its staging folder."""
    rollback(out)
    folder = stage_dir(out, run_id)
    folder.mkdir(parents=True)
    (Path(out) / STAGING / "PENDING").write_text(run_id)
    return folder


def pending_run(out: Path) -> str:
    marker = Path(out) / STAGING / "PENDING"
    if not marker.exists():
        raise MissingTableError(f"No run in progress under {out}: run `stancewatch ingest INPUT... --out {out}` first (or `stancewatch run`).")
    return marker.read_text().strip()


def read_dataset(out: Path, name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """All committed rows of a table (empty, with the right columns, when there are none)."""
    folder = Path(out) / name
    schema = TABLES[name]
    done = committed_runs(out)
    files = sorted(p for p in folder.rglob("part-*.parquet")) if folder.exists() else []
    if name not in SUMMARIES and name != "runs":
        files = [p for p in files if _run_of(p) in done]
    frames = [pq.read_table(p, schema=schema, columns=columns).to_pandas() for p in files]
    frames = [f for f in frames if len(f)]
    if not frames:
        return to_arrow(name, []).select(columns or schema.names).to_pandas()
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def read_run(out: Path, name: str, run_id: str, columns: list[str] | None = None) -> pd.DataFrame:
    """The rows one run added to a table (its own part files only; cheap however large the dataset)."""
    folder = Path(out) / name
    files = sorted(p for p in folder.rglob(f"part-{run_id}.parquet")) if folder.exists() else []
    frames = [pq.read_table(p, schema=TABLES[name], columns=columns).to_pandas() for p in files]
    if not frames:
        return to_arrow(name, []).select(columns or TABLES[name].names).to_pandas()
    return pd.concat(frames, ignore_index=True)


def doc_dates(documents: pd.DataFrame) -> pd.Series:
    """Partition value (YYYY-MM-DD) per doc_id: publication date, else ingest date."""
    return document_dates(documents).dt.strftime("%Y-%m-%d")


def replace_documents(out: Path, doc_ids: set[str]) -> int:
    """Delete the committed rows of those of ``doc_ids`` the output already holds (they are being processed
    again with another processing key) from every per-document table; returns how many documents that was.

    Crash-safe by order: each file is rewritten atomically, and `documents` goes last, so until then a
    rerun still sees the documents with their old key and redoes this; after it, they are simply new."""
    old = read_dataset(out, "documents", columns=["doc_id", "published", "ingested_at", "run_id"])
    old = old[old["doc_id"].isin(doc_ids)]
    doc_ids = set(old["doc_id"])
    files = {(day, run) for day, run in zip(doc_dates(old).to_numpy(), old["run_id"])}
    for name in [t for t in PARTITIONED if t != "documents"] + ["documents"]:
        for day, run in sorted(files):
            path = Path(out) / name / f"date={day}" / f"part-{run}.parquet"
            if not path.exists():
                continue
            table = pq.read_table(path, schema=TABLES[name])
            keep = table.filter(pc.invert(pc.is_in(table["doc_id"], value_set=pa.array(sorted(doc_ids)))))
            if keep.num_rows == table.num_rows:
                continue
            if keep.num_rows:
                _atomic_write(keep, path)
            else:
                path.unlink()
    return len(doc_ids)


def commit_run(out: Path, run_id: str) -> dict[str, int]:
    """Move a staged run into the datasets, then mark it committed. Returns rows added per table.

    Documents processed again (another processing key) first lose their old rows (``replace_documents``)."""
    out = Path(out)
    staged = stage_dir(out, run_id)
    documents = read_table(staged, "documents")
    date_of = doc_dates(documents)
    added: dict[str, int] = {"replaced_documents": replace_documents(out, set(documents["doc_id"]))}
    failed = staged_failures(staged)
    source_of = dict(zip(documents["doc_id"], documents["source"]))
    failed = failed.assign(source=failed["doc_id"].map(source_of), run_id=run_id)
    failed_ids = set(failed["doc_id"])
    for name in PARTITIONED:
        frame = read_table(staged, name) if (staged / f"{name}.parquet").exists() else None
        if frame is not None and failed_ids:
            frame = frame[~frame["doc_id"].isin(failed_ids)]
        if frame is None or frame.empty:
            added[name] = 0
            if not (out / name).exists():  # the first run wrote no rows: an empty file, so the dataset exists with its schema
                _atomic_write(to_arrow(name, []), out / name / f"part-{run_id}.parquet")
            continue
        for day, part in frame.groupby(frame["doc_id"].map(date_of)):
            _atomic_write(to_arrow(name, part.reset_index(drop=True)), out / name / f"date={day}" / f"part-{run_id}.parquet")
        added[name] = len(frame)
    quarantine = read_table(staged, "quarantine")
    if len(failed):
        quarantine = pd.concat([quarantine, failed], ignore_index=True)
    added["failed_documents"] = len(failed)  # read as documents at ingest, quarantined since
    known = read_dataset(out, "quarantine", columns=["source", "reason", "message"])
    # a document that fails again on a rerun gets a new row only if it fails differently
    seen = set(zip(known["source"], known["reason"], known["message"]))
    fresh = quarantine[[(s, r, m) not in seen or r == "processing_error" for s, r, m in
                        zip(quarantine["source"], quarantine["reason"], quarantine["message"])]]
    if len(fresh) or not (out / "quarantine").exists():  # an empty file on the first run, so the dataset exists
        _atomic_write(to_arrow("quarantine", fresh.reset_index(drop=True)), out / "quarantine" / f"part-{run_id}.parquet")
    added["quarantine"] = len(fresh)
    marker = out / COMMITS / f"{run_id}.json"
    marker.parent.mkdir(parents=True, exist_ok=True)
    tmp = marker.with_name(f".{marker.name}.tmp")
    tmp.write_text(json.dumps({"run_id": run_id, "committed_at": datetime.now(timezone.utc).isoformat(), "rows": added}, indent=2))
    os.replace(tmp, marker)
    shutil.rmtree(out / STAGING, ignore_errors=True)
    return added


def write_summary(out: Path, name: str, rows) -> Path:
    """Replace a summary table as a whole (atomic)."""
    final = Path(out) / name / "part-0.parquet"
    _atomic_write(to_arrow(name, rows), final)
    return final


def write_run(out: Path, row: dict) -> Path:
    final = Path(out) / "runs" / f"part-{row['run_id']}.parquet"
    _atomic_write(to_arrow("runs", [row]), final)
    return final


def table_rows(out: Path, name: str) -> int:
    return len(read_dataset(out, name, columns=[TABLES[name].names[0]]))


__all__ = ["begin_run", "commit_run", "pending_run", "read_dataset", "read_run", "rollback", "stage_dir", "write_summary",
           "write_run", "write_table", "read_table", "doc_dates", "committed_runs", "table_rows"]

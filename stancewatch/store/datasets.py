"""The output folder: Parquet datasets that runs add to, with a commit step so nothing half-done is read.

Layout under ``--out`` (every table is a Parquet dataset, a folder)::

    documents/date=2024-02-27/part-<run_id>.parquet   per-document tables, Hive-partitioned by the
    mentions/…  statements/…  actor_sentiment/…         document's date (publication, else ingest):
    actor_stance/…                                      one file per run and date
    quarantine/part-<run_id>.parquet                   one file per run
    runs/part-<run_id>.parquet
    actor_summary/part-0.parquet                       summaries: recomputed over everything, replaced
    document_summary/part-0.parquet  actor_pairs/part-0.parquet
    portrayal/…  affiliation_summary/…  network_nodes/…  network_edges/…
    _commits/<run_id>.json                             a run's files count once this marker exists
    .staging/<run_id>/documents.parquet                the run in progress (named in .staging/PENDING):
    .staging/<run_id>/quarantine.parquet                 what ingest read and quarantined,
    .staging/<run_id>/chunks/<table>/chunk-NNNNN.parquet the rows of each chunk of documents, per table,
    .staging/<run_id>/chunks/quarantine/<chunk>-<stage>.parquet  and the documents a stage failed on

A run works in ``.staging``; ``commit_run`` writes its rows into the datasets and then writes the
commit marker. The commit streams: it reads the staged chunk files one record batch at a time and
appends each batch's rows to one open file per (table, date), flushing buffered rows as row groups
within a fixed memory budget, so its memory does not grow with the run (no table of the whole run is
ever built). Readers here only read files of committed runs, and ``begin_run`` deletes anything an
interrupted run left behind, so a killed run leaves no rows and the next run starts clean. Every
file is written to a temporary name and renamed into place (stancewatch/store/atomic.py).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from contextlib import ExitStack, contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from stancewatch.errors import StancewatchError
from stancewatch.store.atomic import atomic_path, write_parquet, write_text
from stancewatch.store.dates import partition_dates
from stancewatch.store.schemas import TABLES
from stancewatch.store.tables import MissingTableError, read_files, read_table, to_arrow, write_table

PARTITIONED = ("documents", "mentions", "statements", "actor_sentiment", "actor_stance")
PER_RUN = ("quarantine",)
SUMMARIES = (
    "actor_summary",
    "document_summary",
    "portrayal",
    "actor_pairs",
    "affiliation_summary",
    "network_nodes",
    "network_edges",
)
STAGING = ".staging"
COMMITS = "_commits"

# The commit's memory budget: rows waiting to be written, over all open partition files of a table.
COMMIT_BUFFER_BYTES = 16 << 20
# Partition files open at once while committing a table; a run over more dates takes more passes over its chunks.
COMMIT_OPEN_FILES = 256
# Rows per record batch read from a staged file (a chunk file holds one chunk of documents' rows: far fewer).
SCAN_BATCH_ROWS = 16_384


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


# ---------------------------------------------------------------------------------------------------
# Staging: the run in progress


def stage_dir(out: Path, run_id: str) -> Path:
    return Path(out) / STAGING / run_id


def chunk_file(staged: Path, table: str, chunk: str) -> Path:
    """Where one chunk of a staged table lives while the chunks of a stage run (possibly on other machines)."""
    return Path(staged) / "chunks" / table / f"{chunk}.parquet"


def read_chunk(staged: Path, table: str, chunk: str, columns: list[str] | None = None) -> pd.DataFrame:
    """One chunk of a staged table (``columns`` only): the chunk tasks read their input here, where the stage
    before them wrote it with ``write_chunk``."""
    return read_table(chunk_file(staged, table, chunk).parent, table, file_name=chunk, columns=columns)


def write_chunk(staged: Path, table: str, chunk: str, rows) -> Path:
    """Stage one chunk's rows of a table where ``read_chunk`` and the commit find them (``chunk_file``)."""
    return write_table(chunk_file(staged, table, chunk).parent, table, rows, file_name=chunk)


def split_into_chunks(staged: Path, size: int) -> list[str]:
    """Cut the staged documents into chunk files of ``size`` documents; returns the chunk names in order."""
    existing = sorted(p.stem for p in (Path(staged) / "chunks" / "documents").glob("chunk-*.parquet"))
    if existing:  # planned already (stages run as separate commands share one plan)
        return existing
    docs = read_table(staged, "documents")
    names = []
    for i, start in enumerate(range(0, len(docs), size)):
        name = f"chunk-{i:05d}"
        write_chunk(staged, "documents", name, docs.iloc[start : start + size])
        names.append(name)
    return names


def write_failures(staged: Path, chunk: str, stage: str, failures) -> None:
    """Stage the documents of one chunk that failed in ``stage`` (stancewatch/store/isolation.py); they are
    quarantined, and left out of every table, at commit."""
    if failures:
        rows = [f.quarantine_row(source="", run_id="") for f in failures]  # source and run are filled in at commit
        write_table(chunk_file(staged, "quarantine", chunk).parent, "quarantine", rows, file_name=f"{chunk}-{stage}")


def staged_failures(staged: Path) -> pd.DataFrame:
    """Every document failure staged by this run's chunks (empty when there were none)."""
    return read_files(sorted((Path(staged) / "chunks" / "quarantine").glob("*.parquet")), "quarantine")


def failed_documents(staged: Path, chunk: str) -> set[str]:
    """doc_ids of ``chunk`` that failed in an earlier stage of this run."""
    files = sorted((Path(staged) / "chunks" / "quarantine").glob(f"{chunk}-*.parquet"))
    return set(read_files(files, "quarantine", columns=["doc_id"])["doc_id"])


def staged_files(staged: Path, table: str) -> list[Path]:
    """The files that hold a staged table's rows, in order: its chunk files when a chunked stage wrote it,
    else the table staged whole (``<table>.parquet``, as ingest stages `documents`), else none."""
    chunks = sorted((Path(staged) / "chunks" / table).glob("chunk-*.parquet"))
    whole = Path(staged) / f"{table}.parquet"
    return chunks or ([whole] if whole.exists() else [])


def iter_chunks(
    staged: Path, table: str, chunks: list[str], columns: list[str] | None = None
) -> Iterator[pd.DataFrame]:
    """A stage's output table, one chunk at a time (``columns`` only), in chunk order; for counting over
    a run without holding it."""
    for chunk in chunks:
        yield read_chunk(staged, table, chunk, columns)


def count_chunk_rows(staged: Path, table: str, chunks: list[str]) -> int:
    """Rows of a stage's output table over its chunks (from the files' metadata; nothing is read)."""
    return sum(pq.read_metadata(chunk_file(staged, table, c)).num_rows for c in chunks)


def _batches(files: Iterable[Path], name: str, drop: pa.Array | None = None) -> Iterator[pa.Table]:
    """The rows of ``files`` against the table's schema, in file order, a record batch at a time (``drop``:
    doc_ids whose rows are left out). Files of this schema are read directly (fast for many small
    chunk files); any other goes through pyarrow.dataset, which fills columns it lacks with nulls."""
    schema = TABLES[name]
    for path in files:
        with pq.ParquetFile(path) as reader:
            if reader.schema_arrow.equals(schema, check_metadata=False):
                batches = (
                    pa.Table.from_batches([b], schema=reader.schema_arrow)
                    for b in reader.iter_batches(batch_size=SCAN_BATCH_ROWS)
                )
            else:
                dataset = ds.dataset([str(path)], schema=schema, format="parquet")
                batches = (
                    pa.Table.from_batches([b])
                    for b in dataset.to_batches(batch_size=SCAN_BATCH_ROWS, batch_readahead=1)
                )
            for rows in batches:
                if drop is not None and len(drop):
                    rows = rows.filter(pc.invert(pc.is_in(rows["doc_id"], value_set=drop)))
                yield rows


# ---------------------------------------------------------------------------------------------------
# Runs: begin, roll back, commit


def committed_runs(out: Path) -> set[str]:
    folder = Path(out) / COMMITS
    return {p.stem for p in folder.glob("*.json")} if folder.exists() else set()


def _run_of(path: Path) -> str:
    return Path(path).stem.removeprefix("part-")


def rollback(out: Path) -> list[Path]:
    """Delete part files of runs that never committed, temporary files, and old staging folders."""
    out = Path(out)
    done = committed_runs(out)
    removed = []
    for name in PARTITIONED + PER_RUN + ("runs",):
        for path in (out / name).rglob("*"):
            if path.is_file() and (
                path.name.startswith(".") or (path.suffix == ".parquet" and _run_of(path) not in done)
            ):
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
        raise MissingTableError(
            f"No run in progress under {out}: run `stancewatch ingest INPUT... --out {out}` first "
            "(or `stancewatch run`)."
        )
    return marker.read_text().strip()


def pending_stage(out: Path | str) -> Path:
    """The staging folder of the run in progress under OUT (MissingTableError when there is none): where every
    task after ingest reads and writes that run's rows."""
    return stage_dir(Path(out), pending_run(Path(out)))


class _PartitionWriter:
    """One run's rows of a partitioned table, streamed into one file per date, ``<table>/date=D/part-<run>.parquet``.

    Rows are buffered per date and written as row groups whenever the buffers together pass
    ``COMMIT_BUFFER_BYTES``, so memory stays bounded however large the run. Each file is opened on
    its first rows under a temporary name and renamed into place when the writer closes without error;
    on an error the temporary files are removed (and the run is not committed anyway)."""

    def __init__(self, folder: Path, name: str, run_id: str, stack: ExitStack):
        self.folder, self.run_id, self.stack = folder, run_id, stack
        self.schema = to_arrow(name, []).schema
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.buffers: dict[str, list[pa.Table]] = {}
        self.buffered = 0
        self.rows = 0

    def write(self, day: str, rows: pa.Table) -> None:
        self.buffers.setdefault(day, []).append(rows)
        self.buffered += rows.nbytes
        self.rows += rows.num_rows
        if self.buffered >= COMMIT_BUFFER_BYTES:
            self.flush()

    def flush(self) -> None:
        for day, parts in self.buffers.items():
            if day not in self.writers:
                tmp = self.stack.enter_context(atomic_path(self.folder / f"date={day}" / f"part-{self.run_id}.parquet"))
                self.writers[day] = self.stack.enter_context(pq.ParquetWriter(tmp, self.schema))
            self.writers[day].write_table(pa.concat_tables(parts))
        self.buffers, self.buffered = {}, 0


def _commit_partitioned(
    out: Path, staged: Path, name: str, run_id: str, day_of: pd.Series, failed_ids: set[str]
) -> int:
    """Stream a staged table's rows (its chunk files, in order) into its date partitions; returns rows written.

    ``day_of``: partition date per doc_id of the run. Rows of failed documents are left out, and so are
    rows of a document the run does not hold (none are expected)."""
    files = staged_files(staged, name)
    drop = pa.array(sorted(failed_ids), pa.string())
    days, code_of_doc = np.unique(day_of.to_numpy(dtype=object).astype(str), return_inverse=True)
    doc_index = pd.Index(day_of.index)
    written = 0
    for start in range(0, len(days), COMMIT_OPEN_FILES):  # one pass over the chunks for up to COMMIT_OPEN_FILES dates
        with ExitStack() as stack:
            writer = _PartitionWriter(Path(out) / name, name, run_id, stack)
            for rows in _batches(files, name, drop):
                at = doc_index.get_indexer(rows["doc_id"].to_numpy(zero_copy_only=False))
                code = np.where(at >= 0, code_of_doc[at], -1)  # -1: not a document of this run
                for c in np.unique(code[(code >= start) & (code < start + COMMIT_OPEN_FILES)]):
                    writer.write(days[c], rows.filter(pa.array(code == c)))
            writer.flush()
            written += writer.rows
    if not written and not (Path(out) / name).exists():  # no rows in a first run: an empty file keeps the schema
        write_parquet(Path(out) / name / f"part-{run_id}.parquet", to_arrow(name, []))
    return written


def commit_run(out: Path, run_id: str) -> dict[str, int]:
    """Write a staged run into the datasets, then mark it committed. Returns rows added per table.

    Documents processed again (another processing key) first lose their old rows (``replace_documents``);
    documents that failed in a stage are quarantined and left out of every table."""
    out = Path(out)
    staged = stage_dir(out, run_id)
    documents = read_table(staged, "documents", columns=["doc_id", "source", "published", "ingested_at"])
    day_of = partition_dates(documents)
    added: dict[str, int] = {"replaced_documents": replace_documents(out, set(documents["doc_id"]))}
    failed = staged_failures(staged)
    source_of = dict(zip(documents["doc_id"], documents["source"]))
    failed = failed.assign(source=failed["doc_id"].map(source_of), run_id=run_id)
    failed_ids = set(failed["doc_id"])
    for name in PARTITIONED:
        added[name] = _commit_partitioned(out, staged, name, run_id, day_of, failed_ids)
    quarantine = read_table(staged, "quarantine")
    if len(failed):
        quarantine = pd.concat([quarantine, failed], ignore_index=True)
    added["failed_documents"] = len(failed)  # read as documents at ingest, quarantined since
    known = read_dataset(out, "quarantine", columns=["source", "reason", "message"])
    # a document that fails again on a rerun gets a new row only if it fails differently
    seen = set(zip(known["source"], known["reason"], known["message"]))
    fresh = quarantine[
        [
            (s, r, m) not in seen or r == "processing_error"
            for s, r, m in zip(quarantine["source"], quarantine["reason"], quarantine["message"])
        ]
    ]
    if len(fresh) or not (out / "quarantine").exists():  # an empty file on the first run, so the dataset exists
        write_parquet(
            out / "quarantine" / f"part-{run_id}.parquet", to_arrow("quarantine", fresh.reset_index(drop=True))
        )
    added["quarantine"] = len(fresh)
    marker = {"run_id": run_id, "committed_at": datetime.now(timezone.utc).isoformat(), "rows": added}
    write_text(out / COMMITS / f"{run_id}.json", json.dumps(marker, indent=2))  # last: the run counts from here on
    shutil.rmtree(out / STAGING, ignore_errors=True)
    return added


def replace_documents(out: Path, doc_ids: set[str]) -> int:
    """Delete the committed rows of those of ``doc_ids`` the output already holds (they are being processed
    again with another processing key) from every per-document table; returns how many documents that was.

    Crash-safe by order: each file is rewritten atomically, and `documents` goes last, so until then a
    rerun still sees the documents with their old key and redoes this; after it, they are simply new.
    A file is rewritten streaming, one record batch at a time."""
    old = read_dataset(out, "documents", columns=["doc_id", "published", "ingested_at", "run_id"])
    old = old[old["doc_id"].isin(doc_ids)]
    doc_ids = set(old["doc_id"])
    if not doc_ids:
        return 0
    files = sorted({(day, run) for day, run in zip(partition_dates(old).to_numpy(), old["run_id"])})
    gone_ids = pa.array(sorted(doc_ids), pa.string())
    gone = ds.field("doc_id").isin(gone_ids)
    for name in [t for t in PARTITIONED if t != "documents"] + ["documents"]:
        for day, run in files:
            path = Path(out) / name / f"date={day}" / f"part-{run}.parquet"
            if not path.exists():
                continue
            dataset = ds.dataset([str(path)], schema=TABLES[name], format="parquet")
            n_gone = dataset.count_rows(filter=gone)
            if not n_gone:
                continue
            if n_gone == dataset.count_rows():
                path.unlink()
                continue
            with atomic_path(path) as tmp, pq.ParquetWriter(tmp, to_arrow(name, []).schema) as writer:
                for rows in _batches([path], name, gone_ids):
                    writer.write_table(rows)
    return len(doc_ids)


# ---------------------------------------------------------------------------------------------------
# Reading and writing the datasets


def dataset_files(out: Path, name: str, run_id: str | None = None) -> list[Path]:
    """The files of a dataset that readers read, in path order: for the tables runs add to, only files of
    committed runs (and only ``run_id``'s, if given); temporary files are never listed."""
    folder = Path(out) / name
    if not folder.exists():
        return []
    found = ds.dataset(str(folder), schema=TABLES[name], format="parquet").files  # recursive; skips ".*" and "_*"
    files = sorted(Path(f) for f in found if Path(f).name.startswith("part-") and f.endswith(".parquet"))
    if run_id is not None:
        files = [p for p in files if _run_of(p) == run_id]
    if name in PARTITIONED + PER_RUN:
        done = committed_runs(out)
        files = [p for p in files if _run_of(p) in done]
    return files


def read_dataset(out: Path, name: str, columns: list[str] | None = None, run_id: str | None = None) -> pd.DataFrame:
    """All committed rows of a table (only those ``run_id`` added, if given); empty, with the right
    columns, when there are none."""
    return read_files(dataset_files(out, name, run_id), name, columns)


def read_run(out: Path, name: str, run_id: str, columns: list[str] | None = None) -> pd.DataFrame:
    """The rows one committed run added to a table (its own part files only; cheap however large the dataset)."""
    return read_dataset(out, name, columns, run_id=run_id)


def table_rows(out: Path, name: str) -> int:
    """Committed rows of a table, from the files' metadata."""
    files = dataset_files(out, name)
    return ds.dataset([str(f) for f in files], schema=TABLES[name], format="parquet").count_rows() if files else 0


def write_summary(out: Path, name: str, rows) -> Path:
    """Replace a summary table as a whole (atomic)."""
    return write_parquet(Path(out) / name / "part-0.parquet", to_arrow(name, rows))


def write_run(out: Path, row: dict) -> Path:
    return write_parquet(Path(out) / "runs" / f"part-{row['run_id']}.parquet", to_arrow("runs", [row]))


__all__ = [
    "begin_run",
    "commit_run",
    "pending_run",
    "read_dataset",
    "read_run",
    "rollback",
    "stage_dir",
    "write_summary",
    "write_run",
    "write_table",
    "read_table",
    "committed_runs",
    "table_rows",
    "dataset_files",
    "iter_chunks",
    "count_chunk_rows",
    "staged_files",
]

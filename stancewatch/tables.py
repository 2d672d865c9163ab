"""Read and write the pipeline's Parquet tables, always against the schemas in ``stancewatch.schemas``.

Writes are atomic: a table is written to a temporary file beside its final name and renamed into
place, so a reader never sees half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from stancewatch.errors import StancewatchError
from stancewatch.schemas import SCHEMA_VERSION, TABLES


class MissingTableError(StancewatchError, FileNotFoundError):
    """A stage's input table is not there; the message names the stage to run first."""


PRODUCED_BY = {
    "documents": "ingest", "quarantine": "ingest", "mentions": "actors", "statements": "actors",
    "actor_sentiment": "classify", "actor_stance": "classify", "actor_summary": "aggregate",
    "document_summary": "aggregate", "actor_pairs": "aggregate", "affiliation_summary": "aggregate",
    "network_nodes": "aggregate", "network_edges": "aggregate", "runs": "run",
}


def table_path(out_dir: Path, name: str, file_name: str | None = None) -> Path:
    return Path(out_dir) / f"{file_name or name}.parquet"


def to_arrow(name: str, rows: Iterable[Mapping] | pd.DataFrame) -> pa.Table:
    schema = TABLES[name]
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows), columns=schema.names)
    frame = frame.reindex(columns=schema.names)
    if frame.empty:  # no rows: the schema's own empty table (pandas would guess float columns and fail the casts)
        table = schema.empty_table()
    else:
        table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    return table.replace_schema_metadata({"stancewatch_schema_version": SCHEMA_VERSION, "table": name})


def write_table(out_dir: Path, name: str, rows: Iterable[Mapping] | pd.DataFrame, file_name: str | None = None) -> Path:
    """Write table ``name`` (its schema) to ``out_dir/<file_name or name>.parquet``, atomically."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    table = to_arrow(name, rows)
    final = table_path(out_dir, name, file_name)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, final)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return final


def read_table(out_dir: Path, name: str, file_name: str | None = None) -> pd.DataFrame:
    path = table_path(out_dir, name, file_name)
    if not path.exists():
        raise MissingTableError(
            f"{path} not found: run `stancewatch {PRODUCED_BY[name]}` on this output folder first (or `stancewatch run`)."
        )
    return pq.read_table(path, schema=TABLES[name]).to_pandas()

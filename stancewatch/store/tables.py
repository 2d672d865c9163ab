"""Read and write the pipeline's Parquet tables, always against the schemas in ``stancewatch.store.schemas``.

Writes are atomic (stancewatch/store/atomic.py): a table is written to a temporary file beside its final
name and renamed into place, so a reader never sees half a file. Reads go through ``read_files``
(pyarrow.dataset), which ``stancewatch.store.datasets`` also uses for the datasets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping, Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds

from stancewatch.errors import StancewatchError
from stancewatch.store.atomic import write_parquet
from stancewatch.store.schemas import SCHEMA_VERSION, TABLES


class MissingTableError(StancewatchError, FileNotFoundError):
    """A stage's input table is not there; the message names the stage to run first."""


PRODUCED_BY = {
    "documents": "ingest",
    "quarantine": "ingest",
    "mentions": "actors",
    "statements": "actors",
    "actor_sentiment": "classify",
    "actor_stance": "classify",
    "actor_summary": "aggregate",
    "document_summary": "aggregate",
    "actor_pairs": "aggregate",
    "affiliation_summary": "aggregate",
    "network_nodes": "aggregate",
    "network_edges": "aggregate",
    "runs": "run",
}


def table_path(out_dir: Path, name: str, file_name: str | None = None) -> Path:
    return Path(out_dir) / f"{file_name or name}.parquet"


def to_arrow(name: str, rows: Iterable[Mapping] | pd.DataFrame) -> pa.Table:
    schema = TABLES[name]
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows), columns=schema.names)
    frame = frame.reindex(columns=schema.names)
    for field in schema:  # a nested column missing from the rows comes back as float NaN, which arrow cannot cast
        if pa.types.is_nested(field.type) and frame[field.name].dtype != object:
            frame[field.name] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    if frame.empty:  # no rows: the schema's own empty table (pandas would guess float columns and fail the casts)
        table = schema.empty_table()
    else:
        table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    return table.replace_schema_metadata({"stancewatch_schema_version": SCHEMA_VERSION, "table": name})


def write_table(out_dir: Path, name: str, rows: Iterable[Mapping] | pd.DataFrame, file_name: str | None = None) -> Path:
    """Write table ``name`` (its schema) to ``out_dir/<file_name or name>.parquet``, atomically."""
    return write_parquet(table_path(out_dir, name, file_name), to_arrow(name, rows))


def read_files(files: Sequence[Path], name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """The rows of table ``name`` in ``files``, in file order, read against its schema (a column an older
    file lacks comes back null); empty, with the right columns and types, when there are no files."""
    if not files:
        return to_arrow(name, []).select(columns or TABLES[name].names).to_pandas()
    dataset = ds.dataset([str(f) for f in files], schema=TABLES[name], format="parquet")
    return dataset.to_table(columns=columns).to_pandas()


def read_table(
    out_dir: Path, name: str, file_name: str | None = None, columns: list[str] | None = None
) -> pd.DataFrame:
    """One table file (a staged table or chunk); `MissingTableError`, naming the stage to run, when it is not there."""
    path = table_path(out_dir, name, file_name)
    if not path.exists():
        raise MissingTableError(
            f"{path} not found: run `stancewatch {PRODUCED_BY[name]}` on this output folder first "
            "(or `stancewatch run`)."
        )
    return read_files([path], name, columns)

"""The output store, below every stage: Parquet datasets, staging and commits, schemas, atomic writes.

``schemas`` (the one place that owns the tables' pyarrow schemas), ``tables`` (one table file), ``datasets`` (the
partitioned datasets under OUT, staging, commit, lock), ``atomic`` (write-then-rename), ``snapshot`` (a run's
settings), ``isolation`` (one document's failure stays that document's), ``dates`` (a document's date).
Imports no stage. The readers notebooks use are re-exported here.
"""

from stancewatch.store.datasets import PARTITIONED, committed_runs, output_lock, read_dataset, read_run
from stancewatch.store.tables import MissingTableError, read_table, write_table

__all__ = [
    "PARTITIONED",
    "MissingTableError",
    "committed_runs",
    "output_lock",
    "read_dataset",
    "read_run",
    "read_table",
    "write_table",
]

"""Atomic file writes: the one way stancewatch puts a file in place.

Everything is written to a temporary name beside the final one (a dot file, which dataset readers
skip and ``store.rollback`` removes) and renamed onto it, so a reader sees the old file or the new
one, never half of one. Renames are atomic on one file system.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.parquet as pq


@contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """A fresh temporary path beside ``final``: write it inside the block; it is renamed onto ``final``
    when the block ends, and removed if the block raises."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes(final: Path, data: bytes) -> Path:
    with atomic_path(final) as tmp:
        tmp.write_bytes(data)
    return Path(final)


def write_text(final: Path, text: str, encoding: str = "utf-8") -> Path:
    with atomic_path(final) as tmp:
        tmp.write_text(text, encoding=encoding)
    return Path(final)


def write_parquet(final: Path, table: pa.Table) -> Path:
    with atomic_path(final) as tmp:
        pq.write_table(table, tmp)
    return Path(final)

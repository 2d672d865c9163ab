"""Whether two output folders hold the same results: every table, row for row, run ids and times aside.

    .venv/bin/python scripts/compare_outputs.py OUT_BEFORE OUT_AFTER

For refactors that must not change behaviour: run the sample before and after
(`stancewatch run data/samples/articles --out OUT`) and compare. Rows are sorted by their non-float columns, floats
compared to 1e-6 (batch padding changes the last bits). Prints one line per table and exits 1 on any difference.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from stancewatch.store.datasets import read_dataset  # noqa: E402
from stancewatch.store.schemas import TABLES  # noqa: E402

IGNORED = {
    "run_id",
    "ingested_at",
    "started_at",
    "finished_at",
    "seconds",
    "first_seen",
    "last_seen",
    "date",
    "stage_seconds",
    "processing_key",
    "run_ids",
}


def comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame without run-specific columns, in a canonical row order."""
    frame = frame.drop(columns=[c for c in frame.columns if c in IGNORED or "seconds" in c or c.endswith("_at")])
    frame = frame.map(lambda v: tuple(v) if isinstance(v, (list, np.ndarray)) else v)
    keys = [c for c in frame.columns if not pd.api.types.is_float_dtype(frame[c])]
    return frame.sort_values(keys, kind="stable", na_position="last").reset_index(drop=True) if keys else frame


def differences(a: pd.DataFrame, b: pd.DataFrame) -> str | None:
    """None when equal, else what differs first."""
    a, b = comparable(a), comparable(b)
    if list(a.columns) != list(b.columns):
        return f"columns differ: {sorted(set(a.columns) ^ set(b.columns))}"
    if len(a) != len(b):
        return f"{len(a)} rows against {len(b)}"
    for col in a.columns:
        x, y = a[col], b[col]
        if pd.api.types.is_float_dtype(x):
            bad = ~np.isclose(x.to_numpy(float), y.to_numpy(float), atol=1e-6, equal_nan=True)
        else:
            bad = ~((x == y) | (x.isna() & y.isna())).to_numpy(bool)
        if bad.any():
            i = int(np.argmax(bad))
            return f"{int(bad.sum())} rows differ in {col}, first: {x.iloc[i]!r} against {y.iloc[i]!r}"
    return None


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    before, after = Path(sys.argv[1]), Path(sys.argv[2])
    failed = False
    for name in TABLES:
        if name == "runs":
            continue
        result = differences(read_dataset(before, name), read_dataset(after, name))
        failed |= result is not None
        print(f"{name:22s} {'same' if result is None else result}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

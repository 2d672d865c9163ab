from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from stancewatch.config import load_settings
from stancewatch.ingest import Limits, expand_inputs, ingest
from stancewatch.runtime import progress_bar
from stancewatch.tables import write_table


# NO_CACHE: the same paths can hold new content on the next run; re-reading is cheap.
@task(cache_policy=NO_CACHE)
def read_inputs(inputs: list[str], out: str, run_id: str, settings_path: str | None) -> dict[str, int]:
    """Read every input into `documents` and `quarantine`; returns the accounting counts."""
    settings = load_settings(Path(settings_path) if settings_path else None)
    paths = [Path(p) for p in inputs]
    with progress_bar("ingest", len(expand_inputs(paths))) as advance:
        limits = Limits(settings.min_text_chars, settings.max_text_chars, settings.require_english)
        result = ingest(paths, run_id, limits, progress=advance)
    write_table(Path(out), "documents", result.documents)
    write_table(Path(out), "quarantine", result.quarantine)
    return result.account()
